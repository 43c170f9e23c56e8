"""Boxes on images: `crop_and_resize`, `extract_glimpse` and `draw_bounding_boxes`.

A box is `[y1, x1, y2, x2]` in normalized coordinates (0 and 1 are the first and last pixel
centres), as in TensorFlow's object-detection ops.

>>> import neuroflow as tf
>>> image = tf.reshape(tf.range(0.0, 18.0, 2.0), [1, 3, 3, 1])
>>> tf.image.crop_and_resize(image, [[0.5, 0.5, 1.0, 1.0]], [0], [3, 3])[0, :, :, 0].numpy()
array([[ 8.,  9., 10.],
       [11., 12., 13.],
       [14., 15., 16.]], dtype=float32)
"""
import numpy as np

from ..framework import dtypes, errors
from .array_ops import reshape, unstack
from .comparison_ops import greater_equal, less_equal, logical_and
from .indexing_ops import gather, where
from .math_ops import cast, clip_by_value
from .registry import as_tensor, op
from .shape_util import dims
from .unary_ops import ceil, floor

__all__ = ["crop_and_resize", "extract_glimpse", "draw_bounding_boxes"]


def _sample_points(start, end, size, crop):
    """Where the `crop` samples between normalized `start` and `end` fall on an axis of `size` pixels."""
    if crop == 1:
        return reshape(0.5 * (start + end) * (size - 1), [-1, 1])
    steps = as_tensor(np.arange(crop, dtype=np.float32))
    return reshape(start * (size - 1), [-1, 1]) + reshape((end - start) * (size - 1) / (crop - 1), [-1, 1]) * steps


def _rows(images, index, axis):
    """`images[n, index[n, i]]` along `axis` (1: rows, 2: columns), clamped into the image."""
    limit = dims(images)[axis] - 1
    return gather(images, clip_by_value(cast(index, dtypes.int32), 0, limit), axis=axis, batch_dims=1)


def crop_and_resize(image, boxes, box_indices, crop_size, method="bilinear", extrapolation_value=0.0, name=None):
    """Crops `boxes` out of a batch of images and resizes each crop to `crop_size` (float32 result).

    Args:
        image: `[batch, height, width, depth]`.
        boxes: `[num_boxes, 4]` of `[y1, x1, y2, x2]`, normalized; y1 > y2 flips the crop.
        box_indices: `[num_boxes]`, the image each box is cut from.
        crop_size: `[crop_height, crop_width]`.
        method: "bilinear" or "nearest".
        extrapolation_value: the value of samples that fall outside the image.

    Differentiable with respect to `image` and `boxes`, as in TensorFlow.
    """
    if method not in ("bilinear", "nearest"):
        raise ValueError(f"tf.image.crop_and_resize: method must be 'bilinear' or 'nearest', got {method!r}.")
    image = cast(as_tensor(image), dtypes.float32)
    boxes = cast(as_tensor(boxes), dtypes.float32)
    box_indices = cast(as_tensor(box_indices), dtypes.int32)
    shape = dims(image)
    if len(shape) != 4 or len(dims(boxes)) != 2 or dims(boxes)[1] != 4:
        raise errors.InvalidArgumentError(
            None, None, f"tf.image.crop_and_resize: image must be 4-D [batch, height, width, depth] and boxes "
                        f"[num_boxes, 4]; got image shape {shape} and boxes shape {dims(boxes)}.")
    crop_height, crop_width = (int(s) for s in np.asarray(crop_size).reshape(-1))
    if crop_height <= 0 or crop_width <= 0:
        raise errors.InvalidArgumentError(None, None, f"tf.image.crop_and_resize: crop dimensions must be "
                                                      f"positive, got crop_size {[crop_height, crop_width]}.")
    height, width = shape[1], shape[2]
    y1, x1, y2, x2 = unstack(boxes, axis=1)
    ys, xs = _sample_points(y1, y2, height, crop_height), _sample_points(x1, x2, width, crop_width)  # [n, c]
    crops = gather(image, box_indices)                                                             # [n, h, w, d]
    if method == "nearest":  # rounds halves away from zero, as C's roundf (the valid points are >= 0)
        sampled = _rows(_rows(crops, floor(ys + 0.5), 1), floor(xs + 0.5), 2)
    else:
        top, bottom = _rows(crops, floor(ys), 1), _rows(crops, ceil(ys), 1)
        y_lerp = reshape(ys - floor(ys), [-1, crop_height, 1, 1])
        x_lerp = reshape(xs - floor(xs), [-1, 1, crop_width, 1])
        rows = top + (bottom - top) * y_lerp
        left, right = _rows(rows, floor(xs), 2), _rows(rows, ceil(xs), 2)
        sampled = left + (right - left) * x_lerp
    inside_y = logical_and(greater_equal(ys, 0.0), less_equal(ys, float(height - 1)))
    inside_x = logical_and(greater_equal(xs, 0.0), less_equal(xs, float(width - 1)))
    inside = logical_and(reshape(inside_y, [-1, crop_height, 1, 1]), reshape(inside_x, [-1, 1, crop_width, 1]))
    return where(inside, sampled, as_tensor(float(extrapolation_value), dtypes.float32))


@op("ExtractGlimpseV2", stateful=True)
def _extract_glimpse(xp, images, offsets, size, centered, normalized, noise, seed):
    batch, height, width, _ = images.shape
    glimpse_h, glimpse_w = size
    out = xp.zeros((batch, glimpse_h, glimpse_w, images.shape[3]), images.dtype)
    rng = np.random.default_rng(seed)
    for i in range(batch):
        y, x = (float(v) for v in offsets[i])
        if normalized:
            y, x = y * height, x * width
            if centered:
                y, x = y / 2 + height / 2 - glimpse_h / 2, x / 2 + width / 2 - glimpse_w / 2
        elif centered:
            y, x = y + height / 2, x + width / 2
        top, left = int(y), int(x)  # truncates toward zero, as the kernel's cast
        if top < 0 or left < 0 or top + glimpse_h >= height or left + glimpse_w >= width:
            out[i] = _noise(xp, images[i], out[i].shape, noise, rng)
        rows = slice(max(top, 0), max(min(top + glimpse_h, height), 0))
        cols = slice(max(left, 0), max(min(left + glimpse_w, width), 0))
        window = images[i, rows, cols]
        out[i, rows.start - top:rows.start - top + window.shape[0], cols.start - left:cols.start - left + window.shape[1]] = window
    return out


def _noise(xp, image, shape, noise, rng):
    """The fill of a glimpse's part outside the image: uniform over the image's range, gaussian
    with each channel's mean and deviation (clipped to its range), or zeros."""
    if noise == "zero":
        return xp.zeros(shape, image.dtype)
    if noise == "uniform":
        low, high = float(image.min()), float(image.max())
        return xp.asarray(low + rng.random(shape) * (high - low), image.dtype)
    mean, sigma = image.mean(axis=(0, 1)), image.std(axis=(0, 1))
    fill = mean + xp.asarray(rng.standard_normal(shape)) * sigma
    return xp.clip(fill, image.min(axis=(0, 1)), image.max(axis=(0, 1))).astype(image.dtype)


def extract_glimpse(input, size, offsets, centered=True, normalized=True, noise="uniform", name=None):  # noqa: A002
    """Windows of `size` (`[height, width]`) from each image of `input`, located by `offsets`
    (`[batch, 2]` of `(y, x)`), as TensorFlow's `extract_glimpse` (v2) places them.

    `normalized` offsets are in [-1, 1] (`centered`) or [0, 1]; otherwise in pixels, from the
    image centre when `centered`, else from its top-left corner. Parts of a window outside the
    image are filled with `noise`: "uniform", "gaussian" or "zero".

    >>> import neuroflow as tf
    >>> x = tf.reshape(tf.range(9.0), [1, 3, 3, 1])
    >>> tf.image.extract_glimpse(x, size=(2, 2), offsets=[[1, 1]], centered=False, normalized=False)[0, :, :, 0].numpy()
    array([[4., 5.],
           [7., 8.]], dtype=float32)
    """
    if noise not in ("uniform", "gaussian", "zero"):
        raise errors.InvalidArgumentError(None, None, f"tf.image.extract_glimpse: noise must be 'uniform', "
                                                      f"'gaussian' or 'zero', got {noise!r}.")
    images = cast(as_tensor(input), dtypes.float32)
    offsets = cast(as_tensor(offsets), dtypes.float32)
    if len(dims(images)) != 4 or tuple(dims(offsets)) != (dims(images)[0], 2):
        raise errors.InvalidArgumentError(
            None, None, f"tf.image.extract_glimpse: input must be 4-D [batch, height, width, channels] and "
                        f"offsets [batch, 2]; got shapes {dims(images)} and {dims(offsets)}.")
    glimpse = tuple(int(s) for s in np.asarray(size).reshape(-1))
    seed = int(np.random.SeedSequence().generate_state(1)[0])
    return _extract_glimpse(images, offsets, size=glimpse, centered=bool(centered), normalized=bool(normalized),
                            noise=noise, seed=seed)


_DEFAULT_COLORS = np.array([[1, 1, 0, 1], [0, 0, 1, 1], [1, 0, 0, 1], [0, 1, 0, 1], [0.5, 0, 0.5, 1],
                            [0.5, 0.5, 0, 1], [0.5, 0, 0, 1], [0, 0, 0.5, 1], [0, 1, 1, 1], [1, 0, 1, 1]], np.float32)


@op("DrawBoundingBoxesV2")
def _draw_bounding_boxes(xp, images, boxes, colors):
    out = images.copy()
    _, height, width, depth = images.shape
    colors = colors if colors.shape[0] else xp.asarray(_DEFAULT_COLORS)
    for b in range(images.shape[0]):
        for k, box in enumerate(boxes[b].tolist()):
            color = colors[k % colors.shape[0], :depth].astype(images.dtype)
            top, left = int(box[0] * (height - 1)), int(box[1] * (width - 1))
            bottom, right = int(box[2] * (height - 1)), int(box[3] * (width - 1))
            if top > bottom or left > right or top >= height or bottom < 0 or left >= width or right < 0:
                continue
            rows, cols = slice(max(top, 0), min(bottom, height - 1) + 1), slice(max(left, 0), min(right, width - 1) + 1)
            for row in (top, bottom):
                if 0 <= row < height:
                    out[b, row, cols] = color
            for col in (left, right):
                if 0 <= col < width:
                    out[b, rows, col] = color
    return out


def draw_bounding_boxes(images, boxes, colors, name=None):
    """`images` (`[batch, height, width, depth]`) with the outline of each box of `boxes`
    (`[batch, num_boxes, 4]`, normalized `[y1, x1, y2, x2]`) drawn one pixel wide, cycling through
    `colors` (`[num_colors, >= depth]`, RGBA; None: TensorFlow's ten default colours).
    """
    images = as_tensor(images)
    boxes = cast(as_tensor(boxes), dtypes.float32)
    colors = np.zeros((0, 4), np.float32) if colors is None else np.asarray(colors, np.float32)
    shape = dims(images)
    if len(shape) != 4 or len(dims(boxes)) != 3 or dims(boxes)[2] != 4 or dims(boxes)[0] != shape[0]:
        raise errors.InvalidArgumentError(
            None, None, f"tf.image.draw_bounding_boxes: images must be [batch, height, width, depth] and boxes "
                        f"[batch, num_boxes, 4]; got shapes {shape} and {dims(boxes)}.")
    if colors.shape[0] and (colors.ndim != 2 or colors.shape[1] < shape[3]):
        raise errors.InvalidArgumentError(
            None, None, f"tf.image.draw_bounding_boxes: colors must be [num_colors, >= depth ({shape[3]})]; "
                        f"got shape {list(colors.shape)}.")
    return _draw_bounding_boxes(images, boxes, as_tensor(colors))
