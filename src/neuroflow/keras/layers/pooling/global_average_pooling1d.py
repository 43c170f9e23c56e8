"""`GlobalAveragePooling1D`: the mean over all spatial positions of a 1-D input.

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> keras.layers.GlobalAveragePooling1D()(tf.ones([1, 6, 3])).shape
TensorShape([1, 3])
"""
from .base_global_pooling import BaseGlobalPooling

__all__ = ["GlobalAveragePooling1D"]


class GlobalAveragePooling1D(BaseGlobalPooling):
    """The mean over every spatial position (masked steps excluded); see `BaseGlobalPooling`."""

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(pool_dimensions=1, pool_mode="average", data_format=data_format, keepdims=keepdims,
                         **kwargs)
