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


def _reflect(xp, coord, size):
    """Reflect [abcd] to [dcba|abcd|dcba] (TensorFlow's arithmetic, then clamped into the image)."""
    if size <= 1:
        return xp.zeros_like(coord)
    period = 2 * size
    low = coord + period * xp.trunc(-coord / period)
    low = xp.where(low < -size, low + period, -low - 1)
    high = coord - period * xp.trunc(coord / period)
    high = xp.where(high >= size, period - high - 1, high)
    coord = xp.where(coord < 0, low, xp.where(coord > size - 1, high, coord))
    return xp.clip(coord, 0, size - 1)


def _wrap(xp, coord, size):
    """Wrap [abcd] to [abcd|abcd|abcd] (TensorFlow's arithmetic, then clamped into the image)."""
    if size <= 1:
        return xp.zeros_like(coord)
    span = size - 1
    low = coord + size * (xp.trunc(-coord / span) + 1)
    high = coord - size * xp.trunc(coord / span)
    coord = xp.where(coord < 0, low, xp.where(coord > size - 1, high, coord))
    return xp.clip(coord, 0, size - 1)


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
    does a whole output whose projection is 0 (a point at infinity).
    """
    batch, height, width = image_shape[:3]
    out_h, out_w = output_shape
    t = transforms.astype(np.float32)
    if t.shape[0] == 1:
        t = xp.broadcast_to(t, (batch, 8))
    t = t[:, :, None, None]
    y, x = xp.meshgrid(xp.arange(out_h, dtype=np.float32), xp.arange(out_w, dtype=np.float32), indexing="ij")
    projection = t[:, 6] * x + t[:, 7] * y + 1
    with np.errstate(divide="ignore", invalid="ignore"):
        source_x = _map(xp, (t[:, 0] * x + t[:, 1] * y + t[:, 2]) / projection, width, fill_mode)
        source_y = _map(xp, (t[:, 3] * x + t[:, 4] * y + t[:, 5]) / projection, height, fill_mode)
    outside = projection == 0  # the point is at infinity
    source_x, source_y = xp.where(outside, 0, source_x), xp.where(outside, 0, source_y)
    base = xp.arange(batch).reshape(batch, 1, 1) * (height * width)
    if interpolation == "nearest":  # std::round: halves away from zero (coordinates are >= 0 here)
        points = [(xp.floor(source_y + 0.5), xp.floor(source_x + 0.5), xp.ones_like(source_x))]
    else:
        y0, x0 = xp.floor(source_y), xp.floor(source_x)
        dy, dx = source_y - y0, source_x - x0
        points = [(y0, x0, (1 - dy) * (1 - dx)), (y0, x0 + 1, (1 - dy) * dx),
                  (y0 + 1, x0, dy * (1 - dx)), (y0 + 1, x0 + 1, dy * dx)]
    taps, fill = [], outside.astype(np.float32)
    for py, px, weight in points:
        inside = (py >= 0) & (py < height) & (px >= 0) & (px < width) & ~outside
        index = base + xp.where(inside, py * width + px, 0).astype(np.int64)
        taps.append((index.ravel(), xp.where(inside, weight, 0).ravel()))
        fill = fill + xp.where(inside | outside, 0, weight)
    return taps, fill.ravel()


@op("ImageProjectiveTransformV3")
def _projective_transform(xp, images, transforms, output_shape, interpolation, fill_mode, fill_value):
    batch, _, _, channels = images.shape
    taps, fill = _taps(xp, transforms, images.shape, output_shape, interpolation, fill_mode)
    flat = images.reshape(-1, channels)
    compute = np.float64 if images.dtype == np.float64 else np.float32
    out = (fill * compute(fill_value)).astype(compute)[:, None] * xp.ones(channels, compute)
    for index, weight in taps:
        out += weight[:, None].astype(compute) * flat[index]
    return out.astype(images.dtype).reshape(batch, *output_shape, channels)  # integers truncate, as in TF


@op("ImageProjectiveTransformV3Grad")
def _projective_transform_grad(xp, dy, transforms, image_shape, interpolation, fill_mode):
    channels = image_shape[-1]
    taps, _ = _taps(xp, transforms, image_shape, dy.shape[1:3], interpolation, fill_mode)
    flat_dy = dy.reshape(-1, channels)
    dx = xp.zeros((int(np.prod(image_shape[:3])), channels), dy.dtype)
    for index, weight in taps:
        xp.add.at(dx, index, weight[:, None].astype(dy.dtype) * flat_dy)
    return dx.reshape(image_shape)


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
