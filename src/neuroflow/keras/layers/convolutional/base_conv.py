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
from ...ops.conv import tf_data_format
from ...utils.argument_validation import standardize_data_format, standardize_padding, standardize_tuple
from ... import activations
from ..input_spec import InputSpec
from ..keras_tensor import KerasTensor
from ..layer import Layer
from ..weight_options import set_weight_options, weight_options_config

__all__ = ["BaseConv", "conv_output_shape", "tf_data_format", "tf_padding", "bias_and_activation", "set_window",
           "window_config", "channels_of", "output_spec_from_shape", "check_positive", "KERNEL_OPTIONS"]


def tf_padding(padding, kernel_size, dilation_rate):
    """'SAME'/'VALID', or explicit pairs for 'causal' (everything before, so no output sees the future)."""
    if padding == "causal":
        return [[0, 0], [(kernel_size[0] - 1) * dilation_rate[0], 0], [0, 0]]
    return padding.upper()


def bias_and_activation(layer, outputs):
    """`layer.activation(outputs + layer.bias)`, the bias added along the channel axis (when there is one)."""
    if layer.bias is not None:
        if layer.data_format == "channels_last":
            outputs = outputs + layer.bias
        else:
            outputs = outputs + reshape(layer.bias, (1, -1) + (1,) * layer.rank)
    return layer.activation(outputs)


def conv_output_shape(layer, input_shape, filters):
    """The output shape of `layer`'s convolution, as Keras computes it; an error when a size would be < 1."""
    layer_name, kernel_size, strides, padding = layer.name, layer.kernel_size, layer.strides, layer.padding
    data_format, dilation_rate = layer.data_format, layer.dilation_rate
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


def set_window(layer, rank, kernel_size, strides, dilation_rate, padding, data_format, causal=False):
    """Validates and stores the window arguments every convolution layer takes (`causal`: allow 'causal' padding)."""
    layer.rank = rank
    layer.kernel_size = standardize_tuple(kernel_size, rank, "kernel_size")
    layer.strides = standardize_tuple(strides, rank, "strides")
    layer.dilation_rate = standardize_tuple(dilation_rate, rank, "dilation_rate")
    layer.padding = standardize_padding(padding, allow_causal=causal)
    layer.data_format = standardize_data_format(data_format)
    layer.input_spec = InputSpec(min_ndim=rank + 2)
    if max(layer.strides) > 1 and max(layer.dilation_rate) > 1:
        raise ValueError("`strides > 1` not supported in conjunction with `dilation_rate > 1`. "
                         f"Received: strides={layer.strides} and dilation_rate={layer.dilation_rate}")


def window_config(layer):
    return {"kernel_size": layer.kernel_size, "strides": layer.strides, "padding": layer.padding,
            "data_format": layer.data_format, "dilation_rate": layer.dilation_rate}


def output_spec_from_shape(layer, inputs, *args, **kwargs):
    """The symbolic output, from `compute_output_shape`, as Keras computes it for windowed layers.

    The generic way (running the layer on small stand-in inputs) cannot work when spatial sizes
    are unknown (`keras.Input((None, None, 3))`): a 3x3 window does not fit in a 2x2 stand-in.
    """
    return KerasTensor(layer.compute_output_shape(tuple(inputs.shape)), dtype=layer.dtype)


def channels_of(layer, input_shape):
    """(channel axis, number of channels) of `input_shape`; an error when the channels are unknown."""
    axis = -1 if layer.data_format == "channels_last" else 1
    if input_shape[axis] is None:
        raise ValueError(f"Layer '{layer.name}': the channel dimension of the inputs should be defined. "
                         f"Received input shape {tuple(input_shape)}. Give the Input a known number of channels.")
    return axis, input_shape[axis]


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
        check_positive(self.name, "filters", filters)
        check_positive(self.name, "groups", groups)
        self.filters, self.groups, self.use_bias = filters, groups, use_bias
        set_window(self, rank, kernel_size, strides, dilation_rate, padding, data_format, causal=rank == 1)
        self.activation = activations.get(activation)
        set_weight_options(self, kernel_initializer=kernel_initializer,
                           bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
                           bias_regularizer=bias_regularizer, kernel_constraint=kernel_constraint,
                           bias_constraint=bias_constraint)
        if filters is not None and filters % groups:
            raise ValueError("The number of filters must be evenly divisible by the number of groups. "
                             f"Received: groups={groups}, filters={filters}.")

    def build(self, input_shape):
        axis, channels = channels_of(self, input_shape)
        if channels % self.groups:
            raise ValueError("The number of input channels must be evenly divisible by the number of groups. "
                             f"Received groups={self.groups}, but the input has {channels} channels (full input "
                             f"shape is {tuple(input_shape)}).")
        self.compute_output_shape(input_shape)  # validates the spatial sizes
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
        return bias_and_activation(self, outputs)

    compute_output_spec = output_spec_from_shape

    def compute_output_shape(self, input_shape):
        return conv_output_shape(self, input_shape, self.filters)

    def get_config(self):
        return {**super().get_config(), "filters": self.filters, **window_config(self), "groups": self.groups,
                "use_bias": self.use_bias, "activation": activations.serialize(self.activation),
                **weight_options_config(self, KERNEL_OPTIONS)}


KERNEL_OPTIONS = ("kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer",
                  "activity_regularizer", "kernel_constraint", "bias_constraint")
