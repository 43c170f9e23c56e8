"""`ActivityRegularization`: passes its input through and adds an L1/L2 penalty on it to `losses`.

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> layer = keras.layers.ActivityRegularization(l1=0.5)
>>> layer(tf.constant([[1.0, -3.0]])).numpy(), float(layer.losses[0])
(array([[ 1., -3.]], dtype=float32), 2.0)
"""
from ... import regularizers
from ..layer import Layer

__all__ = ["ActivityRegularization"]


class ActivityRegularization(Layer):
    """Adds `l1 * sum(|x|) + l2 * sum(x²)` of its input to the model's losses; the output is the input."""

    def __init__(self, l1=0.0, l2=0.0, **kwargs):
        super().__init__(activity_regularizer=regularizers.L1L2(l1=l1, l2=l2), **kwargs)
        self.l1, self.l2 = l1, l2
        self.supports_masking = True

    def call(self, inputs):
        return inputs

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        del config["activity_regularizer"]
        return {**config, "l1": self.l1, "l2": self.l2}
