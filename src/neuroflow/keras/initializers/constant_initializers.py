"""Deterministic initializers: zeros, ones, a constant, the identity matrix.

>>> from neuroflow import keras
>>> keras.initializers.Constant(3.0)(shape=(2,)).numpy()
array([3., 3.], dtype=float32)
>>> keras.initializers.Identity(gain=2.0)(shape=(2, 3)).numpy()
array([[2., 0., 0.],
       [0., 2., 0.]], dtype=float32)
"""
import neuroflow as tf
from ..backend.config import floatx
from .initializer import Initializer

__all__ = ["Zeros", "Ones", "Constant", "Identity"]


class Constant(Initializer):
    """Fills the tensor with `value`."""

    def __init__(self, value=0.0):
        self.value = value

    def __call__(self, shape, dtype=None):
        return tf.fill(list(shape), tf.cast(self.value, dtype or floatx()))

    def get_config(self):
        return {"value": self.value}


class Zeros(Initializer):
    """Fills the tensor with 0."""

    def __call__(self, shape, dtype=None):
        return tf.zeros(list(shape), dtype or floatx())


class Ones(Initializer):
    """Fills the tensor with 1."""

    def __call__(self, shape, dtype=None):
        return tf.ones(list(shape), dtype or floatx())


class Identity(Initializer):
    """`gain` times the identity matrix (2-D shapes only; rectangular shapes get a partial identity)."""

    def __init__(self, gain=1.0):
        self.gain = gain

    def __call__(self, shape, dtype=None):
        if len(shape) != 2:
            raise ValueError("Identity matrix initializer can only be used for 2D matrices. "
                             f"Received: shape={tuple(shape)} of rank {len(shape)}.")
        return self.gain * tf.eye(shape[0], shape[1], dtype=dtype or floatx())

    def get_config(self):
        return {"gain": self.gain}
