"""`Dropout`: during training, zeroes a random fraction `rate` of its inputs and scales the rest.

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> layer = keras.layers.Dropout(0.5)
>>> sorted(set(layer(tf.ones([1000]), training=True).numpy().tolist()))
[0.0, 2.0]
>>> layer(tf.ones([3])).numpy()  # inference: unchanged
array([1., 1., 1.], dtype=float32)
"""
from ....ops.nn_ops import dropout
from ..layer import Layer

__all__ = ["Dropout"]


class Dropout(Layer):
    """Randomly sets inputs to 0 with probability `rate` while training; kept inputs are scaled by 1/(1 - rate).

    Args:
        rate: the fraction of inputs to drop, in [0, 1).
        noise_shape: the shape of the keep/drop mask, broadcast against the input
            (e.g. `(batch, 1, features)` drops the same features at every timestep).
        seed: a seed for the random mask.
    """

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not (isinstance(rate, (int, float)) and 0 <= rate <= 1):
            raise ValueError("Invalid value received for argument `rate`. Expected a float value between 0 and 1. "
                             f"Received: rate={rate!r}")
        self.rate, self.noise_shape, self.seed = rate, noise_shape, seed
        self.supports_masking = True

    def call(self, inputs, training=False):
        if training and self.rate > 0:
            return dropout(inputs, rate=self.rate, noise_shape=self.noise_shape, seed=self.seed)
        return inputs

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed, "noise_shape": self.noise_shape}
