"""`serialize_keras_object` / `deserialize_keras_object`: Keras objects as JSON-ready dicts, and back.

The format is Keras 3's, so configs move between neuroflow and Keras:
`{"module", "class_name", "config", "registered_name"}` (plus `build_config` and
`compile_config` for layers and models). Built-in objects are written under Keras'
public module names (`keras.layers`, `keras.optimizers`, ...); your own classes under
their module and registered name.

Deserializing never imports a module named in a config and never runs code from it:
classes are found among neuroflow's built-in Keras objects, the registered ones and
`custom_objects`. The one exception is Keras' `__lambda__` (Python bytecode, written by
`Lambda` layers): it is refused unless `safe_mode=False`.

>>> from neuroflow import keras
>>> config = keras.saving.serialize_keras_object(keras.layers.Dense(3, name="d"))
>>> config["module"], config["class_name"], config["config"]["units"]
('keras.layers', 'Dense', 3)
>>> keras.saving.deserialize_keras_object(config).name
'd'
"""
import functools
import inspect
import sys
import types

import numpy as np

from .object_registration import CustomObjectScope, active_custom_objects, get_registered_name, GLOBAL_CUSTOM_NAMES

__all__ = ["serialize_keras_object", "deserialize_keras_object", "SafeModeScope", "in_safe_mode",
           "enable_unsafe_deserialization", "ObjectSharingScope"]

_PLAIN = (str, int, float, bool)
_NAMESPACES = ("layers", "models", "losses", "metrics", "optimizers", "optimizers.schedules", "initializers",
               "regularizers", "constraints", "activations")
# Keras writes Functional models under their private module (Functional is not exported).
_MODEL_MODULES = {"Sequential": ("keras", None), "Model": ("keras", None),
                  "Functional": ("keras.src.models.functional", "Functional")}
_DTYPE_POLICIES = ("DTypePolicy", "FloatDTypePolicy")
# Classes Keras 3 writes under one of its private modules (they have no public `keras.*` name): Keras'
# module -> the neuroflow module defining them under the same names (in its `__all__`). Loading imports
# only modules of this table, never one a config names.
_PRIVATE_MODULES = {"keras.src.ops.numpy": "neuroflow.keras.layers.symbolic_ops",
                    "keras.src.applications.convnext": "neuroflow.keras.applications.convnext",
                    "keras.src.applications.inception_resnet_v2": "neuroflow.keras.applications.inception_resnet_v2"}
_KERAS_MODULE_OF = {ours: theirs for theirs, ours in _PRIVATE_MODULES.items()}


class _State:
    safe_mode = None         # set by SafeModeScope; None: the caller's argument decides
    shared = None            # shared_object_id -> object, inside an ObjectSharingScope


class SafeModeScope:
    """Within the scope, nested deserialization uses this `safe_mode`."""

    def __init__(self, safe_mode=True):
        self.safe_mode = safe_mode

    def __enter__(self):
        self._saved, _State.safe_mode = _State.safe_mode, self.safe_mode
        return self

    def __exit__(self, *exc_info):
        _State.safe_mode = self._saved


def in_safe_mode():
    """The safe mode in effect: True, False, or None outside any `SafeModeScope`."""
    return _State.safe_mode


def enable_unsafe_deserialization():
    """Allows loading Python lambdas from files everywhere (`keras.config.enable_unsafe_deserialization`)."""
    _State.safe_mode = False


class ObjectSharingScope:
    """Objects that a config marks with the same `shared_object_id` are created once."""

    def __enter__(self):
        self._saved, _State.shared = _State.shared, {}
        return self

    def __exit__(self, *exc_info):
        _State.shared = self._saved


@functools.lru_cache(maxsize=None)
def _namespace(name):
    """`{public name: object}` for one neuroflow Keras namespace ('layers', 'losses', ...)."""
    import importlib
    module = importlib.import_module("neuroflow.keras." + name)
    catalog = getattr(module, "_catalog", None)
    if catalog is not None:
        return dict(catalog.names)
    if name == "models":
        from ..models import Functional, Model, Sequential
        return {"Model": Model, "Sequential": Sequential, "Functional": Functional}
    from ..layers import Layer
    return {n: getattr(module, n) for n in module.__all__
            if inspect.isclass(getattr(module, n)) and issubclass(getattr(module, n), Layer)}


@functools.lru_cache(maxsize=None)
def _public_names():
    """`{id(object): (module, name)}` for every built-in object, under Keras' module names."""
    found = {}
    for namespace in reversed(_NAMESPACES):  # earlier namespaces win (a model is under keras, not layers)
        for name, obj in _namespace(namespace).items():
            if getattr(obj, "__name__", None) == name:
                found[id(obj)] = ("keras." + namespace, name)
    for name, (module, _) in _MODEL_MODULES.items():
        found[id(_namespace("models")[name])] = (module, name)
    return found


def _builtin(name, module):
    """The built-in object called `name`, preferring the namespace `module` names."""
    module = module or ""
    preferred = [ns for ns in _NAMESPACES if module == "keras." + ns]
    if module == "keras" or "models" in module:
        preferred.append("models")
    for namespace in preferred + [ns for ns in _NAMESPACES if ns not in preferred]:
        obj = _namespace(namespace).get(name)
        if obj is not None:
            return obj
    return None


# --- serialize ------------------------------------------------------------------------------
def serialize_keras_object(obj):
    """A JSON-ready dict describing `obj` (a layer, model, loss, optimizer, ...; plain values pass through).

    Args:
        obj: the object; lists, tuples and dicts are serialized item by item.

    Returns:
        Keras 3's `{"module", "class_name", "config", "registered_name"}` dict (plus
        `build_config`/`compile_config` for layers and models), or the plain value.
    """
    if obj is None or isinstance(obj, _PLAIN):
        return obj
    if isinstance(obj, (list, tuple)):
        items = [serialize_keras_object(x) for x in obj]
        return tuple(items) if isinstance(obj, tuple) else items
    if isinstance(obj, dict):
        return {key: serialize_keras_object(value) for key, value in obj.items()}
    if isinstance(obj, bytes):
        return {"class_name": "__bytes__", "config": {"value": obj.decode("utf-8")}}
    if obj is Ellipsis:
        return {"class_name": "__ellipsis__", "config": {}}
    if isinstance(obj, slice):
        return {"class_name": "__slice__", "config": {"start": serialize_keras_object(obj.start),
                                                      "stop": serialize_keras_object(obj.stop),
                                                      "step": serialize_keras_object(obj.step)}}
    if isinstance(obj, (np.ndarray, np.generic)):
        if isinstance(obj, np.ndarray) and obj.ndim > 0:
            return {"class_name": "__numpy__", "config": {"value": obj.tolist(), "dtype": obj.dtype.name}}
        return obj.item()
    if hasattr(obj, "numpy") and hasattr(obj, "dtype") and not hasattr(obj, "get_config"):
        value = np.asarray(obj.numpy())
        return {"class_name": "__tensor__", "config": {"value": value.tolist(), "dtype": value.dtype.name}}
    if isinstance(obj, types.FunctionType):
        if obj.__name__ == "<lambda>":
            raise ValueError(
                "Cannot serialize a Python lambda outside a `Lambda` layer. Use a named function "
                "decorated with `@keras.saving.register_keras_serializable()`.")
        public = _public_names().get(id(obj))
        if public is not None:
            return {"module": public[0], "class_name": "function", "config": public[1],
                    "registered_name": public[1]}
        name = get_registered_name(obj)
        return {"module": obj.__module__, "class_name": "function", "config": name, "registered_name": name}
    if not hasattr(obj, "get_config"):
        raise TypeError(f"Cannot serialize object {obj!r} of type {type(obj)}. To be serializable, a class must "
                        "implement the `get_config()` method.")
    cls = type(obj)
    config = obj.get_config()
    if not isinstance(config, dict):
        raise TypeError(f"The `get_config()` method of {obj} should return a dict. It returned: {config}")
    public = _public_names().get(id(cls))
    if public is not None and public[1] == cls.__name__:
        module, registered = public[0], _MODEL_MODULES.get(cls.__name__, (None, None))[1]
    elif _private_class(cls.__module__, cls.__name__) is cls:
        module, registered = _KERAS_MODULE_OF[cls.__module__], cls.__name__
    else:
        module = cls.__module__
        registered = GLOBAL_CUSTOM_NAMES.get(id(cls), cls.__name__)
    out = {"module": module, "class_name": cls.__name__,
           "config": serialize_keras_object(config), "registered_name": registered}
    if hasattr(obj, "get_build_config"):
        build_config = obj.get_build_config()
        if build_config is not None:
            out["build_config"] = serialize_keras_object(build_config)
    if hasattr(obj, "get_compile_config"):
        compile_config = obj.get_compile_config()
        if compile_config is not None:
            out["compile_config"] = serialize_keras_object(compile_config)
    return out


# --- deserialize ----------------------------------------------------------------------------
def _unknown(kind, name, config):
    return TypeError(
        f"Could not locate {kind} '{name}'. Make sure custom classes and functions are decorated with "
        "`@keras.saving.register_keras_serializable()`, or pass them in "
        f"`custom_objects={{'{name}': {name}}}` (or open a `keras.saving.custom_object_scope`). "
        f"Full object config: {config}")


# neuroflow's pure tensor-op modules: a config may name their functions (e.g. `Lambda(tf.square)`).
_OP_MODULES = frozenset("neuroflow.ops." + m for m in (
    "array_ops", "comparison_ops", "contraction_ops", "creation_ops", "indexing_ops", "linalg_ops", "math_ops",
    "nn_ops", "reduction_ops", "scan_ops", "sort_ops", "unary_ops"))


def _private_class(module, name):
    """The class `name` of a module in `_PRIVATE_MODULES` (named by Keras' or neuroflow's module name), else None."""
    ours = _PRIVATE_MODULES.get(module, module if module in _KERAS_MODULE_OF else None)
    if ours is None:
        return None
    import importlib
    found = importlib.import_module(ours)
    return getattr(found, name, None) if name in found.__all__ else None


def _retrieve(name, registered_name, module, kind, config, custom_objects):
    objects = active_custom_objects(custom_objects)
    for key in (registered_name, name):
        if key is not None and key in objects:
            return objects[key]
    if kind == "class":
        private = _private_class(module, name)
        if private is not None:
            return private
    if module is None or module == "keras" or module.startswith("keras.") or module == "builtins":
        found = _builtin(name, module)
        if found is not None:
            return found
    if kind == "function" and module in _OP_MODULES and module in sys.modules:  # never imports
        found = getattr(sys.modules[module], name, None)
        if isinstance(found, types.FunctionType) and found.__module__ == module:
            return found
    raise _unknown(kind, name, config)


def deserialize_keras_object(config, custom_objects=None, safe_mode=True, **kwargs):
    """The object a config from `serialize_keras_object` describes.

    Args:
        config: the config (dict, name, or list of them).
        custom_objects: a dict name -> your class or function.
        safe_mode: refuse Python lambdas (bytecode) in the config (default). Set it to
            False only for files you trust.

    Returns:
        The object; classes are instantiated with `from_config`.
    """
    scoped = in_safe_mode()
    safe_mode = scoped if scoped is not None else safe_mode
    module_objects = kwargs.pop("module_objects", None)
    if kwargs:
        raise ValueError(f"Unrecognized keyword arguments: {kwargs}")
    if config is None or isinstance(config, (int, float, bool)):
        return config
    if isinstance(config, str):
        objects = active_custom_objects(custom_objects)
        if config in objects:
            return objects[config]
        if module_objects is not None and config in module_objects:
            return module_objects[config]
        return config
    if isinstance(config, (list, tuple)):
        return [deserialize_keras_object(x, custom_objects, safe_mode) for x in config]
    if not isinstance(config, dict):
        raise TypeError(f"Could not parse config: {config!r}")
    if "class_name" not in config or "config" not in config:
        return {key: deserialize_keras_object(value, custom_objects, safe_mode) for key, value in config.items()}
    class_name, inner = config["class_name"], config["config"] if config["config"] is not None else {}
    special = _special(class_name, inner, safe_mode)
    if special is not _NOT_SPECIAL:
        return special
    if class_name in _DTYPE_POLICIES:
        return inner.get("name", "float32")
    module, registered_name = config.get("module"), config.get("registered_name") or class_name
    if class_name == "function":
        if not isinstance(inner, str):
            raise TypeError(f"Expected 'config' to be a non-null str for a function classname, instead got "
                            f"{type(inner)}\nFull config: {config}")
        return _retrieve(inner, registered_name, module, "function", config, custom_objects)
    if not isinstance(inner, dict):
        raise TypeError(f"Expected 'config' to be a dict for {class_name},\ninstead got {type(inner)}\n"
                        f"Full config: {config}")
    shared_id = config.get("shared_object_id")
    if shared_id is not None and _State.shared is not None and shared_id in _State.shared:
        return _State.shared[shared_id]
    cls = module_objects.get(class_name) if module_objects else None
    if cls is None:
        cls = _retrieve(class_name, registered_name, module, "class", config, custom_objects)
    if isinstance(cls, types.FunctionType):
        return cls
    if not hasattr(cls, "from_config"):
        raise TypeError(f"Unable to reconstruct an instance of '{class_name}' because the class is missing a "
                        f"`from_config()` method. Full object config: {config}")
    with CustomObjectScope(custom_objects), SafeModeScope(safe_mode):
        instance = _from_config(cls, dict(inner), custom_objects, config)
        build_config = config.get("build_config")
        if build_config and not getattr(instance, "built", True) and hasattr(instance, "build_from_config"):
            instance.build_from_config(build_config)
        compile_config = config.get("compile_config")
        if compile_config and hasattr(instance, "compile_from_config"):
            instance.compile_from_config(compile_config)
    if shared_id is not None and _State.shared is not None:
        _State.shared[shared_id] = instance
    return instance


def _from_config(cls, inner, custom_objects, config):
    try:
        if "custom_objects" in inspect.signature(cls.from_config).parameters:
            return cls.from_config(inner, custom_objects=custom_objects)
        return cls.from_config(inner)
    except TypeError as error:
        raise TypeError(f"{cls} could not be deserialized properly. Please ensure that components that are "
                        "Python object instances (layers, models, etc.) returned by `get_config()` are "
                        "explicitly deserialized in the model's `from_config()` method."
                        f"\n\nconfig={config}.\n\nException encountered: {error}") from error


_NOT_SPECIAL = object()
LAMBDA_REFUSED = (
    "Requested the deserialization of a Python lambda. This carries a potential risk of arbitrary code "
    "execution and thus it is disallowed by default. If you trust the source of the artifact, you can "
    "override this error by passing `safe_mode=False` to the loading function, or calling "
    "`keras.config.enable_unsafe_deserialization()`.")


def _special(class_name, inner, safe_mode):
    """Keras' encodings of values JSON lacks (`__numpy__`, `__bytes__`, ...); `_NOT_SPECIAL` otherwise."""
    if class_name == "__numpy__":
        return np.array(inner["value"], dtype=inner["dtype"])
    if class_name == "__tensor__":
        from ...framework.convert import convert_to_tensor
        return convert_to_tensor(np.array(inner["value"], dtype=inner["dtype"]))
    if class_name == "__bytes__":
        return inner["value"].encode("utf-8")
    if class_name == "__ellipsis__":
        return Ellipsis
    if class_name == "__slice__":
        return slice(inner.get("start"), inner.get("stop"), inner.get("step"))
    if class_name == "__lambda__":
        if safe_mode is not False:
            raise ValueError(LAMBDA_REFUSED)
        from .python_function import load_function
        return load_function(inner["value"])
    if class_name == "__typespec__":
        raise TypeError("Cannot deserialize a TensorFlow TypeSpec (`__typespec__`) config: neuroflow has no "
                        "TypeSpec objects.")
    return _NOT_SPECIAL
