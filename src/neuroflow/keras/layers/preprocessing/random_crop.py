"""`RandomCrop`: a randomly placed `height` x `width` window of the images while training.

As in Keras 3, one window position serves the whole batch; an input no larger than the
target is cropped at its centre (keeping the target's aspect ratio) and resized. In inference
(`training=False`) the images pass through unchanged.

>>> import numpy as np
>>> from neuroflow import keras
>>> image = np.arange(16.0).reshape(1, 4, 4, 1)
>>> crop = keras.layers.RandomCrop(2, 2, seed=3)(image).numpy()[0, ..., 0]
>>> any(np.array_equal(crop, image[0, i:i + 2, j:j + 2, 0]) for i in range(3) for j in range(3))
True
"""
import random

from ....ops.image_ops import crop_window
from ....ops.image_resize_ops import resize
from ....ops.math_ops import cast
from ....ops.random_ops import uniform
from ....ops.unary_ops import floor
from ..input_spec import shape_of
from ...ops.image import aspect_crop
from .image_preprocessing_layer import BaseImagePreprocessingLayer

__all__ = ["RandomCrop"]


class RandomCrop(BaseImagePreprocessingLayer):
    """Crops a random `(height, width)` window while training.

    Args:
        height, width: the output size.
        seed: a seed for the window position (default: a random one, kept in the config).
        data_format: "channels_last" (default) or "channels_first".
    """

    def __init__(self, height, width, seed=None, data_format=None, name=None, **kwargs):
        super().__init__(data_format=data_format, name=name, **kwargs)
        self.height, self.width = height, width
        self.seed = seed if seed is not None else random.randint(1, int(1e9))

    def call(self, inputs, training=True):
        self._image_axes(inputs)
        if not training:
            return inputs
        batch, restore = self._to_batch_last(self._as_float(inputs))
        shape = shape_of(batch)
        height, width = shape[1:3]
        if height > self.height and width > self.width:
            limits = [1.0, height - self.height + 1.0, width - self.width + 1.0, 1.0]
            offsets = cast(floor(uniform([4], seed=self.seed) * limits), "int32")
            return restore(crop_window(batch, offsets, [-1, self.height, self.width, -1]))
        top, left, _, _ = aspect_crop(height, width, self.height, self.width)
        cropped = batch[:, top:top + self.height, left:left + self.width]
        if tuple(shape_of(cropped)[1:3]) != (self.height, self.width):
            cropped = resize(cropped, [self.height, self.width])
        return restore(cropped)

    compute_output_shape = BaseImagePreprocessingLayer._resized_shape

    def get_config(self):
        return {**super().get_config(), "height": self.height, "width": self.width, "seed": self.seed}
