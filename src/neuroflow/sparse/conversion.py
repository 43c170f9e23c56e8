"""`tf.sparse.to_dense` and `from_dense`: between sparse and dense forms, with public ops.

>>> import neuroflow as tf
>>> st = tf.sparse.from_dense(tf.constant([[0, 3], [4, 0]]))
>>> st.indices.numpy().tolist(), st.values.numpy().tolist()
([[0, 1], [1, 0]], [3, 4])
>>> tf.sparse.to_dense(st, default_value=-1).numpy().tolist()
[[-1, 3], [4, -1]]
"""
from ..framework.convert import convert_to_tensor
from ..framework.sparse_tensor import SparseTensor
from ..ops.creation_ops import fill
from ..ops.indexing_ops import gather_nd, tensor_scatter_nd_update, where
from ..ops.comparison_ops import not_equal
from ..ops.array_ops import shape as _shape
from ..ops.math_ops import cast
from ..framework import dtypes

__all__ = ["to_dense", "from_dense"]


def to_dense(sp_input, default_value=None, validate_indices=True, name=None):
    """The dense tensor of `sp_input`; entries it does not store hold `default_value` (0 or b"").

    Args:
        sp_input: a `SparseTensor`.
        default_value: the value of the unstored entries.
        validate_indices: accepted for TensorFlow's signature (indices are bounds-checked always).
        name: ignored.
    """
    if not isinstance(sp_input, SparseTensor):
        raise TypeError(f"tf.sparse.to_dense expects a SparseTensor. Received: {type(sp_input).__name__}.")
    if default_value is None:
        default_value = b"" if sp_input.dtype == dtypes.string else 0
    default = convert_to_tensor(default_value, dtype=sp_input.dtype) \
        if not hasattr(default_value, "dtype") else default_value
    return tensor_scatter_nd_update(fill(sp_input.dense_shape, default), sp_input.indices, sp_input.values)


def from_dense(tensor, name=None):
    """The `SparseTensor` of the entries of `tensor` that differ from 0 (or b"")."""
    tensor = convert_to_tensor(tensor)
    zero = b"" if tensor.dtype == dtypes.string else 0
    indices = where(not_equal(tensor, convert_to_tensor(zero, dtype=tensor.dtype)))
    return SparseTensor(indices, gather_nd(tensor, indices), cast(_shape(tensor), dtypes.int64))
