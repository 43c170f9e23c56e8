"""`AveragePooling2D`: the mean of each window of a 2-D input.

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> keras.layers.AveragePooling2D(2)(tf.ones([1, 6, 6, 3])).shape
TensorShape([1, 3, 3, 3])
"""
from .base_pooling import BasePooling

__all__ = ["AveragePooling2D"]


class AveragePooling2D(BasePooling):
    """The mean over each `pool_size` window; see `BasePooling` for the arguments."""

    def __init__(self, pool_size=(2, 2), strides=None, padding="valid", data_format=None, name=None, **kwargs):
        super().__init__(pool_size, strides, pool_dimensions=2, pool_mode="average", padding=padding,
                         data_format=data_format, name=name, **kwargs)
