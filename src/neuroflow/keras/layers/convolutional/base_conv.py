"""`BaseConv`: the N-D convolution layer behind `Conv1D`, `Conv2D` and `Conv3D`.

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> layer = keras.layers.Conv2D(4, 3, strides=2, padding="same", name="conv")
>>> layer(tf.ones([1, 9, 9, 3])).shape
TensorShape([1, 5, 5, 4])
>>> [(w.path, tuple(w.shape)) for w in layer.weights]
[('conv/kernel', (3, 3, 3, 4)), ('conv/bias', (4,))]
"""
from ....ops.array_ops import reshape
from ....ops.conv_ops import convolution
from ... import activations, constraints, initializers, regularizers
from ...utils.argument_validation import standardize_data_format, standardize_padding, standardize_tuple
from ..input_spec import InputSpec
from ..layer import Layer

__all__ = ["BaseConv", "conv_output_shape", "tf_data_format", "tf_padding", "add_bias"]


def tf_data_format(data_format, rank):
    """TensorFlow's layout name ('NHWC', 'NCW', ...) for a Keras `data_format` and spatial rank."""
    spatial = ("W", "HW", "DHW")[rank - 1]
    return f"NC{spatial}" if data_format == "channels_first" else f"N{spatial}C"


def tf_padding(padding, kernel_size, dilation_rate):
    """'SAME'/'VALID', or explicit pairs for 'causal' (everything before, so no output sees the future)."""
    if padding == "causal":
        return [[0, 0], [(kernel_size[0] - 1) * dilation_rate[0], 0], [0, 0]]
    return padding.upper()


def add_bias(outputs, bias, data_format, rank):
    if data_format == "channels_last":
        return outputs + bias
    return outputs + reshape(bias, (1, -1) + (1,) * rank)


def conv_output_shape(layer_name, input_shape, filters, kernel_size, strides, padding, data_format, dilation_rate):
    """The output shape of a convolution, as Keras computes it; an error when a size would be < 1."""
    input_shape = tuple(input_shape)
    spatial = input_shape[1:-1] if data_format == "channels_last" else input_shape[2:]
    out = []
    for n, k, s, d in zip(spatial, kernel_size, strides, dilation_rate):
        if n is None:
            out.append(None)
            continue
        effective = (k - 1) * d + 1
        size = (n - 1) // s + 1 if padding in ("same", "causal") else (n - effective) // s + 1
        if size < 1:
            raise ValueError(
                f"Layer '{layer_name}': computed output size would be negative: the kernel {tuple(kernel_size)} "
                f"(dilation_rate={tuple(dilation_rate)}) is larger than the input's spatial shape {tuple(spatial)} "
                f"with padding='{padding}'. Received `inputs shape={input_shape}`. Use padding='same', a "
                f"kernel of at most {tuple(spatial)}, or a larger input.")
        out.append(size)
    if data_format == "channels_last":
        return (input_shape[0],) + tuple(out) + (filters,)
    return (input_shape[0], filters) + tuple(out)


def check_positive(layer_name, name, value):
    if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value <= 0):
        raise ValueError(f"Invalid value for argument `{name}` of layer '{layer_name}'. Expected a strictly "
                         f"positive integer. Received {name}={value!r}.")


class BaseConv(Layer):
    """An N-D convolution: `activation(conv(inputs, kernel) + bias)`.

    Args:
        rank: the number of spatial dimensions (1, 2 or 3).
        filters: the number of output channels.
        kernel_size: an int or `rank` ints: the window's size.
        strides: an int or `rank` ints (strides > 1 cannot be combined with dilation_rate > 1).
        padding: 'valid' (no padding), 'same' (output size `ceil(input / stride)`), or 'causal' (1-D).
        data_format: 'channels_last' (default, `keras.backend.image_data_format()`) or 'channels_first'.
        dilation_rate: an int or `rank` ints: spacing between the kernel's taps.
        groups: split the input channels into this many groups, each convolved with
            `filters // groups` filters of its own.
        activation, use_bias, *_initializer, *_regularizer, *_constraint: as in `Dense`.
    """

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid", data_format=None, dilation_rate=1,
                 groups=1, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, lora_rank=None, lora_alpha=None, **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        if lora_rank is not None:
            raise NotImplementedError(f"{type(self).__name__}: LoRA (`lora_rank`) is not supported by neuroflow.")
        self.rank = rank
        check_positive(self.name, "filters", filters)
        check_positive(self.name, "groups", groups)
        self.filters, self.groups = filters, groups
        self.kernel_size = standardize_tuple(kernel_size, rank, "kernel_size")
        self.strides = standardize_tuple(strides, rank, "strides")
        self.dilation_rate = standardize_tuple(dilation_rate, rank, "dilation_rate")
        self.padding = standardize_padding(padding, allow_causal=rank == 1)
        self.data_format = standardize_data_format(data_format)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(min_ndim=rank + 2)
        if filters is not None and filters % groups:
            raise ValueError("The number of filters must be evenly divisible by the number of groups. "
                             f"Received: groups={groups}, filters={filters}.")
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError("`strides > 1` not supported in conjunction with `dilation_rate > 1`. "
                             f"Received: strides={self.strides} and dilation_rate={self.dilation_rate}")

    def _input_channels(self, input_shape):
        channels = input_shape[-1] if self.data_format == "channels_last" else input_shape[1]
        if channels is None:
            raise ValueError(f"Layer '{self.name}': the channel dimension of the inputs should be defined. "
                             f"Received input shape {tuple(input_shape)}. Give the Input a known number of channels.")
        return channels

    def build(self, input_shape):
        channels = self._input_channels(input_shape)
        if channels % self.groups:
            raise ValueError("The number of input channels must be evenly divisible by the number of groups. "
                             f"Received groups={self.groups}, but the input has {channels} channels (full input "
                             f"shape is {tuple(input_shape)}).")
        self.compute_output_shape(input_shape)  # validates the spatial sizes
        axis = -1 if self.data_format == "channels_last" else 1
        self.input_spec = InputSpec(min_ndim=self.rank + 2, axes={axis: channels})
        self.kernel = self.add_weight(name="kernel", shape=self.kernel_size + (channels // self.groups, self.filters),
                                      initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.bias = self.add_weight(name="bias", shape=(self.filters,), initializer=self.bias_initializer,
                                    regularizer=self.bias_regularizer,
                                    constraint=self.bias_constraint) if self.use_bias else None

    def convolution_op(self, inputs, kernel):
        return convolution(inputs, kernel, strides=self.strides,
                           padding=tf_padding(self.padding, self.kernel_size, self.dilation_rate),
                           data_format=tf_data_format(self.data_format, self.rank), dilations=self.dilation_rate)

    def call(self, inputs):
        outputs = self.convolution_op(inputs, self.kernel)
        if self.bias is not None:
            outputs = add_bias(outputs, self.bias, self.data_format, self.rank)
        return self.activation(outputs)

    def compute_output_shape(self, input_shape):
        return conv_output_shape(self.name, input_shape, self.filters, self.kernel_size, self.strides, self.padding,
                                 self.data_format, self.dilation_rate)

    def get_config(self):
        return {**super().get_config(), "filters": self.filters, "kernel_size": self.kernel_size,
                "strides": self.strides, "padding": self.padding, "data_format": self.data_format,
                "dilation_rate": self.dilation_rate, "groups": self.groups,
                "activation": activations.serialize(self.activation), "use_bias": self.use_bias,
                "kernel_initializer": initializers.serialize(self.kernel_initializer),
                "bias_initializer": initializers.serialize(self.bias_initializer),
                "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
                "bias_regularizer": regularizers.serialize(self.bias_regularizer),
                "activity_regularizer": regularizers.serialize(self.activity_regularizer),
                "kernel_constraint": constraints.serialize(self.kernel_constraint),
                "bias_constraint": constraints.serialize(self.bias_constraint)}
