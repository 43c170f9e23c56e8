"""The `tf.ragged` functions: ragged ranges, masks, stacks, partitions, feature crosses and the
row-splits / segment-ids conversions, over `tf.RaggedTensor` row partitions (eager, on NumPy).

>>> import neuroflow as tf
>>> tf.ragged.range([3, 1]).to_list()
[[0, 1, 2], [0]]
>>> tf.ragged.boolean_mask([[1, 2], [3, 4]], [[True, False], [True, True]]).to_list()
[[1], [3, 4]]
"""
import builtins

import numpy as np

from ..framework import dtypes, errors
from ..framework.convert import convert_to_tensor
from ..framework.ragged_tensor import RaggedTensor
from ..framework.row_partition import RowPartition, as_int_vector
from ..framework.sparse_tensor import SparseTensor
from ..framework.tensor import Tensor
from . import ragged_operators  # noqa: F401 - installs Python operators on RaggedTensor
from .string_hash import fingerprint64

__all__ = ["boolean_mask", "cross", "cross_hashed", "ragged_range", "row_splits_to_segment_ids",
           "segment_ids_to_row_splits", "stack", "stack_dynamic_partitions"]

_DEFAULT_HASH_KEY = 0xDECAFCAFFE  # TensorFlow's key for sparse/ragged cross_hashed
_M64 = (1 << 64) - 1


def _ragged_or_tensor(value, dtype=None):
    return value if isinstance(value, RaggedTensor) else convert_to_tensor(value, dtype=dtype)


def _rank(value):
    return value.shape.rank


def _dense(array, dtype):
    return Tensor(np.asarray(array, dtype=object if dtype == dtypes.string else dtype.as_numpy_dtype), dtype)


def _gather_rows(value, index):
    """Rows `index` (int64 array) of a dense or ragged tensor, in that order."""
    if isinstance(value, RaggedTensor):
        return value._gather_rows(index)
    return _dense(np.asarray(value)[index], value.dtype)


# --- segment ids <-> row splits ----------------------------------------------------------------------
def row_splits_to_segment_ids(splits, name=None, out_type=None):
    """The row (segment) of each value, from row splits: `value_rowids` of the partition.

    >>> import neuroflow as tf
    >>> print(tf.ragged.row_splits_to_segment_ids([0, 2, 2, 3]))
    tf.Tensor([0 0 2], shape=(3,), dtype=int64)
    """
    ids = RowPartition.from_row_splits(splits).value_rowids()
    return ids if out_type is None else _dense(ids.numpy(), dtypes.as_dtype(out_type))


def segment_ids_to_row_splits(segment_ids, num_segments=None, out_type=None, name=None):
    """Row splits from sorted segment ids (`num_segments` adds empty trailing rows).

    >>> import neuroflow as tf
    >>> print(tf.ragged.segment_ids_to_row_splits([0, 0, 2], num_segments=4))
    tf.Tensor([0 2 2 3 3], shape=(5,), dtype=int64)
    """
    splits = RowPartition.from_value_rowids(segment_ids, num_segments).row_splits()
    return splits if out_type is None else _dense(splits.numpy(), dtypes.as_dtype(out_type))


# --- range -------------------------------------------------------------------------------------------
def ragged_range(starts, limits=None, deltas=1, dtype=None, name=None, row_splits_dtype=dtypes.int64):
    """Row `i` is `range(starts[i], limits[i], deltas[i])` (`tf.ragged.range`); scalars broadcast,
    and a single argument gives the limits (starts 0).

    >>> import neuroflow as tf
    >>> tf.ragged.range([0, 5, 8], [3, 3, 12], 2).to_list()
    [[0, 2], [], [8, 10]]
    """
    if limits is None:
        starts, limits = 0, starts
    if dtype is None:
        probe = [convert_to_tensor(v) for v in (starts, limits, deltas)]
        floats = [t.dtype for t in probe if t.dtype.is_floating]
        dtype = floats[0] if floats else probe[0].dtype
    dtype = dtypes.as_dtype(dtype)
    arrays = [np.asarray(convert_to_tensor(v, dtype=dtype)) for v in (starts, limits, deltas)]
    if builtins.any(a.ndim > 1 for a in arrays):
        raise errors.InvalidArgumentError(None, "RaggedRange", "tf.ragged.range: starts, limits and deltas must be "
                                          f"scalars or vectors, got shapes {[a.shape for a in arrays]}.")
    try:
        start, limit, delta = np.broadcast_arrays(*(np.atleast_1d(a) for a in arrays))
    except ValueError:
        raise errors.InvalidArgumentError(None, "RaggedRange", "tf.ragged.range: starts, limits and deltas must "
                                          f"have the same length, got shapes {[a.shape for a in arrays]}.") from None
    if np.any(delta == 0):
        raise errors.InvalidArgumentError(None, "RaggedRange", "Requires delta != 0")
    if builtins.all(a.ndim == 0 for a in arrays):
        start, limit, delta = start[:1], limit[:1], delta[:1]
    sizes = np.maximum(np.ceil((limit.astype(np.float64) - start) / delta), 0).astype(np.int64)
    row = np.repeat(np.arange(len(sizes)), sizes)
    position = np.arange(int(sizes.sum())) - np.repeat(np.concatenate([[0], np.cumsum(sizes)])[:-1], sizes)
    values = (start[row] + position * delta[row]).astype(dtype.as_numpy_dtype)
    return RaggedTensor.from_row_lengths(Tensor(values, dtype), sizes, validate=False)


# --- boolean_mask ------------------------------------------------------------------------------------
def boolean_mask(data, mask, name=None):
    """Keeps the entries of `data` where `mask` is True without flattening the mask's dimensions:
    `output[a1..aA, i, ...] = data[a1..aA, j, ...]` for the `i`-th True `j` of `mask[a1..aA]`.
    The result has `data`'s rank; masked dimensions become ragged.

    >>> import neuroflow as tf
    >>> tf.ragged.boolean_mask(tf.ragged.constant([[1, 2, 3], [4], [5, 6]]),
    ...                        tf.ragged.constant([True, False, True])).to_list()
    [[1, 2, 3], [5, 6]]
    """
    data, mask = _ragged_or_tensor(data), _ragged_or_tensor(mask, dtypes.bool)
    if mask.dtype != dtypes.bool:
        raise TypeError(f"tf.ragged.boolean_mask: mask must be boolean, got {mask.dtype.name}.")
    if _rank(mask) == 0:
        raise ValueError("mask cannot be scalar.")
    if _rank(mask) > _rank(data):
        raise ValueError(f"tf.ragged.boolean_mask: mask of rank {_rank(mask)} is longer than data of rank "
                         f"{_rank(data)}; the mask covers the outer dimensions of data.")
    if isinstance(mask, RaggedTensor):
        if not isinstance(data, RaggedTensor):
            data = RaggedTensor.from_tensor(data, ragged_rank=mask.ragged_rank)
        splits = []
        for level in builtins.range(mask.ragged_rank):
            if data.ragged_rank <= level or not np.array_equal(mask._row_splits, data._row_splits):
                raise errors.InvalidArgumentError(
                    None, "RaggedMask", f"tf.ragged.boolean_mask: data and mask have different row splits in "
                    f"dimension {level + 1}; the mask must have the same (ragged) shape as data's outer dimensions.")
            if _rank(mask) > 2:
                splits.append(mask._row_splits)
            else:
                kept = np.add.reduceat(np.asarray(mask.values).astype(np.int64),
                                       mask._row_splits[:-1]) if len(mask.values) else np.zeros(0, np.int64)
                kept = np.where(np.diff(mask._row_splits) > 0, kept, 0)
                splits.append(np.concatenate([[0], np.cumsum(kept)]))
            mask, data = mask.values, data.values
        return RaggedTensor.from_nested_row_splits(boolean_mask(data, mask), splits, validate=False)
    if isinstance(data, RaggedTensor) and _rank(mask) == 1:
        keep = np.asarray(mask)
        if keep.shape[0] != data._nrows():
            raise errors.InvalidArgumentError(None, "RaggedMask", f"tf.ragged.boolean_mask: mask of length "
                                              f"{keep.shape[0]} for data with {data._nrows()} rows.")
        return _gather_rows(data, np.flatnonzero(keep))
    if isinstance(data, RaggedTensor):
        mask = RaggedTensor.from_tensor(mask, ragged_rank=min(data.ragged_rank, _rank(mask) - 1))
        return boolean_mask(data, mask)
    keep, array = np.asarray(mask), np.asarray(data)
    if array.shape[:keep.ndim] != keep.shape:
        raise errors.InvalidArgumentError(None, "RaggedMask", f"tf.ragged.boolean_mask: mask shape {keep.shape} "
                                          f"must match the outer dimensions of data shape {array.shape}.")
    values = _dense(array[keep], data.dtype)
    if keep.ndim == 1:
        return values
    result = RaggedTensor.from_row_lengths(values, keep.sum(axis=-1).reshape(-1), validate=False)
    for axis in builtins.range(keep.ndim - 2, 0, -1):
        result = RaggedTensor.from_row_splits(result, np.arange(len(result) // keep.shape[axis] + 1) * keep.shape[axis],
                                              validate=False)
    return result


# --- stack -------------------------------------------------------------------------------------------
def _with_ragged_rank(value, ragged_rank):
    """`value` (dense or ragged) as a RaggedTensor with `ragged_rank` ragged dimensions."""
    if not isinstance(value, RaggedTensor):
        return RaggedTensor.from_tensor(value, ragged_rank=ragged_rank)
    if value.ragged_rank >= ragged_rank:
        return value
    return value.with_values(_with_ragged_rank(value.values, ragged_rank - 1) if ragged_rank > 1 else value.values)


def _concat_rows(values):
    """Dense or ragged tensors (all alike) joined along axis 0."""
    if not isinstance(values[0], RaggedTensor):
        shapes = {tuple(v.shape[1:]) for v in values}
        if len(shapes) > 1:
            raise errors.InvalidArgumentError(None, "RaggedStack", "tf.ragged.stack: the inputs' dense inner "
                                              f"dimensions must match, got shapes {[tuple(v.shape) for v in values]}.")
        return _dense(np.concatenate([np.asarray(v) for v in values]), values[0].dtype)
    lengths = np.concatenate([np.diff(v._row_splits) for v in values])
    return RaggedTensor.from_row_lengths(_concat_rows([v.values for v in values]), lengths, validate=False)


def _stack_axis(values, axis):
    """`values` (same ragged rank) stacked at `axis >= 0` of the result."""
    if axis == 0:
        return RaggedTensor.from_row_lengths(_concat_rows(values), [len(v) for v in values], validate=False)
    if not isinstance(values[0], RaggedTensor):
        return _dense(np.stack([np.asarray(v) for v in values], axis=axis), values[0].dtype)
    nrows = {v._nrows() for v in values}
    if len(nrows) > 1:
        raise errors.InvalidArgumentError(None, "RaggedStack", f"tf.ragged.stack: to stack at axis {axis} the "
                                          f"inputs must have the same number of rows, got {sorted(nrows)}.")
    n, k = nrows.pop(), len(values)
    if axis == 1:  # row i of the result: row i of every input, in input order
        order = (np.arange(k)[None, :] * n + np.arange(n)[:, None]).reshape(-1)
        rows = _gather_rows(_concat_rows(values), order)
        return RaggedTensor.from_row_splits(rows, np.arange(n + 1) * k, validate=False)
    if builtins.any(not np.array_equal(v._row_splits, values[0]._row_splits) for v in values[1:]):
        raise errors.InvalidArgumentError(None, "RaggedStack", f"tf.ragged.stack: to stack at axis {axis} the "
                                          "inputs must have the same row lengths in the dimensions above it.")
    return values[0].with_values(_stack_axis([v.values for v in values], axis - 1))


def stack(values, axis=0, name=None):
    """Stacks dense or ragged tensors of the same rank into a RaggedTensor of rank + 1; unlike
    `tf.stack`, the inputs may differ in any dimension that becomes ragged.

    >>> import neuroflow as tf
    >>> t1, t2 = tf.ragged.constant([[1, 2], [3, 4, 5]]), tf.ragged.constant([[6], [7, 8, 9]])
    >>> print(tf.ragged.stack([t1, t2], axis=1))
    <tf.RaggedTensor [[[1, 2], [6]], [[3, 4, 5], [7, 8, 9]]]>
    """
    if not isinstance(values, (list, tuple)) or not values:
        raise ValueError("tf.ragged.stack: values must be a non-empty list of tensors.")
    values = [_ragged_or_tensor(v) for v in values]
    ranks = {_rank(v) for v in values}
    if len(ranks) > 1:
        raise ValueError(f"tf.ragged.stack: all inputs must have the same rank, got ranks {sorted(ranks)}.")
    rank = ranks.pop()
    if not -(rank + 1) <= axis <= rank:
        raise ValueError(f"tf.ragged.stack: axis={axis} out of bounds: expected {-(rank + 1)}<=axis<{rank + 1}.")
    axis %= rank + 1
    kinds = {v.dtype for v in values}
    if len(kinds) > 1:
        raise TypeError(f"tf.ragged.stack: all inputs must have the same dtype, got {sorted(d.name for d in kinds)}.")
    if rank == 1 and axis == 0:  # vectors: each one is a row
        return RaggedTensor.from_row_lengths(_concat_rows(values), [len(v) for v in values], validate=False)
    if not builtins.any(isinstance(v, RaggedTensor) for v in values) and axis >= rank - 1:
        shapes = {tuple(v.shape) for v in values}
        if len(shapes) > 1:
            raise errors.InvalidArgumentError(None, "RaggedStack", f"tf.ragged.stack: dense inputs stacked at "
                                              f"axis {axis} must have the same shape, got {sorted(shapes)}.")
        return _stack_axis(values, axis)  # as tf.stack: a dense tensor
    ragged_rank = builtins.max([v.ragged_rank for v in values if isinstance(v, RaggedTensor)], default=1)
    return _stack_axis([_with_ragged_rank(v, ragged_rank) for v in values], axis)


# --- stack_dynamic_partitions ------------------------------------------------------------------------
def stack_dynamic_partitions(data, partitions, num_partitions, name=None):
    """Row `p` of the result holds the rows of `data` whose partition is `p`, in their order.

    >>> import neuroflow as tf
    >>> tf.ragged.stack_dynamic_partitions([10, 20, 30], [1, 0, 1], 3).to_list()
    [[20], [10, 30], []]
    """
    data = _ragged_or_tensor(data)
    partitions = _ragged_or_tensor(partitions)
    count = int(np.asarray(num_partitions))
    if _rank(partitions) == 0:  # data is one row
        data = stack([data], 0) if isinstance(data, RaggedTensor) else _dense(np.asarray(data)[None], data.dtype)
        return stack_dynamic_partitions(data, [int(np.asarray(partitions))], count)
    if _rank(partitions) > 1:
        if not isinstance(data, RaggedTensor):
            data = RaggedTensor.from_tensor(data, ragged_rank=1)
        if not isinstance(partitions, RaggedTensor):
            partitions = RaggedTensor.from_tensor(partitions, ragged_rank=builtins.max(data.ragged_rank,
                                                                                         _rank(partitions) - 1))
        if not np.array_equal(data._row_splits, partitions._row_splits):
            raise errors.InvalidArgumentError(None, "SegmentStack",
                                              "data and partitions have incompatible ragged shapes")
        return stack_dynamic_partitions(data.values, partitions.values, count)
    ids = as_int_vector(partitions, "partitions", "tf.ragged.stack_dynamic_partitions")
    if ids.size and (ids.min() < 0 or ids.max() >= count):
        raise errors.InvalidArgumentError(None, "SegmentStack", "partitions must be non-negative and less than "
                                          f"num_partitions={count}, got {ids.tolist()}.")
    if ids.size != len(data):
        raise errors.InvalidArgumentError(None, "SegmentStack", f"tf.ragged.stack_dynamic_partitions: "
                                          f"{ids.size} partitions for {len(data)} rows of data.")
    order = np.argsort(ids, kind="stable")
    return RaggedTensor.from_value_rowids(_gather_rows(data, order), ids[order], nrows=count, validate=False)


# --- feature crosses ---------------------------------------------------------------------------------
def _feature_rows(value, i):
    """Per-row feature lists of a rank-2 RaggedTensor, dense Tensor or SparseTensor input."""
    if isinstance(value, SparseTensor):
        indices = np.asarray(value.indices)
        if indices.shape[1] != 2:
            raise ValueError(f"tf.ragged.cross: inputs[{i}] must have rank 2, got a SparseTensor of rank "
                             f"{indices.shape[1]}.")
        values, dtype = np.asarray(value.values), value.dtype
        splits = RowPartition.from_value_rowids(indices[:, 0], int(np.asarray(value.dense_shape)[0]),
                                                validate=False)._row_splits
    else:
        value = _ragged_or_tensor(value)
        if _rank(value) != 2:
            raise ValueError(f"tf.ragged.cross: inputs[{i}] must have rank 2, got shape {value.shape}.")
        if not isinstance(value, RaggedTensor):
            value = RaggedTensor.from_tensor(value)
        if value.ragged_rank != 1:
            raise ValueError(f"tf.ragged.cross: inputs[{i}] must have ragged_rank 1, got {value.ragged_rank}.")
        values, dtype, splits = np.asarray(value.values), value.dtype, value._row_splits
    if dtype not in (dtypes.int32, dtypes.int64, dtypes.string):
        raise ValueError(f"Unexpected dtype for inputs[{i}]: {dtype!r}")
    return [values[a:b].tolist() for a, b in zip(splits[:-1], splits[1:])]


def _cross_rows(inputs, feature):
    """Row by row, `feature(combination)` for every combination of one feature per input (the first
    input varying slowest)."""
    if not isinstance(inputs, (list, tuple)) or not inputs:
        raise ValueError("tf.ragged.cross: inputs must be a non-empty list of tensors.")
    columns = [_feature_rows(value, i) for i, value in enumerate(inputs)]
    nrows = {len(c) for c in columns}
    if len(nrows) > 1:
        raise errors.InvalidArgumentError(None, "RaggedCross", "tf.ragged.cross: all inputs must have the same "
                                          f"number of rows, got {[len(c) for c in columns]}.")
    rows = []
    for per_input in zip(*columns):
        combos = [[]]
        for features in per_input:
            combos = [c + [f] for c in combos for f in features]
        rows.append([feature(c) for c in combos])
    return [x for row in rows for x in row], [len(row) for row in rows]


def _feature_text(feature):
    return feature if isinstance(feature, bytes) else str(feature).encode()


def cross(inputs, name=None):
    """Row by row, every combination of one feature from each input, joined with `'_X_'`.

    Inputs are rank-2 RaggedTensors, Tensors or SparseTensors of strings or integers.

    >>> import neuroflow as tf
    >>> print(tf.ragged.cross([tf.ragged.constant([['a'], ['b', 'c']]), tf.constant([['d'], ['e']])]))
    <tf.RaggedTensor [[b'a_X_d'], [b'b_X_e', b'c_X_e']]>
    """
    values, lengths = _cross_rows(inputs, lambda combo: b"_X_".join(_feature_text(f) for f in combo))
    return RaggedTensor.from_row_lengths(_dense(values, dtypes.string), lengths, validate=False)


def _fingerprint_cat64(fp1, fp2):
    """TensorFlow's `FingerprintCat64`: mixes two 64-bit fingerprints (MurmurHash2's multiplier)."""
    mul = 0xc6a4a7935bd1e995

    def shift_mix(v):
        return v ^ (v >> 47)
    result = fp1 ^ mul
    result ^= (shift_mix((fp2 * mul) & _M64) * mul) & _M64
    result = (result * mul) & _M64
    result = (shift_mix(result) * mul) & _M64
    return shift_mix(result)


def cross_hashed(inputs, num_buckets=0, hash_key=None, name=None):
    """Like `cross`, but each combination is hashed (TensorFlow's `FingerprintCat64` chain over the
    features' FarmHash fingerprints, integers as themselves) into `[0, num_buckets)` (int64).

    >>> import neuroflow as tf
    >>> print(tf.ragged.cross_hashed([tf.ragged.constant([['a'], ['b', 'c']]),
    ...                               tf.constant([['d'], ['e']])], num_buckets=10))
    <tf.RaggedTensor [[2], [1, 1]]>
    """
    if int(num_buckets) < 0:
        raise ValueError(f"tf.ragged.cross_hashed: num_buckets must be >= 0, got {num_buckets}.")
    key = _DEFAULT_HASH_KEY if hash_key is None else int(hash_key) & _M64
    modulus = int(num_buckets) if int(num_buckets) > 0 else (1 << 63) - 1

    def feature_hash(feature):
        return fingerprint64(feature) if isinstance(feature, bytes) else int(feature) & _M64

    def hashed(combo):
        value = key
        for feature in combo:
            value = _fingerprint_cat64(value, feature_hash(feature))
        return value % modulus
    values, lengths = _cross_rows(inputs, hashed)
    return RaggedTensor.from_row_lengths(Tensor(np.asarray(values, np.int64), dtypes.int64), lengths, validate=False)
