"""`Reshape`: gives each sample a new shape (the batch axis is kept).

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> keras.layers.Reshape((3, 4))(tf.ones([2, 12])).shape
TensorShape([2, 3, 4])
>>> keras.layers.Reshape((-1, 2)).compute_output_shape((None, 12))
(None, 6, 2)
"""
import math

from ....ops.array_ops import reshape, shape
from ..input_spec import shape_of
from ..layer import Layer

__all__ = ["Reshape"]


class Reshape(Layer):
    """Reshapes inputs to `(batch,) + target_shape`; one entry of `target_shape` may be -1 (inferred)."""

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        target_shape = tuple(target_shape)
        if target_shape.count(-1) > 1 or not all(isinstance(d, int) and (d > 0 or d == -1) for d in target_shape):
            raise ValueError("Reshape: `target_shape` must be a tuple of positive ints with at most one -1 "
                             f"(an inferred size). Received: target_shape={target_shape}")
        self.target_shape = target_shape
        self.supports_masking = True

    def build(self, input_shape):
        self.compute_output_shape(input_shape)  # raises early when the sizes cannot match

    def call(self, inputs):
        if -1 not in self.target_shape:   # any batch size (also one unknown while tracing)
            return reshape(inputs, (-1,) + self.target_shape)
        batch = shape_of(inputs)[0] if inputs.shape[0] is not None else shape(inputs)[0]
        return reshape(inputs, (batch,) + self.target_shape)

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        known = math.prod(d for d in self.target_shape if d != -1)
        size = None if None in input_shape[1:] else math.prod(input_shape[1:])
        if size is not None and (size % known if -1 in self.target_shape else size != known):
            raise ValueError(f"Layer '{self.name}' cannot reshape inputs of shape {input_shape} "
                             f"({size} values per sample) to target_shape={self.target_shape}: the total size "
                             "must be unchanged. Choose a target_shape with the same number of values.")
        inferred = None if size is None else size // known
        return (input_shape[0],) + tuple(inferred if d == -1 else d for d in self.target_shape)

    def get_config(self):
        return {**super().get_config(), "target_shape": self.target_shape}
