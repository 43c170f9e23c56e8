"""`GlobalMaxPooling1D`: the maximum over all spatial positions of a 1-D input.

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> keras.layers.GlobalMaxPooling1D()(tf.ones([1, 6, 3])).shape
TensorShape([1, 3])
"""
from .base_global_pooling import BaseGlobalPooling

__all__ = ["GlobalMaxPooling1D"]


class GlobalMaxPooling1D(BaseGlobalPooling):
    """The maximum over every spatial position; see `BaseGlobalPooling`."""

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(pool_dimensions=1, pool_mode="max", data_format=data_format, keepdims=keepdims,
                         **kwargs)
