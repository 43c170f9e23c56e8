"""`Conv1DTranspose`: the transposed 1-D convolution (an upsampling convolution).

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> keras.layers.Conv1DTranspose(8, 3, strides=2, padding="same")(tf.ones([1, 5, 4])).shape
TensorShape([1, 10, 8])
"""
from .base_conv_transpose import BaseConvTranspose

__all__ = ["Conv1DTranspose"]


class Conv1DTranspose(BaseConvTranspose):
    """The transposed 1-D convolution; see `BaseConvTranspose` for the arguments."""

    def __init__(self, filters, kernel_size, strides=1, padding="valid", output_padding=None, data_format=None,
                 dilation_rate=1, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(1, filters, kernel_size, strides=strides, padding=padding, output_padding=output_padding,
                         data_format=data_format, dilation_rate=dilation_rate, activation=activation,
                         use_bias=use_bias, kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                         kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                         activity_regularizer=activity_regularizer, kernel_constraint=kernel_constraint,
                         bias_constraint=bias_constraint, **kwargs)
