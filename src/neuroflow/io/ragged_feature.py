"""`tf.io.RaggedFeature`: an Example feature parsed to a `tf.RaggedTensor`.

The flat values come from the feature `value_key`; each entry of `partitions` (outermost
first) names another feature that splits them into rows (`RowSplits`, `RowLengths`,
`RowStarts`, `RowLimits`, `ValueRowIds`) or gives a fixed row length (`UniformRowLength`).
Without partitions one example gives a 1-D tensor; `parse_example` adds a ragged batch
dimension.

>>> import neuroflow as tf
>>> example = tf.train.Example(features=tf.train.Features(feature={
...     "v": tf.train.Feature(int64_list=tf.train.Int64List(value=[3, 1, 4, 1, 5])),
...     "lengths": tf.train.Feature(int64_list=tf.train.Int64List(value=[2, 0, 3]))}))
>>> feature = tf.io.RaggedFeature(tf.int64, value_key="v", partitions=[tf.io.RaggedFeature.RowLengths("lengths")])
>>> tf.io.parse_single_example(example.SerializeToString(), {"r": feature})["r"]
<tf.RaggedTensor [[3, 1], [], [4, 1, 5]]>
"""
import collections

import numpy as np

from ..framework import dtypes
from ..framework.errors import InvalidArgumentError
from ..framework.ragged_tensor import RaggedTensor
from ..framework.tensor import Tensor

__all__ = ["RaggedFeature", "ragged_partitions", "build_ragged"]


class RaggedFeature(collections.namedtuple(
        "RaggedFeature", ["dtype", "value_key", "partitions", "row_splits_dtype", "validate"])):
    """A feature parsed to a RaggedTensor.

    Args:
        dtype: `tf.string`, `tf.int64` or `tf.float32`.
        value_key: the feature holding the flat values (default: this feature's key).
        partitions: row partitions, outermost first (see the module docstring).
        row_splits_dtype: `tf.int32` (default) or `tf.int64`.
        validate: accepted for compatibility (partitions are always checked).
    """
    RowSplits = collections.namedtuple("RowSplits", ["key"])
    RowLengths = collections.namedtuple("RowLengths", ["key"])
    RowStarts = collections.namedtuple("RowStarts", ["key"])
    RowLimits = collections.namedtuple("RowLimits", ["key"])
    ValueRowIds = collections.namedtuple("ValueRowIds", ["key"])
    UniformRowLength = collections.namedtuple("UniformRowLength", ["length"])

    def __new__(cls, dtype, value_key=None, partitions=(), row_splits_dtype=dtypes.int32, validate=False):
        return super().__new__(cls, dtype, value_key, tuple(partitions), dtypes.as_dtype(row_splits_dtype),
                               validate)


def ragged_partitions(feature):
    """The keys of the int64 features the partitions of `feature` read (UniformRowLength reads none)."""
    return [p.key for p in feature.partitions if not isinstance(p, RaggedFeature.UniformRowLength)]


def _splits(partition, values, size, key, where):
    """The row splits a partition gives rows over `size` inner items."""
    def bad(why):
        return InvalidArgumentError(None, "ParseExample", f"{where}, Key: {key}. Invalid {type(partition).__name__}"
                                    f" partition {values.tolist()} of {size} values: {why}.")
    if isinstance(partition, RaggedFeature.UniformRowLength):
        if partition.length <= 0 or size % partition.length:
            raise bad(f"{size} is not a multiple of the row length {partition.length}")
        return np.arange(0, size + 1, partition.length, dtype=np.int64)
    if isinstance(partition, RaggedFeature.RowSplits):
        splits = values
    elif isinstance(partition, RaggedFeature.RowLengths):
        splits = np.concatenate([[0], np.cumsum(values)])
    elif isinstance(partition, RaggedFeature.RowStarts):
        splits = np.concatenate([values, [size]])
    elif isinstance(partition, RaggedFeature.RowLimits):
        splits = np.concatenate([[0], values])
    else:  # ValueRowIds
        if values.size and np.any(np.diff(values) < 0):
            raise bad("row ids must be sorted")
        nrows = int(values.max()) + 1 if values.size else 0
        splits = np.concatenate([[0], np.cumsum(np.bincount(values, minlength=nrows))])
    splits = np.asarray(splits, np.int64)
    if splits.size == 0 or splits[0] != 0 or splits[-1] != size or np.any(np.diff(splits) < 0):
        raise bad("the splits must start at 0, not decrease and end at the number of values")
    return splits


def build_ragged(feature, key, rows, batched, where):
    """The parsed value of a RaggedFeature: `rows[i]` is (values, {partition key: int64 array}) of example i."""
    np_splits = feature.row_splits_dtype.as_numpy_dtype
    levels = len(feature.partitions)
    per_example = []    # (flat values, splits outermost first) of each example
    for i, (values, parts) in enumerate(rows):
        splits, size = [], len(values)
        for partition in reversed(feature.partitions):
            part_key = getattr(partition, "key", None)
            s = _splits(partition, parts.get(part_key, np.empty(0, np.int64)), size, part_key, where(i))
            splits.insert(0, s)
            size = len(s) - 1
        per_example.append((values, splits))
    dtype = dtypes.as_dtype(feature.dtype)
    if not batched:
        values, splits = per_example[0]
        result = Tensor(values, dtype)
        for s in reversed(splits):
            result = RaggedTensor.from_row_splits(result, Tensor(s.astype(np_splits)), validate=False)
        return result
    flat = np.concatenate([v for v, _ in per_example]) if per_example else np.empty(0, dtype.as_numpy_dtype)
    merged = []
    for level in range(levels):   # concatenate each level's splits, offset by the rows before
        offset, parts = 0, []
        for _, splits in per_example:
            parts.append(splits[level][:-1] + offset)
            offset += splits[level][-1]
        merged.append(np.concatenate(parts + [[offset]]))
    outer = np.concatenate([[0], np.cumsum([len(s[0]) - 1 if levels else len(v) for v, s in per_example])])
    result = Tensor(flat.astype(dtype.as_numpy_dtype), dtype)
    for s in reversed([outer] + merged):
        result = RaggedTensor.from_row_splits(result, Tensor(np.asarray(s, np.int64).astype(np_splits)),
                                              validate=False)
    return result
