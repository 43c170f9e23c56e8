"""`Conv2D`: 2-D convolution over images: `(batch, height, width, channels)` -> `(batch, new_h, new_w, filters)`.

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> keras.layers.Conv2D(2, 3, activation="relu")(tf.ones([4, 28, 28, 3])).shape
TensorShape([4, 26, 26, 2])
"""
from .base_conv import BaseConv

__all__ = ["Conv2D"]


class Conv2D(BaseConv):
    """2-D convolution over images: `(batch, height, width, channels)` -> `(batch, new_h, new_w, filters)`.

    See `BaseConv` for the arguments.
    """

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid", data_format=None, dilation_rate=(1, 1),
                 groups=1, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, **kwargs):
        super().__init__(2, filters, kernel_size, strides=strides, padding=padding, data_format=data_format,
                         dilation_rate=dilation_rate, groups=groups, activation=activation, use_bias=use_bias,
                         kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                         kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                         activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
                         bias_constraint=bias_constraint, **kwargs)
