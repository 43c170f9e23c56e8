"""`RandomFlip`: mirrors images horizontally and/or vertically at random while training.

>>> import numpy as np
>>> from neuroflow import keras
>>> image = np.arange(4.0).reshape(1, 1, 4, 1)
>>> out = keras.layers.RandomFlip("horizontal", seed=1)(image).numpy().ravel().tolist()
>>> out in ([0.0, 1.0, 2.0, 3.0], [3.0, 2.0, 1.0, 0.0])
True
>>> keras.layers.RandomFlip()(image, training=False).numpy().ravel()   # inference: unchanged
array([0., 1., 2., 3.], dtype=float32)
"""
from ....ops.array_ops import reverse
from ....ops.comparison_ops import less_equal
from ....ops.indexing_ops import where
from ....ops.random_ops import uniform
from ..input_spec import shape_of
from .image_preprocessing_layer import BaseImagePreprocessingLayer

__all__ = ["RandomFlip"]

HORIZONTAL, VERTICAL, HORIZONTAL_AND_VERTICAL = "horizontal", "vertical", "horizontal_and_vertical"


class RandomFlip(BaseImagePreprocessingLayer):
    """Flips each image with probability 1/2 while training.

    Args:
        mode: "horizontal", "vertical" or "horizontal_and_vertical" (default: an image drawn
            for flipping is mirrored both ways, as in Keras 3).
        seed: a seed for the draws.
        data_format: "channels_last" (default) or "channels_first".
    """

    def __init__(self, mode=HORIZONTAL_AND_VERTICAL, seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        if mode not in (HORIZONTAL, VERTICAL, HORIZONTAL_AND_VERTICAL):
            raise ValueError(f"RandomFlip layer {self.name} received an unknown mode argument {mode!r}. Use "
                             f"'{HORIZONTAL}', '{VERTICAL}' or '{HORIZONTAL_AND_VERTICAL}'.")
        self.mode, self.seed = mode, seed

    def call(self, inputs, training=True):
        height_axis, width_axis = self._image_axes(inputs)
        images = self._as_float(inputs)
        if not training:
            return images
        shape = shape_of(images)
        flips = less_equal(uniform([shape[0], 1, 1, 1] if len(shape) == 4 else [1, 1, 1], seed=self.seed), 0.5)
        if self.mode in (HORIZONTAL, HORIZONTAL_AND_VERTICAL):
            images = where(flips, reverse(images, [width_axis]), images)
        if self.mode in (VERTICAL, HORIZONTAL_AND_VERTICAL):
            images = where(flips, reverse(images, [height_axis]), images)
        return images

    def get_config(self):
        return {**super().get_config(), "seed": self.seed, "mode": self.mode}
