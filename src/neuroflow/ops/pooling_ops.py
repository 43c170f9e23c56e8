"""Pooling (`tf.nn.max_pool*`, `avg_pool*`, `pool`, `max_pool_with_argmax`): windows reduced to one value.

Each window position is visited once per kernel offset: the pooled output is the running
maximum (or sum) of strided slices of the padded input, so no window array is built.
As in TensorFlow, a max-pool gradient goes to the first maximum of each window (in
row-major window order), and an average counts only the input elements a window
covers (padding is not averaged in).

The ops are channels last; `MaxPool`/`AvgPool` and their `3D` versions are one code over
2 or 3 spatial axes, and 1-D pooling runs as 2-D over a height of 1.

>>> import neuroflow as tf
>>> x = tf.reshape(tf.range(16.0), [1, 4, 4, 1])
>>> tf.nn.max_pool2d(x, 2, 2, "VALID")[0, :, :, 0].numpy()
array([[ 5.,  7.],
       [13., 15.]], dtype=float32)
>>> tf.nn.avg_pool2d(x, 3, 2, "SAME")[0, :, :, 0].numpy()
array([[ 5. ,  6.5],
       [11. , 12.5]], dtype=float32)
"""
import numpy as np

from ..framework.dtypes import as_dtype
from .array_ops import expand_dims, squeeze, transpose
from .conv_geometry import (col2im, explicit_padding, from_channels_last, invalid, offsets, out_sizes, pad,
                            padding_for, spatial_argument, to_channels_last, unpad, windows_disjoint)
from .registry import as_tensor, op

__all__ = ["max_pool", "max_pool1d", "max_pool2d", "max_pool3d", "avg_pool", "avg_pool1d", "avg_pool2d",
           "avg_pool3d", "pool", "max_pool_with_argmax"]


def _lowest(dtype):
    return -np.inf if np.dtype(dtype).kind == "f" else np.iinfo(dtype).min


def _max_forward(xp, x, ksize, strides, dilations, pads):
    x = pad(xp, x, pads, _lowest(x.dtype))
    y = None
    for _, where in offsets(ksize, strides, dilations, out_sizes(x.shape[1:-1], ksize, strides, dilations)):
        if y is None:
            y = x[where].copy()
        else:
            xp.maximum(y, x[where], out=y)
    return y


def _first_max(xp, x, y, ksize, strides, dilations, pads):
    """Per kernel offset `k`: `k`, its slices of the padded input, and where it holds its window's first max."""
    x = pad(xp, x, pads, _lowest(x.dtype))
    taken = None
    for k, where in offsets(ksize, strides, dilations, y.shape[1:-1]):
        hit = xp.equal(x[where], y)
        if taken is None:
            taken = hit.copy()
        else:
            xp.greater(hit, taken, out=hit)  # a max here, and none at an earlier offset
            taken |= hit
        yield k, where, hit


def _max_grad(xp, x, y, dy, ksize, strides, dilations, pads):
    """dx: each window's gradient added at its first maximum (written in place when windows do not overlap)."""
    padded = xp.zeros((x.shape[0],) + tuple(n + lo + hi for n, (lo, hi) in zip(x.shape[1:-1], pads)) + (x.shape[-1],),
                      dy.dtype)
    disjoint = windows_disjoint(ksize, strides, dilations)
    for _, where, hit in _first_max(xp, x, y, ksize, strides, dilations, pads):
        if disjoint:
            xp.multiply(dy, hit.view(xp.uint8), out=padded[where])  # uint8: no per-element bool cast
        else:
            padded[where] += dy * hit
    return unpad(padded, pads, x.shape[1:-1])


def _max_grad_grad(xp, x, y, ddx, ksize, strides, dilations, pads):
    """The gradient of `_max_grad` w.r.t. dy: each window's first maximum, read from `ddx`."""
    ddx = pad(xp, ddx, pads)
    out = xp.zeros(y.shape, ddx.dtype)
    for _, where, hit in _first_max(xp, x, y, ksize, strides, dilations, pads):
        out += ddx[where] * hit
    return out


def _window_counts(xp, sizes, ksize, strides, dilations, pads, out, dtype):
    """How many input (not padding) elements each window covers: a product of per-axis counts."""
    counts = xp.ones(out, dtype)
    for axis, (n, k, s, d, (lo, _), o) in enumerate(zip(sizes, ksize, strides, dilations, pads, out)):
        starts = np.arange(o)[:, None] * s + np.arange(k)[None, :] * d - lo
        per_axis = ((starts >= 0) & (starts < n)).sum(axis=1).astype(dtype)
        counts = counts * xp.asarray(per_axis).reshape((o,) + (1,) * (len(out) - axis - 1))
    return counts[..., None]


def _avg_forward(xp, x, ksize, strides, dilations, pads):
    sizes = x.shape[1:-1]
    x = pad(xp, x, pads)
    out = out_sizes(x.shape[1:-1], ksize, strides, dilations)
    y = xp.zeros((x.shape[0],) + out + (x.shape[-1],), x.dtype)
    for _, where in offsets(ksize, strides, dilations, out):
        y += x[where]
    y /= _window_counts(xp, sizes, ksize, strides, dilations, pads, out, x.dtype)
    return y


def _avg_grad(xp, dy, sizes, ksize, strides, dilations, pads):
    """dx: each window's gradient shared equally by the input elements it covers."""
    share = dy / _window_counts(xp, sizes[:-1], ksize, strides, dilations, pads, dy.shape[1:-1], dy.dtype)
    return col2im(xp, lambda k, where: share, dy.shape[0], sizes[:-1], sizes[-1], ksize, strides, dilations, pads,
                  dy.dtype)


def _register_pools(suffix):
    """Registers MaxPool{suffix}, AvgPool{suffix} and their gradient ops (each differentiable)."""
    max_pool = op("MaxPool" + suffix)(_max_forward)
    max_grad = op(f"MaxPool{suffix}Grad")(_max_grad)
    max_grad_grad = op(f"MaxPool{suffix}GradGrad")(_max_grad_grad)
    avg_pool = op("AvgPool" + suffix)(_avg_forward)
    avg_grad = op(f"AvgPool{suffix}Grad")(_avg_grad)

    @max_pool.gradient
    def _(ctx, dy):
        return max_grad(ctx.inputs[0], ctx.output, dy, **ctx.attrs)

    @max_grad.gradient
    def _(ctx, ddx):
        x, y, _ = ctx.inputs
        return None, None, max_grad_grad(x, y, ddx, **ctx.attrs)

    @max_grad_grad.gradient
    def _(ctx, dddy):
        x, y, _ = ctx.inputs
        return None, None, max_grad(x, y, dddy, **ctx.attrs)

    @avg_pool.gradient
    def _(ctx, dy):
        return avg_grad(dy, sizes=tuple(ctx.inputs[0].shape[1:]), **ctx.attrs)

    @avg_grad.gradient
    def _(ctx, ddx):
        return avg_pool(ddx, **{k: v for k, v in ctx.attrs.items() if k != "sizes"})
    return max_pool, avg_pool, max_grad


_max_pool2d, _avg_pool2d, _max_pool2d_grad = _register_pools("")
_max_pool3d, _avg_pool3d, _ = _register_pools("3D")
_POOLS = {("MAX", 2): _max_pool2d, ("MAX", 3): _max_pool3d, ("AVG", 2): _avg_pool2d, ("AVG", 3): _avg_pool3d}
_FORMATS = {1: ("NWC", "NCW"), 2: ("NHWC", "NCHW"), 3: ("NDHWC", "NCDHW")}


def _pool(input, ksize, strides, padding, data_format, rank, kind, op_name, dilations=1):
    """Validates and runs a `rank`-D pooling of `kind` ('MAX' or 'AVG')."""
    formats = _FORMATS[rank]
    if data_format is None:
        data_format = formats[0]
    if data_format not in formats:
        raise ValueError(f"{op_name}: data_format must be {' or '.join(repr(f) for f in formats)} for "
                         f"{rank}-D pooling, got {data_format!r}.")
    x = as_tensor(input)
    if x.ndim != rank + 2:
        raise ValueError(f"{op_name}: input must be {rank + 2}-D (batch, {rank} spatial dimensions, channels), "
                         f"got shape {tuple(x.shape)}.")
    if kind == "AVG" and not x._dtype.is_floating:
        raise invalid(op_name, f"average pooling needs a floating-point input, got {x._dtype.name}.")
    ksize = spatial_argument(ksize, rank, "ksize", data_format, op_name)
    strides = spatial_argument(strides, rank, "strides", data_format, op_name)
    dilations = spatial_argument(dilations, rank, "dilations", data_format, op_name)
    padding = explicit_padding(padding, rank, data_format, op_name)
    x = to_channels_last(x, data_format, transpose)
    _, pads = padding_for(tuple(x.shape[1:-1]), ksize, strides, dilations, padding, op_name)
    if padding != "SAME" and any(lo >= k or hi >= k for (lo, hi), k in zip(pads, ksize)):
        raise invalid(op_name, f"explicit padding {list(pads)} must be smaller than the window {list(ksize)}.")
    if rank == 1:
        y = squeeze(_POOLS[kind, 2](expand_dims(x, 1), ksize=(1,) + ksize, strides=(1,) + strides,
                                    dilations=(1,) + dilations, pads=((0, 0),) + pads), 1)
    else:
        y = _POOLS[kind, rank](x, ksize=ksize, strides=strides, dilations=dilations, pads=pads)
    return from_channels_last(y, data_format, transpose)


def max_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):
    """The maximum over each window of `ksize` steps, moving by `strides`.

    >>> import neuroflow as tf
    >>> tf.nn.max_pool1d(tf.constant([[[1.0], [3.0], [2.0], [5.0], [4.0]]]), 2, 2, "SAME")[0, :, 0].numpy()
    array([3., 5., 4.], dtype=float32)
    """
    return _pool(input, ksize, strides, padding, data_format, 1, "MAX", "MaxPool1d")


def max_pool2d(input, ksize, strides, padding, data_format="NHWC", name=None):
    """The maximum over each `ksize` window of `input` `[batch, height, width, channels]`.

    Args:
        ksize, strides: an int or a list of 1, 2 or 4 ints.
        padding: 'SAME', 'VALID' or explicit `[[0, 0], [top, bottom], [left, right], [0, 0]]`.
        data_format: 'NHWC' (default) or 'NCHW'.

    >>> import neuroflow as tf
    >>> tf.nn.max_pool2d(tf.ones([1, 28, 28, 32]), ksize=2, strides=2, padding="VALID").shape
    TensorShape([1, 14, 14, 32])
    """
    return _pool(input, ksize, strides, padding, data_format, 2, "MAX", "MaxPool")


def max_pool3d(input, ksize, strides, padding, data_format="NDHWC", name=None):
    """The maximum over each `ksize` window of `input` `[batch, depth, height, width, channels]`.

    >>> import neuroflow as tf
    >>> tf.nn.max_pool3d(tf.ones([1, 4, 4, 4, 2]), 2, 2, "VALID").shape
    TensorShape([1, 2, 2, 2, 2])
    """
    return _pool(input, ksize, strides, padding, data_format, 3, "MAX", "MaxPool3D")


def avg_pool1d(input, ksize, strides, padding, data_format="NWC", name=None):
    """The mean over each window of `ksize` steps (padding is not counted).

    >>> import neuroflow as tf
    >>> tf.nn.avg_pool1d(tf.constant([[[1.0], [3.0], [2.0]]]), 2, 2, "SAME")[0, :, 0].numpy()
    array([2., 2.], dtype=float32)
    """
    return _pool(input, ksize, strides, padding, data_format, 1, "AVG", "AvgPool1D")


def avg_pool2d(input, ksize, strides, padding, data_format="NHWC", name=None):
    """The mean over each `ksize` window of `input`; with 'SAME', windows average only real pixels.

    >>> import neuroflow as tf
    >>> tf.nn.avg_pool2d(tf.ones([2, 5, 5, 1]), ksize=2, strides=2, padding="SAME").shape
    TensorShape([2, 3, 3, 1])
    """
    return _pool(input, ksize, strides, padding, data_format, 2, "AVG", "AvgPool")


def avg_pool3d(input, ksize, strides, padding, data_format="NDHWC", name=None):
    """The mean over each `ksize` window of a 5-D `input`.

    >>> import neuroflow as tf
    >>> tf.nn.avg_pool3d(tf.ones([1, 3, 3, 3, 1]), 2, 1, "VALID").shape
    TensorShape([1, 2, 2, 2, 1])
    """
    return _pool(input, ksize, strides, padding, data_format, 3, "AVG", "AvgPool3D")


def _rank_of(input, data_format, op_name):
    rank = len(as_tensor(input).shape) - 2
    if rank not in _FORMATS:
        raise ValueError(f"{op_name}: input must be 3-D, 4-D or 5-D (batch, spatial dimensions, channels), "
                         f"got shape {tuple(as_tensor(input).shape)}.")
    return rank


def max_pool(input, ksize, strides, padding, data_format=None, name=None):
    """`max_pool1d`, `max_pool2d` or `max_pool3d`, chosen by the input's rank.

    >>> import neuroflow as tf
    >>> tf.nn.max_pool(tf.ones([1, 4, 1]), 2, 2, "VALID").shape
    TensorShape([1, 2, 1])
    """
    rank = _rank_of(input, data_format, "MaxPool")
    return _pool(input, ksize, strides, padding, data_format, rank, "MAX", "MaxPool")


def avg_pool(input, ksize, strides, padding, data_format=None, name=None):
    """`avg_pool1d`, `avg_pool2d` or `avg_pool3d`, chosen by the input's rank.

    >>> import neuroflow as tf
    >>> tf.nn.avg_pool(tf.ones([1, 4, 4, 1]), 2, 2, "VALID").shape
    TensorShape([1, 2, 2, 1])
    """
    rank = _rank_of(input, data_format, "AvgPool")
    return _pool(input, ksize, strides, padding, data_format, rank, "AVG", "AvgPool")


def pool(input, window_shape, pooling_type, strides=None, padding="VALID", data_format=None, dilations=None,
         name=None):
    """N-D max or average pooling with optional dilation (spacing between the window's taps).

    Args:
        window_shape: the window's size per spatial dimension.
        pooling_type: 'MAX' or 'AVG'.
        strides: per spatial dimension (default 1); strides > 1 cannot be combined with dilations > 1.
        padding: 'SAME' or 'VALID'.
        dilations: per spatial dimension (default 1).

    >>> import neuroflow as tf
    >>> tf.nn.pool(tf.reshape(tf.range(5.0), [1, 5, 1]), [2], "MAX", dilations=[2])[0, :, 0].numpy()
    array([2., 3., 4.], dtype=float32)
    """
    rank = _rank_of(input, data_format, "Pool")
    if pooling_type not in ("MAX", "AVG"):
        raise ValueError(f"pool: pooling_type must be 'MAX' or 'AVG', got {pooling_type!r}.")
    strides = 1 if strides is None else strides
    dilations = 1 if dilations is None else dilations
    if max(spatial_argument(strides, rank, "strides", data_format, "Pool")) > 1 and \
            max(spatial_argument(dilations, rank, "dilations", data_format, "Pool")) > 1:
        raise ValueError(f"pool: strides > 1 not supported in conjunction with dilation_rate > 1, got "
                         f"strides={strides} and dilations={dilations}.")
    return _pool(input, window_shape, strides, padding, data_format, rank, pooling_type, "Pool", dilations)


@op("MaxPoolWithArgmax")
def _max_pool_argmax(xp, x, ksize, strides, pads, include_batch_in_index, dtype):
    """(max, flat index of each window's first max in the unpadded input)."""
    batch, sizes, channels = x.shape[0], x.shape[1:-1], x.shape[-1]
    y = _max_forward(xp, x, ksize, strides, (1, 1), pads)
    argmax = xp.zeros(y.shape, dtype)
    index_shape = (batch,) + (1,) * (y.ndim - 1)
    b = xp.arange(batch, dtype=dtype).reshape(index_shape) if include_batch_in_index else 0
    c = xp.arange(channels, dtype=dtype)
    for _, where, hit in _first_max(xp, x, y, ksize, strides, (1, 1), pads):
        rows = xp.arange(y.shape[1], dtype=dtype) * strides[0] + where[1].start - pads[0][0]
        cols = xp.arange(y.shape[2], dtype=dtype) * strides[1] + where[2].start - pads[1][0]
        flat = ((b * sizes[0] + rows[:, None, None]) * sizes[1] + cols[None, :, None]) * channels + c
        argmax[hit] = xp.broadcast_to(flat, y.shape)[hit]
    return y, argmax


@_max_pool_argmax.gradient
def _(ctx, dy, dargmax):
    attrs = {k: ctx.attrs[k] for k in ("ksize", "strides", "pads")}
    return _max_pool2d_grad(ctx.inputs[0], ctx.outputs[0], dy, dilations=(1, 1), **attrs)


def max_pool_with_argmax(input, ksize, strides, padding, data_format="NHWC", output_dtype="int64",
                         include_batch_in_index=False, name=None):
    """2-D max pooling that also returns where each maximum came from.

    Returns:
        `(output, argmax)`: argmax holds flat indices `(y * width + x) * channels + c` of each
        window's (first) maximum, plus `b * height * width * channels` with `include_batch_in_index`.

    >>> import neuroflow as tf
    >>> out, argmax = tf.nn.max_pool_with_argmax(tf.reshape(tf.range(8.0), [1, 2, 2, 2]), 2, 2, "VALID")
    >>> out.numpy().ravel(), argmax.numpy().ravel()
    (array([6., 7.], dtype=float32), array([6, 7]))
    """
    if data_format != "NHWC":
        raise ValueError(f"max_pool_with_argmax: only data_format='NHWC' is supported, got {data_format!r}.")
    x = as_tensor(input)
    if x.ndim != 4:
        raise ValueError(f"max_pool_with_argmax: input must be 4-D (batch, height, width, channels), got shape "
                         f"{tuple(x.shape)}.")
    ksize = spatial_argument(ksize, 2, "ksize", "NHWC", "MaxPoolWithArgmax")
    strides = spatial_argument(strides, 2, "strides", "NHWC", "MaxPoolWithArgmax")
    padding = explicit_padding(padding, 2, "NHWC", "MaxPoolWithArgmax")
    _, pads = padding_for(tuple(x.shape[1:-1]), ksize, strides, (1, 1), padding, "MaxPoolWithArgmax")
    return _max_pool_argmax(x, ksize=ksize, strides=strides, pads=pads,
                            include_batch_in_index=bool(include_batch_in_index),
                            dtype=as_dtype(output_dtype).as_numpy_dtype)

