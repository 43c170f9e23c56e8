"""`Masking`: marks time steps whose features all equal `mask_value` as padding for later layers.

>>> import numpy as np
>>> from neuroflow import keras
>>> x = np.array([[[1.0], [0.0], [2.0]]], "float32")
>>> layer = keras.layers.Masking(mask_value=0.0)
>>> y = layer(x)
>>> y._keras_mask.numpy(), y.numpy()[0, :, 0]
(array([[ True, False,  True]]), array([1., 0., 2.], dtype=float32))
"""
from ....ops.comparison_ops import not_equal
from ....ops.math_ops import cast
from ....ops.reduction_ops import reduce_any
from ..layer import Layer

__all__ = ["Masking"]


class Masking(Layer):
    """Masks a step (an index of axis 1) where every feature equals `mask_value`; zeroes those steps.

    The mask (`(batch, timesteps)` booleans, True = keep) flows to the layers that follow:
    recurrent layers skip masked steps and losses ignore them.

    Args:
        mask_value: the padding value (default 0.0).
    """

    def __init__(self, mask_value=0.0, **kwargs):
        super().__init__(**kwargs)
        self.mask_value = mask_value
        self.supports_masking = True

    def compute_mask(self, inputs, mask=None):
        return reduce_any(not_equal(inputs, self.mask_value), axis=-1)

    def call(self, inputs):
        keep = reduce_any(not_equal(inputs, self.mask_value), axis=-1, keepdims=True)
        return inputs * cast(keep, inputs.dtype)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "mask_value": self.mask_value}
