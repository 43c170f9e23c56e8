"""`SparseTensor * dense` and `SparseTensor / dense`: the products TensorFlow overloads on it.

The dense operand broadcasts to the sparse tensor's shape and is read at its indices; the result
keeps the sparse tensor's indices. Both operands get gradients.

>>> import neuroflow as tf
>>> st = tf.sparse.SparseTensor([[0, 0], [1, 2]], [2.0, 3.0], [2, 3])
>>> (st * tf.constant([10.0, 20.0, 30.0])).values.numpy()
array([20., 90.], dtype=float32)
"""
from ..framework.convert import convert_to_tensor
from ..framework.sparse_tensor import SparseTensor
from ..ops.array_ops import broadcast_to
from ..ops.indexing_ops import gather_nd

__all__ = []


def _dense_at(sparse, dense):
    dense = dense if hasattr(dense, "_dtype") else convert_to_tensor(dense, dtype=sparse.dtype)
    return gather_nd(broadcast_to(dense, sparse.shape.as_list()), sparse.indices)


SparseTensor.__mul__ = lambda self, other: self.with_values(self.values * _dense_at(self, other))
SparseTensor.__truediv__ = lambda self, other: self.with_values(self.values / _dense_at(self, other))
