"""`GlobalAveragePooling2D`: the mean over all spatial positions of a 2-D input.

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> keras.layers.GlobalAveragePooling2D()(tf.ones([1, 6, 6, 3])).shape
TensorShape([1, 3])
"""
from .base_global_pooling import BaseGlobalPooling

__all__ = ["GlobalAveragePooling2D"]


class GlobalAveragePooling2D(BaseGlobalPooling):
    """The mean over every spatial position; see `BaseGlobalPooling`."""

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(pool_dimensions=2, pool_mode="average", data_format=data_format, keepdims=keepdims,
                         **kwargs)
