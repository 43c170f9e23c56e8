"""`Identity`: returns its input unchanged (a placeholder layer).

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> keras.layers.Identity()(tf.constant([1.0, 2.0])).numpy()
array([1., 2.], dtype=float32)
"""
from ..layer import Layer

__all__ = ["Identity"]


class Identity(Layer):
    """A layer whose output is its input."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def call(self, inputs):
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape
