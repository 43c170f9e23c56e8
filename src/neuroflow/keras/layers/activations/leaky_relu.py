"""`LeakyReLU`: `x` for positive inputs, `negative_slope * x` otherwise (Keras 3's default slope: 0.3).

>>> import numpy as np
>>> from neuroflow import keras
>>> keras.layers.LeakyReLU()(np.array([-10.0, 2.0])).numpy()
array([-3.,  2.], dtype=float32)
"""
import warnings

from ... import activations
from ..layer import Layer

__all__ = ["LeakyReLU"]


class LeakyReLU(Layer):
    """Leaky rectified linear unit.

    Args:
        negative_slope: the slope for negative inputs, a float >= 0 (default 0.3).
    """

    def __init__(self, negative_slope=0.3, **kwargs):
        if "alpha" in kwargs:
            negative_slope = kwargs.pop("alpha")
            warnings.warn("Argument `alpha` is deprecated. Use `negative_slope` instead.", UserWarning, stacklevel=2)
        super().__init__(**kwargs)
        if negative_slope is None or negative_slope < 0:
            raise ValueError("The negative_slope value of a Leaky ReLU layer cannot be None or negative value. "
                             f"Expected a float. Received: negative_slope={negative_slope}")
        self.negative_slope = negative_slope
        self.supports_masking = True

    def call(self, inputs):
        return activations.leaky_relu(inputs, negative_slope=self.negative_slope)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "negative_slope": self.negative_slope}
