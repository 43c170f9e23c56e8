"""`keras.config`: read and change Keras' global settings.

>>> from neuroflow import keras
>>> keras.config.floatx(), keras.config.epsilon()
('float32', 1e-07)
"""
from ..backend.config import *  # noqa: F401,F403
from ..saving.serialization_lib import enable_unsafe_deserialization  # noqa: F401
