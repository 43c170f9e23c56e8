"""`AveragePooling1D`: the mean of each window of a 1-D input.

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> keras.layers.AveragePooling1D(2)(tf.ones([1, 6, 3])).shape
TensorShape([1, 3, 3])
"""
from .base_pooling import BasePooling

__all__ = ["AveragePooling1D"]


class AveragePooling1D(BasePooling):
    """The mean over each `pool_size` window; see `BasePooling` for the arguments."""

    def __init__(self, pool_size, strides=None, padding="valid", data_format=None, name=None, **kwargs):
        super().__init__(pool_size, strides, pool_dimensions=1, pool_mode="average", padding=padding,
                         data_format=data_format, name=name, **kwargs)
