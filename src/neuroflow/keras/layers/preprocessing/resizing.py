"""`Resizing`: resizes images to a fixed height and width (always, in training and inference).

>>> import numpy as np
>>> from neuroflow import keras
>>> keras.layers.Resizing(2, 2)(np.arange(16.0).reshape(1, 4, 4, 1))[0, ..., 0].numpy()
array([[ 2.5,  4.5],
       [10.5, 12.5]], dtype=float32)
>>> keras.layers.Resizing(2, 4, pad_to_aspect_ratio=True)(np.ones((1, 2, 2, 1)))[0, ..., 0].numpy()
array([[0., 1., 1., 0.],
       [0., 1., 1., 0.]], dtype=float32)
"""
from ....ops.math_ops import cast, clip_by_value
from ....ops.unary_ops import round as round_half_even
from ...ops.image import RESIZE_INTERPOLATIONS, resize
from .image_preprocessing_layer import BaseImagePreprocessingLayer

__all__ = ["Resizing"]


class Resizing(BaseImagePreprocessingLayer):
    """Resizes images to `(height, width)`.

    Args:
        height, width: the output size.
        interpolation: "bilinear" (default), "nearest", "bicubic", "area", "lanczos3" or "lanczos5".
        crop_to_aspect_ratio: first crop the largest centred box with the target's aspect ratio.
        pad_to_aspect_ratio: first pad both sides with `fill_value` to the target's aspect ratio.
        fill_mode: "constant" (the only mode, as in Keras).
        fill_value: the padding value.
        antialias: filter the input when shrinking.
        data_format: "channels_last" (default) or "channels_first".
    """

    def __init__(self, height, width, interpolation="bilinear", crop_to_aspect_ratio=False,
                 pad_to_aspect_ratio=False, fill_mode="constant", fill_value=0.0, antialias=False, data_format=None,
                 **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._check_choice("interpolation", interpolation, RESIZE_INTERPOLATIONS)
        self._check_choice("fill_mode", fill_mode, ("constant",))
        if crop_to_aspect_ratio and pad_to_aspect_ratio:
            raise ValueError("Resizing: only one of `crop_to_aspect_ratio` and `pad_to_aspect_ratio` can be True.")
        self.height, self.width, self.interpolation = height, width, interpolation
        self.crop_to_aspect_ratio, self.pad_to_aspect_ratio = crop_to_aspect_ratio, pad_to_aspect_ratio
        self.fill_mode, self.fill_value, self.antialias = fill_mode, fill_value, bool(antialias)

    def call(self, inputs):
        self._image_axes(inputs)
        resized = resize(inputs, (self.height, self.width), interpolation=self.interpolation, antialias=self.antialias,
                         crop_to_aspect_ratio=self.crop_to_aspect_ratio, pad_to_aspect_ratio=self.pad_to_aspect_ratio,
                         fill_mode=self.fill_mode, fill_value=self.fill_value, data_format=self.data_format)
        if resized.dtype != inputs.dtype:  # integer images: round and saturate back to their dtype
            dtype = inputs.dtype
            resized = cast(clip_by_value(round_half_even(resized), float(dtype.min), float(dtype.max)), dtype)
        return resized

    compute_output_shape = BaseImagePreprocessingLayer._resized_shape

    def get_config(self):
        return {**super().get_config(), "height": self.height, "width": self.width,
                "interpolation": self.interpolation, "crop_to_aspect_ratio": self.crop_to_aspect_ratio,
                "pad_to_aspect_ratio": self.pad_to_aspect_ratio, "fill_mode": self.fill_mode,
                "fill_value": self.fill_value, "antialias": self.antialias}
