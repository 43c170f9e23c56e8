"""`tf.image.sample_distorted_bounding_box` and its stateless twin: TensorFlow's random crops.

TensorFlow's `SampleDistortedBoundingBox` kernel, step by step: up to `max_attempts` times, draw an
aspect ratio (`RandFloat`, one Philox word), then a crop height in the range the area bounds allow
and a position (`Uniform(n)`, TensorFlow's exact uniform integers, one word each unless rejected),
in float32 arithmetic with C's rounding (`lrintf`); the first crop covering at least
`min_object_covered` of one bounding box wins, else the whole image. The words come one by one
from the Philox stream the seed selects (`SimplePhilox`), so the boxes are TensorFlow's.

>>> import neuroflow as tf
>>> begin, size, bbox = tf.image.stateless_sample_distorted_bounding_box(
...     [64, 64, 3], tf.constant([[[0.1, 0.2, 0.5, 0.9]]]), seed=[1, 2], min_object_covered=0.4)
>>> begin.numpy(), size.numpy()
(array([12, 31,  0], dtype=int32), array([22, 27, -1], dtype=int32))
>>> bbox.numpy()
array([[[0.1875  , 0.484375, 0.53125 , 0.90625 ]]], dtype=float32)
"""
import collections

import numpy as np

from ..framework import dtypes, errors
from . import philox
from .random_ops import Generator, _Seeds, _op_seeds, _scalar, _seed_tensor
from .registry import as_tensor, op

__all__ = ["sample_distorted_bounding_box", "stateless_sample_distorted_bounding_box"]

_F = np.float32
_OP = "SampleDistortedBoundingBoxV2"


class _SimplePhilox:
    """TensorFlow's `SimplePhilox`: 32-bit words taken one at a time from consecutive blocks."""

    def __init__(self, key, counter, reserve):
        self._key, self._counter = key, counter
        self._words, self._used = philox.random_bits(np, 4 * reserve, key, counter).tolist(), 0

    def rand32(self):
        if self._used == len(self._words):  # past the reserve (rejected integers): the next blocks
            self._words += philox.random_bits(np, 2 * len(self._words), self._key, self._counter).tolist()[
                len(self._words):]
        self._used += 1
        return self._words[self._used - 1]

    def rand_float(self):
        """[0, 1) from a word's low 23 bits (TensorFlow's `Uint32ToFloat`)."""
        return np.array([(self.rand32() & 0x7FFFFF) | 0x3F800000], np.uint32).view(_F)[0] - _F(1)

    def uniform(self, n):
        """An integer in [0, n), exactly uniform (TensorFlow's `ExactUniformInt`)."""
        if n & (n - 1) == 0:
            return self.rand32() & (n - 1)
        reject = 0xFFFFFFFF % n + 1
        word = self.rand32()
        while word < reject:
            word = self.rand32()
        return word % n


def _lrint(x):
    return int(np.rint(x))


def _random_crop(width, height, min_area_fraction, max_area_fraction, aspect, rng):
    """TensorFlow's `GenerateRandomCrop`: (x, y, x_max, y_max), or None when no crop fits."""
    min_area = _F(min_area_fraction) * _F(width) * _F(height)
    max_area = _F(max_area_fraction) * _F(width) * _F(height)
    crop_h = _lrint(np.sqrt(min_area / aspect))
    max_h = _lrint(np.sqrt(max_area / aspect))
    if _lrint(_F(max_h) * aspect) > width:
        max_h = int((width + 0.5 - float(_F(1e-7))) / float(aspect))
        if _lrint(_F(max_h) * aspect) > width:
            max_h -= 1
    max_h = min(max_h, height)
    crop_h = min(crop_h, max_h)
    if crop_h < max_h:
        crop_h += rng.uniform(max_h - crop_h + 1)
    crop_w = _lrint(_F(crop_h) * aspect)
    area = _F(crop_w * crop_h)
    if area < min_area:
        crop_h += 1
        crop_w = _lrint(_F(crop_h) * aspect)
        area = _F(crop_w * crop_h)
    if area > max_area:
        crop_h -= 1
        crop_w = _lrint(_F(crop_h) * aspect)
        area = _F(crop_w * crop_h)
    if area < min_area or area > max_area or crop_w > width or crop_h > height or crop_w <= 0 or crop_h <= 0:
        return None
    y = rng.uniform(height - crop_h) if crop_h < height else 0
    x = rng.uniform(width - crop_w) if crop_w < width else 0
    return x, y, x + crop_w, y + crop_h


def _area(box):
    return _F((box[2] - box[0]) * (box[3] - box[1]))


def _covers(crop, min_object_covered, boxes):
    """TensorFlow's `SatisfiesOverlapConstraints`: the crop holds a pixel and enough of one box."""
    if _area(crop) < 1:
        return False
    for box in boxes:
        box_area = _area(box)
        if box_area < 1:
            continue
        inter = (max(crop[0], box[0]), max(crop[1], box[1]), min(crop[2], box[2]), min(crop[3], box[3]))
        if inter[0] > inter[2] or inter[1] > inter[3]:
            inter = (0, 0, 0, 0)
        if _area(inter) / box_area >= min_object_covered:
            return True
    return False


StatelessSampleDistortedBoundingBox = collections.namedtuple("StatelessSampleDistortedBoundingBox",
                                                             ["begin", "size", "bboxes"])
SampleDistortedBoundingBoxV2 = collections.namedtuple("SampleDistortedBoundingBoxV2", ["begin", "size", "bboxes"])


@op("StatelessSampleDistortedBoundingBox")
def _stateless_sample_box(xp, image_size, boxes, seed, **settings):
    return _sample_box(xp, image_size, boxes, *philox.key_counter_from_seed(seed.tolist()), **settings)


@op(_OP, stateful=True)
def _stateful_sample_box(xp, image_size, boxes, generator, **settings):
    key, counter = generator._key_counter()
    generator._set_counter(counter + settings["max_attempts"])  # TensorFlow reserves a block per attempt
    return _sample_box(xp, image_size, boxes, key, counter, **settings)


def _sample_box(xp, image_size, boxes, key, counter, min_object_covered, aspect_ratio_range, area_range,
                max_attempts, use_image_if_no_bounding_boxes):
    height, width = (int(v) for v in np.asarray(image_size)[:2])
    if not (0 <= height < 2 ** 31 - 1 and 0 <= width < 2 ** 31 - 1):
        raise errors.InvalidArgumentError(None, _OP, f"{_OP}: image height and width must lie in "
                                          f"[0, int32 max), got {[height, width]}. [Op:{_OP}]")
    boxes = np.asarray(boxes, np.float32).reshape(-1, 4)
    if ((boxes < 0) | (boxes > 1)).any():
        raise errors.InvalidArgumentError(
            None, _OP, f"{_OP}: All bounding box coordinates must be in [0.0, 1.0]: got "
            f"{boxes[(boxes < 0) | (boxes > 1)][0]}. Normalize boxes as [y_min, x_min, y_max, x_max] / "
            f"[height, width, height, width]. [Op:{_OP}]")
    rects = [(int(x0 * _F(width)), int(y0 * _F(height)), int(x1 * _F(width)), int(y1 * _F(height)))
             for y0, x0, y1, x1 in boxes]
    image = (0, 0, width, height)
    if not rects:
        if not use_image_if_no_bounding_boxes:
            raise errors.InvalidArgumentError(
                None, _OP, f"{_OP}: No bounding boxes provided as input. One must enable "
                "use_image_if_no_bounding_boxes if you wish to not provide any bounding boxes. [Op:{_OP}]")
        rects = [image]
    rng = _SimplePhilox(key, counter, max_attempts)
    low_ratio, high_ratio = _F(aspect_ratio_range[0]), _F(aspect_ratio_range[1])
    crop = image
    for _ in range(max_attempts):
        aspect = rng.rand_float() * (high_ratio - low_ratio) + low_ratio
        candidate = _random_crop(width, height, area_range[0], area_range[1], aspect, rng)
        if candidate is not None and _covers(candidate, _F(min_object_covered), rects):
            crop = candidate
            break
    dtype = np.asarray(image_size).dtype
    begin = np.array([crop[1], crop[0], 0], dtype)
    size = np.array([crop[3] - crop[1], crop[2] - crop[0], -1], dtype)
    bbox = np.array([[[crop[1] / _F(height), crop[0] / _F(width), crop[3] / _F(height), crop[2] / _F(width)]]],
                    np.float32)
    return xp.asarray(begin), xp.asarray(size), xp.asarray(bbox)


def _checked(image_size, bounding_boxes, min_object_covered, aspect_ratio_range, area_range, max_attempts):
    """The inputs as tensors and the attributes as Python values, checked as TensorFlow checks them."""
    image_size, boxes = as_tensor(image_size), as_tensor(bounding_boxes, dtypes.float32)
    if not image_size.dtype.is_integer or image_size.shape.as_list() != [3]:
        raise errors.InvalidArgumentError(
            None, _OP, f"{_OP}: image_size must be a 1-D integer tensor of 3 elements [height, width, "
            f"channels], got {image_size.dtype.name} of shape {image_size.shape.as_list()}. [Op:{_OP}]")
    if boxes.shape.rank != 3 or boxes.shape[-1] != 4:
        raise errors.InvalidArgumentError(
            None, _OP, f"{_OP}: bounding_boxes must be 3-D [batch, num_boxes, 4], got shape "
            f"{boxes.shape.as_list()}. Reshape them with tf.reshape(boxes, [1, -1, 4]). [Op:{_OP}]")
    aspect = [float(v) for v in aspect_ratio_range or (0.75, 1.33)]
    area = [float(v) for v in area_range or (0.05, 1.0)]
    attempts = 100 if max_attempts is None else int(max_attempts)
    covered = float(_scalar(min_object_covered))
    problems = [(len(aspect) != 2 or min(aspect) <= 0, f"aspect_ratio_range must be 2 positive numbers, got {aspect}"),
                (len(area) != 2 or min(area) <= 0 or max(area) > 1, f"area_range must be 2 numbers in (0, 1], got {area}"),
                (attempts <= 0, f"max_attempts must be positive, got {attempts}"),
                (not covered >= 0, f"min_object_covered must be non-negative, got {covered}")]
    for failed, message in problems:
        if failed:
            raise errors.InvalidArgumentError(None, _OP, f"{_OP}: {message}. [Op:{_OP}]")
    return image_size, boxes, covered, tuple(aspect), tuple(area), attempts


def stateless_sample_distorted_bounding_box(image_size, bounding_boxes, seed, min_object_covered=0.1,
                                            aspect_ratio_range=None, area_range=None, max_attempts=None,
                                            use_image_if_no_bounding_boxes=None, name=None):
    """A random crop of an image that keeps enough of its objects, determined by `seed` (two ints).

    Args:
        image_size: `[height, width, channels]` (an integer tensor).
        bounding_boxes: float32 `[batch, N, 4]` boxes `[y_min, x_min, y_max, x_max]` in [0, 1].
        seed: a `[2]` integer seed.
        min_object_covered: the fraction of some box the crop must contain (0.1).
        aspect_ratio_range: the crop's width / height range (`[0.75, 1.33]`).
        area_range: the crop's fraction of the image's area (`[0.05, 1.0]`).
        max_attempts: crops to try before returning the whole image (100).
        use_image_if_no_bounding_boxes: with no boxes, treat the whole image as the box (False:
            an error).

    Returns:
        (begin, size, bboxes): `begin` `[y, x, 0]` and `size` `[h, w, -1]` for `tf.slice`, and the
        crop as a float32 `[1, 1, 4]` box for `tf.image.draw_bounding_boxes`.

    >>> import neuroflow as tf
    >>> image = tf.reshape(tf.range(100), [10, 10, 1])
    >>> begin, size, _ = tf.image.stateless_sample_distorted_bounding_box(
    ...     tf.shape(image), tf.zeros([1, 0, 4]), seed=[3, 4], use_image_if_no_bounding_boxes=True)
    >>> tf.slice(image, begin, size).shape
    TensorShape([9, 8, 1])
    """
    image_size, boxes, covered, aspect, area, attempts = _checked(
        image_size, bounding_boxes, min_object_covered, aspect_ratio_range, area_range, max_attempts)
    return StatelessSampleDistortedBoundingBox(*_stateless_sample_box(
        image_size, boxes, _seed_tensor(seed), min_object_covered=covered, aspect_ratio_range=aspect,
        area_range=area, max_attempts=attempts, use_image_if_no_bounding_boxes=bool(use_image_if_no_bounding_boxes)))


def sample_distorted_bounding_box(image_size, bounding_boxes, seed=0, min_object_covered=0.1,
                                  aspect_ratio_range=None, area_range=None, max_attempts=None,
                                  use_image_if_no_bounding_boxes=None, name=None):
    """A random crop of an image that keeps enough of its objects (see the stateless version for
    the arguments and results).

    With a nonzero `seed` (and the global seed), the crops are TensorFlow's: the op keeps a Philox
    stream per seed and setting, so repeated calls continue it as TensorFlow's kernel does. With
    `seed=0` the crop is not reproducible.

    >>> import neuroflow as tf
    >>> begin, size, bbox = tf.image.sample_distorted_bounding_box(
    ...     [64, 64, 3], tf.constant([[[0.1, 0.2, 0.5, 0.9]]]), seed=7, min_object_covered=0.4)
    >>> bbox.shape, begin.dtype
    (TensorShape([1, 1, 4]), tf.int32)
    """
    image_size, boxes, covered, aspect, area, attempts = _checked(
        image_size, bounding_boxes, min_object_covered, aspect_ratio_range, area_range, max_attempts)
    use_image = bool(use_image_if_no_bounding_boxes)
    seed = int(_scalar(seed) or 0)
    if seed:
        seeds = _op_seeds(seed)
        kernel_key = (_OP, image_size.dtype.name, *aspect, *area, attempts, use_image) + seeds
        kernel = _Seeds.kernels.get(kernel_key)
        if kernel is None:
            kernel = _Seeds.kernels[kernel_key] = Generator(state=[0, seeds[1], seeds[0]])
    else:
        kernel = Generator.from_non_deterministic_state()
    return SampleDistortedBoundingBoxV2(*_stateful_sample_box(
        image_size, boxes, generator=kernel, min_object_covered=covered, aspect_ratio_range=aspect,
        area_range=area, max_attempts=attempts, use_image_if_no_bounding_boxes=use_image))
