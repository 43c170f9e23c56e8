"""`model_from_json`: a model (new weights) from the JSON string `model.to_json()` returns.

>>> from neuroflow import keras
>>> model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(2, name="out")])
>>> twin = keras.models.model_from_json(model.to_json())
>>> twin.get_layer("out").units, twin.output_shape
(2, (None, 2))
"""
import json

__all__ = ["model_from_json"]


def model_from_json(json_string, custom_objects=None):
    """The model a `to_json()` string describes; `custom_objects` maps names to your own classes."""
    from ..saving.serialization_lib import deserialize_keras_object
    return deserialize_keras_object(json.loads(json_string), custom_objects=custom_objects)
