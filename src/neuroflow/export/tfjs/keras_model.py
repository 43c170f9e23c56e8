"""A Keras model as a TensorFlow.js Layers model folder, and such a folder as a Keras model.

The folder holds `model.json` (`format: "layers-model"`, the `modelTopology` in TF.js'
dialect, the `weightsManifest`) and the weight shards, exactly as
`tensorflowjs_converter --input_format keras` writes them; TF.js loads it with
`tf.loadLayersModel("…/model.json")`. A weight is named `<layer name>/<weight path below
the layer>` (`dense/kernel`, `lstm/lstm_cell/kernel`), the names TF.js matches.
The folder is written beside its target and renamed into place, so a failed export
leaves nothing behind.
"""
import json
import os

from ... import version
from ...io.atomic import atomic_directory
from ...keras.saving.saving_lib import KERAS_VERSION
from ...keras.saving.serialization_lib import SafeModeScope, deserialize_keras_object, serialize_keras_object
from .topology import TFJS_WEIGHT_NAMES, from_tfjs_topology, to_tfjs_topology
from .weights import read_weights, write_weights

__all__ = ["save_keras_model", "load_keras_model", "export_keras_model"]

_JSON_LIMIT = 64 << 20


def _check_exportable(model):
    from ...keras.models.model import Model
    if not isinstance(model, Model):
        raise TypeError(f"TF.js export takes a keras.Model. Received: {type(model).__name__}.")
    from ...keras.models.functional import Functional
    from ...keras.models.sequential import Sequential
    if not isinstance(model, (Functional, Sequential)):
        raise ValueError(f"TF.js export: model '{model.name}' is a subclassed {type(model).__name__}, whose `call` is "
                         "Python that TF.js cannot rebuild. Build it as a Sequential or Functional model to run it "
                         "in TF.js, or export it to ONNX with model.export(path, format='onnx', input_signature=...).")
    if not model.built or (model.layers and not all(layer.built for layer in model.layers)):
        raise ValueError(f"TF.js export: model '{model.name}' is not built, so its weights do not exist yet. "
                         "Give it an input shape (keras.Input(shape=...)) or call it on a batch first.")


def _tfjs_weight_names(model):
    """(TF.js name, variable) for every weight, per top-level layer, each variable once."""
    named, seen = [], set()
    for layer in model.layers:
        renamed = TFJS_WEIGHT_NAMES.get(type(layer).__name__, {})
        for variable in layer.weights:
            if id(variable) in seen:
                continue
            seen.add(id(variable))
            parts = str(variable.path).split("/")
            below = parts[parts.index(layer.name) + 1:] if layer.name in parts else parts[-1:]
            below[-1] = renamed.get(below[-1], below[-1])
            named.append(("/".join([layer.name] + below), variable))
    return named


def save_keras_model(model, artifacts_dir, quantization_dtype=None, shard_size_bytes=4 * 1024 * 1024):
    """Writes `model` as a TF.js Layers model (`model.json` + weight shards) in the folder `artifacts_dir`.

    Args:
        model: a built Keras model (Sequential or Functional) whose layers TF.js has.
        artifacts_dir: the folder to write; replaced atomically if it exists (a file there is an error).
        quantization_dtype: None (float32), "float16", "uint8" or "uint16", as the converter's
            `--quantize_float16` / `--quantize_uint8` / `--quantize_uint16`.
        shard_size_bytes: the largest shard (4 MB, the converter's default).

    Raises:
        ValueError: the model is unbuilt, or has a layer TF.js lacks (named in the message).
    """
    _check_exportable(model)
    config = serialize_keras_object(model)
    topology = {"keras_version": KERAS_VERSION, "backend": "tensorflow",
                "model_config": to_tfjs_topology({"class_name": config["class_name"], "config": config["config"]})}
    named = [(name, variable.numpy()) for name, variable in _tfjs_weight_names(model)]
    with atomic_directory(artifacts_dir) as folder:
        manifest = write_weights(folder, named, quantization_dtype, shard_size_bytes)
        document = {"format": "layers-model", "generatedBy": f"keras v{KERAS_VERSION}",
                    "convertedBy": f"neuroflow {version.NEUROFLOW_VERSION}", "modelTopology": topology,
                    "weightsManifest": manifest}
        with open(os.path.join(folder, "model.json"), "w", encoding="utf-8") as f:
            json.dump(document, f)


def export_keras_model(model, filepath, verbose=True, input_signature=None, quantization_dtype=None, **kwargs):
    """`model.export(filepath, format="tfjs")`: `save_keras_model` with the export API's arguments."""
    if input_signature is not None:
        raise ValueError("TF.js export: `input_signature` does not apply; a Layers model keeps the model's "
                         "own input shapes. Drop the argument.")
    save_keras_model(model, filepath, quantization_dtype=quantization_dtype, **kwargs)
    if verbose:
        print(f"Saved a TF.js Layers model to {filepath} (load it with tf.loadLayersModel('{filepath}/model.json')).")


def _without_cell(name):
    """TF.js' own fallback: `layer/cell/weight` also matches `layer/weight`."""
    tokens = name.split("/")
    return "/".join(tokens[:-2] + tokens[-1:]) if len(tokens) > 2 else name


def load_keras_model(path, custom_objects=None, safe_mode=True):
    """The Keras model in a TF.js Layers model folder (or its `model.json`), with its weights.

    Reads what `tensorflowjs_converter` and TF.js' `model.save(...)` write. Every shard is
    checked (present, right total size) and every weight matched by name and shape before
    the model is returned.
    """
    path = os.fspath(path)
    json_path = os.path.join(path, "model.json") if os.path.isdir(path) else path
    if not os.path.isfile(json_path):
        raise ValueError(f"No TF.js model at {path}: expected a folder holding model.json (or the file itself).")
    if os.path.getsize(json_path) > _JSON_LIMIT:
        raise ValueError(f"{json_path} is larger than {_JSON_LIMIT >> 20} MB; a model.json is a small config.")
    with open(json_path, encoding="utf-8") as f:
        try:
            document = json.load(f)
        except json.JSONDecodeError as error:
            raise ValueError(f"{json_path} is not valid JSON ({error}).") from error
    if document.get("format", "layers-model") != "layers-model":
        raise ValueError(f"{json_path} is a TF.js {document['format']!r}; only 'layers-model' folders load into "
                         "Keras (graph models have no Keras config).")
    folder = os.path.dirname(os.path.abspath(json_path))
    values = read_weights(folder, document.get("weightsManifest", []))
    from ...keras.layers.layer import weights_from_file
    with SafeModeScope(safe_mode), weights_from_file():
        model = deserialize_keras_object(from_tfjs_topology(document["modelTopology"]),
                                         custom_objects=custom_objects, safe_mode=safe_mode)
    targets = dict(_tfjs_weight_names(model))
    short = {_without_cell(name): name for name in targets}
    assignments = []
    for name, value in values.items():
        key = name if name in targets else short.get(_without_cell(name))
        if key is None:
            raise ValueError(f"{json_path}: weight '{name}' matches no weight of the model "
                             f"(the model has {sorted(targets)}).")
        variable = targets.pop(key)
        if tuple(variable.shape) != value.shape:
            raise ValueError(f"{json_path}: weight '{name}' has shape {value.shape}, but the model's {key} "
                             f"expects {tuple(variable.shape)}.")
        assignments.append((variable, value))
    if targets:
        raise ValueError(f"{json_path}: the weights manifest lacks {sorted(targets)}.")
    for variable, value in assignments:
        variable.assign(value.astype(variable.dtype.as_numpy_dtype, copy=False))
    return model
