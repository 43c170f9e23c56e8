"""`RandomRotation`: rotates images by a random angle while training.

>>> import numpy as np
>>> from neuroflow import keras
>>> image = np.zeros((1, 5, 5, 1), "float32"); image[0, 0, 2] = 1.0   # a dot above the centre
>>> quarter = keras.layers.RandomRotation((0.25, 0.25), fill_mode="constant")   # always +90 degrees
>>> np.argwhere(quarter(image).numpy()[0, ..., 0] > 0.5).tolist()   # now left of the centre
[[2, 0]]
"""
from ....ops.creation_ops import ones_like, zeros_like
from ....ops.random_ops import uniform
from .image_preprocessing_layer import BaseImagePreprocessingLayer, check_fill_and_interpolation

__all__ = ["RandomRotation"]


class RandomRotation(BaseImagePreprocessingLayer):
    """Rotates each image about its centre by an angle drawn from `factor * 360` degrees, while training.

    Args:
        factor: a fraction of a full turn: f draws from [-f, f], a pair (lo, hi) from [lo, hi];
            positive angles turn counter-clockwise.
        fill_mode: how points outside the image are filled: "reflect" (default), "wrap",
            "constant" (with `fill_value`) or "nearest".
        interpolation: "bilinear" (default) or "nearest".
        seed: a seed for the draws.
        fill_value: the value of points outside the image when `fill_mode="constant"`.
        data_format: "channels_last" (default) or "channels_first".
    """

    def __init__(self, factor, fill_mode="reflect", interpolation="bilinear", seed=None, fill_value=0.0,
                 data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._set_factor(factor)
        check_fill_and_interpolation(self, fill_mode, interpolation)
        self.fill_mode, self.interpolation, self.seed, self.fill_value = fill_mode, interpolation, seed, fill_value

    def call(self, inputs, training=True):
        height, width = self._size(inputs)
        images = self._as_float(inputs)
        if not training:
            return images
        batch = self._batch_size(images)
        angle = uniform([batch], self.factor[0] * 360.0, self.factor[1] * 360.0, seed=self.seed)
        one, zero = ones_like(angle), zeros_like(angle)
        return self._warp(images, self._affine_matrix(angle, one, one, zero, zero, height, width))

    def get_config(self):
        return {**super().get_config(), "factor": self.factor, "fill_mode": self.fill_mode,
                "fill_value": self.fill_value, "interpolation": self.interpolation, "seed": self.seed}
