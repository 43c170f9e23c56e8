"""`keras.layers.serialize` / `deserialize`: layers as JSON-ready dicts in Keras 3's format, and back.

Both go through `keras.saving`'s `serialize_keras_object` / `deserialize_keras_object`,
so a layer's dict is the one a `.keras` file holds.

>>> from neuroflow import keras
>>> config = keras.layers.serialize(keras.layers.Dense(2, name="out"))
>>> config["class_name"], config["config"]["units"]
('Dense', 2)
>>> keras.layers.deserialize(config).name
'out'
"""
__all__ = ["serialize", "deserialize"]


def serialize(layer):
    """`{"module", "class_name", "config", "registered_name", "build_config"}` describing `layer`."""
    from ..saving.serialization_lib import serialize_keras_object
    return serialize_keras_object(layer)


def deserialize(config, custom_objects=None):
    """The layer a `serialize` dict describes; `custom_objects` maps names to your own layer classes."""
    from ..saving.serialization_lib import deserialize_keras_object
    from .layer import Layer
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(f"Could not deserialize a layer from {config!r}: expected a dict with 'class_name' and "
                         "'config' keys, as keras.layers.serialize returns.")
    layer = deserialize_keras_object(config, custom_objects=custom_objects)
    if not isinstance(layer, Layer):
        raise ValueError("`keras.layers.deserialize` was passed a `config` object that is not a `keras.layers.Layer`. "
                         f"Received: {config}")
    return layer
