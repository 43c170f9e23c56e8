"""`RandomBrightness`: adds a random offset to each image while training.

>>> import numpy as np
>>> from neuroflow import keras
>>> layer = keras.layers.RandomBrightness((0.1, 0.1), value_range=(0, 1))   # always + 0.1
>>> layer(np.array([[[[0.5], [0.95]]]])).numpy().ravel()
array([0.6, 1. ], dtype=float32)
"""
from ....ops.math_ops import clip_by_value
from ....ops.random_ops import uniform
from ..input_spec import shape_of
from .image_preprocessing_layer import BaseImagePreprocessingLayer

__all__ = ["RandomBrightness"]


class RandomBrightness(BaseImagePreprocessingLayer):
    """Adds `delta * (value_range[1] - value_range[0])`, `delta` drawn from `factor`, then clips, while training.

    Args:
        factor: a number f in [-1, 1] (draws from [-f, f]) or a pair (lo, hi).
        value_range: the range images take, e.g. (0, 255) (default) or (0, 1).
        seed: a seed for the draws.
    """

    def __init__(self, factor, value_range=(0, 255), seed=None, **kwargs):
        super().__init__(**kwargs)
        self._set_factor(factor)
        if not isinstance(value_range, (tuple, list)) or len(value_range) != 2:
            raise ValueError("RandomBrightness: the `value_range` argument should be a list of two numbers. "
                             f"Received: value_range={value_range}")
        self.value_range, self.seed = sorted(value_range), seed

    def call(self, inputs, training=True):
        self._image_axes(inputs)
        if not training:
            return inputs
        images = self._as_float(inputs)
        shape = shape_of(images)
        low, high = (float(v) for v in self.value_range)
        delta = uniform([shape[0], 1, 1, 1] if len(shape) == 4 else [1, 1, 1], self.factor[0], self.factor[1],
                        seed=self.seed)
        return clip_by_value(images + delta * (high - low), low, high)

    def get_config(self):
        return {**super().get_config(), "factor": self.factor, "value_range": self.value_range, "seed": self.seed}
