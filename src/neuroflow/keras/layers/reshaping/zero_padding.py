"""`ZeroPadding1D/2D/3D`: pads the spatial axes of sequences, images and volumes with zeros.

>>> import numpy as np
>>> from neuroflow import keras
>>> keras.layers.ZeroPadding2D(((1, 0), (0, 2)))(np.ones((1, 1, 1, 1))).numpy()[0, ..., 0]
array([[0., 0., 0.],
       [1., 0., 0.]], dtype=float32)
>>> keras.layers.ZeroPadding1D(2)(np.ones((1, 1, 3))).shape
TensorShape([1, 5, 3])
"""
from ....ops.array_ops import pad
from ...utils.argument_validation import standardize_data_format, standardize_tuple
from ..input_spec import InputSpec
from ..layer import Layer

__all__ = ["ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D", "SpatialPairsLayer", "spatial_pairs", "spatial_axes"]


def spatial_pairs(value, rank, name):
    """An int, `rank` ints (symmetric) or `rank` pairs as a tuple of `rank` (before, after) pairs of ints >= 0."""
    if rank == 1:
        return (standardize_tuple(value, 2, name, allow_zero=True),)
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise ValueError(f"`{name}` cannot be negative. Received: {name}={value}.")
        return ((value, value),) * rank
    if not hasattr(value, "__len__") or len(value) != rank:
        raise ValueError(f"`{name}` should be an int, a tuple of {rank} ints, or a tuple of {rank} tuples of 2 ints "
                         f"((before, after) for each spatial axis). Received: {name}={value}.")
    ordinals = ("1st", "2nd", "3rd")
    return tuple(standardize_tuple(v, 2, f"{ordinals[i]} entry of {name}", allow_zero=True)
                 for i, v in enumerate(value))


def spatial_axes(rank, data_format):
    """The indices of the `rank` spatial axes of a batched input in `data_format`."""
    first = 2 if data_format == "channels_first" else 1
    return tuple(range(first, first + rank))


class SpatialPairsLayer(Layer):
    """A layer with one (before, after) pair per spatial axis, kept in the argument `_ARGUMENT` ("padding"...)."""
    _RANK = _ARGUMENT = None

    def __init__(self, value, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format)
        pairs = spatial_pairs(value, self._RANK, self._ARGUMENT)
        setattr(self, self._ARGUMENT, pairs[0] if self._RANK == 1 else pairs)
        self.input_spec = InputSpec(ndim=self._RANK + 2)

    def _axis_pairs(self):
        """[(axis, (before, after))] for the spatial axes of a batched input."""
        value = getattr(self, self._ARGUMENT)
        return list(zip(spatial_axes(self._RANK, self.data_format), (value,) if self._RANK == 1 else value))

    def get_config(self):
        return {**super().get_config(), self._ARGUMENT: getattr(self, self._ARGUMENT), "data_format": self.data_format}


class _ZeroPadding(SpatialPairsLayer):
    _ARGUMENT = "padding"

    def call(self, inputs):
        paddings = [[0, 0]] * (self._RANK + 2)
        for axis, pair in self._axis_pairs():
            paddings[axis] = list(pair)
        return pad(inputs, paddings)

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        for axis, (before, after) in self._axis_pairs():
            if shape[axis] is not None:
                shape[axis] += before + after
        return tuple(shape)


class ZeroPadding1D(_ZeroPadding):
    """Pads the time axis of `(batch, steps, features)` inputs with zeros.

    Args:
        padding: an int (both sides) or a pair (before, after). Default 1.
        data_format: "channels_last" (default) or "channels_first" (`(batch, features, steps)`).
    """
    _RANK = 1

    def __init__(self, padding=1, data_format=None, **kwargs):
        super().__init__(padding, data_format, **kwargs)


class ZeroPadding2D(_ZeroPadding):
    """Pads the height and width of `(batch, height, width, channels)` images with zeros.

    Args:
        padding: an int, (symmetric_height, symmetric_width), or ((top, bottom), (left, right)). Default 1.
        data_format: "channels_last" (default) or "channels_first".
    """
    _RANK = 2

    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        super().__init__(padding, data_format, **kwargs)


class ZeroPadding3D(_ZeroPadding):
    """Pads the three spatial axes of `(batch, dim1, dim2, dim3, channels)` volumes with zeros.

    Args:
        padding: an int, 3 ints (symmetric), or 3 (before, after) pairs. Default 1.
        data_format: "channels_last" (default) or "channels_first".
    """
    _RANK = 3

    def __init__(self, padding=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        super().__init__(padding, data_format, **kwargs)
