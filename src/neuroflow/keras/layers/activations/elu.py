"""`ELU`: the exponential linear unit as a layer.

>>> import numpy as np
>>> from neuroflow import keras
>>> keras.layers.ELU(alpha=2.0)(np.array([-1.0, 3.0])).numpy()
array([-1.2642411,  3.       ], dtype=float32)
"""
from ... import activations
from ..layer import Layer

__all__ = ["ELU"]


class ELU(Layer):
    """`x` for positive inputs, `alpha * (exp(x) - 1)` otherwise.

    Args:
        alpha: the scale of the negative part (default 1.0).
    """

    def __init__(self, alpha=1.0, **kwargs):
        super().__init__(**kwargs)
        self.alpha = alpha
        self.supports_masking = True

    def call(self, inputs):
        return activations.elu(inputs, alpha=self.alpha)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "alpha": self.alpha}
