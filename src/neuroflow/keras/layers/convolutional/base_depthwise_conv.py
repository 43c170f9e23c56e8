"""`BaseDepthwiseConv`: per-channel convolution behind `DepthwiseConv1D` and `DepthwiseConv2D`.

Each input channel is convolved with its own `depth_multiplier` filters; channels never mix.

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> layer = keras.layers.DepthwiseConv2D(3, depth_multiplier=2, name="dw")
>>> layer(tf.ones([1, 5, 5, 4])).shape
TensorShape([1, 3, 3, 8])
>>> [(w.path, tuple(w.shape)) for w in layer.weights]
[('dw/kernel', (3, 3, 4, 2)), ('dw/bias', (8,))]
"""
from ....ops.array_ops import expand_dims, squeeze
from ....ops.conv_ops import depthwise_conv2d
from ... import activations
from ..input_spec import InputSpec
from ..layer import Layer
from ..weight_options import set_weight_options, weight_options_config
from .base_conv import (bias_and_activation, channels_of, check_positive, conv_output_shape, output_spec_from_shape,
                        set_window, tf_data_format, window_config)

__all__ = ["BaseDepthwiseConv", "depthwise"]


def depthwise(inputs, kernel, rank, strides, padding, data_format, dilation_rate):
    """A 1-D or 2-D depthwise convolution (1-D runs as 2-D over a height of 1)."""
    layout = tf_data_format(data_format, 2)
    if rank == 2:
        return depthwise_conv2d(inputs, kernel, strides, padding.upper(), layout, dilation_rate)
    axis = 1 if data_format == "channels_last" else 2
    outputs = depthwise_conv2d(expand_dims(inputs, axis), expand_dims(kernel, 0), (1,) + strides,
                               padding.upper(), layout, (1,) + dilation_rate)
    return squeeze(outputs, axis)


class BaseDepthwiseConv(Layer):
    """A depthwise convolution: `activation(depthwise(inputs, kernel) + bias)`.

    Args:
        rank: 1 or 2 spatial dimensions.
        depth_multiplier: filters per input channel; the output has `channels * depth_multiplier` channels.
        kernel_size, strides, padding, data_format, dilation_rate: as in `BaseConv`.
        depthwise_initializer, depthwise_regularizer, depthwise_constraint: for the kernel,
            of shape `kernel_size + (channels, depth_multiplier)`.
    """

    def __init__(self, rank, depth_multiplier, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, activation=None, use_bias=True, depthwise_initializer="glorot_uniform",
                 bias_initializer="zeros", depthwise_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, depthwise_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        check_positive(self.name, "depth_multiplier", depth_multiplier)
        self.depth_multiplier, self.use_bias = depth_multiplier, use_bias
        set_window(self, rank, kernel_size, strides, dilation_rate, padding, data_format)
        self.activation = activations.get(activation)
        set_weight_options(self, depthwise_initializer=depthwise_initializer,
                           bias_initializer=bias_initializer, depthwise_regularizer=depthwise_regularizer,
                           bias_regularizer=bias_regularizer, depthwise_constraint=depthwise_constraint,
                           bias_constraint=bias_constraint)

    def build(self, input_shape):
        axis, channels = channels_of(self, input_shape)
        self.compute_output_shape(input_shape)
        self.input_spec = InputSpec(min_ndim=self.rank + 2, axes={axis: channels})
        self.kernel = self.add_weight(name="kernel", shape=self.kernel_size + (channels, self.depth_multiplier),
                                      initializer=self.depthwise_initializer, regularizer=self.depthwise_regularizer,
                                      constraint=self.depthwise_constraint)
        self.bias = self.add_weight(name="bias", shape=(channels * self.depth_multiplier,),
                                    initializer=self.bias_initializer, regularizer=self.bias_regularizer,
                                    constraint=self.bias_constraint) if self.use_bias else None

    def call(self, inputs):
        outputs = depthwise(inputs, self.kernel, self.rank, self.strides, self.padding, self.data_format,
                            self.dilation_rate)
        return bias_and_activation(self, outputs)

    compute_output_spec = output_spec_from_shape

    def compute_output_shape(self, input_shape):
        return conv_output_shape(self, input_shape, channels_of(self, input_shape)[1] * self.depth_multiplier)

    def get_config(self):
        return {**super().get_config(), "depth_multiplier": self.depth_multiplier, **window_config(self),
                "use_bias": self.use_bias, "activation": activations.serialize(self.activation),
                **weight_options_config(self, _OPTIONS)}


_OPTIONS = ("depthwise_initializer", "bias_initializer", "depthwise_regularizer", "bias_regularizer",
            "activity_regularizer", "depthwise_constraint", "bias_constraint")
