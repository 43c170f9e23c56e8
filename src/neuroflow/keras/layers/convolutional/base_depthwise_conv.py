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
from ... import activations, constraints, initializers, regularizers
from ...utils.argument_validation import standardize_data_format, standardize_padding, standardize_tuple
from ..input_spec import InputSpec
from ..layer import Layer
from .base_conv import add_bias, check_positive, conv_output_shape, tf_data_format

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
        self.rank = rank
        check_positive(self.name, "depth_multiplier", depth_multiplier)
        self.depth_multiplier = depth_multiplier
        self.kernel_size = standardize_tuple(kernel_size, rank, "kernel_size")
        self.strides = standardize_tuple(strides, rank, "strides")
        self.dilation_rate = standardize_tuple(dilation_rate, rank, "dilation_rate")
        self.padding = standardize_padding(padding)
        self.data_format = standardize_data_format(data_format)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.depthwise_constraint = constraints.get(depthwise_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(min_ndim=rank + 2)

    def _channels(self, input_shape):
        return input_shape[-1] if self.data_format == "channels_last" else input_shape[1]

    def build(self, input_shape):
        channels = self._channels(input_shape)
        self.compute_output_shape(input_shape)
        self.input_spec = InputSpec(min_ndim=self.rank + 2, axes={-1 if self.data_format == "channels_last" else 1:
                                                                  channels})
        self.kernel = self.add_weight(name="kernel", shape=self.kernel_size + (channels, self.depth_multiplier),
                                      initializer=self.depthwise_initializer, regularizer=self.depthwise_regularizer,
                                      constraint=self.depthwise_constraint)
        self.bias = self.add_weight(name="bias", shape=(channels * self.depth_multiplier,),
                                    initializer=self.bias_initializer, regularizer=self.bias_regularizer,
                                    constraint=self.bias_constraint) if self.use_bias else None

    def call(self, inputs):
        outputs = depthwise(inputs, self.kernel, self.rank, self.strides, self.padding, self.data_format,
                            self.dilation_rate)
        if self.bias is not None:
            outputs = add_bias(outputs, self.bias, self.data_format, self.rank)
        return self.activation(outputs)

    def compute_output_shape(self, input_shape):
        return conv_output_shape(self.name, input_shape, self._channels(input_shape) * self.depth_multiplier,
                                 self.kernel_size, self.strides, self.padding, self.data_format, self.dilation_rate)

    def get_config(self):
        return {**super().get_config(), "depth_multiplier": self.depth_multiplier, "kernel_size": self.kernel_size,
                "strides": self.strides, "padding": self.padding, "data_format": self.data_format,
                "dilation_rate": self.dilation_rate, "activation": activations.serialize(self.activation),
                "use_bias": self.use_bias, "depthwise_initializer": initializers.serialize(self.depthwise_initializer),
                "bias_initializer": initializers.serialize(self.bias_initializer),
                "depthwise_regularizer": regularizers.serialize(self.depthwise_regularizer),
                "bias_regularizer": regularizers.serialize(self.bias_regularizer),
                "activity_regularizer": regularizers.serialize(self.activity_regularizer),
                "depthwise_constraint": constraints.serialize(self.depthwise_constraint),
                "bias_constraint": constraints.serialize(self.bias_constraint)}
