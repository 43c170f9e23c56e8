"""`CenterCrop`: the central `height` x `width` window of each image.

Images smaller than the target are resized instead: the largest centred box with the target's
aspect ratio is cropped and resized (bilinear), as Keras' `smart_resize` does.

>>> import numpy as np
>>> from neuroflow import keras
>>> keras.layers.CenterCrop(2, 2)(np.arange(16.0).reshape(1, 4, 4, 1))[0, ..., 0].numpy()
array([[ 5.,  6.],
       [ 9., 10.]], dtype=float32)
"""
from ...ops.image import crop_images, resize
from .image_preprocessing_layer import BaseImagePreprocessingLayer

__all__ = ["CenterCrop"]


class CenterCrop(BaseImagePreprocessingLayer):
    """Crops the centre of each image to `(height, width)` (in training and inference).

    Args:
        height, width: the output size.
        data_format: "channels_last" (default) or "channels_first".
    """

    def __init__(self, height, width, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.height, self.width = height, width

    def call(self, inputs):
        height, width = self._size(inputs)
        images = self._as_float(inputs)
        if height >= self.height and width >= self.width:
            top, left = (height - self.height) // 2, (width - self.width) // 2
            return crop_images(images, top_cropping=top, left_cropping=left, target_height=self.height,
                               target_width=self.width, data_format=self.data_format)
        return resize(images, (self.height, self.width), crop_to_aspect_ratio=True, data_format=self.data_format)

    compute_output_shape = BaseImagePreprocessingLayer._resized_shape

    def get_config(self):
        return {**super().get_config(), "height": self.height, "width": self.width}
