"""`tf.reduce_sum` and the other reductions over a `tf.RaggedTensor`, as TensorFlow dispatches them.

Reducing the ragged dimension 1 aggregates each row's values (`unsorted_segment_*` over the
value row ids); reducing dimension 0 aggregates position `j` of every row that has one (rows of
different lengths give a result as long as the longest row); deeper dimensions recurse into the
values, dense inner dimensions reduce the flat values. Empty rows give the reduction's identity
(0 for sums, the dtype's lowest value for `reduce_max`, NaN for `reduce_mean`). Gradients flow
through the segment ops.

>>> import neuroflow as tf
>>> rt = tf.ragged.constant([[3, 1, 4], [1, 5], [], [9]])
>>> tf.reduce_sum(rt, axis=1).numpy(), tf.reduce_max(rt, axis=0).numpy()
(array([8, 6, 0, 9], dtype=int32), array([9, 5, 4], dtype=int32))
>>> print(tf.reduce_sum(tf.ragged.constant([[[1, 2], [3]], [[4, 5, 6]]]), axis=-1))
<tf.RaggedTensor [[3, 3], [15]]>
"""
import numpy as np

from ..framework import dtypes
from ..framework.ragged_tensor import RaggedTensor
from .array_ops import expand_dims
from .comparison_ops import logical_not
from .math_ops import cast, divide
from .creation_ops import ones_like
from .scan_ops import unsorted_segment_sum
from .segment_ops import unsorted_segment_max, unsorted_segment_min, unsorted_segment_prod

__all__ = ["ragged_reduce"]


def _segment_any(data, ids, n):
    """Whether any value of each segment is True (empty segments: False)."""
    return cast(unsorted_segment_sum(cast(data, dtypes.int32), ids, n), dtypes.bool)


def _segment_all(data, ids, n):
    """Whether every value of each segment is True (empty segments: True)."""
    return logical_not(_segment_any(logical_not(data), ids, n))


_SEGMENT_OPS = {"reduce_sum": unsorted_segment_sum, "reduce_max": unsorted_segment_max,
                "reduce_min": unsorted_segment_min, "reduce_prod": unsorted_segment_prod,
                "reduce_any": _segment_any, "reduce_all": _segment_all}


def _segment_aggregate(segment_op, data, ids, num_segments):
    """`segment_op` over the rows of `data` grouped by `ids`; ragged rows aggregate position by position."""
    if not isinstance(data, RaggedTensor):
        return segment_op(data, ids, num_segments)
    lengths = np.diff(data._row_splits)
    out_lengths = np.zeros(num_segments, np.int64)
    np.maximum.at(out_lengths, ids, lengths)
    out_splits = np.concatenate([[0], np.cumsum(out_lengths)])
    starts = out_splits[ids]
    value_ids = np.arange(int(lengths.sum()), dtype=np.int64) + np.repeat(
        starts - np.concatenate([[0], np.cumsum(lengths)])[:-1], lengths)
    values = _segment_aggregate(segment_op, data.values, value_ids, int(out_splits[-1]))
    return RaggedTensor.from_row_splits(values, out_splits, validate=False)


def _reduce_axis(reduce, segment_op, rt, axis):
    if not isinstance(rt, RaggedTensor):
        return reduce(rt, axis)
    if axis == 0:  # position j of every row
        offsets = rt._row_partition.offsets_in_rows().numpy()
        count = int(np.diff(rt._row_splits).max(initial=0))
        return _segment_aggregate(segment_op, rt.values, offsets, count)
    if axis == 1:  # each row's values
        return _segment_aggregate(segment_op, rt.values, rt.value_rowids().numpy(), rt._nrows())
    return rt.with_values(_reduce_axis(reduce, segment_op, rt.values, axis - 1))


def ragged_reduce(reduce, rt, axis=None, keepdims=False):
    """`reduce` (a public reduction such as `reduce_sum`) of RaggedTensor `rt` along `axis`."""
    name = reduce.__name__
    if name == "reduce_mean":
        total = ragged_reduce(_reduction("reduce_sum"), rt, axis, keepdims)
        count = ragged_reduce(_reduction("reduce_sum"), rt.with_flat_values(ones_like(rt.flat_values)), axis,
                              keepdims)
        if isinstance(total, RaggedTensor):
            return total.with_flat_values(divide(total.flat_values, count.flat_values))
        return divide(total, count)
    if name not in _SEGMENT_OPS:
        raise TypeError(f"tf.{name} does not support RaggedTensor inputs; reduce rt.flat_values or rt.to_tensor().")
    if axis is None:
        return reduce(rt.flat_values, None, keepdims)
    rank = rt.shape.rank
    axes = [int(a) for a in np.atleast_1d(np.asarray(axis)).tolist()]
    for a in axes:
        if not -rank <= a < rank:
            raise ValueError(f"axis={a} out of bounds: expected {-rank}<=axis<{rank}")
    result = rt
    for a in sorted({a % rank for a in axes}, reverse=True):  # innermost first keeps the outer axes in place
        result = _reduce_axis(reduce, _SEGMENT_OPS[name], result, a)
        if keepdims:
            if isinstance(result, RaggedTensor):
                raise ValueError(f"tf.{name}(..., keepdims=True) of a RaggedTensor along axis {a} gives a ragged "
                                 "result, which neuroflow cannot expand yet; reduce with keepdims=False.")
            result = expand_dims(result, a)
    return result


def _reduction(name):
    from . import reduction_ops
    return getattr(reduction_ops, name).__wrapped__
