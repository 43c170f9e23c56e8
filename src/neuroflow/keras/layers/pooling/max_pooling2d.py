"""`MaxPooling2D`: the maximum of each window of a 2-D input.

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> keras.layers.MaxPooling2D()(tf.ones([1, 6, 6, 3])).shape
TensorShape([1, 3, 3, 3])
"""
from .base_pooling import BasePooling

__all__ = ["MaxPooling2D"]


class MaxPooling2D(BasePooling):
    """The maximum over each `pool_size` window; see `BasePooling` for the arguments."""

    def __init__(self, pool_size=(2, 2), strides=None, padding="valid", data_format=None, name=None, **kwargs):
        super().__init__(pool_size, strides, pool_dimensions=2, pool_mode="max", padding=padding,
                         data_format=data_format, name=name, **kwargs)
