"""`RandomContrast`: scales each image's deviation from its mean by a random factor while training.

>>> import numpy as np
>>> from neuroflow import keras
>>> image = np.array([[[[10.0], [30.0]]]])
>>> out = keras.layers.RandomContrast(0.5, seed=1)(image).numpy().ravel()
>>> bool(out[0] <= 10.0 and out[1] >= 30.0 and abs(out.mean() - 20.0) < 1e-4)
True
"""
from ....ops.math_ops import clip_by_value
from ....ops.random_ops import uniform
from ....ops.reduction_ops import reduce_mean
from ..input_spec import shape_of
from .image_preprocessing_layer import BaseImagePreprocessingLayer

__all__ = ["RandomContrast"]


class RandomContrast(BaseImagePreprocessingLayer):
    """`(x - mean) * c + mean` per image and channel, `c` drawn from `[1 - factor[0], 1 + factor[1]]`, while training.

    Args:
        factor: a number f in [0, 1] (the range becomes (0, f), as in Keras 3) or a pair.
        value_range: the range images take; outputs are clipped to it. Default (0, 255).
        seed: a seed for the draws.
    """

    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor, value_range=(0, 255), seed=None, **kwargs):
        super().__init__(**kwargs)
        self._set_factor(factor)
        self.value_range, self.seed = value_range, seed

    def call(self, inputs, training=True):
        height_axis, width_axis = self._image_axes(inputs)
        if not training:
            return inputs
        images = self._as_float(inputs)
        shape = shape_of(images)
        factor = uniform([shape[0], 1, 1, 1] if len(shape) == 4 else [1, 1, 1], 1.0 - self.factor[0],
                         1.0 + self.factor[1], seed=self.seed)
        mean = reduce_mean(images, axis=[height_axis, width_axis], keepdims=True)
        return clip_by_value((images - mean) * factor + mean, float(self.value_range[0]), float(self.value_range[1]))

    def get_config(self):
        return {**super().get_config(), "factor": self.factor, "value_range": self.value_range, "seed": self.seed}
