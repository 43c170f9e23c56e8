"""`keras.layers.serialize` / `deserialize`: layers as JSON-ready dicts in Keras 3's format, and back.

>>> from neuroflow import keras
>>> config = keras.layers.serialize(keras.layers.Dense(2, name="out"))
>>> config["class_name"], config["config"]["units"]
('Dense', 2)
>>> keras.layers.deserialize(config).name
'out'
"""
import inspect

__all__ = ["serialize", "deserialize"]

_MODEL_CLASSES = ("Model", "Sequential", "Functional")


def _builtin_classes():
    from .. import layers, models
    classes = {name: getattr(layers, name) for name in layers.__all__
               if inspect.isclass(getattr(layers, name)) and issubclass(getattr(layers, name), layers.Layer)}
    classes.update({name: getattr(models, name) for name in _MODEL_CLASSES})
    return classes


def serialize(layer):
    """`{"module", "class_name", "config", "registered_name", "build_config"}` describing `layer`."""
    cls = type(layer)
    builtin = _builtin_classes().get(cls.__name__) is cls
    module = "keras" if cls.__name__ in _MODEL_CLASSES else "keras.layers"
    config = {"module": module if builtin else cls.__module__, "class_name": cls.__name__,
              "config": layer.get_config(), "registered_name": None if builtin else cls.__name__}
    if layer.built and layer._build_input_shape is not None:
        config["build_config"] = {"input_shape": layer._build_input_shape}
    return config


def deserialize(config, custom_objects=None):
    """The layer a `serialize` dict describes; `custom_objects` maps names to your own layer classes."""
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(f"Could not deserialize a layer from {config!r}: expected a dict with 'class_name' and "
                         "'config' keys, as keras.layers.serialize returns.")
    name = config["class_name"]
    classes = {**_builtin_classes(), **(custom_objects or {})}
    cls = classes.get(config.get("registered_name") or name) or classes.get(name)
    if cls is None:
        raise ValueError(f"Unknown layer: '{name}'. Please ensure you are using a `keras.utils.custom_object_scope` "
                         "and that this object is included in the scope, or pass it in "
                         f"`custom_objects={{'{name}': {name}}}`.")
    inner = dict(config.get("config") or {})
    if "custom_objects" in inspect.signature(cls.from_config).parameters:
        layer = cls.from_config(inner, custom_objects=custom_objects)
    else:
        layer = cls.from_config(inner)
    shape = (config.get("build_config") or {}).get("input_shape")
    if shape is not None and not layer.built:
        layer.build(_as_shape(shape))
    return layer


def _as_shape(shape):
    """JSON turns shape tuples into lists; turn them back (a list of shapes stays a list)."""
    if isinstance(shape, (list, tuple)) and all(d is None or isinstance(d, int) for d in shape):
        return tuple(shape)
    return [_as_shape(s) for s in shape]
