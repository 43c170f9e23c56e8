"""Image colour and value adjustments (`tf.image`): dtype conversion, grayscale, HSV, brightness, contrast.

Integer images hold values in `[0, dtype.max]`, floating images in `[0, 1]`;
`convert_image_dtype` moves between the two scales as TensorFlow does, and the
`adjust_*` functions work in float32 and convert back to the input's dtype.

>>> import neuroflow as tf
>>> tf.image.convert_image_dtype(tf.constant([0, 128, 255], tf.uint8), tf.float32).numpy()
array([0.       , 0.5019608, 1.       ], dtype=float32)
>>> tf.image.convert_image_dtype(tf.constant([0.0, 0.5, 1.0]), tf.uint8).numpy()
array([  0, 127, 255], dtype=uint8)
"""
import numpy as np

from ..framework import dtypes
from .array_ops import concat, stack, tile
from .creation_ops import ones_like, zeros_like
from .indexing_ops import where
from .image_ops import image_tensor
from .math_ops import cast, clip_by_value, floordiv, floormod, matmul, maximum, minimum, multiply
from .reduction_ops import reduce_max, reduce_mean, reduce_min, reduce_std, reduce_sum
from .registry import as_tensor
from .shape_util import dims
from .unary_ops import abs, floor, rsqrt  # noqa: A004 - tf.math.abs

__all__ = ["convert_image_dtype", "rgb_to_grayscale", "grayscale_to_rgb", "rgb_to_hsv", "hsv_to_rgb",
           "rgb_to_yuv", "yuv_to_rgb", "rgb_to_yiq", "yiq_to_rgb",
           "adjust_brightness", "adjust_contrast", "adjust_saturation", "adjust_hue", "adjust_gamma",
           "per_image_standardization"]

_RGB_WEIGHTS = (0.2989, 0.5870, 0.1140)


def _saturate_cast(x, dtype):
    """`cast(x, dtype)`, with values first clamped to `dtype`'s range."""
    if x.dtype.is_integer or x.dtype.is_floating:
        if dtype.min > x.dtype.min:
            x = maximum(x, cast(dtype.min, x.dtype))
        if dtype.max < x.dtype.max:
            x = minimum(x, cast(dtype.max, x.dtype))
    return cast(x, dtype)


def convert_image_dtype(image, dtype, saturate=False, name=None):
    """Converts `image` to `dtype`, rescaling values: floats span [0, 1], integers [0, dtype.max].

    Args:
        image: the image tensor.
        dtype: the target dtype.
        saturate: clamp to the target range before casting (avoids wrap-around).
    """
    image = as_tensor(image)
    dtype = dtypes.as_dtype(dtype)
    for kind, what in ((dtype, "dtype"), (image.dtype, "image dtype")):
        if not (kind.is_floating or kind.is_integer):
            raise AttributeError(f"{what} must be either floating point or integer, got {kind.name}.")
    if dtype == image.dtype:
        return image
    if image.dtype.is_integer and dtype.is_integer:
        scale_in, scale_out = image.dtype.max, dtype.max
        if scale_in > scale_out:
            scaled = floordiv(image, (scale_in + 1) // (scale_out + 1))
            return _saturate_cast(scaled, dtype) if saturate else cast(scaled, dtype)
        converted = _saturate_cast(image, dtype) if saturate else cast(image, dtype)
        return converted * ((scale_out + 1) // (scale_in + 1))
    if image.dtype.is_floating and dtype.is_floating:
        return cast(image, dtype)
    if image.dtype.is_integer:
        return multiply(cast(image, dtype), 1.0 / image.dtype.max)
    scaled = image * (dtype.max + 0.5)  # + 0.5 avoids rounding problems in the cast
    return _saturate_cast(scaled, dtype) if saturate else cast(scaled, dtype)


def _as_float(image):
    """The image in float32 (float16/float32 stay), as the adjust_* functions work."""
    return image if image.dtype in (dtypes.float16, dtypes.float32) else convert_image_dtype(image, dtypes.float32)


def _check_channels(image, channels, fn_name):
    image = as_tensor(image)
    shape = dims(image)
    if not shape or shape[-1] != channels:
        raise ValueError(f"tf.image.{fn_name}: expected the last dimension to be {channels} (channels), got an "
                         f"image of shape {tuple(shape)}.")
    return image


def rgb_to_grayscale(images, name=None):
    """Luma of RGB images (weights 0.2989, 0.5870, 0.1140): the last dimension becomes 1.

    >>> import neuroflow as tf
    >>> tf.image.rgb_to_grayscale([[[1.0, 1.0, 1.0]]]).numpy()
    array([[[0.99990004]]], dtype=float32)
    """
    images = _check_channels(images, 3, "rgb_to_grayscale")
    gray = reduce_sum(convert_image_dtype(images, dtypes.float32) * np.array(_RGB_WEIGHTS, np.float32), axis=-1,
                      keepdims=True)
    return convert_image_dtype(gray, images.dtype)


def grayscale_to_rgb(images, name=None):
    """Repeats a single channel three times.

    >>> import neuroflow as tf
    >>> tf.image.grayscale_to_rgb(tf.zeros([4, 4, 1])).shape
    TensorShape([4, 4, 3])
    """
    images = _check_channels(images, 1, "grayscale_to_rgb")
    return tile(images, [1] * (len(dims(images)) - 1) + [3])


def _rgb_to_hsv(rgb):
    """Hue, saturation, value from RGB, composed of public ops (so exact gradients flow, except at ties)."""
    red, green, blue = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    value = reduce_max(rgb, axis=-1)
    spread = value - reduce_min(rgb, axis=-1)
    saturation = where(value > 0, spread / where(value > 0, value, ones_like(value)), zeros_like(value))
    norm = 1.0 / (6.0 * where(spread > 0, spread, ones_like(spread)))
    hue = where(red == value, norm * (green - blue),
                where(green == value, norm * (blue - red) + 2 / 6, norm * (red - green) + 4 / 6))
    hue = where(spread > 0, hue, zeros_like(hue))
    hue = where(hue < 0, hue + 1.0, hue)
    return stack([hue, saturation, value], axis=-1)


def _hsv_to_rgb(hsv):
    """RGB from hue, saturation, value (TensorFlow's piecewise-linear formula), composed of public ops."""
    hue, saturation, value = hsv[..., 0] * 6.0, hsv[..., 1], hsv[..., 2]
    channels = (abs(hue - 3.0) - 1.0, 2.0 - abs(hue - 2.0), 2.0 - abs(hue - 4.0))
    return stack([((1.0 - saturation) + saturation * clip_by_value(c, 0.0, 1.0)) * value for c in channels], axis=-1)


def rgb_to_hsv(images, name=None):
    """RGB (floats in [0, 1]) to hue, saturation, value, each in [0, 1].

    >>> import neuroflow as tf
    >>> tf.image.rgb_to_hsv([[0.0, 0.5, 1.0]]).numpy()
    array([[0.5833334, 1.       , 1.       ]], dtype=float32)
    """
    return _rgb_to_hsv(_check_channels(images, 3, "rgb_to_hsv"))


def hsv_to_rgb(images, name=None):
    """Hue, saturation, value (each in [0, 1]) back to RGB.

    >>> import neuroflow as tf
    >>> tf.image.hsv_to_rgb([[0.5833333, 1.0, 1.0]]).numpy().round(4)
    array([[0. , 0.5, 1. ]], dtype=float32)
    """
    return _hsv_to_rgb(_check_channels(images, 3, "hsv_to_rgb"))


# TensorFlow's colour-space matrices: out[..., j] = sum_i in[..., i] * kernel[i][j].
_RGB_TO_YUV = ((0.299, -0.14714119, 0.61497538), (0.587, -0.28886916, -0.51496512), (0.114, 0.43601035, -0.10001026))
_YUV_TO_RGB = ((1, 1, 1), (0, -0.394642334, 2.03206185), (1.13988303, -0.58062185, 0))
_RGB_TO_YIQ = ((0.299, 0.59590059, 0.2115), (0.587, -0.27455667, -0.52273617), (0.114, -0.32134392, 0.31119955))
_YIQ_TO_RGB = ((1, 1, 1), (0.95598634, -0.27201283, -1.10674021), (0.6208248, -0.64720424, 1.70423049))


def _linear_colour(images, kernel, fn_name):
    images = _check_channels(images, 3, fn_name)
    return matmul(images, np.array(kernel, images.dtype.as_numpy_dtype))


def rgb_to_yuv(images):
    """RGB (floats in [0, 1]) to YUV: luma Y in [0, 1], chroma U, V in about [-0.5, 0.5].

    >>> import neuroflow as tf
    >>> tf.image.rgb_to_yuv([[1.0, 1.0, 1.0]]).numpy().round(4)
    array([[1., 0., 0.]], dtype=float32)
    """
    return _linear_colour(images, _RGB_TO_YUV, "rgb_to_yuv")


def yuv_to_rgb(images):
    """YUV back to RGB (the inverse of `rgb_to_yuv`)."""
    return _linear_colour(images, _YUV_TO_RGB, "yuv_to_rgb")


def rgb_to_yiq(images):
    """RGB (floats in [0, 1]) to YIQ (luma, in-phase, quadrature)."""
    return _linear_colour(images, _RGB_TO_YIQ, "rgb_to_yiq")


def yiq_to_rgb(images):
    """YIQ back to RGB (the inverse of `rgb_to_yiq`)."""
    return _linear_colour(images, _YIQ_TO_RGB, "yiq_to_rgb")


def adjust_brightness(image, delta):
    """Adds `delta` to every value (in float, then back to the image's dtype, saturating).

    >>> import neuroflow as tf
    >>> tf.image.adjust_brightness(tf.constant([250, 10], tf.uint8), 0.1).numpy()
    array([255,  35], dtype=uint8)
    """
    image = as_tensor(image)
    flt = _as_float(image)
    return convert_image_dtype(flt + cast(delta, flt.dtype), image.dtype, saturate=True)


def adjust_contrast(images, contrast_factor):
    """`(x - mean) * contrast_factor + mean` per image and channel, the mean taken over height and width.

    >>> import neuroflow as tf
    >>> tf.image.adjust_contrast([[[1.0], [3.0]]], 2.0)[..., 0].numpy()
    array([[0., 4.]], dtype=float32)
    """
    images = image_tensor(images, "adjust_contrast")
    flt = _as_float(images)
    mean = reduce_mean(flt, axis=[-3, -2], keepdims=True)
    adjusted = (flt - mean) * cast(contrast_factor, flt.dtype) + mean
    return convert_image_dtype(adjusted, images.dtype, saturate=True)


def adjust_saturation(image, saturation_factor, name=None):
    """Multiplies the HSV saturation by `saturation_factor` (clamped to [0, 1]).

    >>> import neuroflow as tf
    >>> tf.image.adjust_saturation([[[1.0, 0.5, 0.5]]], 0.0).numpy()
    array([[[1., 1., 1.]]], dtype=float32)
    """
    image = _check_channels(image, 3, "adjust_saturation")
    flt = _as_float(image)
    hsv = _rgb_to_hsv(cast(flt, dtypes.float32))
    saturation = minimum(maximum(hsv[..., 1:2] * cast(saturation_factor, dtypes.float32), 0.0), 1.0)
    adjusted = _hsv_to_rgb(concat([hsv[..., :1], saturation, hsv[..., 2:]], axis=-1))
    return convert_image_dtype(cast(adjusted, flt.dtype), image.dtype)


def adjust_hue(image, delta, name=None):
    """Rotates the hue by `delta` (in [-1, 1], a fraction of the colour wheel).

    >>> import neuroflow as tf
    >>> tf.image.adjust_hue([[[1.0, 0.0, 0.0]]], 1 / 3).numpy().round(4)
    array([[[0., 1., 0.]]], dtype=float32)
    """
    if isinstance(delta, (int, float)) and not -1 <= delta <= 1:
        raise ValueError(f"tf.image.adjust_hue: delta must be in the interval [-1, 1], got {delta}.")
    image = _check_channels(image, 3, "adjust_hue")
    flt = _as_float(image)
    adjusted = _rotate_hue(cast(flt, dtypes.float32), cast(delta, dtypes.float32))
    return convert_image_dtype(cast(adjusted, flt.dtype), image.dtype)


# Which of (largest, middle, smallest) channel value each of R, G, B takes in the six hue sectors.
_SECTORS = {"red": (0, 1, 2, 2, 1, 0), "green": (1, 0, 0, 1, 2, 2), "blue": (2, 2, 1, 0, 0, 1)}


def _rotate_hue(rgb, delta):
    """TensorFlow's AdjustHue kernel, composed of public ops: the hue (in sixths of the wheel)
    moves by `delta` while each pixel keeps its largest and smallest channel values exactly."""
    red, green, blue = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    high, low = reduce_max(rgb, axis=-1), reduce_min(rgb, axis=-1)
    red_below_green = red < green
    sector = where(red_below_green, where(blue < red, 1.0, where(blue > green, 3.0, 2.0)),
                   where(blue < green, 0.0, where(blue > red, 4.0, 5.0)))
    middle = where(red_below_green, where(blue < red, red, where(blue > green, green, blue)),
                   where(blue < green, green, where(blue > red, red, blue)))
    spread = high - low
    flat = spread == 0
    ratio = (middle - low) / where(flat, ones_like(spread), spread)
    rising = floormod(sector, 2.0) == 0
    hue = where(flat, zeros_like(ratio), sector + where(rising, ratio, 1.0 - ratio)) + delta * 6.0
    hue = where(hue < 0, hue + 6.0, hue)
    hue = where(hue >= 6.0, hue - 6.0, hue)
    sector = floor(hue)
    ratio = hue - sector
    middle = low + where(floormod(sector, 2.0) == 0, ratio, 1.0 - ratio) * spread
    values = (high, middle, low)
    channels = []
    for picks in _SECTORS.values():
        channel = values[picks[5]]
        for k in range(4, -1, -1):
            channel = where(sector == float(k), values[picks[k]], channel)
        channels.append(channel)
    return stack(channels, axis=-1)


def adjust_gamma(image, gamma=1, gain=1):
    """`gain * image ** gamma` (in float, then back to the image's dtype, saturating).

    >>> import neuroflow as tf
    >>> tf.image.adjust_gamma([0.25, 1.0], gamma=0.5).numpy()
    array([0.5, 1. ], dtype=float32)
    """
    if gamma < 0:
        raise ValueError(f"tf.image.adjust_gamma: gamma should be a non-negative real number, got {gamma}.")
    image = as_tensor(image)
    flt = _as_float(image)
    return convert_image_dtype(flt ** cast(gamma, flt.dtype) * cast(gain, flt.dtype), image.dtype, saturate=True)


def per_image_standardization(image):
    """Scales each image to zero mean and unit variance: `(x - mean) / max(stddev, 1 / sqrt(N))`.

    >>> import neuroflow as tf
    >>> tf.image.per_image_standardization([[[1.0], [3.0]]])[..., 0].numpy()
    array([[-1.,  1.]], dtype=float32)
    """
    image = cast(image_tensor(image, "per_image_standardization"), dtypes.float32)
    count = int(np.prod(dims(image)[-3:]))
    mean = reduce_mean(image, axis=[-1, -2, -3], keepdims=True)
    stddev = reduce_std(image, axis=[-1, -2, -3], keepdims=True)
    return (image - mean) / maximum(stddev, rsqrt(cast(count, dtypes.float32)))
