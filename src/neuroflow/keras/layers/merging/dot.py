"""`Dot`: the dot product of two batches of vectors (or higher-rank samples) along given axes.

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
>>> keras.layers.Dot(axes=1)([x, x]).numpy()
array([[ 5.],
       [25.]], dtype=float32)
>>> keras.layers.Dot(axes=(2, 2))([tf.ones([2, 5, 3]), tf.ones([2, 4, 3])]).shape
TensorShape([2, 5, 4])
"""
import math

from ....ops.array_ops import reshape, transpose
from ....ops.math_ops import matmul
from ....ops.nn_ops import l2_normalize
from ..input_spec import shape_of
from .merge import Merge

__all__ = ["Dot", "dot"]


def _move_axis(x, axis, position):
    rank = len(shape_of(x))
    order = [a for a in range(rank) if a != axis]
    order.insert(position, axis)
    return transpose(x, order) if order != list(range(rank)) else x


class Dot(Merge):
    """Contracts `inputs[0]` and `inputs[1]` over `axes` (an int, or one axis per input), per sample.

    Args:
        axes: the axis (or pair of axes) to sum over; the batch axis 0 cannot be one of them.
        normalize: L2-normalize both inputs along `axes` first, giving cosine similarities.
    """

    min_inputs = max_inputs = 2

    def __init__(self, axes, normalize=False, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(axes, int) and not (isinstance(axes, (list, tuple)) and len(axes) == 2
                                             and all(isinstance(a, int) for a in axes)):
            raise TypeError(f"Invalid type for argument `axes`: it should be an int or a list/tuple of two ints. "
                            f"Received: axes={axes!r}")
        self.axes, self.normalize = axes, normalize

    def _axes_for(self, shapes):
        axes = (self.axes, self.axes) if isinstance(self.axes, int) else tuple(self.axes)
        axes = tuple(a % len(s) for a, s in zip(axes, shapes))
        if 0 in axes:
            raise ValueError(f"Layer '{self.name}': cannot contract over the batch axis 0. Received: axes={self.axes}")
        return axes

    def _check_shapes(self, shapes):
        a, b = self._axes_for(shapes)
        if shapes[0][a] is not None and shapes[1][b] is not None and shapes[0][a] != shapes[1][b]:
            raise ValueError(f"Incompatible input shapes: axis values {shapes[0][a]} (at axis {a}) != "
                             f"{shapes[1][b]} (at axis {b}). Full input shapes: {shapes[0]}, {shapes[1]}")

    def _merge(self, inputs):
        x, y = inputs
        sx, sy = shape_of(x), shape_of(y)
        ax, ay = self._axes_for([sx, sy])
        if self.normalize:
            x, y = l2_normalize(x, axis=ax), l2_normalize(y, axis=ay)
        x, y = _move_axis(x, ax, len(sx) - 1), _move_axis(y, ay, 1)
        rest_x, rest_y = shape_of(x)[1:-1], shape_of(y)[2:]
        out = matmul(reshape(x, (sx[0], math.prod(rest_x), sx[ax])), reshape(y, (sy[0], sy[ay], math.prod(rest_y))))
        return reshape(out, (sx[0],) + (tuple(rest_x) + tuple(rest_y) or (1,)))

    def compute_output_shape(self, input_shape):
        sx, sy = (tuple(s) for s in input_shape)
        ax, ay = self._axes_for([sx, sy])
        rest = [d for i, d in enumerate(sx) if i not in (0, ax)] + [d for i, d in enumerate(sy) if i not in (0, ay)]
        return (sx[0],) + (tuple(rest) or (1,))

    def get_config(self):
        return {**super().get_config(), "axes": self.axes, "normalize": self.normalize}


def dot(inputs, axes=-1, **kwargs):
    """`keras.layers.Dot(axes=axes, **kwargs)(inputs)`."""
    return Dot(axes=axes, **kwargs)(inputs)
