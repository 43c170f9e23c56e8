"""`AlphaDropout`: dropout for self-normalizing (SELU) networks: keeps the mean and variance of its inputs.

>>> import numpy as np
>>> from neuroflow import keras
>>> x = np.random.default_rng(0).standard_normal(20000).astype("float32")
>>> out = keras.layers.AlphaDropout(0.2, seed=1)(x, training=True).numpy()
>>> bool(abs(out.mean()) < 0.05 and abs(out.std() - 1.0) < 0.05)
True
"""
from ....ops.comparison_ops import greater_equal
from ....ops.math_ops import cast
from ....ops.random_ops import uniform
from ..input_spec import shape_of
from ..layer import Layer

__all__ = ["AlphaDropout"]

_ALPHA_P = -1.6732632423543772848170429916717 * 1.0507009873554804934193349852946  # SELU's negative saturation


class AlphaDropout(Layer):
    """Sets dropped inputs to SELU's saturation value, then rescales so mean and variance are kept.

    Args:
        rate: the fraction of inputs to drop, in [0, 1].
        noise_shape: the shape of the keep/drop mask, broadcast against the inputs.
        seed: a seed for the mask.
    """

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        if not 0 <= rate <= 1:
            raise ValueError("Invalid value received for argument `rate`. Expected a float value between 0 and 1. "
                             f"Received: rate={rate}")
        self.rate, self.noise_shape, self.seed = rate, noise_shape, seed
        self.supports_masking = True

    def call(self, inputs, training=False):
        if not (training and self.rate > 0):
            return inputs
        shape = shape_of(inputs)
        noise_shape = shape if self.noise_shape is None else \
            [d if n is None else n for n, d in zip(self.noise_shape, shape)]
        kept = cast(greater_equal(uniform(noise_shape, seed=self.seed), self.rate), inputs.dtype)
        a = ((1 - self.rate) * (1 + self.rate * _ALPHA_P ** 2)) ** -0.5
        b = -a * _ALPHA_P * self.rate
        return (inputs * kept + _ALPHA_P * (1 - kept)) * a + b

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed, "noise_shape": self.noise_shape}
