"""Image quality measures (`tf.image`): PSNR, SSIM and total variation, differentiable (usable as losses).

SSIM follows TensorFlow's `tf.image.ssim`: an 11x11 Gaussian window (sigma 1.5) slid over each
channel without padding, then averaged. The window is separable, so it runs as the same
two-matrix map that resizing uses (`ResizeSeparable`), and its gradient comes with it.

>>> import neuroflow as tf
>>> image = tf.random.uniform([1, 16, 16, 3], seed=1)
>>> float(tf.image.ssim(image, image, max_val=1.0)[0])
1.0
>>> float(tf.image.psnr(tf.zeros([4, 4, 1]), tf.fill([4, 4, 1], 0.1), max_val=1.0))
20.0
"""
import functools

import numpy as np

from ..framework import dtypes
from .image_color_ops import convert_image_dtype
from .image_resize_ops import resample
from .math_ops import cast, log, square, squared_difference
from .reduction_ops import reduce_mean, reduce_sum
from .registry import as_tensor
from .array_ops import reshape
from .shape_util import dims
from .unary_ops import abs  # noqa: A004 - tf.math.abs

__all__ = ["psnr", "ssim", "total_variation"]


def _pair(a, b, fn_name):
    """Both images as float32 tensors of one shape (rank >= 3), else a ValueError naming the shapes."""
    a, b = as_tensor(a), as_tensor(b)
    if len(dims(a)) < 3 or tuple(dims(a)) != tuple(dims(b)):
        raise ValueError(f"tf.image.{fn_name}: the two images must have the same shape [..., height, width, "
                         f"channels]; got {tuple(dims(a))} and {tuple(dims(b))}.")
    return a, b


def _max_value(max_val, dtype):
    return convert_image_dtype(cast(max_val, dtype), dtypes.float32)


def psnr(a, b, max_val, name=None):
    """Peak signal-to-noise ratio per image, in dB: `20 log10(max_val) - 10 log10(mean squared error)`.

    Args:
        a, b: images `[..., height, width, channels]` of one shape and dtype.
        max_val: the dynamic range (1.0 for floats in [0, 1], 255 for uint8 pixels).
    """
    a, b = _pair(a, b, "psnr")
    peak = _max_value(max_val, a.dtype)
    a, b = convert_image_dtype(a, dtypes.float32), convert_image_dtype(b, dtypes.float32)
    mse = reduce_mean(squared_difference(a, b), [-3, -2, -1])
    return 20 * log(peak) / np.log(10.0).astype(np.float32) - np.float32(10 / np.log(10)) * log(mse)


@functools.lru_cache(maxsize=64)
def _window(size, window, sigma):
    """The `[size - window + 1, size]` matrix of TensorFlow's normalized Gaussian, slid without padding."""
    coords = np.arange(window, dtype=np.float32) - np.float32(window - 1) / 2
    gauss = np.exp(coords * coords * np.float32(-0.5 / sigma ** 2))
    gauss /= gauss.sum()
    matrix = np.zeros((size - window + 1, size), np.float32)
    for row in range(size - window + 1):
        matrix[row, row:row + window] = gauss
    matrix.flags.writeable = False
    return matrix


def ssim(img1, img2, max_val, filter_size=11, filter_sigma=1.5, k1=0.01, k2=0.03, return_index_map=False):
    """Structural similarity between two images or batches, averaged over channels (1.0 for equal images).

    Args:
        img1, img2: images `[..., height, width, channels]` of one shape; height and width at least
            `filter_size`.
        max_val: the dynamic range (1.0 for floats in [0, 1], 255 for uint8 pixels).
        filter_size, filter_sigma: the Gaussian window (default 11 and 1.5).
        k1, k2: the stabilizing constants of the luminance and contrast-structure terms.
        return_index_map: return the per-position SSIM map instead of its mean.

    Returns:
        One value per image (`img1.shape[:-3]`), or the map `[..., height', width']`.
    """
    img1, img2 = _pair(img1, img2, "ssim")
    shape = tuple(dims(img1))
    height, width, channels = shape[-3:]
    if min(height, width) < filter_size:
        raise ValueError(f"tf.image.ssim: images of {height}x{width} are smaller than the {filter_size}x{filter_size} "
                         "window. Pass a smaller filter_size or larger images.")
    peak = _max_value(max_val, img1.dtype)
    x, y = (reshape(convert_image_dtype(img, dtypes.float32), (-1, height, width, channels)) for img in (img1, img2))
    rows = _window(height, filter_size, float(filter_sigma))
    cols = _window(width, filter_size, float(filter_sigma))

    def local_mean(t):
        return resample(t, rows, cols)

    c1, c2 = square(k1 * peak), square(k2 * peak)
    mean_x, mean_y = local_mean(x), local_mean(y)
    num0 = mean_x * mean_y * 2.0
    den0 = square(mean_x) + square(mean_y)
    luminance = (num0 + c1) / (den0 + c1)
    contrast_structure = (local_mean(x * y) * 2.0 - num0 + c2) / (local_mean(square(x) + square(y)) - den0 + c2)
    per_position = reduce_mean(luminance * contrast_structure, [-1])
    out_shape = shape[:-3] + tuple(dims(per_position)[1:])
    if return_index_map:
        return reshape(per_position, out_shape)
    return reshape(reduce_mean(per_position, [-2, -1]), shape[:-3])


def total_variation(images, name=None):
    """The sum of absolute differences between neighbouring pixels: one value per image of a batch.

    >>> import neuroflow as tf
    >>> float(tf.image.total_variation([[[0.0], [1.0]], [[1.0], [3.0]]]))   # (1 + 2) down + (1 + 2) across
    6.0
    """
    images = as_tensor(images)
    rank = len(dims(images))
    if rank not in (3, 4):
        raise ValueError(f"tf.image.total_variation: 'images' must be either 3 or 4-dimensional, got shape "
                         f"{tuple(dims(images))}.")
    axes = None if rank == 3 else [1, 2, 3]
    down = images[..., 1:, :, :] - images[..., :-1, :, :]
    across = images[..., :, 1:, :] - images[..., :, :-1, :]
    return reduce_sum(abs(down), axis=axes) + reduce_sum(abs(across), axis=axes)
