"""`BaseConvTranspose`: the transposed convolution behind `Conv1DTranspose`, `Conv2DTranspose`, `Conv3DTranspose`.

It runs a convolution's input gradient forward, so it upsamples: with `strides=2` and
`padding='same'` each spatial size doubles.

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> layer = keras.layers.Conv2DTranspose(8, 3, strides=2, padding="same", name="up")
>>> layer(tf.ones([1, 7, 7, 4])).shape
TensorShape([1, 14, 14, 8])
>>> [(w.path, tuple(w.shape)) for w in layer.weights]
[('up/kernel', (3, 3, 8, 4)), ('up/bias', (8,))]
"""
from ....ops.conv_ops import conv_transpose
from ...ops.conv import conv_transpose_output_size
from ...utils.argument_validation import standardize_tuple
from ... import activations
from ..input_spec import InputSpec
from ..layer import Layer
from ..weight_options import set_weight_options, weight_options_config
from .base_conv import (KERNEL_OPTIONS, bias_and_activation, channels_of, check_positive, output_spec_from_shape,
                        set_window, tf_data_format, window_config)

__all__ = ["BaseConvTranspose"]


class BaseConvTranspose(Layer):
    """A transposed N-D convolution: `activation(conv_transpose(inputs, kernel) + bias)`.

    Args:
        rank, filters, kernel_size, strides, padding, data_format, dilation_rate: as in `BaseConv`.
        output_padding: an int or `rank` ints (each < the stride): extra size added to one side of
            the output, to pick among the sizes that a strided convolution maps to the same input.
    The kernel has shape `kernel_size + (filters, input_channels)`.
    """

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid", output_padding=None, data_format=None,
                 dilation_rate=1, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        check_positive(self.name, "filters", filters)
        self.filters, self.use_bias = filters, use_bias
        set_window(self, rank, kernel_size, strides, dilation_rate, padding, data_format)
        self.output_padding = None if output_padding is None else \
            standardize_tuple(output_padding, rank, "output_padding", allow_zero=True)
        self.activation = activations.get(activation)
        set_weight_options(self, kernel_initializer=kernel_initializer,
                           bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
                           bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
                           bias_constraint=bias_constraint)
        if self.output_padding is not None and any(p >= s for p, s in zip(self.output_padding, self.strides)):
            raise ValueError("`output_padding` must be strictly less than `strides` for all dimensions. "
                             f"Received: output_padding={self.output_padding}, strides={self.strides}")

    def build(self, input_shape):
        axis, channels = channels_of(self, input_shape)
        self.input_spec = InputSpec(min_ndim=self.rank + 2, axes={axis: channels})
        self.kernel = self.add_weight(name="kernel", shape=self.kernel_size + (self.filters, channels),
                                      initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.bias = self.add_weight(name="bias", shape=(self.filters,), initializer=self.bias_initializer,
                                    regularizer=self.bias_regularizer,
                                    constraint=self.bias_constraint) if self.use_bias else None

    def _spatial_output(self, input_shape):
        spatial = input_shape[1:-1] if self.data_format == "channels_last" else input_shape[2:]
        padding = self.output_padding or (None,) * self.rank
        return [conv_transpose_output_size(n, k, s, self.padding, p, d) for n, k, s, p, d in
                zip(spatial, self.kernel_size, self.strides, padding, self.dilation_rate)]

    def call(self, inputs):
        outputs = conv_transpose(inputs, self.kernel, self._spatial_output(tuple(inputs.shape)), strides=self.strides,
                                 padding=self.padding.upper(), data_format=tf_data_format(self.data_format, self.rank),
                                 dilations=self.dilation_rate)
        return bias_and_activation(self, outputs)

    compute_output_spec = output_spec_from_shape

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        spatial = tuple(self._spatial_output(input_shape))
        if self.data_format == "channels_last":
            return (input_shape[0],) + spatial + (self.filters,)
        return (input_shape[0], self.filters) + spatial

    def get_config(self):
        return {**super().get_config(), "filters": self.filters, **window_config(self),
                "output_padding": self.output_padding, "use_bias": self.use_bias,
                "activation": activations.serialize(self.activation),
                **weight_options_config(self, KERNEL_OPTIONS)}
