"""`Permute`: reorders the non-batch axes of each sample.

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> keras.layers.Permute((2, 1))(tf.ones([4, 10, 64])).shape
TensorShape([4, 64, 10])
"""
from ....ops.array_ops import transpose
from ..input_spec import InputSpec
from ..layer import Layer

__all__ = ["Permute"]


class Permute(Layer):
    """Permutes the axes after the batch axis: `dims` is a permutation of 1..rank, e.g. (2, 1)."""

    def __init__(self, dims, **kwargs):
        super().__init__(**kwargs)
        self.dims = tuple(dims)
        if sorted(self.dims) != list(range(1, len(self.dims) + 1)):
            raise ValueError("Invalid permutation argument `dims` for Permute Layer. The set of indices in `dims` "
                             f"must be consecutive and start from 1. Received dims={dims}")
        self.input_spec = InputSpec(ndim=len(self.dims) + 1)
        self.supports_masking = True

    def call(self, inputs):
        return transpose(inputs, (0,) + self.dims)

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + tuple(input_shape[d] for d in self.dims)

    def get_config(self):
        return {**super().get_config(), "dims": self.dims}
