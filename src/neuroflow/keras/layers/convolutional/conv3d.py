"""`Conv3D`: 3-D convolution over volumes: `(batch, depth, height, width, channels)`.

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> keras.layers.Conv3D(2, 3, activation="relu")(tf.ones([4, 28, 28, 28, 3])).shape
TensorShape([4, 26, 26, 26, 2])
"""
from .base_conv import BaseConv

__all__ = ["Conv3D"]


class Conv3D(BaseConv):
    """3-D convolution over volumes: `(batch, depth, height, width, channels)`.

    See `BaseConv` for the arguments.
    """

    def __init__(self, filters, kernel_size, strides=(1, 1, 1), padding="valid", data_format=None,
                 dilation_rate=(1, 1, 1), groups=1, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, **kwargs):
        super().__init__(3, filters, kernel_size, strides=strides, padding=padding, data_format=data_format,
                         dilation_rate=dilation_rate, groups=groups, activation=activation, use_bias=use_bias,
                         kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                         kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                         activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
                         bias_constraint=bias_constraint, **kwargs)
