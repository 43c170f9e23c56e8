"""`UnitNormalization`: scales each example to unit L2 norm over `axis`.

>>> import numpy as np
>>> from neuroflow import keras
>>> keras.layers.UnitNormalization()(np.array([[3.0, 4.0]])).numpy()
array([[0.6, 0.8]], dtype=float32)
"""
from ....ops.math_ops import minimum, square
from ....ops.reduction_ops import reduce_sum
from ....ops.unary_ops import rsqrt
from ..layer import Layer
from .layer_normalization import axis_argument

__all__ = ["UnitNormalization"]


class UnitNormalization(Layer):
    """`x / ||x||` over `axis` (an int or a list of ints; default -1), with `||x||` floored at 1e-12.

    Args:
        axis: the axis or axes the norm is taken over.
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis_argument(axis)
        self.supports_masking = True

    def call(self, inputs):
        return inputs * minimum(rsqrt(reduce_sum(square(inputs), axis=self.axis, keepdims=True)), 1e12)

    def compute_output_shape(self, input_shape):
        rank = len(input_shape)
        for axis in self.axis if isinstance(self.axis, list) else [self.axis]:
            if not -rank <= axis < rank:
                raise ValueError(f"Layer '{self.name}' (UnitNormalization): axis {self.axis} is out of bounds for "
                                 f"input shape {tuple(input_shape)}.")
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}
