"""`keras.saving`: models and weights to files and back, and the serialization API.

>>> from neuroflow import keras
>>> config = keras.saving.serialize_keras_object(keras.losses.Huber(delta=2.0))
>>> config["class_name"], config["config"]["delta"]
('Huber', 2.0)
>>> keras.saving.deserialize_keras_object(config).get_config()["delta"]
2.0
"""
from .object_registration import (CustomObjectScope, custom_object_scope, get_custom_objects, get_registered_name,
                                  get_registered_object, register_keras_serializable)
from .serialization_lib import deserialize_keras_object, serialize_keras_object
from .saving_api import load_model, load_weights, save_model, save_weights

__all__ = ["CustomObjectScope", "custom_object_scope", "get_custom_objects", "get_registered_name",
           "get_registered_object", "register_keras_serializable", "deserialize_keras_object",
           "serialize_keras_object", "load_model", "load_weights", "save_model", "save_weights"]
