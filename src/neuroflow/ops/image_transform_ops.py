"""Projective image transforms (TensorFlow's `ImageProjectiveTransformV3`): rotate, zoom, shift, shear.

Each image has a transform `[a0, a1, a2, b0, b1, b2, c0, c1]` mapping an output pixel (x, y)
to the input point `((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k)`, `k = c0 x + c1 y + 1`,
which is sampled with `interpolation` ("bilinear" or "nearest"); points outside the image are
brought back by `fill_mode` ("reflect", "wrap", "nearest") or read as `fill_value` ("constant").
The output is linear in the image, so the gradient (`ImageProjectiveTransformV3Grad`) scatters
the output gradient back to the pixels each output read, with the same weights.

>>> import neuroflow as tf
>>> from neuroflow.ops.image_transform_ops import projective_transform
>>> image = tf.reshape(tf.range(1.0, 5.0), [1, 2, 2, 1])
>>> shift_right = [[1.0, 0.0, -1.0, 0.0, 1.0, 0.0, 0.0, 0.0]]   # output x reads input x - 1
>>> projective_transform(image, shift_right, fill_mode="constant")[0, ..., 0].numpy()
array([[0., 1.],
       [0., 3.]], dtype=float32)
"""
import numpy as np

from ..framework import errors
from .registry import op, as_tensor
from .math_ops import cast
from .shape_util import dims

__all__ = ["projective_transform"]

INTERPOLATIONS = ("nearest", "bilinear")
FILL_MODES = ("reflect", "wrap", "constant", "nearest")


def _fold(xp, coord, size, below, above):
    """`coord` with `below(c)` applied where c < 0 and `above(c)` where c > size - 1, then clamped.

    Only the out-of-image coordinates are computed on (usually a small share of them).
    """
    if size <= 1:
        return xp.zeros_like(coord)
    coord = coord.copy()
    for outside, fold in ((coord < 0, below), (coord > size - 1, above)):
        if outside.any():
            coord[outside] = fold(coord[outside])
    return xp.clip(coord, 0, size - 1, out=coord)


def _reflect(xp, coord, size):
    """Reflect [abcd] to [dcba|abcd|dcba] (TensorFlow's arithmetic, then clamped into the image)."""
    period = 2 * size

    def below(c):
        c = c + period * xp.trunc(-c / period)
        return xp.where(c < -size, c + period, -c - 1)

    def above(c):
        c = c - period * xp.trunc(c / period)
        return xp.where(c >= size, period - c - 1, c)
    return _fold(xp, coord, size, below, above)


def _wrap(xp, coord, size):
    """Wrap [abcd] to [abcd|abcd|abcd] (TensorFlow's arithmetic, then clamped into the image)."""
    span = size - 1
    return _fold(xp, coord, size, lambda c: c + size * (xp.trunc(-c / span) + 1),
                 lambda c: c - size * xp.trunc(c / span))


def _map(xp, coord, size, fill_mode):
    if fill_mode == "reflect":
        return _reflect(xp, coord, size)
    if fill_mode == "wrap":
        return _wrap(xp, coord, size)
    if fill_mode == "nearest":
        return xp.clip(coord, 0, size - 1)
    return coord


def _taps(xp, transforms, image_shape, output_shape, interpolation, fill_mode):
    """The pixels each output reads, a list of (flat input index, weight), and the weight of `fill_value`.

    Indices address the input viewed as `[batch * height * width, channels]`. A tap whose pixel
    lies outside the image reads `fill_value` instead (its weight moves to the fill weight), as
    does a whole output whose projection is 0 (a point at infinity). The fill weight is None
    when no output reads the fill value.
    """
    batch, height, width = image_shape[:3]
    out_h, out_w = output_shape
    t = transforms.astype(np.float32, copy=False)
    t = (xp.broadcast_to(t, (batch, 8)) if t.shape[0] == 1 else t)[:, :, None, None]
    y, x = xp.arange(out_h, dtype=np.float32)[:, None], xp.arange(out_w, dtype=np.float32)
    source_x = t[:, 0] * x + t[:, 1] * y + t[:, 2]   # (batch, out_h, out_w), by broadcasting
    source_y = t[:, 3] * x + t[:, 4] * y + t[:, 5]
    outside = None
    if t[:, 6:].any():  # a projective (not affine) transform: divide by k
        projection = t[:, 6] * x + t[:, 7] * y + 1
        outside = projection == 0
        with np.errstate(divide="ignore", invalid="ignore"):
            source_x, source_y = source_x / projection, source_y / projection
        source_x[outside] = 0
        source_y[outside] = 0
    source_x, source_y = _map(xp, source_x, width, fill_mode), _map(xp, source_y, height, fill_mode)
    rows = _axis_taps(xp, source_y, height, interpolation, fill_mode, outside)
    cols = _axis_taps(xp, source_x, width, interpolation, fill_mode, outside)
    index_type = np.int32 if batch * height * width < 2 ** 31 else np.int64
    offset = (xp.arange(batch, dtype=index_type) * (height * width)).reshape(batch, 1, 1)
    row_starts = [(offset + row.astype(index_type) * width, weight) for row, weight in rows]
    taps = [((start + col.astype(index_type)).ravel(), (row_weight * col_weight).ravel())
            for start, row_weight in row_starts for col, col_weight in cols]
    if fill_mode != "constant" and outside is None:
        return taps, None
    kept = sum(w for _, w in rows) * sum(w for _, w in cols)   # the weight the in-image taps carry
    return taps, (1 - kept).ravel()


def _axis_taps(xp, coord, size, interpolation, fill_mode, outside):
    """One axis of the sampling: [(index, weight)], one entry per neighbour (1 nearest, 2 bilinear).

    Indices are clamped into the image; a neighbour outside it (possible in "constant" mode)
    gets weight 0, and so does every neighbour of a point at infinity (`outside`).
    """
    if interpolation == "nearest":  # std::round: halves away from zero (coordinates are >= 0 here)
        points = [(xp.floor(coord + 0.5), None)]
    else:
        low = xp.floor(coord)
        frac = coord - low
        points = [(low, 1 - frac), (low + 1, frac)]
    taps = []
    for point, weight in points:
        weight = xp.ones(coord.shape, np.float32) if weight is None else weight
        if fill_mode == "constant":
            weight = xp.where((point >= 0) & (point <= size - 1), weight, 0)
        if outside is not None:
            weight = xp.where(outside, 0, weight)
        taps.append((xp.clip(point, 0, size - 1), weight))
    return taps


@op("ImageProjectiveTransformV3")
def _projective_transform(xp, images, transforms, output_shape, interpolation, fill_mode, fill_value):
    batch, _, _, channels = images.shape
    taps, fill = _taps(xp, transforms, images.shape, output_shape, interpolation, fill_mode)
    compute = np.float64 if images.dtype == np.float64 else np.float32
    flat = images.reshape(-1, channels)
    out = None
    for index, weight in taps:
        term = xp.take(flat, index, axis=0) * weight.astype(compute, copy=False)[:, None]
        out = term if out is None else out + term
    if fill is not None:
        out += (fill * compute(fill_value)).astype(compute, copy=False)[:, None]
    return out.astype(images.dtype).reshape(batch, *output_shape, channels)  # integers truncate, as in TF


@op("ImageProjectiveTransformV3Grad")
def _projective_transform_grad(xp, dy, transforms, image_shape, interpolation, fill_mode):
    """Scatters each output's gradient back to the pixels it read (bincount sums the repeats)."""
    channels = image_shape[-1]
    taps, _ = _taps(xp, transforms, image_shape, dy.shape[1:3], interpolation, fill_mode)
    flat_dy = dy.reshape(-1, channels)
    size = int(np.prod(image_shape[:3]))
    index = xp.concatenate([i for i, _ in taps])
    weight = xp.concatenate([w for _, w in taps]).astype(np.float64)
    dx = xp.stack([xp.bincount(index, weights=weight * xp.tile(flat_dy[:, c], len(taps)), minlength=size)
                   for c in range(channels)], axis=1)
    return dx.astype(dy.dtype).reshape(image_shape)


@_projective_transform.gradient
def _(ctx, dy):
    images, transforms = ctx.inputs
    attrs = ctx.attrs
    return _projective_transform_grad(dy, transforms, image_shape=tuple(dims(images)),
                                      interpolation=attrs["interpolation"], fill_mode=attrs["fill_mode"]), None


@_projective_transform_grad.gradient
def _(ctx, ddx):
    _, transforms = ctx.inputs
    attrs = ctx.attrs
    out_shape = tuple(dims(ctx.inputs[0]))[1:3]
    return _projective_transform(ddx, transforms, output_shape=out_shape, interpolation=attrs["interpolation"],
                                 fill_mode=attrs["fill_mode"], fill_value=0.0), None


def projective_transform(images, transforms, output_shape=None, interpolation="bilinear", fill_mode="constant",
                         fill_value=0.0):
    """Applies a projective transform per image (`tf.raw_ops.ImageProjectiveTransformV3`).

    Args:
        images: `[batch, height, width, channels]`.
        transforms: `[batch, 8]` or `[1, 8]` (one for all): output → input coordinates.
        output_shape: `(out_height, out_width)`; the input's by default.
        interpolation: "bilinear" or "nearest".
        fill_mode: "reflect", "wrap", "constant" or "nearest".
        fill_value: the value read outside the image when `fill_mode="constant"`.
    """
    images = as_tensor(images)
    transforms = cast(as_tensor(transforms), "float32")
    interpolation, fill_mode = interpolation.lower(), fill_mode.lower()
    if interpolation not in INTERPOLATIONS or fill_mode not in FILL_MODES:
        raise errors.InvalidArgumentError(
            None, "ImageProjectiveTransformV3",
            f"ImageProjectiveTransformV3: interpolation must be one of {INTERPOLATIONS} and fill_mode one of "
            f"{FILL_MODES}; got {interpolation!r} and {fill_mode!r}. [Op:ImageProjectiveTransformV3]")
    shape = dims(images)
    if len(shape) != 4 or len(dims(transforms)) != 2 or dims(transforms)[1] != 8:
        raise errors.InvalidArgumentError(
            None, "ImageProjectiveTransformV3",
            f"ImageProjectiveTransformV3: expected images [batch, height, width, channels] and transforms "
            f"[batch, 8]; got shapes {tuple(shape)} and {tuple(dims(transforms))}. [Op:ImageProjectiveTransformV3]")
    output_shape = tuple(shape[1:3]) if output_shape is None else tuple(int(s) for s in output_shape)
    return _projective_transform(images, transforms, output_shape=output_shape, interpolation=interpolation,
                                 fill_mode=fill_mode, fill_value=float(fill_value))
