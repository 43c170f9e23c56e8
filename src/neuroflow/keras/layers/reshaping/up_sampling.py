"""`UpSampling1D/2D/3D`: repeats (or interpolates) along the spatial axes.

>>> import numpy as np
>>> from neuroflow import keras
>>> keras.layers.UpSampling2D(2)(np.array([[[[1.0], [2.0]]]])).numpy()[0, ..., 0]
array([[1., 1., 2., 2.],
       [1., 1., 2., 2.]], dtype=float32)
>>> keras.layers.UpSampling1D(3)(np.ones((1, 2, 4))).shape
TensorShape([1, 6, 4])
"""
from ....ops.array_ops import repeat, transpose
from ....ops.image_resize_ops import resize
from ...utils.argument_validation import standardize_data_format, standardize_tuple
from ..input_spec import InputSpec, shape_of
from ..layer import Layer
from .zero_padding import spatial_axes

__all__ = ["UpSampling1D", "UpSampling2D", "UpSampling3D"]

_INTERPOLATIONS = ("nearest", "bilinear", "bicubic", "area", "lanczos3", "lanczos5", "gaussian", "mitchellcubic")


class _UpSampling(Layer):
    _RANK = None

    def __init__(self, size, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format)
        self.size = standardize_tuple(size, self._RANK, "size")
        self.input_spec = InputSpec(ndim=self._RANK + 2)

    def call(self, inputs):
        for axis, factor in zip(spatial_axes(self._RANK, self.data_format), self.size):
            inputs = repeat(inputs, factor, axis=axis)
        return inputs

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        for axis, factor in zip(spatial_axes(self._RANK, self.data_format), self.size):
            shape[axis] = None if shape[axis] is None else shape[axis] * factor
        return tuple(shape)

    def get_config(self):
        return {**super().get_config(), "size": self.size, "data_format": self.data_format}


class UpSampling1D(_UpSampling):
    """Repeats each timestep of `(batch, steps, features)` inputs `size` times.

    Args:
        size: a positive int. Default 2.
    """
    _RANK = 1

    def __init__(self, size=2, **kwargs):
        if not isinstance(size, int) or isinstance(size, bool):
            raise TypeError(f"UpSampling1D expects an integer value for `size`, got {type(size)}.")
        if size <= 0:
            raise ValueError(f"Argument `size` should be a positive integer. Received: size={size}")
        super().__init__(size, **kwargs)

    def get_config(self):
        config = super().get_config()
        del config["data_format"]
        return {**config, "size": self.size[0]}


class UpSampling2D(_UpSampling):
    """Scales images up by `size`: repeats rows and columns ("nearest") or interpolates ("bilinear", ...).

    Args:
        size: an int or (rows, cols). Default (2, 2).
        data_format: "channels_last" (default) or "channels_first".
        interpolation: "nearest" (default), "bilinear", or another `tf.image.resize` method.
    """
    _RANK = 2

    def __init__(self, size=(2, 2), data_format=None, interpolation="nearest", **kwargs):
        super().__init__(size, data_format, **kwargs)
        self.interpolation = str(interpolation).lower()
        if self.interpolation not in _INTERPOLATIONS:
            raise ValueError(f"UpSampling2D: `interpolation` should be one of {_INTERPOLATIONS}. "
                             f"Received: interpolation={interpolation!r}")

    def call(self, inputs):
        if self.interpolation == "nearest":
            return super().call(inputs)
        images = transpose(inputs, [0, 2, 3, 1]) if self.data_format == "channels_first" else inputs
        height, width = shape_of(images)[1:3]
        out = resize(images, [height * self.size[0], width * self.size[1]], method=self.interpolation)
        return transpose(out, [0, 3, 1, 2]) if self.data_format == "channels_first" else out

    def get_config(self):
        return {**super().get_config(), "interpolation": self.interpolation}


class UpSampling3D(_UpSampling):
    """Repeats each voxel of `(batch, dim1, dim2, dim3, channels)` volumes `size` times per axis.

    Args:
        size: an int or 3 ints. Default (2, 2, 2).
        data_format: "channels_last" (default) or "channels_first".
    """
    _RANK = 3

    def __init__(self, size=(2, 2, 2), data_format=None, **kwargs):
        super().__init__(size, data_format, **kwargs)
