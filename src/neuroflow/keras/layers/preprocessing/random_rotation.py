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
from .image_preprocessing_layer import WarpingLayer

__all__ = ["RandomRotation"]


class RandomRotation(WarpingLayer):
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
        self._set_warp_options(fill_mode, interpolation, seed, fill_value)

    def _transforms(self, batch, height, width):
        angle = uniform([batch], self.factor[0] * 360.0, self.factor[1] * 360.0, seed=self.seed)
        one, zero = ones_like(angle), zeros_like(angle)
        return self._affine_matrix(angle, one, one, zero, zero, height, width)

    def get_config(self):
        return {**super().get_config(), "factor": self.factor, **self._warp_config()}
