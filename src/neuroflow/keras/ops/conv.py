"""`keras.ops` convolutions and pooling over `tf.nn`, with Keras' argument names and layouts.

Inputs are `(batch, *spatial, channels)` (or channels first with `data_format="channels_first"`);
kernels are `(*kernel_size, in_channels, out_channels)` as Keras stores them.

>>> from neuroflow import keras
>>> keras.ops.conv(keras.ops.ones((1, 5, 5, 2)), keras.ops.ones((3, 3, 2, 4))).shape
TensorShape([1, 3, 3, 4])
>>> keras.ops.max_pool(keras.ops.ones((1, 4, 4, 1)), 2).shape
TensorShape([1, 2, 2, 1])
"""
import math

import neuroflow as tf

from ..utils.argument_validation import standardize_data_format as _data_format
from .numpy import _float, _t

__all__ = ["conv", "conv_transpose", "depthwise_conv", "separable_conv", "max_pool", "average_pool",
           "adaptive_max_pool", "adaptive_average_pool", "depth_to_space", "space_to_depth",
           "tf_data_format", "conv_transpose_output_size"]


def tf_data_format(data_format, rank):
    """TensorFlow's layout name ('NHWC', 'NCW', ...) for a Keras `data_format` and spatial rank."""
    spatial = ("W", "HW", "DHW")[rank - 1]
    return f"NC{spatial}" if data_format == "channels_first" else f"N{spatial}C"


def conv_transpose_output_size(n, k, s, padding, output_padding, d):
    """The output length of a transposed convolution along one axis, as Keras computes it."""
    if n is None:
        return None
    k = (k - 1) * d + 1
    if padding == "valid":
        return (n - 1) * s + k + (max(k, s) - k if output_padding is None else output_padding)
    return n * s if output_padding is None else (n - 1) * s + k % 2 + output_padding


def _tuple(value, rank):
    return tuple(value) if isinstance(value, (list, tuple)) else (value,) * rank


def _spatial(x, data_format):
    return tuple(x.shape[1:-1]) if data_format == "channels_last" else tuple(x.shape[2:])


def conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    """An N-D convolution (N = 1, 2, 3; grouped when the kernel's in-channels divide the input's)."""
    data_format, x = _data_format(data_format), _float(inputs)
    rank = x.ndim - 2
    return tf.nn.convolution(x, tf.cast(_t(kernel), x.dtype), strides=_tuple(strides, rank), padding=padding.upper(),
                             data_format=tf_data_format(data_format, rank), dilations=_tuple(dilation_rate, rank))


def conv_transpose(inputs, kernel, strides=1, padding="valid", output_padding=None, data_format=None,
                   dilation_rate=1):
    """The transposed N-D convolution; the kernel is `(*kernel_size, out_channels, in_channels)`."""
    data_format, x = _data_format(data_format), _float(inputs)
    rank = x.ndim - 2
    kernel = tf.cast(_t(kernel), x.dtype)
    strides, dilations = _tuple(strides, rank), _tuple(dilation_rate, rank)
    paddings = _tuple(output_padding, rank) if output_padding is not None else (None,) * rank
    sizes = [conv_transpose_output_size(n, k, s, padding, p, d) for n, k, s, p, d in
             zip(_spatial(x, data_format), kernel.shape[:-2], strides, paddings, dilations)]
    return tf.nn.conv_transpose(x, kernel, sizes, strides, padding=padding.upper(),
                                data_format=tf_data_format(data_format, rank), dilations=dilations)


def depthwise_conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    """A depthwise 1-D or 2-D convolution; the kernel is `(*kernel_size, in_channels, multiplier)`."""
    data_format, x = _data_format(data_format), _float(inputs)
    rank = x.ndim - 2
    if rank not in (1, 2):
        raise ValueError(f"`inputs` rank must be 3 (1D conv) or 4 (2D conv). Received: {x.ndim}.")
    kernel = tf.cast(_t(kernel), x.dtype)
    strides, dilations = _tuple(strides, rank), _tuple(dilation_rate, rank)
    if rank == 1:  # as a 2-D convolution over a height of one
        axis = 1 if data_format == "channels_last" else 2
        out = depthwise_conv(tf.expand_dims(x, axis), tf.expand_dims(kernel, 0), (1,) + strides, padding,
                             data_format, (1,) + dilations)
        return tf.squeeze(out, axis)
    layout = tf_data_format(data_format, 2)
    full_strides = (1,) + strides + (1,) if layout == "NHWC" else (1, 1) + strides
    return tf.nn.depthwise_conv2d(x, kernel, full_strides, padding.upper(), data_format=layout, dilations=dilations)


def separable_conv(inputs, depthwise_kernel, pointwise_kernel, strides=1, padding="valid", data_format=None,
                   dilation_rate=1):
    """A depthwise convolution followed by a pointwise (1x1) one."""
    depthwise = depthwise_conv(inputs, depthwise_kernel, strides, padding, data_format, dilation_rate)
    return conv(depthwise, pointwise_kernel, 1, "valid", data_format)


def _pool(kind, inputs, pool_size, strides, padding, data_format):
    data_format, x = _data_format(data_format), _t(inputs)
    rank = x.ndim - 2
    pool_size = _tuple(pool_size, rank)
    strides = pool_size if strides is None else _tuple(strides, rank)
    return tf.nn.pool(x, pool_size, kind, strides=strides, padding=padding.upper(),
                      data_format=tf_data_format(data_format, rank))


def max_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    """The maximum over each `pool_size` window (strides default to the window)."""
    return _pool("MAX", inputs, pool_size, strides, padding, data_format)


def average_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    """The mean over each `pool_size` window (SAME padding averages only the real elements)."""
    return _pool("AVG", inputs, pool_size, strides, padding, data_format)


def _adaptive(reduce, inputs, output_size, data_format):
    data_format, x = _data_format(data_format), _float(inputs)
    rank = x.ndim - 2
    sizes = _tuple(output_size, rank)
    first = 1 if data_format == "channels_last" else 2
    for offset, out in enumerate(sizes):
        axis, length = first + offset, x.shape[first + offset]
        if length is None:
            raise ValueError("Input spatial dimensions must be statically known for adaptive pooling.")
        windows = [(math.floor(i * length / out), math.ceil((i + 1) * length / out)) for i in range(out)]
        x = tf.stack([reduce(tf.gather(x, list(range(start, end)), axis=axis), axis=axis) for start, end in windows],
                     axis=axis)
    return x


def adaptive_max_pool(inputs, output_size, data_format=None):
    """Max pooling to a fixed `output_size`; window i spans [floor(i·L/n), ceil((i+1)·L/n))."""
    return _adaptive(tf.reduce_max, inputs, output_size, data_format)


def adaptive_average_pool(inputs, output_size, data_format=None):
    """Average pooling to a fixed `output_size` (the windows of `adaptive_max_pool`)."""
    return _adaptive(tf.reduce_mean, inputs, output_size, data_format)


def depth_to_space(x, block_size, data_format="channels_last"):
    return tf.nn.depth_to_space(_t(x), block_size, data_format=tf_data_format(_data_format(data_format), 2))


def space_to_depth(x, block_size, data_format="channels_last"):
    return tf.nn.space_to_depth(_t(x), block_size, data_format=tf_data_format(_data_format(data_format), 2))
