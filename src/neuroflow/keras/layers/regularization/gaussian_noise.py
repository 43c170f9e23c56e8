"""`GaussianNoise`: during training, adds zero-mean Gaussian noise to its inputs (a regularizer).

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> layer = keras.layers.GaussianNoise(0.1)
>>> layer(tf.ones([2])).numpy()  # inference: unchanged
array([1., 1.], dtype=float32)
>>> float(tf.math.reduce_std(layer(tf.zeros([10000]), training=True))) > 0.09
True
"""
from ....ops.random_ops import normal
from ..input_spec import shape_of
from ..layer import Layer

__all__ = ["GaussianNoise"]


class GaussianNoise(Layer):
    """Adds noise drawn from N(0, stddev²) to the inputs while training.

    Args:
        stddev: the standard deviation of the noise.
        seed: a seed for the noise.
    """

    def __init__(self, stddev, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not 0 <= stddev <= 1:
            raise ValueError("Invalid value received for argument `stddev`. Expected a float value between 0 and 1. "
                             f"Received: stddev={stddev}")
        self.stddev, self.seed = stddev, seed
        self.supports_masking = True

    def call(self, inputs, training=False):
        if training and self.stddev > 0:
            return inputs + normal(shape_of(inputs), stddev=self.stddev, dtype=inputs.dtype, seed=self.seed)
        return inputs

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "stddev": self.stddev, "seed": self.seed}
