"""`SparseTensor`: a tensor stored as the coordinates and values of its non-default entries.

A minimal form of TensorFlow's `tf.sparse.SparseTensor`: `indices` (int64, shape (n, rank)),
`values` (shape (n,)) and `dense_shape` (int64, shape (rank,)), printed as TensorFlow prints it.
`tf.sparse.to_dense` turns it into a dense tensor.

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

__all__ = ["SparseTensor"]


class SparseTensor:
    """A sparse tensor: `values[i]` sits at coordinates `indices[i]` of a `dense_shape` tensor.

    Args:
        indices: int64-convertible, shape (n, rank): the coordinates of the stored values.
        values: shape (n,): the stored values.
        dense_shape: int64-convertible, shape (rank,): the shape of the dense tensor.
    """

    def __init__(self, indices, values, dense_shape):
        self._indices = convert_to_tensor(np.asarray(indices, np.int64).reshape(-1, len(dense_shape))
                                          if not hasattr(indices, "numpy") else indices, dtypes.int64)
        self._values = convert_to_tensor(values)
        self._dense_shape = convert_to_tensor(np.asarray(dense_shape, np.int64), dtypes.int64)
        n, rank = self._indices.shape
        if self._values.shape.rank != 1 or self._values.shape[0] != n or self._dense_shape.shape[0] != rank:
            raise ValueError(
                f"SparseTensor needs indices of shape (n, rank), values of shape (n,) and dense_shape "
                f"of shape (rank,). Received: indices {self._indices.shape}, values "
                f"{self._values.shape}, dense_shape {self._dense_shape.shape}.")

    indices = property(lambda self: self._indices, doc="int64 (n, rank): coordinates of the values.")
    values = property(lambda self: self._values, doc="The stored values, shape (n,).")
    dense_shape = property(lambda self: self._dense_shape, doc="int64 (rank,): the dense shape.")
    dtype = property(lambda self: self._values.dtype, doc="The dtype of the values.")

    @property
    def shape(self):
        """The dense shape as a `TensorShape`."""
        return TensorShape([int(d) for d in self._dense_shape.numpy()])

    def __repr__(self):
        return f"SparseTensor(indices={self._indices}, values={self._values}, dense_shape={self._dense_shape})"
