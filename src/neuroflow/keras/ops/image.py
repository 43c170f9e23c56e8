"""`keras.ops.image`: Keras 3's image ops (resize, affine warps, patches, colour, pad/crop), over `tf.image`.

Each takes `data_format` ("channels_last" by default, from `keras.config.image_data_format()`)
and images of rank 3 (one image) or 4 (a batch).

>>> import numpy as np
>>> from neuroflow import keras
>>> x = np.arange(16, dtype="float32").reshape(1, 4, 4, 1)
>>> keras.ops.image.resize(x, (2, 2))[0, ..., 0].numpy()
array([[ 2.5,  4.5],
       [10.5, 12.5]], dtype=float32)
>>> crop = keras.ops.image.crop_images(x, top_cropping=1, left_cropping=1, target_height=2, target_width=2)
>>> crop[0, ..., 0].numpy()
array([[ 5.,  6.],
       [ 9., 10.]], dtype=float32)
"""
import numpy as np

from ...framework import dtypes
from ...ops.array_ops import expand_dims, pad, squeeze, transpose
from ...ops.image_color_ops import hsv_to_rgb as _hsv_to_rgb, rgb_to_hsv as _rgb_to_hsv
from ...ops.image_ops import extract_patches as _extract_patches
from ...ops.image_resize_ops import resize as _resize
from ...ops.image_transform_ops import FILL_MODES, INTERPOLATIONS, projective_transform
from ...ops.math_ops import cast, matmul
from ...ops.registry import as_tensor
from ...ops.shape_util import dims
from ..utils.argument_validation import standardize_data_format, standardize_tuple

__all__ = ["resize", "affine_transform", "extract_patches", "rgb_to_grayscale", "rgb_to_hsv", "hsv_to_rgb",
           "pad_images", "crop_images", "aspect_crop"]

RESIZE_INTERPOLATIONS = ("bilinear", "nearest", "lanczos3", "lanczos5", "bicubic", "area")


def channels_last_batch(images, data_format):
    """`images` as a channels-last batch, and the function that restores the caller's layout and rank.

    (A helper for these ops and the image layers; not part of Keras' API.)
    """
    images = as_tensor(images)
    rank = len(dims(images))
    if rank not in (3, 4):
        raise ValueError("Invalid images rank: expected rank 3 (single image) or rank 4 (batch of images). "
                         f"Received input with shape: images.shape={tuple(dims(images))}")
    first = standardize_data_format(data_format) == "channels_first"
    batch = expand_dims(images, 0) if rank == 3 else images
    batch = transpose(batch, [0, 2, 3, 1]) if first else batch

    def restore(out):
        out = transpose(out, [0, 3, 1, 2]) if first else out
        return squeeze(out, [0]) if rank == 3 else out
    return batch, restore


def aspect_crop(height, width, target_height, target_width):
    """(top, left, crop height, crop width): the largest centred box with the target's aspect ratio, as Keras."""
    crop_height = max(min(height, int(float(np.float32(width * target_height) / np.float32(target_width)))), 1)
    crop_width = max(min(width, int(float(np.float32(height * target_width) / np.float32(target_height)))), 1)
    return int((height - crop_height) / 2), int((width - crop_width) / 2), crop_height, crop_width


def resize(images, size, interpolation="bilinear", antialias=False, crop_to_aspect_ratio=False,
           pad_to_aspect_ratio=False, fill_mode="constant", fill_value=0.0, data_format=None):
    """Resizes images to `size = (height, width)`, optionally cropping or padding to its aspect ratio first.

    Args:
        images: rank 3 or 4.
        size: `(height, width)`.
        interpolation: "bilinear", "nearest", "lanczos3", "lanczos5", "bicubic" or "area".
        antialias: filter the input when shrinking.
        crop_to_aspect_ratio: first crop the largest centred box with the target's aspect ratio.
        pad_to_aspect_ratio: first pad both sides with `fill_value` to the target's aspect ratio.
        fill_mode: "constant" (the only mode).
        fill_value: the padding value.
        data_format: "channels_last" or "channels_first".
    """
    if interpolation not in RESIZE_INTERPOLATIONS:
        raise ValueError(f"Invalid value for argument `interpolation`. Expected of one {RESIZE_INTERPOLATIONS}. "
                         f"Received: interpolation={interpolation}")
    if fill_mode != "constant":
        raise ValueError(f"Invalid value for argument `fill_mode`. Only `'constant'` is supported. "
                         f"Received: fill_mode={fill_mode}")
    if pad_to_aspect_ratio and crop_to_aspect_ratio:
        raise ValueError("Only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio` can be `True`.")
    if len(size) != 2:
        raise ValueError(f"Argument `size` must be a tuple of two elements (height, width). Received: size={size}")
    batch, restore = channels_last_batch(images, data_format)
    height, width = dims(batch)[1:3]
    target_height, target_width = (int(s) for s in size)
    if crop_to_aspect_ratio:
        top, left, rows, cols = aspect_crop(height, width, target_height, target_width)
        batch = batch[:, top:top + rows, left:left + cols]
    elif pad_to_aspect_ratio:
        rows = max(height, int(float(np.float32(width * target_height) / np.float32(target_width))))
        cols = max(width, int(float(np.float32(height * target_width) / np.float32(target_height))))
        top, left = int((rows - height) / 2), int((cols - width) / 2)
        fill = fill_value if batch.dtype.is_floating else int(fill_value)
        batch = pad(batch, [[0, 0], [top, top], [left, left], [0, 0]], constant_values=fill)
    return restore(_resize(batch, [target_height, target_width], method=interpolation, antialias=antialias))


def affine_transform(images, transform, interpolation="bilinear", fill_mode="constant", fill_value=0,
                     data_format=None):
    """Warps images by projective transforms `[a0, a1, a2, b0, b1, b2, c0, c1]` (output → input coordinates).

    Args:
        images: rank 3 or 4.
        transform: `[8]` or `[batch, 8]`.
        interpolation: "bilinear" or "nearest".
        fill_mode: "constant", "nearest", "wrap" or "reflect" (points outside the image).
        fill_value: the value outside the image with `fill_mode="constant"`.
        data_format: "channels_last" or "channels_first".
    """
    if interpolation not in INTERPOLATIONS:
        raise ValueError(f"Invalid value for argument `interpolation`. Expected of one {INTERPOLATIONS}. "
                         f"Received: interpolation={interpolation}")
    if fill_mode not in FILL_MODES:
        raise ValueError(f"Invalid value for argument `fill_mode`. Expected of one {FILL_MODES}. "
                         f"Received: fill_mode={fill_mode}")
    transform = as_tensor(transform)
    if len(dims(transform)) not in (1, 2):
        raise ValueError("Invalid transform rank: expected rank 1 (single transform) or rank 2 (batch of "
                         f"transforms). Received input with shape: transform.shape={tuple(dims(transform))}")
    batch, restore = channels_last_batch(images, data_format)
    transform = expand_dims(transform, 0) if len(dims(transform)) == 1 else transform
    return restore(projective_transform(batch, transform, interpolation=interpolation, fill_mode=fill_mode,
                                        fill_value=fill_value))


def extract_patches(images, size, strides=None, dilation_rate=1, padding="valid", data_format=None):
    """Patches of `size` (an int or (rows, cols)) laid out along the channels: `rows * cols * channels` of them.

    Args:
        images: rank 3 or 4.
        size: the patch size.
        strides: the step between patches (default: `size`, non-overlapping).
        dilation_rate: the spacing of a patch's pixels.
        padding: "valid" or "same".
        data_format: "channels_last" or "channels_first".
    """
    rows, cols = standardize_tuple(size, 2, "size")
    row_step, col_step = standardize_tuple(strides or size, 2, "strides")
    row_rate, col_rate = standardize_tuple(dilation_rate, 2, "dilation_rate")
    batch, restore = channels_last_batch(images, data_format)
    return restore(_extract_patches(batch, [1, rows, cols, 1], [1, row_step, col_step, 1],
                                    [1, row_rate, col_rate, 1], padding.upper()))


def rgb_to_grayscale(images, data_format=None):
    """Weights the RGB channels (0.2989, 0.5870, 0.1140) into one, keeping the input's dtype (no rescaling)."""
    batch, restore = channels_last_batch(images, data_format)
    original = batch.dtype
    compute = original if original.is_floating else dtypes.float32
    gray = matmul(cast(batch, compute), np.array([[0.2989], [0.5870], [0.1140]], compute.as_numpy_dtype))
    return restore(cast(gray, original))


def rgb_to_hsv(images, data_format=None):
    """RGB (floats in [0, 1]) to hue, saturation, value."""
    batch, restore = channels_last_batch(images, data_format)
    return restore(_rgb_to_hsv(batch))


def hsv_to_rgb(images, data_format=None):
    """Hue, saturation, value back to RGB."""
    batch, restore = channels_last_batch(images, data_format)
    return restore(_hsv_to_rgb(batch))


def _solve(before, after, target, size, names, padding):
    """Two of (before, after, target) given: all three, from `before + size + after = target` when padding,
    `before + target + after = size` when cropping; each must come out >= 0."""
    given = dict(zip(names, (before, after, target)))
    if list(given.values()).count(None) != 1:
        raise ValueError(f"Must specify exactly two of {', '.join(names)}. Received: "
                         + ", ".join(f"{name}={value}" for name, value in given.items()))
    outer, inner = (target, size) if padding else (size, target)
    if before is None:
        before = outer - inner - after
    elif after is None:
        after = outer - inner - before
    elif padding:
        target = before + size + after
    else:
        target = size - before - after
    for name, value in zip(names, (before, after, target)):
        if value < 0:
            raise ValueError(f"{name} must be >= 0. Received: {name}={value} (the image's side is {size}).")
    return before, after, target


def pad_images(images, top_padding=None, left_padding=None, bottom_padding=None, right_padding=None,
               target_height=None, target_width=None, data_format=None):
    """Zero-pads images; give two of (top, bottom, target height) and two of (left, right, target width)."""
    batch, restore = channels_last_batch(images, data_format)
    height, width = dims(batch)[1:3]
    top, bottom, _ = _solve(top_padding, bottom_padding, target_height, height,
                            ("top_padding", "bottom_padding", "target_height"), padding=True)
    left, right, _ = _solve(left_padding, right_padding, target_width, width,
                            ("left_padding", "right_padding", "target_width"), padding=True)
    return restore(pad(batch, [[0, 0], [top, bottom], [left, right], [0, 0]]))


def crop_images(images, top_cropping=None, left_cropping=None, bottom_cropping=None, right_cropping=None,
                target_height=None, target_width=None, data_format=None):
    """Crops images; give two of (top, bottom, target height) and two of (left, right, target width)."""
    batch, restore = channels_last_batch(images, data_format)
    height, width = dims(batch)[1:3]
    top, _, rows = _solve(top_cropping, bottom_cropping, target_height, height,
                          ("top_cropping", "bottom_cropping", "target_height"), padding=False)
    left, _, cols = _solve(left_cropping, right_cropping, target_width, width,
                           ("left_cropping", "right_cropping", "target_width"), padding=False)
    return restore(batch[:, top:top + rows, left:left + cols])
