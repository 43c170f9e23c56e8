"""`RandomTranslation`: shifts images by a random fraction of their size while training.

>>> import numpy as np
>>> from neuroflow import keras
>>> image = np.arange(4.0).reshape(1, 1, 4, 1)
>>> right = keras.layers.RandomTranslation(0.0, (0.25, 0.25), fill_mode="constant")   # always 1 pixel right
>>> right(image).numpy().ravel()
array([0., 0., 1., 2.], dtype=float32)
"""
from ....ops.creation_ops import ones_like, zeros_like
from ....ops.random_ops import uniform
from .image_preprocessing_layer import WarpingLayer, factor_range

__all__ = ["RandomTranslation"]


class RandomTranslation(WarpingLayer):
    """Shifts each image by random fractions of its height and width while training.

    Args:
        height_factor: the vertical shift as a fraction of the height: f draws from [-f, f], a pair
            (lo, hi) from [lo, hi]; positive values move the image down.
        width_factor: the horizontal shift, likewise; positive values move the image right.
        fill_mode, interpolation, seed, fill_value, data_format: as in `RandomRotation`.
    """

    def __init__(self, height_factor, width_factor, fill_mode="reflect", interpolation="bilinear", seed=None,
                 fill_value=0.0, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.height_factor, self.width_factor = height_factor, width_factor
        self.height_lower, self.height_upper = factor_range(self, height_factor, "height_factor")
        self.width_lower, self.width_upper = factor_range(self, width_factor, "width_factor")
        self._set_warp_options(fill_mode, interpolation, seed, fill_value)

    def _transforms(self, batch, height, width):
        shift_y = uniform([batch], self.height_lower, self.height_upper, seed=self.seed) * float(height)
        shift_x = uniform([batch], self.width_lower, self.width_upper, seed=self.seed) * float(width)
        one, zero = ones_like(shift_y), zeros_like(shift_y)
        return self._affine_matrix(zero, one, one, -shift_x, -shift_y, height, width)

    def get_config(self):
        return {**super().get_config(), "height_factor": self.height_factor, "width_factor": self.width_factor,
                **self._warp_config()}
