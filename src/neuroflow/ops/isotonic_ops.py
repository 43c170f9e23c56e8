"""`tf.nn.isotonic_regression`: the closest non-increasing (or non-decreasing) sequence.

Solved by pool-adjacent-violators: neighbouring blocks that break the order merge into one
block holding their mean. A kernel finds the blocks (the `segments`); the solution is then
each block's mean, composed of public ops, so its gradient averages over each block as
TensorFlow's does.

>>> import neuroflow as tf
>>> y, segments = tf.nn.isotonic_regression([[3.0, 1.0, 2.0], [1.0, 3.0, 4.0]])
>>> y.numpy()
array([[3.       , 1.5      , 1.5      ],
       [2.6666667, 2.6666667, 2.6666667]], dtype=float32)
>>> segments.numpy()
array([[0, 1, 1],
       [0, 0, 0]], dtype=int32)
"""
import collections

import numpy as np

from ..framework import dtypes
from .array_ops import reshape, transpose
from .indexing_ops import gather
from .math_ops import cast, negative
from .registry import as_tensor, op
from .segment_ops import unsorted_segment_mean
from .shape_util import dims

__all__ = ["isotonic_regression"]

IsotonicRegression = collections.namedtuple("IsotonicRegression", ["output", "segments"])


@op("IsotonicRegressionSegments")
def _segments(xp, rows):
    """Per row of `rows` ([n, length]), the block of each position in the non-increasing fit."""
    out = np.zeros(rows.shape, np.int32)
    for r, row in enumerate(np.asarray(rows, np.float64)):
        starts, sums, counts = [], [], []
        for i, value in enumerate(row):
            starts.append(i), sums.append(value), counts.append(1)
            while len(sums) > 1 and sums[-2] / counts[-2] < sums[-1] / counts[-1]:
                total, count = sums.pop(), counts.pop()
                sums[-1] += total
                counts[-1] += count
                starts.pop()
        for block, start in enumerate(starts):
            out[r, start:] = block
    return xp.asarray(out)


def _float_dtype(dtype):
    if dtype.is_floating:
        return dtype
    return dtypes.float32 if dtype.size <= 2 else dtypes.float64


def isotonic_regression(inputs, decreasing=True, axis=-1):
    """The least-squares fit of `inputs` along `axis` that is non-increasing (`decreasing=True`)
    or non-decreasing, and its `segments`: per position, the index of its block of equal values.

    Integer inputs give float32 (8- and 16-bit) or float64 solutions, as in TensorFlow.
    """
    x = as_tensor(inputs)
    x = cast(x, _float_dtype(x.dtype))
    rank = len(dims(x))
    axis = axis % rank if rank else 0
    if not decreasing:
        output, segments = isotonic_regression(negative(x), True, axis)
        return negative(output), segments
    perm = [a for a in range(rank) if a != axis] + [axis]
    moved = transpose(x, perm) if axis != rank - 1 else x
    shape = dims(moved)
    length = shape[-1] if rank else 1
    rows = reshape(moved, [-1, length])
    segments = _segments(rows)
    count = int(np.prod(shape[:-1], dtype=np.int64)) if rank > 1 else 1
    ids = segments + reshape(as_tensor(np.arange(count, dtype=np.int32) * length), [-1, 1])
    means = unsorted_segment_mean(reshape(rows, [-1]), reshape(ids, [-1]), count * length)
    output = reshape(gather(means, reshape(ids, [-1])), shape)
    segments = reshape(segments, shape)
    if axis != rank - 1:
        inverse = list(np.argsort(perm))
        return transpose(output, inverse), transpose(segments, inverse)
    return IsotonicRegression(output, segments)
