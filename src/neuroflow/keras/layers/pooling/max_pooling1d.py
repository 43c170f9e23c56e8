"""`MaxPooling1D`: the maximum of each window of a 1-D input.

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> keras.layers.MaxPooling1D()(tf.ones([1, 6, 3])).shape
TensorShape([1, 3, 3])
"""
from .base_pooling import BasePooling

__all__ = ["MaxPooling1D"]


class MaxPooling1D(BasePooling):
    """The maximum over each `pool_size` window; see `BasePooling` for the arguments."""

    def __init__(self, pool_size=2, strides=None, padding="valid", data_format=None, name=None, **kwargs):
        super().__init__(pool_size, strides, pool_dimensions=1, pool_mode="max", padding=padding,
                         data_format=data_format, name=name, **kwargs)
