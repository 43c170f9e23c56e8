"""`SparseTensor`: a tensor stored as the coordinates and values of its non-default entries.

TensorFlow's `tf.sparse.SparseTensor`: `indices` (int64, shape (n, rank)), `values` (shape (n,))
and `dense_shape` (int64, shape (rank,)), printed as TensorFlow prints it. The `tf.sparse`
namespace holds the operations on it.

>>> import neuroflow as tf
>>> st = tf.sparse.SparseTensor(indices=[[0, 1], [2, 0]], values=[5, 7], dense_shape=[3, 2])
>>> st.shape, st.dtype
(TensorShape([3, 2]), tf.int32)
>>> print(st.values)
tf.Tensor([5 7], shape=(2,), dtype=int32)
"""
import numpy as np

from . import dtypes
from .convert import convert_to_tensor
from .tensor_shape import TensorShape

__all__ = ["SparseTensor", "SparseTensorValue", "SparseTensorSpec"]


class SparseTensor:
    """A sparse tensor: `values[i]` sits at coordinates `indices[i]` of a `dense_shape` tensor.

    Args:
        indices: int64-convertible, shape (n, rank): the coordinates of the stored values.
        values: shape (n,): the stored values.
        dense_shape: int64-convertible, shape (rank,): the shape of the dense tensor.
    """

    def __init__(self, indices, values, dense_shape):
        dense_shape = dense_shape.numpy() if hasattr(dense_shape, "numpy") else dense_shape
        self._dense_shape = convert_to_tensor(np.asarray(dense_shape, np.int64), dtypes.int64)
        rank = self._dense_shape.shape[0]
        self._indices = convert_to_tensor(np.asarray(indices, np.int64).reshape(-1, rank)
                                          if not hasattr(indices, "numpy") else indices, dtypes.int64)
        self._values = convert_to_tensor(values)
        n = self._indices.shape[0]
        if self._values.shape.rank != 1 or self._values.shape[0] != n or self._indices.shape[1] != rank:
            raise ValueError(
                f"SparseTensor needs indices of shape (n, rank), values of shape (n,) and dense_shape "
                f"of shape (rank,). Received: indices {self._indices.shape}, values "
                f"{self._values.shape}, dense_shape {self._dense_shape.shape}.")
        self._static_shape = TensorShape([int(d) for d in self._dense_shape.numpy()])

    @classmethod
    def from_value(cls, sparse_tensor_value):
        """A `SparseTensor` from a `SparseTensor` or a `SparseTensorValue`."""
        value = sparse_tensor_value
        return value if isinstance(value, SparseTensor) else cls(value.indices, value.values, value.dense_shape)

    indices = property(lambda self: self._indices, doc="int64 (n, rank): coordinates of the values.")
    values = property(lambda self: self._values, doc="The stored values, shape (n,).")
    dense_shape = property(lambda self: self._dense_shape, doc="int64 (rank,): the dense shape.")
    dtype = property(lambda self: self._values.dtype, doc="The dtype of the values.")
    shape = property(lambda self: self._static_shape, doc="The dense shape as a `TensorShape`.")

    def get_shape(self):
        """The dense shape as a `TensorShape` (same as `.shape`)."""
        return self._static_shape

    def set_shape(self, shape):
        """Checks `shape` against the dense shape (TensorFlow refines unknown dimensions this way)."""
        shape = TensorShape(shape)
        if not self._static_shape.is_compatible_with(shape):
            raise ValueError(f"Tensor's shape {self._static_shape} is not compatible with supplied "
                             f"shape {shape}.")

    def with_values(self, new_values):
        """This sparse tensor's indices and shape with `new_values` (same length) as its values."""
        new_values = convert_to_tensor(new_values)
        if new_values.shape.rank != 1 or new_values.shape[0] != self._values.shape[0]:
            raise ValueError(f"SparseTensor.with_values: expected {self._values.shape[0]} values, "
                             f"got shape {new_values.shape}.")
        return SparseTensor(self._indices, new_values, self._dense_shape)

    def __repr__(self):
        return f"SparseTensor(indices={self._indices!s}, values={self._values!s}, dense_shape={self._dense_shape!s})"


class SparseTensorValue:
    """The NumPy-valued form of a SparseTensor (`tf.compat.v1.SparseTensorValue`)."""

    def __init__(self, indices, values, dense_shape):
        self.indices, self.values, self.dense_shape = indices, values, dense_shape

    def __iter__(self):
        return iter((self.indices, self.values, self.dense_shape))

    def __repr__(self):
        return f"SparseTensorValue(indices={self.indices!r}, values={self.values!r}, dense_shape={self.dense_shape!r})"


class SparseTensorSpec:
    """The type of a SparseTensor: its dense `shape` (None dimensions allowed) and `dtype`."""

    def __init__(self, shape=None, dtype=dtypes.float32):
        self.shape, self.dtype = TensorShape(shape), dtypes.as_dtype(dtype)

    @classmethod
    def from_value(cls, value):
        return cls(value.shape, value.dtype)

    def is_compatible_with(self, other):
        other = other if isinstance(other, SparseTensorSpec) else SparseTensorSpec.from_value(other)
        return self.dtype == other.dtype and self.shape.is_compatible_with(other.shape)

    def __eq__(self, other):
        return isinstance(other, SparseTensorSpec) and (self.shape, self.dtype) == (other.shape, other.dtype)

    def __hash__(self):
        return hash((tuple(self.shape.as_list()) if self.shape.rank is not None else None, self.dtype.name))

    def __repr__(self):
        return f"SparseTensorSpec({self.shape}, {self.dtype!r})"
