"""Random image augmentation (`tf.image.random_*` and `tf.image.stateless_random_*`).

The `random_*` functions draw from `tf.random`'s seeded streams (`seed=` an op seed); the
`stateless_random_*` ones take `seed=[a, b]` and give the same result for the same seed.
Batches draw one value per image.

>>> import neuroflow as tf
>>> image = tf.reshape(tf.range(4.0), [1, 4, 1])
>>> flipped = tf.image.stateless_random_flip_left_right(image, seed=[1, 2])
>>> flipped[0, :, 0].numpy().tolist() in ([0.0, 1.0, 2.0, 3.0], [3.0, 2.0, 1.0, 0.0])
True
"""
from ..framework import dtypes
from .array_ops import reverse
from .comparison_ops import greater, less
from .image_color_ops import adjust_brightness, adjust_contrast, adjust_hue, adjust_saturation
from .image_ops import crop_window, image_tensor
from .indexing_ops import where
from .random_ops import stateless_uniform, uniform
from .registry import as_tensor
from .shape_util import dims

__all__ = ["random_flip_left_right", "random_flip_up_down", "random_brightness", "random_contrast",
           "random_saturation", "random_hue", "random_crop", "stateless_random_flip_left_right",
           "stateless_random_flip_up_down", "stateless_random_brightness", "stateless_random_contrast",
           "stateless_random_saturation", "stateless_random_hue", "stateless_random_crop"]


def _draw(seed, stateless):
    """`draw(shape, minval, maxval)`: uniform samples from the op seed, or from a stateless seed pair."""
    if stateless:
        return lambda shape, minval, maxval: stateless_uniform(shape, seed, minval, maxval)
    return lambda shape, minval, maxval: uniform(shape, minval, maxval, seed=seed)


def _flip(image, axis, draw, fn_name):
    """As TensorFlow decides: one image flips when its draw is below 1/2, a batch's images
    where theirs round to 1 (above 1/2), so seeded results match TensorFlow's."""
    image = image_tensor(image, fn_name)
    shape = dims(image)
    if len(shape) == 4:
        return where(greater(draw([shape[0], 1, 1, 1], 0.0, 1.0), 0.5), reverse(image, [axis]), image)
    return where(less(draw([], 0.0, 1.0), 0.5), reverse(image, [axis]), image)


def random_flip_left_right(image, seed=None):
    """Mirrors each image horizontally with probability 1/2."""
    return _flip(image, -2, _draw(seed, False), "random_flip_left_right")


def random_flip_up_down(image, seed=None):
    """Mirrors each image vertically with probability 1/2."""
    return _flip(image, -3, _draw(seed, False), "random_flip_up_down")


def stateless_random_flip_left_right(image, seed):
    """Mirrors each image horizontally with probability 1/2, determined by `seed` (a pair of ints)."""
    return _flip(image, -2, _draw(seed, True), "stateless_random_flip_left_right")


def stateless_random_flip_up_down(image, seed):
    """Mirrors each image vertically with probability 1/2, determined by `seed` (a pair of ints)."""
    return _flip(image, -3, _draw(seed, True), "stateless_random_flip_up_down")


def _brightness(image, max_delta, draw):
    if max_delta < 0:
        raise ValueError(f"tf.image.random_brightness: max_delta must be non-negative, got {max_delta}.")
    return adjust_brightness(image, draw([], -float(max_delta), float(max_delta)))


def random_brightness(image, max_delta, seed=None):
    """Adds one delta drawn from [-max_delta, max_delta) to every value.

    >>> import neuroflow as tf
    >>> out = tf.image.random_brightness(tf.zeros([2, 2, 1]), 0.2)
    >>> bool(abs(out.numpy()).max() <= 0.2)
    True
    """
    return _brightness(image, max_delta, _draw(seed, False))


def stateless_random_brightness(image, max_delta, seed):
    """`random_brightness` determined by `seed` (a pair of ints)."""
    return _brightness(image, max_delta, _draw(seed, True))


def _factor_range(lower, upper, fn_name):
    if upper <= lower:
        raise ValueError(f"tf.image.{fn_name}: upper must be > lower, got lower={lower}, upper={upper}.")
    if lower < 0:
        raise ValueError(f"tf.image.{fn_name}: lower must be non-negative, got lower={lower}.")


def _contrast(image, lower, upper, draw, fn_name):
    _factor_range(lower, upper, fn_name)
    return adjust_contrast(image, draw([], float(lower), float(upper)))


def random_contrast(image, lower, upper, seed=None):
    """`adjust_contrast` by a factor drawn from [lower, upper).

    >>> import neuroflow as tf
    >>> tf.image.random_contrast(tf.ones([2, 2, 3]), 0.5, 1.5).shape
    TensorShape([2, 2, 3])
    """
    return _contrast(image, lower, upper, _draw(seed, False), "random_contrast")


def stateless_random_contrast(image, lower, upper, seed):
    """`random_contrast` determined by `seed` (a pair of ints)."""
    return _contrast(image, lower, upper, _draw(seed, True), "stateless_random_contrast")


def _saturation(image, lower, upper, draw, fn_name):
    _factor_range(lower, upper, fn_name)
    return adjust_saturation(image, draw([], float(lower), float(upper)))


def random_saturation(image, lower, upper, seed=None):
    """`adjust_saturation` by a factor drawn from [lower, upper)."""
    return _saturation(image, lower, upper, _draw(seed, False), "random_saturation")


def stateless_random_saturation(image, lower, upper, seed):
    """`random_saturation` determined by `seed` (a pair of ints)."""
    return _saturation(image, lower, upper, _draw(seed, True), "stateless_random_saturation")


def _hue(image, max_delta, draw):
    if not 0 <= max_delta <= 0.5:
        raise ValueError(f"tf.image.random_hue: max_delta must be in the interval [0, 0.5], got {max_delta}.")
    return adjust_hue(image, draw([], -float(max_delta), float(max_delta)))


def random_hue(image, max_delta, seed=None):
    """`adjust_hue` by a delta drawn from [-max_delta, max_delta) (max_delta in [0, 0.5])."""
    return _hue(image, max_delta, _draw(seed, False))


def stateless_random_hue(image, max_delta, seed):
    """`random_hue` determined by `seed` (a pair of ints)."""
    return _hue(image, max_delta, _draw(seed, True))


def _crop(value, size, draw, fn_name):
    value = as_tensor(value)
    shape = tuple(dims(value))
    size = [int(s) for s in (size.numpy().tolist() if hasattr(size, "numpy") else size)]
    if len(size) != len(shape) or any(s < 0 or s > d for s, d in zip(size, shape)):
        raise ValueError(f"tf.image.{fn_name}: size {size} must have one entry per dimension of the value "
                         f"{shape} and fit inside it.")
    offsets = draw([len(shape)], 0, 2 ** 31 - 1) % [d - s + 1 for d, s in zip(shape, size)]
    return crop_window(value, offsets, size)


def random_crop(value, size, seed=None, name=None):
    """A randomly placed slice of `value` of shape `size` (one entry per dimension).

    >>> import neuroflow as tf
    >>> tf.image.random_crop(tf.zeros([5, 5, 3]), [2, 3, 3]).shape
    TensorShape([2, 3, 3])
    """
    return _crop(value, size, lambda shape, low, high: uniform(shape, low, high, dtypes.int32, seed), "random_crop")


def stateless_random_crop(value, size, seed, name=None):
    """`random_crop` determined by `seed` (a pair of ints)."""
    return _crop(value, size, lambda shape, low, high: stateless_uniform(shape, seed, low, high, dtypes.int32),
                 "stateless_random_crop")
