"""`GaussianDropout`: multiplies inputs by noise drawn from N(1, rate / (1 - rate)) while training.

>>> import numpy as np
>>> from neuroflow import keras
>>> layer = keras.layers.GaussianDropout(0.5, seed=1)
>>> layer(np.ones((2,))).numpy()   # inference: unchanged
array([1., 1.], dtype=float32)
>>> bool(abs(float(layer(np.ones((10000,)), training=True).numpy().std()) - 1.0) < 0.05)
True
"""
import math

from ....ops.random_ops import normal
from ..input_spec import shape_of
from ..layer import Layer

__all__ = ["GaussianDropout"]


class GaussianDropout(Layer):
    """Multiplicative Gaussian noise with mean 1 and standard deviation `sqrt(rate / (1 - rate))`.

    Args:
        rate: the drop probability the noise mimics, in [0, 1).
        seed: a seed for the noise.
    """

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not 0 <= rate <= 1:
            raise ValueError("Invalid value received for argument `rate`. Expected a float value between 0 and 1. "
                             f"Received: rate={rate}")
        self.rate, self.seed = rate, seed
        self.supports_masking = True

    def call(self, inputs, training=False):
        if training and self.rate > 0:
            stddev = math.sqrt(self.rate / (1.0 - self.rate))
            return inputs * normal(shape_of(inputs), mean=1.0, stddev=stddev, dtype=inputs.dtype, seed=self.seed)
        return inputs

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}
