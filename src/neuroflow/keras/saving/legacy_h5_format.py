"""Keras' legacy HDF5 formats: whole models (`model.save("m.h5")`) and Keras 2 weight files.

A model file holds the attributes `model_config` (JSON), `keras_version`, `backend` and,
when compiled, `training_config`; the group `model_weights` has one group per layer
(named after the layer, listing its `weight_names`, each a dataset at the variable's
path) and `optimizer_weights` the optimizer's variables. A Keras 2 `save_weights("w.h5")`
file is the `model_weights` group alone, at the root.

Weights load by order, as Keras does: the i-th layer with weights in the file fills the
i-th layer with weights in the model. Every count and shape is checked before any weight
is assigned. Keras 2's functional configs (list-style `inbound_nodes`) are converted.
"""
import json
import os
import warnings

import numpy as np

from ...io.atomic import atomic_path
from .h5_store import checked_array, checked_group
from .load_transaction import install, load_transaction
from .saving_lib import KERAS_VERSION, _h5py, open_h5
from .serialization_lib import SafeModeScope, deserialize_keras_object, serialize_keras_object

__all__ = ["save_model_to_hdf5", "load_model_from_hdf5", "load_weights_from_hdf5"]


# --- writing --------------------------------------------------------------------------------------
def _legacy_layer_entries(config):
    """Keras writes the entries of `layers` lists in the legacy form: no module, registered or build config."""
    if isinstance(config, dict):
        out = {}
        for key, value in config.items():
            if key == "layers" and isinstance(value, list):
                value = [{k: _legacy_layer_entries(v) for k, v in entry.items()
                          if k not in ("module", "registered_name", "build_config", "compile_config")}
                         for entry in value]
            else:
                value = _legacy_layer_entries(value)
            out[key] = value
        return out
    if isinstance(config, list):
        return [_legacy_layer_entries(v) for v in config]
    return config


def _legacy_weights(layer):
    return layer.trainable_weights + layer.non_trainable_weights


def _write_weights(group, named_values):
    group.attrs["weight_names"] = np.array([name.encode("utf8") for name, _ in named_values], dtype=object) \
        if named_values else np.array([], dtype=np.float64)
    for name, value in named_values:
        group.create_dataset(name, data=value)


def save_weights_to_hdf5_group(group, model):
    """Writes `model`'s weights as Keras' legacy `model_weights` group."""
    group.attrs["layer_names"] = np.array([layer.name.encode("utf8") for layer in model.layers], dtype=object)
    group.attrs["backend"] = b"tensorflow"
    group.attrs["keras_version"] = KERAS_VERSION.encode("utf8")
    for layer in sorted(model.layers, key=lambda x: x.name):
        _write_weights(group.create_group(layer.name),
                       [(str(w.path), w.numpy()) for w in _legacy_weights(layer)])
    top = [w for w in model._trainable_weights + model._non_trainable_weights]
    _write_weights(group.create_group("top_level_model_weights"), [(str(w.path), w.numpy()) for w in top])


def save_model_to_hdf5(model, filepath, include_optimizer=True):
    """Writes `model` as a legacy `.h5` model file (atomically)."""
    config = serialize_keras_object(model)
    model_config = _legacy_layer_entries({"class_name": config["class_name"], "config": config["config"]})
    with atomic_path(os.fspath(filepath)) as tmp, _h5py().File(tmp, "w") as f:
        f.attrs["keras_version"] = KERAS_VERSION
        f.attrs["backend"] = "tensorflow"
        f.attrs["model_config"] = json.dumps(model_config).encode("utf8")
        optimizer = getattr(model, "optimizer", None)
        if include_optimizer and optimizer is not None and model.compiled:
            training = dict(model.get_compile_config())
            training.pop("optimizer", None)
            training["optimizer_config"] = {"class_name": type(optimizer).__name__,
                                            "config": optimizer.get_config()}
            f.attrs["training_config"] = json.dumps(training).encode("utf8")
        save_weights_to_hdf5_group(f.create_group("model_weights"), model)
        if include_optimizer and optimizer is not None and optimizer.variables and model.compiled:
            _write_weights(f.create_group("optimizer_weights"),
                           [(f"{optimizer.name}/{v.name.split(':')[0]}", v.numpy()) for v in optimizer.variables])


# --- reading --------------------------------------------------------------------------------------
def _text(value):
    if isinstance(value, bytes):
        return value.decode("utf8")
    if isinstance(value, np.ndarray):
        return [_text(v) for v in value.tolist()]
    return value


def _names(group, attribute):
    """A list attribute, also in the chunked form (`name0`, `name1`, ...) Keras uses for long lists."""
    if attribute in group.attrs:
        return [_text(v) for v in np.atleast_1d(group.attrs[attribute]).tolist()] \
            if np.asarray(group.attrs[attribute]).size else []
    names, chunk = [], 0
    while f"{attribute}{chunk}" in group.attrs:
        names.extend(_text(v) for v in group.attrs[f"{attribute}{chunk}"].tolist())
        chunk += 1
    return names


def _layer_values(group, source):
    names = _names(group, "weight_names")
    return [checked_array(group, name, f"{group.name}/{name}", source) for name in names]


def load_weights_from_hdf5(group, model, source, skip_mismatch=False):
    """Loads a legacy `model_weights` group into `model` by layer order; checks everything first."""
    layers = [layer for layer in model.layers if _legacy_weights(layer)]
    saved = []
    for name in _names(group, "layer_names"):
        if name not in group:
            raise ValueError(f"{source}: the file lists layer '{name}' but has no group for it.")
        layer_group = checked_group(group, name, source)
        if _names(layer_group, "weight_names"):
            saved.append((name, layer_group))
    if len(saved) != len(layers):
        raise ValueError(f"{source}: Layer count mismatch when loading weights from file. Model expected "
                         f"{len(layers)} layers, found {len(saved)} saved layers.")
    assignments = []
    for k, ((name, layer_group), layer) in enumerate(zip(saved, layers)):
        variables, values = _legacy_weights(layer), _layer_values(layer_group, source)
        if len(values) != len(variables):
            raise ValueError(f"{source}: Weight count mismatch for layer #{k} (named {layer.name} in the current "
                             f"model, {name} in the save file). Layer expects {len(variables)} weight(s). "
                             f"Received {len(values)} saved weight(s)")
        for variable, value in zip(variables, values):
            if tuple(variable.shape) != value.shape:
                message = (f"{source}: shape mismatch in layer #{k} (named {layer.name}) for weight "
                           f"{variable.path}. Weight expects shape {tuple(variable.shape)}. Received saved "
                           f"weight with shape {value.shape}")
                if skip_mismatch:
                    warnings.warn(f"Skipping loading weights: {message}", stacklevel=3)
                    continue
                raise ValueError(message)
            assignments.append((variable, value))
    with load_transaction():
        for variable, value in assignments:
            install(variable, value.astype(variable.dtype.as_numpy_dtype, copy=False))


def _upgrade_keras2(config):
    """Keras 2 functional configs list inbound nodes as `[[name, node, tensor, kwargs], ...]`: convert them."""
    if isinstance(config, list):
        return [_upgrade_keras2(v) for v in config]
    if not isinstance(config, dict):
        return config
    out = {key: _upgrade_keras2(value) for key, value in config.items()}
    nodes = out.get("inbound_nodes")
    if isinstance(nodes, list) and nodes and isinstance(nodes[0], list):
        converted = []
        for node in nodes:
            tensors = [{"class_name": "__keras_tensor__",
                        "config": {"shape": None, "dtype": None, "keras_history": list(entry[:3])}}
                       for entry in node]
            kwargs = node[0][3] if len(node[0]) > 3 and isinstance(node[0][3], dict) else {}
            converted.append({"args": [tensors[0] if len(tensors) == 1 else tensors], "kwargs": kwargs})
        out["inbound_nodes"] = converted
    return out


def _upgrade_optimizer(config):
    """Keras 2.11+ names optimizers "Custom>Adam" and records options Keras 3 dropped."""
    if not config:
        return config
    inner = {k: v for k, v in (config.get("config") or {}).items()
             if k not in ("is_legacy_optimizer", "jit_compile") and not (k == "decay" and not v)}
    return {**config, "class_name": config["class_name"].split(">")[-1], "config": inner}


def load_model_from_hdf5(filepath, custom_objects=None, compile=True, safe_mode=True):
    """The model in a legacy `.h5` file (config, weights and, with `compile`, the training setup)."""
    filepath = os.fspath(filepath)
    if not os.path.isfile(filepath):
        raise ValueError(f"File not found: filepath={filepath}.")
    with open_h5(filepath, filepath) as f:
        model_config = _text(f.attrs.get("model_config"))
        if model_config is None:
            raise ValueError(f"No model config found in the file at {filepath}.")
        try:
            model_config = _upgrade_keras2(json.loads(model_config))
        except json.JSONDecodeError as error:
            raise ValueError(f"{filepath}: the `model_config` attribute is not valid JSON ({error}).") from error
        from ..layers.layer import weights_from_file
        with SafeModeScope(safe_mode), weights_from_file():
            model = deserialize_keras_object(model_config, custom_objects=custom_objects, safe_mode=safe_mode)
        if "model_weights" not in f:
            raise ValueError(f"{filepath}: the file has a model config but no `model_weights` group.")
        load_weights_from_hdf5(checked_group(f, "model_weights", filepath), model, filepath)
        training = _text(f.attrs.get("training_config"))
        if not compile or training is None:
            if compile:
                warnings.warn("No training configuration found in the save file, so the model was *not* "
                              "compiled. Compile it manually.", stacklevel=3)
            return model
        training = json.loads(training)
        from .. import optimizers
        optimizer_config = _upgrade_optimizer(training.pop("optimizer_config", None))
        optimizer = optimizers.deserialize(optimizer_config, custom_objects) if optimizer_config else "rmsprop"
        args = {key: deserialize_keras_object(training.get(key), custom_objects=custom_objects)
                for key in ("loss", "metrics", "weighted_metrics", "loss_weights") if training.get(key) is not None}
        for key in ("metrics", "weighted_metrics"):  # Keras 2 nests them per output: [[...]] for one output
            if len(getattr(model, "outputs", [None])) == 1 and isinstance(args.get(key), list) \
                    and len(args[key]) == 1 and isinstance(args[key][0], list):
                args[key] = args[key][0]
        model.compile(optimizer=optimizer, **args)
        if "optimizer_weights" in f:
            group = checked_group(f, "optimizer_weights", filepath)
            values = _layer_values(group, filepath)
            model.optimizer.build(model.trainable_weights)
            variables = model.optimizer.variables
            if len(values) != len(variables) or any(tuple(v.shape) != a.shape for v, a in zip(variables, values)):
                warnings.warn("Error in loading the saved optimizer state. As a result, your model is starting "
                              "with a freshly initialized optimizer.", stacklevel=3)
            else:
                with load_transaction():
                    for variable, value in zip(variables, values):
                        install(variable, value.astype(variable.dtype.as_numpy_dtype, copy=False))
    return model


def load_weights_file(model, filepath, skip_mismatch=False):
    """`model.load_weights` for `.h5`: a Keras 2 weights file, or the weights of a legacy model file."""
    filepath = os.fspath(filepath)
    if not os.path.isfile(filepath):
        raise ValueError(f"File not found: filepath={filepath}.")
    with open_h5(filepath, filepath) as f:
        group = f
        if "layer_names" not in f.attrs and "model_weights" in f:
            group = checked_group(f, "model_weights", filepath)
        if "layer_names" not in group.attrs and "layer_names0" not in group.attrs:
            raise ValueError(f"{filepath} is not a Keras weights file: it has no `layer_names` attribute. Keras 3 "
                             "weight files end in `.weights.h5`.")
        load_weights_from_hdf5(group, model, filepath, skip_mismatch)
