"""`Activation`: applies an activation function to its input.

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> keras.layers.Activation("relu")(tf.constant([-1.0, 2.0])).numpy()
array([0., 2.], dtype=float32)
"""
from ... import activations
from ..layer import Layer

__all__ = ["Activation"]


class Activation(Layer):
    """Applies `activation` (a function or its name, e.g. 'relu') elementwise."""

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.activation = activations.get(activation)
        self.supports_masking = True

    def call(self, inputs):
        return self.activation(inputs)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "activation": activations.serialize(self.activation)}
