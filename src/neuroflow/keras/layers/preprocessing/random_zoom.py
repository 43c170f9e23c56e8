"""`RandomZoom`: zooms images in or out by a random factor while training.

>>> import numpy as np
>>> from neuroflow import keras
>>> image = np.arange(16.0).reshape(1, 4, 4, 1)
>>> layer = keras.layers.RandomZoom((-0.5, -0.5), interpolation="nearest")   # always zoom in 2x
>>> layer(image)[0, ..., 0].numpy()
array([[ 5.,  5.,  6.,  6.],
       [ 5.,  5.,  6.,  6.],
       [ 9.,  9., 10., 10.],
       [ 9.,  9., 10., 10.]], dtype=float32)
"""
from ....ops.creation_ops import zeros_like
from ....ops.random_ops import uniform
from .image_preprocessing_layer import WarpingLayer, factor_range

__all__ = ["RandomZoom"]


class RandomZoom(WarpingLayer):
    """Zooms each image about its centre by a random factor while training.

    A factor `f` draws the zoom from `[1 - f, 1 + f]` (a pair (lo, hi) from `[1 + lo, 1 + hi]`): negative
    values zoom in (the image looks larger), positive values zoom out.

    Args:
        height_factor: the vertical zoom range, in (-1, 1].
        width_factor: the horizontal zoom range; None (default) zooms both axes by the same draw.
        fill_mode, interpolation, seed, fill_value, data_format: as in `RandomRotation`.
    """

    def __init__(self, height_factor, width_factor=None, fill_mode="reflect", interpolation="bilinear", seed=None,
                 fill_value=0.0, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.height_factor, self.width_factor = height_factor, width_factor
        self.height_lower, self.height_upper = factor_range(self, height_factor, "height_factor", open_below=True)
        if width_factor is not None:
            self.width_lower, self.width_upper = factor_range(self, width_factor, "width_factor", open_below=True)
        self._set_warp_options(fill_mode, interpolation, seed, fill_value)

    def _transforms(self, batch, height, width):
        height_zoom = uniform([batch], 1.0 + self.height_lower, 1.0 + self.height_upper, seed=self.seed)
        width_zoom = height_zoom if self.width_factor is None else \
            uniform([batch], 1.0 + self.width_lower, 1.0 + self.width_upper, seed=self.seed)
        zero = zeros_like(height_zoom)
        return self._affine_matrix(zero, width_zoom, height_zoom, zero, zero, height, width)

    def get_config(self):
        return {**super().get_config(), "height_factor": self.height_factor, "width_factor": self.width_factor,
                **self._warp_config()}
