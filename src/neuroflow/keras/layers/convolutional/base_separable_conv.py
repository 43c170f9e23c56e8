"""`BaseSeparableConv`: a depthwise convolution then a 1x1 one, behind `SeparableConv1D` and `SeparableConv2D`.

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> layer = keras.layers.SeparableConv2D(8, 3, name="sep")
>>> layer(tf.ones([1, 5, 5, 4])).shape
TensorShape([1, 3, 3, 8])
>>> [(w.path, tuple(w.shape)) for w in layer.weights]
[('sep/depthwise_kernel', (3, 3, 4, 1)), ('sep/pointwise_kernel', (1, 1, 4, 8)), ('sep/bias', (8,))]
"""
from ....ops.conv_ops import convolution
from ... import activations
from ..input_spec import InputSpec
from ..layer import Layer
from ..weight_options import set_weight_options, weight_options_config
from .base_conv import (bias_and_activation, channels_of, check_positive, conv_output_shape, output_spec_from_shape,
                        set_window, tf_data_format, window_config)
from .base_depthwise_conv import depthwise

__all__ = ["BaseSeparableConv"]


class BaseSeparableConv(Layer):
    """`activation(pointwise(depthwise(inputs)) + bias)`: a cheap factorization of a full convolution.

    Args:
        rank: 1 or 2 spatial dimensions.
        depth_multiplier: depthwise filters per input channel.
        filters: the output channels of the pointwise (1x1) convolution.
        kernel_size, strides, padding, data_format, dilation_rate: of the depthwise step, as in `BaseConv`.
        depthwise_* / pointwise_*: initializer, regularizer and constraint of each kernel.
    """

    def __init__(self, rank, depth_multiplier, filters, kernel_size, strides=1, padding="valid", data_format=None,
                 dilation_rate=1, activation=None, use_bias=True, depthwise_initializer="glorot_uniform",
                 pointwise_initializer="glorot_uniform", bias_initializer="zeros", depthwise_regularizer=None,
                 pointwise_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 depthwise_constraint=None, pointwise_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        check_positive(self.name, "depth_multiplier", depth_multiplier)
        check_positive(self.name, "filters", filters)
        self.depth_multiplier, self.filters, self.use_bias = depth_multiplier, filters, use_bias
        set_window(self, rank, kernel_size, strides, dilation_rate, padding, data_format)
        self.activation = activations.get(activation)
        set_weight_options(self, depthwise_initializer=depthwise_initializer,
                           pointwise_initializer=pointwise_initializer, bias_initializer=bias_initializer,
                           depthwise_regularizer=depthwise_regularizer, pointwise_regularizer=pointwise_regularizer,
                           bias_regularizer=bias_regularizer, depthwise_constraint=depthwise_constraint,
                           pointwise_constraint=pointwise_constraint, bias_constraint=bias_constraint)

    def build(self, input_shape):
        axis, channels = channels_of(self, input_shape)
        self.compute_output_shape(input_shape)
        self.input_spec = InputSpec(min_ndim=self.rank + 2, axes={axis: channels})
        self.depthwise_kernel = self.add_weight(
            name="depthwise_kernel", shape=self.kernel_size + (channels, self.depth_multiplier),
            initializer=self.depthwise_initializer, regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint)
        self.pointwise_kernel = self.add_weight(
            name="pointwise_kernel", shape=(1,) * self.rank + (channels * self.depth_multiplier, self.filters),
            initializer=self.pointwise_initializer, regularizer=self.pointwise_regularizer,
            constraint=self.pointwise_constraint)
        self.bias = self.add_weight(name="bias", shape=(self.filters,), initializer=self.bias_initializer,
                                    regularizer=self.bias_regularizer,
                                    constraint=self.bias_constraint) if self.use_bias else None

    def call(self, inputs):
        outputs = depthwise(inputs, self.depthwise_kernel, self.rank, self.strides, self.padding, self.data_format,
                            self.dilation_rate)
        outputs = convolution(outputs, self.pointwise_kernel, padding="VALID",
                              data_format=tf_data_format(self.data_format, self.rank))
        return bias_and_activation(self, outputs)

    compute_output_spec = output_spec_from_shape

    def compute_output_shape(self, input_shape):
        return conv_output_shape(self, input_shape, self.filters)

    def get_config(self):
        return {**super().get_config(), "depth_multiplier": self.depth_multiplier, "filters": self.filters,
                **window_config(self), "use_bias": self.use_bias, "activation": activations.serialize(self.activation),
                **weight_options_config(self, _OPTIONS)}


_OPTIONS = ("depthwise_initializer", "pointwise_initializer", "bias_initializer",
            "depthwise_regularizer", "pointwise_regularizer", "bias_regularizer", "activity_regularizer",
            "depthwise_constraint", "pointwise_constraint", "bias_constraint")
