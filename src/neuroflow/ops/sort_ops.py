"""Sorting: `sort`, `argsort`, `top_k`, `unique`.

Sorting is stable: equal elements keep their order (in both directions), so `top_k`
prefers the lower index on ties, as TensorFlow does. Sorted values are gathered with
the sorting permutation, so their gradient flows back through `gather`.

>>> import neuroflow as tf
>>> tf.sort([3, 1, 2], direction="DESCENDING").numpy()
array([3, 2, 1], dtype=int32)
>>> tf.math.top_k([1.0, 5.0, 3.0], k=2).indices.numpy()
array([1, 2], dtype=int32)
"""
import collections

from ..framework import dtypes
from .array_ops import invalid_argument, transpose
from .indexing_ops import _gather
from .math_ops import cast
from .registry import op, as_tensor
from .shape_util import normalize_axis

__all__ = ["sort", "argsort", "top_k", "in_top_k", "unique", "unique_with_counts", "searchsorted"]

TopKV2 = collections.namedtuple("TopKV2", ["values", "indices"])
Unique = collections.namedtuple("Unique", ["y", "idx"])
UniqueWithCounts = collections.namedtuple("UniqueWithCounts", ["y", "idx", "count"])


@op("ArgSort")
def _argsort(xp, x, axis, descending):
    if not descending:
        return xp.argsort(x, axis=axis, kind="stable").astype(xp.int32)
    # Stable descending: sort the reversed array ascending, then map positions back.
    order = xp.flip(xp.argsort(xp.flip(x, axis), axis=axis, kind="stable"), axis)
    return (x.shape[axis] - 1 - order).astype(xp.int32)


def _direction(direction):
    if direction not in ("ASCENDING", "DESCENDING"):
        raise ValueError(f"direction must be 'ASCENDING' or 'DESCENDING', got {direction!r}.")
    return direction == "DESCENDING"


def _sortable(values, axis, op_name):
    x = as_tensor(values)
    if x.ndim == 0:
        raise invalid_argument(op_name, "input must be at least rank 1, got a scalar.")
    if not (x._dtype.is_integer or x._dtype.is_floating):
        raise invalid_argument(op_name, f"cannot sort a {x._dtype.name} tensor; cast it to a number type.")
    return x, normalize_axis(int(axis), x.ndim, op_name)[0]


def _take_along_last_axis(x, indices):
    return _gather(x, indices, axis=x.ndim - 1, batch_dims=x.ndim - 1)


def argsort(values, axis=-1, direction="ASCENDING", stable=False, name=None):
    """The int32 indices that sort `values` along `axis` (always stable here).

    >>> import neuroflow as tf
    >>> tf.argsort([1, 10, 26.9, 2.8, 166.32, 62.3]).numpy()
    array([0, 3, 1, 2, 5, 4], dtype=int32)
    """
    x, axis = _sortable(values, axis, "ArgSort")
    return _argsort(x, axis=axis, descending=_direction(direction))


def sort(values, axis=-1, direction="ASCENDING", name=None):
    """`values` sorted along `axis`; differentiable (the gradient follows the permutation).

    >>> import neuroflow as tf
    >>> tf.sort([[3.0, 1.0], [0.5, 2.0]], axis=0).numpy()
    array([[0.5, 1. ],
           [3. , 2. ]], dtype=float32)
    """
    x, axis = _sortable(values, axis, "Sort")
    last = x.ndim - 1
    if axis != last:   # sort along the last axis, between two transposes
        perm = list(range(x.ndim))
        perm[axis], perm[last] = last, axis
        return transpose(sort(transpose(x, perm), -1, direction), perm)
    return _take_along_last_axis(x, _argsort(x, axis=last, descending=_direction(direction)))


def top_k(input, k=1, sorted=True, index_type=dtypes.int32, name=None):
    """The `k` largest entries of the last axis and their indices (lower index first on ties).

    Returns:
        A `TopKV2(values, indices)` named tuple.

    >>> import neuroflow as tf
    >>> values, indices = tf.math.top_k([[1, 9, 3], [7, 2, 7]], k=2)
    >>> values.numpy(), indices.numpy()
    (array([[9, 3],
           [7, 7]], dtype=int32), array([[1, 2],
           [0, 2]], dtype=int32))
    """
    x, axis = _sortable(input, -1, "TopKV2")
    k = int(k)
    if not 0 <= k <= x.shape[axis]:
        raise invalid_argument(
            "TopKV2", f"input must have at least k columns. Had {x.shape[axis]}, needed {k} "
            f"(input shape {list(x.shape)}); k must be in [0, {x.shape[axis]}].")
    indices = _argsort(x, axis=axis, descending=True)[..., :k]
    return TopKV2(_take_along_last_axis(x, indices), cast(indices, index_type))


@op("InTopKV2")
def _in_top_k(xp, predictions, targets, k):
    target_scores = xp.take_along_axis(predictions, targets[:, None].astype(xp.intp), axis=1)
    better = (predictions > target_scores).sum(axis=1)
    finite = xp.isfinite(predictions).all(axis=1)
    return (better < k) & finite


def in_top_k(targets, predictions, k, name=None):
    """Whether each target class is among the `k` highest predictions of its row.

    Ties count as inside: a class whose score equals the k-th highest is in the top k.
    Rows with non-finite predictions give False, as in TensorFlow.

    >>> import neuroflow as tf
    >>> tf.math.in_top_k([2, 0], [[0.1, 0.3, 0.6], [0.1, 0.3, 0.6]], k=2).numpy()
    array([ True, False])
    """
    targets, predictions = as_tensor(targets), as_tensor(predictions)
    if predictions.ndim != 2 or targets.ndim != 1 or targets.shape[0] != predictions.shape[0]:
        raise invalid_argument(
            "InTopKV2", f"predictions must be [batch, classes] and targets [batch]; received "
            f"predictions {tuple(predictions.shape)} and targets {tuple(targets.shape)}.")
    if not targets._dtype.is_integer:
        raise invalid_argument("InTopKV2", f"targets must be int32 or int64 class ids, got {targets._dtype.name}.")
    classes = predictions.shape[1]
    bad = [int(t) for t in targets.numpy().tolist() if not 0 <= t < classes]
    if bad:
        raise invalid_argument("InTopKV2", f"targets {bad} are outside [0, {classes}).")
    return _in_top_k(predictions, targets, k=int(k))


@op("Unique")
def _unique(xp, x, with_counts):
    values, first, inverse, counts = xp.unique(x, return_index=True, return_inverse=True, return_counts=True)
    order = xp.argsort(first)                  # unique values in order of first appearance
    rank = xp.empty_like(order)
    rank[order] = xp.arange(order.size)
    outputs = (values[order], rank[inverse.reshape(-1)])
    return outputs + (counts[order],) if with_counts else outputs


def _unique_operand(x, op_name):
    x = as_tensor(x)
    if x.ndim != 1:
        raise invalid_argument(op_name, f"unique expects a 1D vector, got shape {list(x.shape)}. "
                               "Flatten it first with tf.reshape(x, [-1]).")
    return x


def unique(x, out_idx=dtypes.int32, name=None):
    """The distinct values of 1-D `x` in order of first appearance, and each element's position in them.

    Returns:
        A `Unique(y, idx)` named tuple, with `x == tf.gather(y, idx)`.

    >>> import neuroflow as tf
    >>> y, idx = tf.unique([1, 1, 2, 4, 4, 4, 7, 8, 8])
    >>> y.numpy(), idx.numpy()
    (array([1, 2, 4, 7, 8], dtype=int32), array([0, 0, 1, 2, 2, 2, 3, 4, 4], dtype=int32))
    """
    y, idx = _unique(_unique_operand(x, "Unique"), with_counts=False)
    return Unique(y, cast(idx, out_idx))


def unique_with_counts(x, out_idx=dtypes.int32, name=None):
    """Like `unique`, plus how often each distinct value occurs.

    >>> import neuroflow as tf
    >>> tf.unique_with_counts([5, 3, 5]).count.numpy()
    array([2, 1], dtype=int32)
    """
    y, idx, count = _unique(_unique_operand(x, "UniqueWithCounts"), with_counts=True)
    return UniqueWithCounts(y, cast(idx, out_idx), cast(count, out_idx))


def _bound(side):
    def forward(xp, sorted_inputs, values, out_type):
        rows = sorted_inputs.reshape(-1, sorted_inputs.shape[-1])
        queries = values.reshape(-1, values.shape[-1])
        out = xp.empty(queries.shape, dtype=out_type)
        for i in range(rows.shape[0]):
            out[i] = xp.searchsorted(rows[i], queries[i], side=side)
        return out.reshape(values.shape)
    return forward


_lower_bound = op("LowerBound")(_bound("left"))
_upper_bound = op("UpperBound")(_bound("right"))


def searchsorted(sorted_sequence, values, side="left", out_type=dtypes.int32, name=None):
    """Where each of `values` would go in `sorted_sequence` (searched along the last axis).

    Both tensors share their leading dimensions; each row of `values` is searched in the
    matching row of `sorted_sequence`. `side="left"` gives the first index whose element is
    >= the value, `side="right"` the first index whose element is > it.

    >>> import neuroflow as tf
    >>> tf.searchsorted([[0.0, 3.0, 9.0]], [[3.0, 10.0, -1.0]]).numpy()
    array([[1, 3, 0]], dtype=int32)
    >>> tf.searchsorted([0, 3, 9], [3], side="right").numpy()
    array([2], dtype=int32)
    """
    seq, vals = as_tensor(sorted_sequence), as_tensor(values)
    name_ = "LowerBound" if side == "left" else "UpperBound"
    if side not in ("left", "right"):
        raise ValueError(f"searchsorted: side must be 'left' or 'right'. Received: side={side!r}.")
    if seq.ndim == 0 or vals.ndim == 0 or tuple(seq.shape[:-1]) != tuple(vals.shape[:-1]):
        raise invalid_argument(
            name_, f"sorted_sequence {tuple(seq.shape)} and values {tuple(vals.shape)} must be at least "
            "rank 1 and share every dimension but the last.")
    if seq.dtype != vals.dtype:
        raise invalid_argument(name_, f"sorted_sequence is {seq.dtype.name} but values is {vals.dtype.name}; "
                               "cast one of them.")
    kernel = _lower_bound if side == "left" else _upper_bound
    return kernel(seq, vals, out_type=dtypes.as_dtype(out_type).as_numpy_dtype)
