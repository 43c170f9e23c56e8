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
import numpy as np

from ....ops.array_ops import pad
from ....ops.image_resize_ops import resize
from ....ops.math_ops import cast, clip_by_value
from ....ops.unary_ops import round as round_half_even
from ...utils.argument_validation import standardize_data_format
from ..input_spec import shape_of
from .image_preprocessing_layer import BaseImagePreprocessingLayer, aspect_crop

__all__ = ["Resizing"]

_INTERPOLATIONS = ("bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5", "gaussian", "mitchellcubic")


class Resizing(BaseImagePreprocessingLayer):
    """Resizes images to `(height, width)`.

    Args:
        height, width: the output size.
        interpolation: "bilinear" (default), "nearest", "bicubic", "area", "lanczos3", "lanczos5",
            "gaussian" or "mitchellcubic".
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
        self._check_choice("interpolation", interpolation, _INTERPOLATIONS)
        self._check_choice("fill_mode", fill_mode, ("constant",))
        if crop_to_aspect_ratio and pad_to_aspect_ratio:
            raise ValueError("Resizing: only one of `crop_to_aspect_ratio` and `pad_to_aspect_ratio` can be True.")
        self.height, self.width, self.interpolation = height, width, interpolation
        self.crop_to_aspect_ratio, self.pad_to_aspect_ratio = crop_to_aspect_ratio, pad_to_aspect_ratio
        self.fill_mode, self.fill_value, self.antialias = fill_mode, fill_value, bool(antialias)

    def call(self, inputs):
        self._image_axes(inputs)
        batch, restore = self._to_batch_last(inputs)
        height, width = shape_of(batch)[1:3]
        if self.crop_to_aspect_ratio:
            top, left, rows, cols = aspect_crop(height, width, self.height, self.width)
            batch = batch[:, top:top + rows, left:left + cols]
        elif self.pad_to_aspect_ratio:
            rows = int((max(height, int(float(np.float32(width * self.height) / self.width))) - height) / 2)
            cols = int((max(width, int(float(np.float32(height * self.width) / self.height))) - width) / 2)
            fill = self.fill_value if batch.dtype.is_floating else int(self.fill_value)
            batch = pad(batch, [[0, 0], [rows, rows], [cols, cols], [0, 0]], constant_values=fill)
        resized = resize(batch, [self.height, self.width], method=self.interpolation, antialias=self.antialias)
        if resized.dtype != batch.dtype:  # integer images: round and saturate back to their dtype
            dtype = batch.dtype
            resized = cast(clip_by_value(round_half_even(resized), float(dtype.min), float(dtype.max)), dtype)
        return restore(resized)

    compute_output_shape = BaseImagePreprocessingLayer._resized_shape

    def get_config(self):
        return {**super().get_config(), "height": self.height, "width": self.width,
                "interpolation": self.interpolation, "crop_to_aspect_ratio": self.crop_to_aspect_ratio,
                "pad_to_aspect_ratio": self.pad_to_aspect_ratio, "fill_mode": self.fill_mode,
                "fill_value": self.fill_value, "antialias": self.antialias}
