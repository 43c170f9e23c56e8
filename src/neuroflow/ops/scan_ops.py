"""Scans, segment sums and counting: `cumsum`, `cumprod`, `segment_sum`, `bincount`, `confusion_matrix`.

>>> import neuroflow as tf
>>> tf.cumsum([1, 2, 3]).numpy(), tf.cumsum([1, 2, 3], exclusive=True).numpy()
(array([1, 3, 6], dtype=int32), array([0, 1, 3], dtype=int32))
>>> tf.math.segment_sum([5.0, 1.0, 2.0], [0, 0, 1]).numpy()
array([6., 2.], dtype=float32)
"""
from ..framework import dtypes, errors
from .array_ops import reshape
from .math_ops import NUMERIC, cast, check_dtype
from .registry import op, as_tensor
from .shape_util import is_symbolic, normalize_axis

__all__ = ["cumsum", "cumprod", "segment_sum", "unsorted_segment_sum", "bincount", "confusion_matrix"]


# --- cumsum, cumprod ------------------------------------------------------------------------
def _scan(accumulate, identity):
    """The forward of a cumulative op: `accumulate` along `axis`, optionally exclusive/reversed."""
    def forward(xp, x, axis, exclusive, reverse):
        if reverse:
            x = xp.flip(x, axis)
        out = getattr(xp, accumulate)(x, axis=axis, dtype=x.dtype if x.dtype.kind in "iu" else None)
        if exclusive:   # shift one step along `axis`, the identity entering first
            shifted = xp.empty_like(out)
            index = [slice(None)] * out.ndim
            index[axis] = slice(0, 1)
            shifted[tuple(index)] = identity
            index[axis] = slice(1, None)
            source = list(index)
            source[axis] = slice(0, -1)
            shifted[tuple(index)] = out[tuple(source)]
            out = shifted
        return xp.flip(out, axis) if reverse else out
    return forward


_cumsum = op("Cumsum")(_scan("cumsum", 0))
_cumprod = op("Cumprod")(_scan("cumprod", 1))


@_cumsum.gradient
def _(ctx, dy):
    attrs = ctx.attrs
    return _cumsum(dy, axis=attrs["axis"], exclusive=attrs["exclusive"], reverse=not attrs["reverse"])


@_cumprod.gradient
def _(ctx, dy):
    # TF's formula: sum over the outputs each x_i appears in, each divided by x_i (x must be nonzero).
    attrs = ctx.attrs
    total = _cumsum(ctx.output * dy, axis=attrs["axis"], exclusive=attrs["exclusive"],
                    reverse=not attrs["reverse"])
    return total / ctx.inputs[0]


def _scan_call(kernel, x, axis, exclusive, reverse):
    x = check_dtype(as_tensor(x), kernel.name, NUMERIC)
    if x.ndim == 0:
        raise errors.InvalidArgumentError(
            None, kernel.name, f"{kernel.name}: expects a tensor of rank >= 1, got a scalar. "
            f"Use tf.reshape(x, [-1]) first. [Op:{kernel.name}]")
    (axis,) = normalize_axis(int(axis), x.ndim, kernel.name)
    return kernel(x, axis=axis, exclusive=bool(exclusive), reverse=bool(reverse))


def cumsum(x, axis=0, exclusive=False, reverse=False, name=None):
    """Running sums along `axis`: `[a, a + b, a + b + c]`.

    Args:
        x: a numeric tensor.
        axis: the axis to scan along (default 0).
        exclusive: leave each element out of its own sum: `[0, a, a + b]`.
        reverse: scan from the end: `[a + b + c, b + c, c]`.

    >>> import neuroflow as tf
    >>> tf.cumsum([[1, 2], [3, 4]], axis=1, reverse=True).numpy()
    array([[3, 2],
           [7, 4]], dtype=int32)
    """
    return _scan_call(_cumsum, x, axis, exclusive, reverse)


def cumprod(x, axis=0, exclusive=False, reverse=False, name=None):
    """Running products along `axis`: `[a, a * b, a * b * c]` (`exclusive`, `reverse` as in `cumsum`).

    Its gradient divides by `x`, as TensorFlow's does, so it is not finite where `x` is 0.

    >>> import neuroflow as tf
    >>> tf.math.cumprod([1.0, 2.0, 3.0], exclusive=True).numpy()
    array([1., 1., 2.], dtype=float32)
    """
    return _scan_call(_cumprod, x, axis, exclusive, reverse)


# --- segment sums -------------------------------------------------------------------------
def _segment_rows(xp, data, ids, num_segments):
    """Sums the slices `data[i]` with equal `ids[i]` into `num_segments` rows; ids < 0 are dropped."""
    inner = data.shape[ids.ndim:]
    out = xp.zeros((num_segments,) + inner, dtype=data.dtype)
    ids = ids.reshape(-1)
    data = data.reshape((ids.shape[0],) + inner)
    keep = ids >= 0
    if not keep.all():
        ids, data = ids[keep], data[keep]
    xp.add.at(out, ids, data)
    return out


@op("SegmentSum")
def _segment_sum(xp, data, ids):
    flat = ids.reshape(-1)
    if flat.size and (flat[0] < 0 or (flat[1:] < flat[:-1]).any()):
        raise ValueError("segment ids must be non-negative and sorted (non-decreasing); "
                         "use tf.math.unsorted_segment_sum for unsorted ids")
    return _segment_rows(xp, data, ids, int(flat[-1]) + 1 if flat.size else 0)


@op("UnsortedSegmentSum")
def _unsorted_segment_sum(xp, data, ids, num_segments):
    if ids.size and ids.max() >= num_segments:
        raise ValueError(f"segment id {int(ids.max())} is out of range [0, {num_segments}): "
                         "num_segments must exceed every segment id")
    return _segment_rows(xp, data, ids, num_segments)


@op("SegmentGather")
def _segment_gather(xp, params, ids):
    """`params[ids]`, with zero rows where an id is negative (the rows a segment sum dropped)."""
    valid = ids >= 0
    rows = params[xp.where(valid, ids, 0)]
    if valid.all():
        return rows
    return xp.where(valid.reshape(valid.shape + (1,) * (rows.ndim - valid.ndim)), rows,
                    xp.zeros((), rows.dtype))


def _segment_sum_gradient(ctx, dy):
    return _segment_gather(dy, ctx.inputs[1]), None


_segment_sum.gradient(_segment_sum_gradient)
_unsorted_segment_sum.gradient(_segment_sum_gradient)


@_segment_gather.gradient
def _(ctx, dy):
    params, ids = ctx.inputs
    return _unsorted_segment_sum(dy, ids, num_segments=params.shape[0]), None


def _segment_operands(data, segment_ids, op_name):
    data = check_dtype(as_tensor(data), op_name, NUMERIC)
    ids = check_dtype(as_tensor(segment_ids), op_name, "iu")
    if tuple(data.shape[:ids.ndim]) != tuple(ids.shape):
        raise errors.InvalidArgumentError(
            None, op_name,
            f"{op_name}: segment_ids of shape {tuple(ids.shape)} must be a prefix of data's shape "
            f"{tuple(data.shape)}: one id per slice of data. [Op:{op_name}]")
    return data, ids


def segment_sum(data, segment_ids, name=None):
    """Sums the slices of `data` that share a segment id; `segment_ids` must be sorted.

    `output[k] = sum of data[i] with segment_ids[i] == k`, for k up to the largest id
    (segments without ids are 0).

    >>> import neuroflow as tf
    >>> tf.math.segment_sum([[1, 2], [3, 4], [5, 6]], [0, 0, 2]).numpy()
    array([[4, 6],
           [0, 0],
           [5, 6]], dtype=int32)
    """
    return _segment_sum(*_segment_operands(data, segment_ids, "SegmentSum"))


def unsorted_segment_sum(data, segment_ids, num_segments, name=None):
    """Sums the slices of `data` into `num_segments` rows by id, in any order; negative ids are dropped.

    >>> import neuroflow as tf
    >>> tf.math.unsorted_segment_sum([1.0, 2.0, 3.0, 4.0], [1, 0, 1, -1], num_segments=2).numpy()
    array([2., 4.], dtype=float32)
    """
    data, ids = _segment_operands(data, segment_ids, "UnsortedSegmentSum")
    return _unsorted_segment_sum(data, ids, num_segments=int(num_segments))


# --- bincount -----------------------------------------------------------------------------
@op("Bincount")
def _bincount(xp, arr, *weights, length, maxlength, per_row, binary, dtype, minlength=0):
    if arr.size and arr.min() < 0:
        raise ValueError("all values of `arr` must be non-negative")
    if length is None:   # traced: the number of bins depends on the values
        length = _bins(int(arr.max()) + 1 if arr.size else 0, minlength, maxlength)
    weights = weights[0] if weights else None
    if maxlength is not None:   # values beyond maxlength are not counted
        keep = arr < maxlength
        arr = xp.where(keep, arr, 0)
        weights = xp.where(keep, 1 if weights is None else weights, 0)
    if per_row:                 # row r counts into bins [r * length, (r + 1) * length)
        arr = arr + xp.arange(arr.shape[0], dtype=arr.dtype)[:, None] * length
    counts = xp.bincount(arr.reshape(-1), None if weights is None else weights.reshape(-1),
                         minlength=length * (arr.shape[0] if per_row else 1))
    if binary:
        counts = counts > 0
    counts = counts.reshape((arr.shape[0], length) if per_row else (length,))
    return counts.astype(dtype)


def bincount(arr, weights=None, minlength=None, maxlength=None, dtype=dtypes.int32, name=None,
             axis=None, binary_output=False):
    """Counts how often each non-negative integer occurs in `arr` (sums `weights` when given).

    The output has `max(arr) + 1` bins, at least `minlength` and at most `maxlength`.

    Args:
        arr: non-negative integers.
        weights: optional, shaped like `arr`: each occurrence adds its weight instead of 1.
        minlength, maxlength: bounds on the number of bins.
        dtype: the counts' dtype when there are no weights (weights give their dtype).
        axis: None (or 0) counts over all of `arr`; -1 counts each row of a 2-D `arr`.
        binary_output: 1 where a value occurs at all, instead of its count.

    >>> import neuroflow as tf
    >>> tf.math.bincount([1, 1, 3]).numpy()
    array([0, 2, 0, 1], dtype=int32)
    >>> tf.math.bincount([[0, 1], [1, 1]], axis=-1).numpy()
    array([[1, 1],
           [0, 2]], dtype=int32)
    """
    arr = check_dtype(as_tensor(arr), "Bincount", "iu")
    if axis not in (None, 0, -1):
        raise ValueError(f"bincount: only axis None, 0 and -1 are supported, got axis={axis!r}.")
    per_row = axis == -1
    if per_row and arr.ndim != 2:
        raise errors.InvalidArgumentError(
            None, "Bincount", f"Bincount: axis=-1 counts per row of a 2-D arr, got shape "
            f"{tuple(arr.shape)}. [Op:Bincount]")
    inputs = [arr]
    if weights is not None:
        weights = as_tensor(weights)
        if tuple(weights.shape) != tuple(arr.shape):
            raise errors.InvalidArgumentError(
                None, "Bincount", f"Bincount: weights of shape {tuple(weights.shape)} must have the "
                f"shape of arr, {tuple(arr.shape)}. [Op:Bincount]")
        if binary_output:
            raise ValueError("bincount: `binary_output` and `weights` are mutually exclusive.")
        inputs.append(weights)
        dtype = weights.dtype
    maxlength = None if maxlength is None else int(maxlength)
    if is_symbolic(arr):  # in a graph: counted when it runs
        length = None
    else:
        values = arr.numpy()
        length = _bins(int(values.max()) + 1 if values.size else 0, minlength, maxlength)
    return _bincount(*inputs, length=length, maxlength=maxlength, per_row=per_row, binary=bool(binary_output),
                     dtype=dtypes.as_dtype(dtype).as_numpy_dtype, minlength=int(minlength or 0))


def _bins(needed, minlength, maxlength):
    length = max(needed, int(minlength or 0))
    return length if maxlength is None else min(length, maxlength)


def confusion_matrix(labels, predictions, num_classes=None, weights=None, dtype=dtypes.int32, name=None):
    """Counts `(label, prediction)` pairs: `matrix[i, j]` is how often class i was predicted as j.

    Args:
        labels, predictions: 1-D integer class ids of one length.
        num_classes: the matrix size (default: the largest id + 1).
        weights: optional per-pair weights to sum instead of counting.
        dtype: the matrix's dtype.

    >>> import neuroflow as tf
    >>> tf.math.confusion_matrix([1, 2, 4], [2, 2, 4]).numpy()
    array([[0, 0, 0, 0, 0],
           [0, 0, 1, 0, 0],
           [0, 0, 1, 0, 0],
           [0, 0, 0, 0, 0],
           [0, 0, 0, 0, 1]], dtype=int32)
    """
    labels = check_dtype(as_tensor(labels), "ConfusionMatrix", "iu")
    predictions = check_dtype(as_tensor(predictions), "ConfusionMatrix", "iu")
    if labels.ndim != 1 or tuple(labels.shape) != tuple(predictions.shape):
        raise errors.InvalidArgumentError(
            None, "ConfusionMatrix", f"confusion_matrix: labels and predictions must be 1-D of one "
            f"length, got shapes {tuple(labels.shape)} and {tuple(predictions.shape)}. [Op:ConfusionMatrix]")
    ids = labels.numpy(), predictions.numpy()
    if any(v.size and v.min() < 0 for v in ids):
        raise errors.InvalidArgumentError(
            None, "ConfusionMatrix", "confusion_matrix: labels and predictions must be non-negative "
            "class ids. [Op:ConfusionMatrix]")
    largest = max((int(v.max()) for v in ids if v.size), default=-1)
    if num_classes is None:
        num_classes = largest + 1
    elif largest >= int(num_classes):
        raise errors.InvalidArgumentError(
            None, "ConfusionMatrix", f"confusion_matrix: class id {largest} is out of bound for "
            f"num_classes={int(num_classes)}. [Op:ConfusionMatrix]")
    n = int(num_classes)
    dtype = dtypes.as_dtype(dtype)
    pairs = cast(labels, dtypes.int64) * n + cast(predictions, dtypes.int64)
    counts = bincount(pairs, weights=None if weights is None else cast(as_tensor(weights), dtype),
                      minlength=n * n, maxlength=n * n, dtype=dtype)
    return reshape(counts, (n, n))
