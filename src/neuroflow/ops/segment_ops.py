"""Segment reductions beyond sums: max, min, prod, mean and sqrt-n, sorted and unsorted.

`unsorted_segment_<r>(data, ids, n)` reduces the slices `data[i]` with equal `ids[i]` into `n`
rows (negative ids are dropped); `segment_<r>(data, ids)` does the same for sorted ids, with as
many rows as the largest id + 1. Empty segments hold TensorFlow's values: the dtype's lowest
(max) or highest (min) value and 1 (prod) for the unsorted ops, 0 for the sorted ones and for
the means.

>>> import neuroflow as tf
>>> tf.math.unsorted_segment_max([1.0, 5.0, 2.0, 4.0], [0, 0, 2, 2], num_segments=3).numpy()
array([ 5.0000000e+00, -3.4028235e+38,  4.0000000e+00], dtype=float32)
>>> tf.math.segment_mean([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], [0, 0, 1]).numpy()
array([[2., 3.],
       [5., 6.]], dtype=float32)
"""
import numpy as np

from ..framework import errors
from .array_ops import reshape
from .comparison_ops import equal, greater
from .creation_ops import ones_like, zeros_like
from .indexing_ops import where
from .math_ops import cast, maximum, sqrt
from .scan_ops import _segment_gather, _segment_operands, unsorted_segment_sum
from .registry import op

__all__ = ["unsorted_segment_max", "unsorted_segment_min", "unsorted_segment_prod",
           "unsorted_segment_mean", "unsorted_segment_sqrt_n",
           "segment_max", "segment_min", "segment_prod", "segment_mean", "segment_sqrt_n"]


def _reduce_rows(xp, ufunc, identity, data, ids, num_segments):
    """`ufunc.at` over the slices of `data` by id into `num_segments` rows starting at `identity`."""
    if ids.size and ids.max() >= num_segments:
        raise ValueError(f"segment id {int(ids.max())} is out of range [0, {num_segments}): "
                         "num_segments must exceed every segment id")
    inner = data.shape[ids.ndim:]
    out = xp.full((num_segments,) + inner, identity, dtype=data.dtype)
    ids = ids.reshape(-1)
    data = data.reshape((ids.shape[0],) + inner)
    keep = ids >= 0
    ufunc.at(out, ids[keep], data[keep])
    return out


def _limit(dtype, which):
    info = np.finfo(dtype) if dtype.kind in "fc" else np.iinfo(dtype)
    return info.min if which == "min" else info.max


@op("UnsortedSegmentMax")
def _unsorted_segment_max(xp, data, ids, num_segments):
    return _reduce_rows(xp, xp.maximum, _limit(data.dtype, "min"), data, ids, num_segments)


@op("UnsortedSegmentMin")
def _unsorted_segment_min(xp, data, ids, num_segments):
    return _reduce_rows(xp, xp.minimum, _limit(data.dtype, "max"), data, ids, num_segments)


@op("UnsortedSegmentProd")
def _unsorted_segment_prod(xp, data, ids, num_segments):
    return _reduce_rows(xp, xp.multiply, 1, data, ids, num_segments)


def _min_or_max_gradient(ctx, dy):
    """The gradient goes to the elements equal to their segment's result, split among ties."""
    data, ids = ctx.inputs
    selected = equal(data, _segment_gather(ctx.output, ids))
    count = unsorted_segment_sum(cast(selected, dy.dtype), ids, dy.shape[0])
    share = _segment_gather(dy / maximum(count, ones_like(count)), ids)
    return where(selected, share, zeros_like(share)), None


_unsorted_segment_max.gradient(_min_or_max_gradient)
_unsorted_segment_min.gradient(_min_or_max_gradient)


@_unsorted_segment_prod.gradient
def _(ctx, dy):
    """d prod / d x_i = prod / x_i, or the product of the others where x_i is the segment's one zero."""
    data, ids = ctx.inputs
    is_zero = equal(data, zeros_like(data))
    zeros = unsorted_segment_sum(cast(is_zero, dy.dtype), ids, dy.shape[0])
    dy = where(greater(zeros, ones_like(zeros)), zeros_like(dy), dy)
    non_zero_prod = _unsorted_segment_prod(where(is_zero, ones_like(data), data), ids,
                                           num_segments=dy.shape[0])
    partial = where(is_zero, _segment_gather(non_zero_prod, ids),
                    _segment_gather(ctx.output, ids) / where(is_zero, ones_like(data), data))
    return _segment_gather(dy, ids) * partial, None


def _counts(ids, num_segments, like):
    """Per segment, how many slices it holds, shaped to broadcast against the reduced rows."""
    ones = cast(ones_like(ids), like.dtype)
    count = unsorted_segment_sum(ones, ids, num_segments)
    return reshape(count, [num_segments] + [1] * (like.shape.rank - ids.shape.rank))


def unsorted_segment_max(data, segment_ids, num_segments, name=None):
    """The maximum of the slices of `data` per segment id (empty segments: the dtype's lowest)."""
    data, ids = _segment_operands(data, segment_ids, "UnsortedSegmentMax")
    return _unsorted_segment_max(data, ids, num_segments=int(num_segments))


def unsorted_segment_min(data, segment_ids, num_segments, name=None):
    """The minimum of the slices of `data` per segment id (empty segments: the dtype's highest).

    >>> import neuroflow as tf
    >>> tf.math.unsorted_segment_min([[1, 2], [5, 0], [4, 4]], [1, 1, 0], 2).numpy()
    array([[4, 4],
           [1, 0]], dtype=int32)
    """
    data, ids = _segment_operands(data, segment_ids, "UnsortedSegmentMin")
    return _unsorted_segment_min(data, ids, num_segments=int(num_segments))


def unsorted_segment_prod(data, segment_ids, num_segments, name=None):
    """The product of the slices of `data` per segment id (empty segments: 1)."""
    data, ids = _segment_operands(data, segment_ids, "UnsortedSegmentProd")
    return _unsorted_segment_prod(data, ids, num_segments=int(num_segments))


def unsorted_segment_mean(data, segment_ids, num_segments, name=None):
    """The mean of the slices of `data` per segment id (empty segments: 0).

    >>> import neuroflow as tf
    >>> tf.math.unsorted_segment_mean([1.0, 2.0, 6.0], [1, 0, 1], 3).numpy()
    array([2. , 3.5, 0. ], dtype=float32)
    """
    data, ids = _segment_operands(data, segment_ids, "UnsortedSegmentMean")
    total = unsorted_segment_sum(data, ids, int(num_segments))
    count = _counts(ids, int(num_segments), total)
    return total / maximum(count, ones_like(count))


def unsorted_segment_sqrt_n(data, segment_ids, num_segments, name=None):
    """The sum of the slices of `data` per segment id divided by sqrt(its size) (empty: 0)."""
    data, ids = _segment_operands(data, segment_ids, "UnsortedSegmentSqrtN")
    total = unsorted_segment_sum(data, ids, int(num_segments))
    count = _counts(ids, int(num_segments), total)
    return total / sqrt(maximum(count, ones_like(count)))


def _sorted(op_name, data, segment_ids):
    """Checks sorted, non-negative ids; returns (data, ids, number of segments)."""
    data, ids = _segment_operands(data, segment_ids, op_name)
    flat = np.asarray(ids.numpy()).reshape(-1)
    if flat.size and (flat[0] < 0 or (flat[1:] < flat[:-1]).any()):
        raise errors.InvalidArgumentError(
            None, op_name, f"{op_name}: segment ids must be non-negative and sorted (non-decreasing); "
            f"use the tf.math.unsorted_segment_* form for unsorted ids. [Op:{op_name}]")
    return data, ids, int(flat[-1]) + 1 if flat.size else 0


def _empty_to_zero(result, ids, num_segments):
    count = _counts(ids, num_segments, result)
    return where(greater(count, zeros_like(count)), result, zeros_like(result))


def segment_max(data, segment_ids, name=None):
    """The maximum of the slices of `data` per sorted segment id (empty segments: 0).

    >>> import neuroflow as tf
    >>> tf.math.segment_max([[1, 2, 3, 4], [4, 3, 2, 1], [5, 6, 7, 8]], [0, 0, 1]).numpy()
    array([[4, 3, 3, 4],
           [5, 6, 7, 8]], dtype=int32)
    """
    data, ids, n = _sorted("SegmentMax", data, segment_ids)
    return _empty_to_zero(_unsorted_segment_max(data, ids, num_segments=n), ids, n)


def segment_min(data, segment_ids, name=None):
    """The minimum of the slices of `data` per sorted segment id (empty segments: 0)."""
    data, ids, n = _sorted("SegmentMin", data, segment_ids)
    return _empty_to_zero(_unsorted_segment_min(data, ids, num_segments=n), ids, n)


def segment_prod(data, segment_ids, name=None):
    """The product of the slices of `data` per sorted segment id (empty segments: 1)."""
    data, ids, n = _sorted("SegmentProd", data, segment_ids)
    return _unsorted_segment_prod(data, ids, num_segments=n)


def segment_mean(data, segment_ids, name=None):
    """The mean of the slices of `data` per sorted segment id (empty segments: 0)."""
    data, ids, n = _sorted("SegmentMean", data, segment_ids)
    return unsorted_segment_mean(data, ids, n)


def segment_sqrt_n(data, segment_ids, name=None):
    """The sum of the slices per sorted segment id divided by sqrt(its size) (empty segments: 0)."""
    data, ids, n = _sorted("SegmentSqrtN", data, segment_ids)
    return unsorted_segment_sqrt_n(data, ids, n)
