"""Image resizing (`tf.image.resize`), with TensorFlow 2's sampling rules for every method.

Every method except `nearest` is a linear map applied separably: a `[new, old]` weight
matrix per spatial axis, so resizing is two matrix products (`ResizeSeparable`; gathers of
the few inputs each output reads when the matrix is a narrow band of a large image) and its gradient is the
same op with the transposed matrices. The matrices reproduce TensorFlow's
kernels value for value: half-pixel centres (`(i + 0.5) * scale - 0.5`), the 1024-entry
Keys-cubic table of `ResizeBicubic`, the box overlaps of `ResizeArea`, and the spans of
`ScaleAndTranslate` (lanczos, gaussian, mitchellcubic, and `antialias=True`).
`nearest` gathers rows and columns and keeps the input dtype; the others return float32.

>>> import neuroflow as tf
>>> image = tf.reshape(tf.range(4.0), [2, 2, 1])
>>> tf.image.resize(image, [4, 4])[..., 0].numpy()
array([[0.  , 0.25, 0.75, 1.  ],
       [0.5 , 0.75, 1.25, 1.5 ],
       [1.5 , 1.75, 2.25, 2.5 ],
       [2.  , 2.25, 2.75, 3.  ]], dtype=float32)
>>> tf.image.resize(image, [1, 1], method="area")[..., 0].numpy()
array([[1.5]], dtype=float32)
"""
import functools
import math

import numpy as np

from ..framework import dtypes, errors
from .array_ops import expand_dims, squeeze, transpose
from .indexing_ops import gather
from .math_ops import cast
from .registry import op, as_tensor
from .shape_util import dims

__all__ = ["ResizeMethod", "resize"]

_F32 = np.float32


class ResizeMethod:
    """The names `tf.image.resize` accepts for `method`."""
    BILINEAR = "bilinear"
    NEAREST_NEIGHBOR = "nearest"
    BICUBIC = "bicubic"
    AREA = "area"
    LANCZOS3 = "lanczos3"
    LANCZOS5 = "lanczos5"
    GAUSSIAN = "gaussian"
    MITCHELLCUBIC = "mitchellcubic"


# --- sampling kernels of ScaleAndTranslate: (function of |x|, radius) -------------------------
def _lanczos(radius):
    def kernel(x):
        with np.errstate(all="ignore"):
            px = _F32(3.14159265359) * x
            value = radius * np.sin(px) * np.sin(px / radius) / (px * px)
        return np.where(x > radius, 0, np.where(x <= 1e-3, 1, value)).astype(_F32)
    return kernel, radius


def _gaussian(x):
    sigma = _F32(1.5 / 3.0)
    return np.where(x >= 1.5, 0, np.exp(-x * x / (2 * sigma * sigma))).astype(_F32)


def _triangle(x):
    return np.where(x < 1, 1 - x, 0).astype(_F32)


def _keys_cubic(x):
    return np.where(x >= 2, 0, np.where(x >= 1, ((-0.5 * x + 2.5) * x - 4) * x + 2,
                                        ((1.5 * x - 2.5) * x) * x + 1)).astype(_F32)


def _mitchell_cubic(x):
    return np.where(x >= 2, 0, np.where(x >= 1, (((-7 / 18) * x + 2) * x - 10 / 3) * x + 16 / 9,
                                        (((7 / 6) * x - 2) * x) * x + 8 / 9)).astype(_F32)


_KERNELS = {"bilinear": (_triangle, 1.0), "bicubic": (_keys_cubic, 2.0), "lanczos3": _lanczos(3.0),
            "lanczos5": _lanczos(5.0), "gaussian": (_gaussian, 1.5), "mitchellcubic": (_mitchell_cubic, 2.0)}


# --- one axis: a [new, old] weight matrix per method -----------------------------------------
def _scale_and_translate(old, new, kernel, radius, antialias):
    """ScaleAndTranslate's spans: each output sample weighs the inputs within the kernel's radius."""
    weights = np.zeros((new, old), _F32)
    inv_scale = _F32(1.0) / (_F32(new) / _F32(old))
    kernel_scale = max(inv_scale, _F32(1)) if antialias else _F32(1)
    reach = _F32(radius) * kernel_scale
    for x in range(new):
        sample = (_F32(x) + _F32(0.5)) * inv_scale
        start = min(max(math.ceil(sample - reach - _F32(0.5)), 0), old - 1)
        end = min(max(math.floor(sample + reach - _F32(0.5)), 0), old - 1) + 1
        taps = kernel(np.abs((np.arange(start, end, dtype=_F32) + _F32(0.5) - sample) / kernel_scale))
        total = taps.sum(dtype=_F32)
        weights[x, start:end] = taps / total if abs(total) >= 1000 * np.finfo(_F32).tiny else taps
    return weights


def _half_pixel_centres(old, new):
    return (np.arange(new, dtype=_F32) + _F32(0.5)) * (_F32(old) / _F32(new)) - _F32(0.5)


def _bilinear(old, new):
    """ResizeBilinear (half-pixel centres): two neighbours, clamped at the borders."""
    source = _half_pixel_centres(old, new)
    low = np.floor(source)
    lerp = source - low
    rows = np.arange(new)
    weights = np.zeros((new, old), _F32)
    np.add.at(weights, (rows, np.maximum(low, 0).astype(int)), 1 - lerp)
    np.add.at(weights, (rows, np.minimum(np.ceil(source), old - 1).astype(int)), lerp)
    return weights


@functools.lru_cache(maxsize=None)
def _cubic_table():
    """ResizeBicubic's Keys-cubic (a = -0.5) coefficients at 1025 offsets: columns |x| and |x| + 1."""
    a, x = -0.5, np.arange(1025) / 1024
    near = ((a + 2) * x - (a + 3)) * x * x + 1
    far = ((a * (x + 1) - 5 * a) * (x + 1) + 8 * a) * (x + 1) - 4 * a
    return np.stack([near, far], axis=1).astype(_F32)


def _bicubic(old, new):
    """ResizeBicubic (half-pixel centres): four taps from the table; taps outside get 0, then renormalize."""
    source = _half_pixel_centres(old, new)
    base = np.floor(source)
    offset = np.rint((source - base) * 1024).astype(int)
    table = _cubic_table()
    taps = np.stack([table[offset, 1], table[offset, 0], table[1024 - offset, 0], table[1024 - offset, 1]], 1)
    index = base.astype(int)[:, None] + np.arange(-1, 3)
    taps = np.where((index >= 0) & (index < old), taps, _F32(0))
    taps = taps / taps.sum(axis=1, keepdims=True, dtype=_F32)
    weights = np.zeros((new, old), _F32)
    np.add.at(weights, (np.repeat(np.arange(new), 4), np.clip(index, 0, old - 1).ravel()), taps.ravel())
    return weights


def _area(old, new):
    """ResizeArea: each output averages the input cells its box covers, weighted by the overlap."""
    scale = _F32(old) / _F32(new)
    weights = np.zeros((new, old), _F32)
    for y in range(new):
        top, bottom = _F32(y) * scale, _F32(y + 1) * scale
        for i in range(math.floor(top), math.ceil(bottom)):
            overlap = min(_F32(i + 1), bottom) - max(_F32(i), top)
            weights[y, min(max(i, 0), old - 1)] += overlap / scale
    return weights


@functools.lru_cache(maxsize=256)
def _weights(method, old, new, antialias):
    """The `[new, old]` float32 matrix that resizes one axis (cached: layers reuse a few sizes)."""
    if antialias or method not in ("bilinear", "bicubic", "area"):
        weights = _scale_and_translate(old, new, *_KERNELS[method], antialias)
    else:
        weights = {"bilinear": _bilinear, "bicubic": _bicubic, "area": _area}[method](old, new)
    weights.flags.writeable = False
    return weights


def _nearest_indices(old, new):
    """ResizeNearestNeighbor (half-pixel centres): input index floor((i + 0.5) * scale), clamped."""
    source = (np.arange(new, dtype=_F32) + _F32(0.5)) * (_F32(old) / _F32(new))
    return np.minimum(np.floor(source), old - 1).astype(np.int32)


# --- the op ------------------------------------------------------------------------------
def _band(xp, weights):
    """`(index, tap_weights)`, each `[new, taps]`: the nonzero columns of a banded `[new, old]` matrix."""
    nonzero = weights != 0
    taps = int(nonzero.sum(axis=1).max(initial=0))
    index = xp.argsort(~nonzero, axis=1, kind="stable")[:, :taps]   # each row's nonzero columns first
    return index, xp.take_along_axis(weights, index, axis=1)


def _gathers(xp, weights, x, axis):
    """`weights` applied along `axis` of `x` as one gather per tap, or None when a matrix product is cheaper.

    Resizing matrices are banded (bilinear reads 2 inputs, bicubic 4): gathering costs about
    `taps` passes over the output, where BLAS does `old` multiply-adds per output ~50x faster.
    """
    index, tap_weights = _band(xp, weights)
    if not 0 < 50 * index.shape[1] < weights.shape[1]:
        return None
    shape = [1] * x.ndim
    shape[axis] = -1
    out = xp.take(x, index[:, 0], axis=axis)
    out *= tap_weights[:, 0].reshape(shape)
    for tap in range(1, index.shape[1]):
        term = xp.take(x, index[:, tap], axis=axis)
        term *= tap_weights[:, tap].reshape(shape)
        out += term
    return out


@op("ResizeSeparable")
def _resize_separable(xp, images, rows, cols):
    batch, height, width, channels = images.shape
    flat = images.reshape(batch, height, width * channels)
    tall = _gathers(xp, rows, flat, 1)
    if tall is None:
        tall = xp.matmul(rows, flat)
    tall = tall.reshape(batch, rows.shape[0], width, channels)
    out = _gathers(xp, cols, tall, 2)
    if out is None:  # contract the width in one GEMM (channels are too few to be the inner dimension)
        out = xp.ascontiguousarray(xp.tensordot(tall, cols, axes=([2], [1])).transpose(0, 1, 3, 2))
    return out


@_resize_separable.gradient
def _(ctx, dy):
    _, rows, cols = ctx.inputs
    return _resize_separable(dy, transpose(rows), transpose(cols)), None, None


def resample(images, rows, cols):
    """`rows @ image @ cols.T` for every image and channel of a `[batch, height, width, channels]` tensor.

    The linear map behind `resize`: `rows` is `[new_height, height]`, `cols` is `[new_width, width]`,
    both of the images' floating dtype.
    """
    return _resize_separable(as_tensor(images), as_tensor(rows), as_tensor(cols))


def _resize_error(message):
    return ValueError(f"tf.image.resize: {message}")


def _target_size(size, height, width, preserve_aspect_ratio):
    if hasattr(size, "numpy"):
        size = size.numpy().tolist()
    try:
        new_height, new_width = (int(s) for s in size)
    except (TypeError, ValueError):
        raise _resize_error(f"'size' must be a 1-D int32 Tensor of 2 elements: new_height, new_width. "
                            f"Received: size={size!r}.") from None
    if new_height <= 0 or new_width <= 0:
        raise errors.InvalidArgumentError(
            None, "Resize", f"Resize: size must be positive, got {[new_height, new_width]}. Pass the output "
            "height and width, e.g. size=[224, 224]. [Op:Resize]")
    if preserve_aspect_ratio:
        factor = min(_F32(new_height) / _F32(height), _F32(new_width) / _F32(width))
        new_height, new_width = int(np.rint(factor * _F32(height))), int(np.rint(factor * _F32(width)))
    return new_height, new_width


def resize(images, size, method=ResizeMethod.BILINEAR, preserve_aspect_ratio=False, antialias=False,
           name=None):
    """Resizes `images` to `size` with `method`, as TensorFlow 2 does.

    Args:
        images: a `[batch, height, width, channels]` or `[height, width, channels]` tensor.
        size: `[new_height, new_width]`.
        method: one of `ResizeMethod`'s names: "bilinear" (default), "nearest", "bicubic", "area",
            "lanczos3", "lanczos5", "gaussian", "mitchellcubic".
        preserve_aspect_ratio: scale both sides by one factor so the result fits inside `size`.
        antialias: when shrinking, widen the kernel to filter the input first (all methods but
            "nearest" and "area").

    Returns:
        The resized images: float32, except "nearest", which keeps the input dtype.

    >>> import neuroflow as tf
    >>> tf.image.resize(tf.zeros([8, 6, 3]), [4, 4], preserve_aspect_ratio=True).shape
    TensorShape([4, 3, 3])
    >>> tf.image.resize([[[1], [2]]], [1, 4], method="nearest")[0, :, 0].numpy()
    array([1, 1, 2, 2], dtype=int32)
    """
    images = as_tensor(images)
    shape = dims(images)
    if len(shape) not in (3, 4):
        raise _resize_error(f"'images' must have either 3 or 4 dimensions, got shape {tuple(shape)}. "
                            "Pass one image [height, width, channels] or a batch [batch, height, width, channels].")
    method = getattr(method, "value", method)
    if method != "nearest" and method != "area" and method not in _KERNELS:
        raise _resize_error(f"Resize method is not implemented: {method!r}. Use one of "
                            "'bilinear', 'nearest', 'bicubic', 'area', 'lanczos3', 'lanczos5', 'gaussian', "
                            "'mitchellcubic'.")
    height, width = shape[-3], shape[-2]
    new_height, new_width = _target_size(size, height, width, preserve_aspect_ratio)
    batch = images if len(shape) == 4 else expand_dims(images, 0)
    if method == "nearest":
        out = batch if new_height == height else gather(batch, _nearest_indices(height, new_height), axis=1)
        out = out if new_width == width else gather(out, _nearest_indices(width, new_width), axis=2)
    else:
        if images.dtype != dtypes.float32:
            batch = cast(batch, dtypes.float32)
        rows = _weights(method, height, new_height, bool(antialias and method != "area"))
        cols = _weights(method, width, new_width, bool(antialias and method != "area"))
        out = _resize_separable(batch, as_tensor(rows), as_tensor(cols))
    return out if len(shape) == 4 else squeeze(out, [0])
