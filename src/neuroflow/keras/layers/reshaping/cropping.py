"""`Cropping1D/2D/3D`: removes rows/columns from the borders of sequences, images and volumes.

>>> import numpy as np
>>> from neuroflow import keras
>>> x = np.arange(16.0).reshape(1, 4, 4, 1)
>>> keras.layers.Cropping2D(((1, 0), (1, 2)))(x).numpy()[0, ..., 0]
array([[ 5.],
       [ 9.],
       [13.]], dtype=float32)
"""
from ..input_spec import shape_of
from ..keras_tensor import KerasTensor
from .zero_padding import SpatialPairsLayer

__all__ = ["Cropping1D", "Cropping2D", "Cropping3D"]


class _Cropping(SpatialPairsLayer):
    _ARGUMENT = "cropping"

    def _checked(self, shape):
        for axis, (before, after) in self._axis_pairs():
            if shape[axis] is not None and before + after >= shape[axis]:
                raise ValueError(
                    f"Layer '{self.name}' ({type(self).__name__}): values in `cropping` should be smaller than the "
                    f"corresponding spatial dimension of the input. Received: input_shape={tuple(shape)}, "
                    f"cropping={self.cropping}. Crop less, or pad the input first.")
        return shape

    def call(self, inputs):
        self._checked(shape_of(inputs))
        key = [slice(None)] * (self._RANK + 2)
        for axis, (before, after) in self._axis_pairs():
            key[axis] = slice(before, -after if after else None)
        return inputs[tuple(key)]

    def compute_output_spec(self, inputs):
        """From the shapes alone: probing unknown sizes with small stand-ins would trip the size check."""
        return KerasTensor(self.compute_output_shape(inputs.shape), dtype=inputs.dtype)

    def compute_output_shape(self, input_shape):
        shape = list(self._checked(input_shape))
        for axis, (before, after) in self._axis_pairs():
            if shape[axis] is not None:
                shape[axis] -= before + after
        return tuple(shape)



class Cropping1D(_Cropping):
    """Crops the time axis of `(batch, steps, features)` inputs.

    Args:
        cropping: an int (both ends) or a pair (start, end). Default (1, 1).
    """
    _RANK = 1

    def __init__(self, cropping=(1, 1), **kwargs):
        super().__init__(cropping, **kwargs)

    def get_config(self):
        config = super().get_config()
        del config["data_format"]
        return config


class Cropping2D(_Cropping):
    """Crops the height and width of `(batch, height, width, channels)` images.

    Args:
        cropping: an int, (symmetric_height, symmetric_width), or ((top, bottom), (left, right)).
        data_format: "channels_last" (default) or "channels_first".
    """
    _RANK = 2

    def __init__(self, cropping=((0, 0), (0, 0)), data_format=None, **kwargs):
        super().__init__(cropping, data_format, **kwargs)


class Cropping3D(_Cropping):
    """Crops the three spatial axes of `(batch, dim1, dim2, dim3, channels)` volumes.

    Args:
        cropping: an int, 3 ints (symmetric), or 3 (before, after) pairs. Default 1 on every side.
        data_format: "channels_last" (default) or "channels_first".
    """
    _RANK = 3

    def __init__(self, cropping=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        super().__init__(cropping, data_format, **kwargs)
