"""Convolutions (`tf.nn.conv*d`, transposed, depthwise, separable), lowered to matrix products.

A convolution is one GEMM: a strided view of the (padded) input gathers every window
(`im2col`, `(N * out_positions, kernel_positions * C)`) and multiplies the kernel reshaped
to `(kernel_positions * C, filters)`, so K, the product's inner size, is as large as the
window. Both gradients are GEMMs too: the filter's gradient multiplies the same columns
by the output gradient; the input's gradient multiplies the output gradient by the kernel
and adds each window's share back into place (`col2im`).

The ops work channels last (NHWC); `data_format="NCHW"` transposes around them.
`Conv2D` and `Conv3D` (and their backprop ops) are the same code over 2 or 3 spatial axes;
1-D convolutions run as 2-D ones over a height of 1, as in TensorFlow.

>>> import neuroflow as tf
>>> x = tf.reshape(tf.range(16.0), [1, 4, 4, 1])
>>> tf.nn.conv2d(x, tf.ones([2, 2, 1, 1]), strides=2, padding="VALID")[0, :, :, 0].numpy()
array([[10., 18.],
       [42., 50.]], dtype=float32)
"""
from .array_ops import concat, expand_dims, reshape, split, squeeze, transpose
from .conv_geometry import (add_windows, batch_chunks, col2im, explicit_padding, from_channels_last, invalid, offsets, out_sizes, pad,
                            padding_for, prod, spatial_argument, to_channels_last, unpad, windows)
from .registry import as_tensor, binary_operands, op

__all__ = ["conv_bias_relu", "conv1d", "conv2d", "conv3d", "convolution", "conv1d_transpose", "conv2d_transpose",
           "conv3d_transpose", "conv_transpose", "depthwise_conv2d", "separable_conv2d"]


# --- kernels on arrays (channels last) --------------------------------------------------------
# im2col columns are built for a few examples at a time, at most this many values (2 MiB of float32),
# so they stay in cache between being written and multiplied (a batch's worth can be gigabytes).
_CHUNK_VALUES = 1 << 19


def _chunks(batch, values_per_example):
    return batch_chunks(batch, values_per_example, _CHUNK_VALUES)


def _columns(xp, x, kernel, strides, dilations, out):
    """im2col of padded `x`: every window as a row, `(N * out_positions, kernel_positions * C)`.

    With many channels, reshaping the strided window view copies runs of C values at once;
    with one channel those runs are single numbers, and copying each kernel offset's
    shifted image (runs of a whole output row) is several times faster.
    """
    rows = x.shape[0] * prod(out)
    if x.shape[-1] > 1:
        return windows(xp, x, kernel, strides, dilations, out).reshape(rows, prod(kernel) * x.shape[-1])
    cols = xp.empty((x.shape[0],) + out + (prod(kernel),), x.dtype)
    for i, (_, where) in enumerate(offsets(kernel, strides, dilations, out)):
        cols[..., i] = x[where][..., 0]
    return cols.reshape(rows, prod(kernel))


def _conv_forward(xp, x, w, strides, dilations, pads):
    return conv_bias_relu(xp, x, w, None, strides, dilations, pads, False)


def conv_bias_relu(xp, x, w, bias, strides, dilations, pads, relu, out=None):
    """The convolution, plus `bias` (or None) and a ReLU (if `relu`) applied to each chunk while it is in cache.

    The compiled graph runs `Conv2D -> AddV2(bias) -> Relu` as this one call (see
    graph/compiler/conv_fusion.py), TensorFlow's `_FusedConv2D`, writing into `out` (a
    preallocated C-contiguous array of the result's shape and dtype) when given.
    """
    kernel, filters = w.shape[:-2], w.shape[-1]
    x = pad(xp, x, pads)
    sizes = out_sizes(x.shape[1:-1], kernel, strides, dilations)
    y = xp.empty((x.shape[0],) + sizes + (filters,), xp.result_type(x, w)) if out is None else out
    matrix = w.reshape(-1, filters)
    for part in _chunks(x.shape[0], prod(sizes) * matrix.shape[0]):
        rows = y[part].reshape(-1, filters)
        xp.matmul(_columns(xp, x[part], kernel, strides, dilations, sizes), matrix, out=rows)
        if bias is not None:  # added to several output rows at a time: a long inner loop is much faster
            reps = next(r for r in (16, 8, 4, 2, 1) if rows.shape[0] % r == 0)
            rows.reshape(-1, reps * filters)[...] += xp.tile(bias, reps)
        if relu:
            xp.maximum(rows, 0, out=rows)
    return y


def _conv_input_grad(xp, dy, w, sizes, strides, dilations, pads):
    kernel, channels, filters = w.shape[:-2], w.shape[-2], w.shape[-1]
    matrix = w.reshape(-1, filters).T
    padded = xp.zeros((dy.shape[0],) + tuple(n + lo + hi for n, (lo, hi) in zip(sizes[:-1], pads)) + (channels,),
                      dy.dtype)
    lead = (slice(None),) * (dy.ndim - 1)
    for part in _chunks(dy.shape[0], prod(dy.shape[1:-1]) * matrix.shape[1]):
        shares = (dy[part].reshape(-1, filters) @ matrix).reshape(dy[part].shape[:-1] + kernel + (channels,))
        add_windows(padded[part], lambda k, where: shares[lead + k], kernel, strides, dilations)
    return unpad(padded, pads, sizes[:-1])


def _conv_filter_grad(xp, x, dy, filter_shape, strides, dilations, pads):
    kernel, filters = filter_shape[:-2], filter_shape[-1]
    x = pad(xp, x, pads)
    out = dy.shape[1:-1]
    dw = xp.zeros((prod(filter_shape[:-1]), filters), dy.dtype)
    for part in _chunks(x.shape[0], prod(out) * dw.shape[0]):
        dw += _columns(xp, x[part], kernel, strides, dilations, out).T @ dy[part].reshape(-1, filters)
    return dw.reshape(filter_shape)


def _register_conv(names, forward, input_grad, filter_grad):
    """Registers a convolution op and its two backprop ops (each differentiable: they are linear).

    `names` are (convolution, input gradient, filter gradient); the functions work on arrays.
    """
    conv, input_grad, filter_grad = (op(name)(fn) for name, fn in zip(names, (forward, input_grad, filter_grad)))

    @conv.gradient
    def _(ctx, dy):
        x, w = ctx.inputs
        attrs = ctx.attrs
        dx = input_grad(dy, w, sizes=tuple(x.shape[1:]), **attrs) if ctx.needs[0] else None
        dw = filter_grad(x, dy, filter_shape=tuple(w.shape), **attrs) if ctx.needs[1] else None
        return dx, dw

    @input_grad.gradient
    def _(ctx, ddx):
        dy, w = ctx.inputs
        attrs = {k: v for k, v in ctx.attrs.items() if k != "sizes"}
        return conv(ddx, w, **attrs), filter_grad(ddx, dy, filter_shape=tuple(w.shape), **attrs)

    @filter_grad.gradient
    def _(ctx, ddw):
        x, dy = ctx.inputs
        attrs = {k: v for k, v in ctx.attrs.items() if k != "filter_shape"}
        return input_grad(dy, ddw, sizes=tuple(x.shape[1:]), **attrs), conv(x, ddw, **attrs)
    return conv, input_grad, filter_grad


_KERNELS = (_conv_forward, _conv_input_grad, _conv_filter_grad)
_conv2d, _conv2d_input_grad, _ = _register_conv(("Conv2D", "Conv2DBackpropInput", "Conv2DBackpropFilter"), *_KERNELS)
_conv3d, _conv3d_input_grad, _ = _register_conv(("Conv3D", "Conv3DBackpropInputV2", "Conv3DBackpropFilterV2"),
                                                *_KERNELS)
_CONV = {2: _conv2d, 3: _conv3d}
_CONV_INPUT_GRAD = {2: _conv2d_input_grad, 3: _conv3d_input_grad}


# --- depthwise: each input channel convolved with its own `multiplier` filters ------------------
def _depthwise_forward(xp, x, w, strides, dilations, pads):
    kernel, channels, multiplier = w.shape[:-2], w.shape[-2], w.shape[-1]
    x = pad(xp, x, pads)
    out = out_sizes(x.shape[1:-1], kernel, strides, dilations)
    y = xp.zeros((x.shape[0],) + out + (channels, multiplier), x.dtype)
    for k, where in offsets(kernel, strides, dilations, out):
        y += x[where][..., None] * w[k]
    return y.reshape(y.shape[:-2] + (channels * multiplier,))


def _depthwise_input_grad(xp, dy, w, sizes, strides, dilations, pads):
    kernel, channels, multiplier = w.shape[:-2], w.shape[-2], w.shape[-1]
    dy = dy.reshape(dy.shape[:-1] + (channels, multiplier))
    return col2im(xp, lambda k, where: (dy * w[k]).sum(axis=-1), dy.shape[0], sizes[:-1], channels, kernel, strides,
                   dilations, pads, dy.dtype)


def _depthwise_filter_grad(xp, x, dy, filter_shape, strides, dilations, pads):
    kernel, channels, multiplier = filter_shape[:-2], filter_shape[-2], filter_shape[-1]
    x = pad(xp, x, pads)
    out = dy.shape[1:-1]
    dy = dy.reshape(-1, channels, multiplier)
    dw = xp.empty(filter_shape, dy.dtype)
    for k, where in offsets(kernel, strides, dilations, out):
        dw[k] = xp.einsum("nc,ncm->cm", x[where].reshape(-1, channels), dy)
    return dw


_depthwise, _, _ = _register_conv(
    ("DepthwiseConv2dNative", "DepthwiseConv2dNativeBackpropInput", "DepthwiseConv2dNativeBackpropFilter"),
    _depthwise_forward, _depthwise_input_grad, _depthwise_filter_grad)


# --- public functions ------------------------------------------------------------------------
_FORMATS = {1: ("NWC", "NCW"), 2: ("NHWC", "NCHW"), 3: ("NDHWC", "NCDHW")}


def _check_format(data_format, rank, op_name):
    if data_format is None:
        return _FORMATS[rank][0]
    if data_format not in _FORMATS[rank]:
        raise ValueError(f"{op_name}: data_format must be {' or '.join(repr(f) for f in _FORMATS[rank])} for "
                         f"{rank}-D inputs, got {data_format!r}.")
    return data_format


def _operands(input, filters, rank, op_name):
    x, w = binary_operands(op_name, as_tensor(input), filters)
    if not x._dtype.is_floating:
        raise invalid(op_name, f"expected floating-point input and filters, got {x._dtype.name}. "
                               "Cast them first, e.g. tf.cast(x, tf.float32).")
    if x.ndim != rank + 2:
        raise ValueError(f"{op_name}: input must be {rank + 2}-D (batch, {rank} spatial dimensions, channels), "
                         f"got shape {tuple(x.shape)}. Add a batch axis with tf.expand_dims(x, 0) if it "
                         "is a single example.")
    if w.ndim != rank + 2:
        raise ValueError(f"{op_name}: filters must be {rank + 2}-D ({rank} kernel sizes, in_channels, "
                         f"out_channels), got shape {tuple(w.shape)}.")
    return x, w


def _geometry(x, kernel, strides, padding, dilations, rank, data_format, op_name):
    strides = spatial_argument(1 if strides is None else strides, rank, "strides", data_format, op_name)
    dilations = spatial_argument(1 if dilations is None else dilations, rank, "dilations", data_format, op_name)
    padding = explicit_padding(padding, rank, data_format, op_name)
    _, pads = padding_for(tuple(x.shape[1:-1]), kernel, strides, dilations, padding, op_name)
    return strides, dilations, pads


def _convolution(input, filters, strides, padding, data_format, dilations, rank, op_name):
    """A `rank`-D convolution: validation, layout, grouping (filters' in_channels dividing the input's)."""
    data_format = _check_format(data_format, rank, op_name)
    x, w = _operands(input, filters, rank, op_name)
    x = to_channels_last(x, data_format, transpose)
    channels, group_channels = x.shape[-1], w.shape[-2]
    if channels is not None and (group_channels == 0 or channels % group_channels):
        raise invalid(op_name, f"input depth must be evenly divisible by filter depth: {channels} vs "
                               f"{group_channels}. The filters' in_channels (axis -2, shape {tuple(w.shape)}) "
                               f"must equal the input's channels (input shape {tuple(x.shape)}, channels last) or divide it "
                               "(grouped convolution).")
    kernel = tuple(w.shape[:-2])
    strides, dilations, pads = _geometry(x, kernel, strides, padding, dilations, rank, data_format, op_name)
    if rank == 1:
        y = squeeze(_conv2d(expand_dims(x, 1), expand_dims(w, 0), strides=(1,) + strides,
                            dilations=(1,) + dilations, pads=((0, 0),) + pads), 1)
    else:
        groups = channels // group_channels if channels is not None else 1
        if groups > 1 and w.shape[-1] % groups:
            raise invalid(op_name, f"the number of filters ({w.shape[-1]}) must be divisible by the number of "
                                   f"groups ({groups} = {channels} input channels / {group_channels}).")
        if groups == 1:
            y = _CONV[rank](x, w, strides=strides, dilations=dilations, pads=pads)
        elif rank == 2 and group_channels == 1:  # one input channel per group: a depthwise convolution,
            # whose output channels (channel c's multiplier k at c * m + k) are in the groups' order
            y = _depthwise(x, reshape(w, tuple(w.shape[:2]) + (channels, w.shape[-1] // channels)),
                           strides=strides, dilations=dilations, pads=pads)
        else:
            y = concat([_CONV[rank](xg, wg, strides=strides, dilations=dilations, pads=pads)
                        for xg, wg in zip(split(x, groups, axis=-1), split(w, groups, axis=-1))], axis=-1)
    return from_channels_last(y, data_format, transpose)


def conv1d(input, filters, stride, padding, data_format="NWC", dilations=None, name=None):
    """1-D convolution (cross-correlation) of `input` `[batch, width, in_channels]` with `filters`.

    Args:
        input: a float tensor, `[batch, in_width, in_channels]` (`NWC`) or `[batch, in_channels, in_width]` (`NCW`).
        filters: `[filter_width, in_channels, out_channels]`.
        stride: an int or a list of 1 or 3 ints.
        padding: 'SAME', 'VALID', or explicit `[[0, 0], [before, after], [0, 0]]`.
        data_format: 'NWC' (default) or 'NCW'.
        dilations: an int or list: the spacing between kernel taps.

    >>> import neuroflow as tf
    >>> tf.nn.conv1d(tf.ones([1, 5, 1]), tf.ones([3, 1, 2]), stride=1, padding="SAME")[0, :, 0].numpy()
    array([2., 3., 3., 3., 2.], dtype=float32)
    """
    return _convolution(input, filters, stride, padding, data_format, dilations, 1, "Conv1D")


def conv2d(input, filters, strides, padding, data_format="NHWC", dilations=None, name=None):
    """2-D convolution (cross-correlation) of `input` with `filters`, as a GEMM over im2col columns.

    Args:
        input: a float tensor, `[batch, height, width, in_channels]` (`NHWC`) or `NCHW`.
        filters: `[filter_height, filter_width, in_channels, out_channels]`; an `in_channels` that
            divides the input's channels makes a grouped convolution.
        strides: an int or a list of 1, 2 or 4 ints.
        padding: 'SAME', 'VALID', or explicit pairs `[[0, 0], [top, bottom], [left, right], [0, 0]]`.
            With 'SAME' the output size is `ceil(in / stride)` and an odd total padding puts the
            extra row/column at the bottom/right, as TensorFlow does.
        data_format: 'NHWC' (default) or 'NCHW'.
        dilations: an int or a list of 1, 2 or 4 ints (atrous convolution).

    Returns:
        `[batch, out_height, out_width, out_channels]` (or NCHW).

    >>> import neuroflow as tf
    >>> tf.nn.conv2d(tf.ones([1, 5, 5, 3]), tf.ones([3, 3, 3, 8]), strides=2, padding="SAME").shape
    TensorShape([1, 3, 3, 8])
    """
    return _convolution(input, filters, strides, padding, data_format, dilations, 2, "Conv2D")


def conv3d(input, filters, strides, padding, data_format="NDHWC", dilations=None, name=None):
    """3-D convolution of `input` `[batch, depth, height, width, in_channels]` with `filters`.

    `filters` is `[filter_depth, filter_height, filter_width, in_channels, out_channels]`;
    the other arguments are as in `conv2d` (with 5-element lists).

    >>> import neuroflow as tf
    >>> tf.nn.conv3d(tf.ones([1, 4, 4, 4, 1]), tf.ones([2, 2, 2, 1, 1]), strides=2, padding="VALID").shape
    TensorShape([1, 2, 2, 2, 1])
    """
    return _convolution(input, filters, strides, padding, data_format, dilations, 3, "Conv3D")


def convolution(input, filters, strides=None, padding="VALID", data_format=None, dilations=None, name=None):
    """An N-D convolution (N = 1, 2, 3 from the input's rank): `conv1d`, `conv2d` or `conv3d`.

    >>> import neuroflow as tf
    >>> tf.nn.convolution(tf.ones([1, 4, 1]), tf.ones([2, 1, 1])).shape
    TensorShape([1, 3, 1])
    """
    input = as_tensor(input)
    rank = input.ndim - 2
    if rank not in _FORMATS:
        raise ValueError(f"convolution: input must be 3-D, 4-D or 5-D (batch, spatial dimensions, channels), "
                         f"got shape {tuple(input.shape)}.")
    return _convolution(input, filters, strides, padding, data_format, dilations, rank,
                        ("Conv1D", "Conv2D", "Conv3D")[rank - 1])


def _transpose_convolution(input, filters, output_shape, strides, padding, data_format, dilations, rank,
                           op_name):
    """The gradient of a convolution w.r.t. its input, used as an upsampling layer."""
    data_format = _check_format(data_format, rank, op_name)
    x, w = _operands(input, filters, rank, op_name)
    x = to_channels_last(x, data_format, transpose)
    output_shape = [int(d) for d in (output_shape.numpy().tolist() if hasattr(output_shape, "numpy")
                                     else output_shape)]
    if len(output_shape) == rank:  # spatial sizes only
        output_shape = [x.shape[0]] + output_shape + [w.shape[-2]]
    if len(output_shape) != rank + 2:
        raise ValueError(f"{op_name}: output_shape must have {rank + 2} elements, got {output_shape}.")
    if data_format.startswith("NC"):
        output_shape = [output_shape[0]] + output_shape[2:] + [output_shape[1]]
    if output_shape[-1] != w.shape[-2]:
        raise invalid(op_name, f"output_shape's channels ({output_shape[-1]}) must equal the filters' "
                               f"output channels (axis -2 of shape {tuple(w.shape)}).")
    if x.shape[-1] != w.shape[-1]:
        raise invalid(op_name, f"input channels ({x.shape[-1]}, input shape {tuple(x.shape)}) must equal the "
                               f"filters' last dimension (filters shape {tuple(w.shape)}).")
    kernel = tuple(w.shape[:-2])
    sizes = tuple(output_shape[1:-1])
    strides = spatial_argument(strides, rank, "strides", data_format, op_name)
    dilations = spatial_argument(1 if dilations is None else dilations, rank, "dilations", data_format, op_name)
    padding = explicit_padding(padding, rank, data_format, op_name)
    out, pads = padding_for(sizes, kernel, strides, dilations, padding, op_name)
    if out != tuple(x.shape[1:-1]):
        raise invalid(op_name, f"output_shape {output_shape} does not match the input: a convolution of that "
                               f"shape with this kernel, strides and padding gives spatial size {list(out)}, "
                               f"but the input has {list(x.shape[1:-1])}.")
    if rank == 1:
        y = squeeze(_conv2d_input_grad(expand_dims(x, 1), expand_dims(w, 0), sizes=(1,) + tuple(output_shape[1:]),
                                       strides=(1,) + strides, dilations=(1,) + dilations, pads=((0, 0),) + pads), 1)
    else:
        y = _CONV_INPUT_GRAD[rank](x, w, sizes=tuple(output_shape[1:]), strides=strides, dilations=dilations,
                                   pads=pads)
    return from_channels_last(y, data_format, transpose)


def conv1d_transpose(input, filters, output_shape, strides, padding="SAME", data_format="NWC", dilations=None,
                     name=None):
    """The transpose of `conv1d` (its gradient w.r.t. its input): `[batch, width, C]` -> `output_shape`.

    `filters` is `[filter_width, output_channels, in_channels]`.

    >>> import neuroflow as tf
    >>> tf.nn.conv1d_transpose(tf.ones([1, 3, 1]), tf.ones([2, 1, 1]), [1, 6, 1], strides=2)[0, :, 0].numpy()
    array([1., 1., 1., 1., 1., 1.], dtype=float32)
    """
    return _transpose_convolution(input, filters, output_shape, strides, padding, data_format, dilations, 1,
                                  "Conv1DTranspose")


def conv2d_transpose(input, filters, output_shape, strides, padding="SAME", data_format="NHWC", dilations=None,
                     name=None):
    """The transpose of `conv2d` ("deconvolution"): spreads each input pixel over a kernel-sized patch.

    Args:
        input: `[batch, height, width, in_channels]` (NHWC) or NCHW.
        filters: `[height, width, output_channels, in_channels]`.
        output_shape: the full output shape (4 ints), the shape of a `conv2d` input that this
            kernel, stride and padding would map to `input`'s shape.
        strides, padding, data_format, dilations: as in `conv2d`.

    >>> import neuroflow as tf
    >>> tf.nn.conv2d_transpose(tf.ones([1, 2, 2, 1]), tf.ones([3, 3, 1, 1]), [1, 4, 4, 1], strides=2)[0, :, :, 0].numpy()
    array([[1., 1., 2., 1.],
           [1., 1., 2., 1.],
           [2., 2., 4., 2.],
           [1., 1., 2., 1.]], dtype=float32)
    """
    return _transpose_convolution(input, filters, output_shape, strides, padding, data_format, dilations, 2,
                                  "Conv2DTranspose")


def conv3d_transpose(input, filters, output_shape, strides, padding="SAME", data_format="NDHWC", dilations=None,
                     name=None):
    """The transpose of `conv3d`; `filters` is `[depth, height, width, output_channels, in_channels]`.

    >>> import neuroflow as tf
    >>> tf.nn.conv3d_transpose(tf.ones([1, 2, 2, 2, 1]), tf.ones([2, 2, 2, 1, 1]), [1, 4, 4, 4, 1], strides=2).shape
    TensorShape([1, 4, 4, 4, 1])
    """
    return _transpose_convolution(input, filters, output_shape, strides, padding, data_format, dilations, 3,
                                  "Conv3DTranspose")


def conv_transpose(input, filters, output_shape, strides, padding="SAME", data_format=None, dilations=None,
                   name=None):
    """`conv1d_transpose`, `conv2d_transpose` or `conv3d_transpose`, chosen by the input's rank.

    >>> import neuroflow as tf
    >>> tf.nn.conv_transpose(tf.ones([1, 2, 1]), tf.ones([2, 1, 1]), [1, 4, 1], strides=2).shape
    TensorShape([1, 4, 1])
    """
    input = as_tensor(input)
    rank = input.ndim - 2
    return _transpose_convolution(input, filters, output_shape, strides, padding, data_format, dilations, rank,
                                  f"Conv{rank}DTranspose")


def depthwise_conv2d(input, filter, strides, padding, data_format=None, dilations=None, name=None):
    """Convolves each input channel with its own `channel_multiplier` filters (no mixing across channels).

    Args:
        input: `[batch, height, width, in_channels]` (NHWC) or NCHW.
        filter: `[filter_height, filter_width, in_channels, channel_multiplier]`.
        strides: a list of 4 ints (or 1 or 2), as in `conv2d`.
        padding: 'SAME', 'VALID' or explicit pairs.

    Returns:
        `[batch, out_height, out_width, in_channels * channel_multiplier]`; output channel
        `c * channel_multiplier + m` is channel `c` convolved with `filter[:, :, c, m]`.

    >>> import neuroflow as tf
    >>> tf.nn.depthwise_conv2d(tf.ones([1, 3, 3, 2]), tf.ones([3, 3, 2, 2]), [1, 1, 1, 1], "VALID").numpy()
    array([[[[9., 9., 9., 9.]]]], dtype=float32)
    """
    data_format = _check_format(data_format, 2, "DepthwiseConv2dNative")
    x, w = _operands(input, filter, 2, "DepthwiseConv2dNative")
    x = to_channels_last(x, data_format, transpose)
    if x.shape[-1] != w.shape[-2]:
        raise invalid("DepthwiseConv2dNative",
                      f"input and filter must have the same depth: {x.shape[-1]} vs {w.shape[-2]} (input shape "
                      f"{tuple(x.shape)}, channels last; filter shape {tuple(w.shape)}).")
    strides, dilations, pads = _geometry(x, tuple(w.shape[:-2]), strides, padding, dilations, 2, data_format,
                                         "DepthwiseConv2dNative")
    return from_channels_last(_depthwise(x, w, strides=strides, dilations=dilations, pads=pads), data_format,
                              transpose)


def separable_conv2d(input, depthwise_filter, pointwise_filter, strides, padding, data_format=None,
                     dilations=None, name=None):
    """A depthwise convolution followed by a 1x1 convolution mixing the channels.

    Args:
        depthwise_filter: `[height, width, in_channels, channel_multiplier]`.
        pointwise_filter: `[1, 1, in_channels * channel_multiplier, out_channels]`.

    >>> import neuroflow as tf
    >>> tf.nn.separable_conv2d(tf.ones([1, 3, 3, 2]), tf.ones([3, 3, 2, 1]), tf.ones([1, 1, 2, 4]),
    ...                        [1, 1, 1, 1], "VALID").numpy()
    array([[[[18., 18., 18., 18.]]]], dtype=float32)
    """
    pointwise_filter = as_tensor(pointwise_filter)
    if tuple(pointwise_filter.shape[:2]) != (1, 1):
        raise ValueError(f"separable_conv2d: pointwise_filter must be [1, 1, in_channels * multiplier, "
                         f"out_channels], got shape {tuple(pointwise_filter.shape)}.")
    depthwise = depthwise_conv2d(input, depthwise_filter, strides, padding, data_format, dilations)
    return conv2d(depthwise, pointwise_filter, 1, "VALID", data_format or "NHWC")

