"""`tf.experimental.RowPartition`: how `nvals` values are cut into `nrows` contiguous rows.

A partition is stored as its `row_splits` (row `i` is `values[row_splits[i]:row_splits[i + 1]]`)
plus, when every row has the same length and that was said when building it, that
`uniform_row_length`. `tf.RaggedTensor` pairs a values tensor with one partition per ragged
dimension; `tf.experimental.StructuredTensor` keeps its shape as a tuple of them.

>>> import neuroflow as tf
>>> p = tf.experimental.RowPartition.from_row_lengths([4, 0, 3, 1, 0])
>>> print(p)
tf.RowPartition(row_splits=[0 4 4 7 8 8])
>>> p.nrows().numpy(), p.nvals().numpy(), p.value_rowids().numpy()
(np.int64(5), np.int64(8), array([0, 0, 0, 0, 2, 2, 2, 3]))
>>> print(tf.experimental.RowPartition.from_uniform_row_length(2, nvals=6))
tf.RowPartition(nrows=3, uniform_row_length=2)
"""
import numpy as np

from . import dtypes, errors
from .convert import is_tensor_like
from .tensor import Tensor, _host

__all__ = ["RowPartition", "as_int_vector"]


def as_int_vector(value, what, op):
    """`value` (a tensor, array or list) as a 1-D int64 NumPy array; `op` names the caller in errors."""
    array = np.asarray(_host(value._value) if is_tensor_like(value) else value)
    if array.ndim != 1 or (array.size and array.dtype.kind not in "iu"):
        raise ValueError(f"{op}: `{what}` must be a 1-D integer vector. Received shape {array.shape} and "
                         f"dtype {array.dtype}.")
    return array.astype(np.int64)


def _as_int_scalar(value, what, op):
    array = np.asarray(_host(value._value) if is_tensor_like(value) else value)
    if array.ndim != 0 or array.dtype.kind not in "iu":
        raise ValueError(f"{op}: `{what}` must be an integer scalar. Received {value!r}.")
    return int(array)


def _invalid(op, why):
    return errors.InvalidArgumentError(None, None, f"Arguments to {op} do not form a valid RaggedTensor: {why}")


def _int64(array):
    return Tensor(np.asarray(array, np.int64), dtypes.int64)


class RowPartition:
    """The partition of a sequence of values into rows (`tf.experimental.RowPartition`).

    Build one with a factory (`from_row_splits`, `from_row_lengths`, `from_row_starts`,
    `from_row_limits`, `from_value_rowids`, `from_uniform_row_length`); every encoding can then be
    read back as an int64 tensor.
    """

    __slots__ = ("_row_splits", "_uniform_row_length")

    def __init__(self, row_splits, uniform_row_length=None, internal=False):
        if not internal:
            raise ValueError("RowPartition constructor is private; please use one of the factory methods "
                             "instead (e.g., RowPartition.from_row_lengths())")
        self._row_splits, self._uniform_row_length = row_splits, uniform_row_length

    # --- factories -------------------------------------------------------------------------------
    @classmethod
    def from_row_splits(cls, row_splits, validate=True, dtype=None, dtype_hint=None):
        """Row `i` holds values `row_splits[i]` to `row_splits[i + 1]` (splits start at 0, never decrease).

        >>> import neuroflow as tf
        >>> tf.experimental.RowPartition.from_row_splits([0, 2, 2, 3]).row_lengths().numpy()
        array([2, 0, 1])
        """
        splits = as_int_vector(row_splits, "row_splits", "RowPartition.from_row_splits")
        if validate:
            if splits.size == 0:
                raise ValueError("RowPartition.from_row_splits: row_splits must have at least one element "
                                 "(the leading 0).")
            if splits[0] != 0:
                raise _invalid("from_row_splits", f"zero: row_splits must start with 0, got {splits.tolist()}.")
            if np.any(np.diff(splits) < 0):
                raise _invalid("from_row_splits", f"monotonic: row_splits must never decrease, got "
                               f"{splits.tolist()}.")
        return cls(splits, internal=True)

    @classmethod
    def from_row_lengths(cls, row_lengths, validate=True, dtype=None, dtype_hint=None):
        """Consecutive rows of the given (non-negative) lengths.

        >>> import neuroflow as tf
        >>> print(tf.experimental.RowPartition.from_row_lengths([2, 0, 1]).row_splits())
        tf.Tensor([0 2 2 3], shape=(4,), dtype=int64)
        """
        lengths = as_int_vector(row_lengths, "row_lengths", "RowPartition.from_row_lengths")
        if validate and np.any(lengths < 0):
            raise _invalid("from_row_lengths", f"row_lengths must be non-negative, got {lengths.tolist()}.")
        return cls(np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64), internal=True)

    @classmethod
    def from_row_starts(cls, row_starts, nvals, validate=True, dtype=None, dtype_hint=None):
        """Row `i` starts at `row_starts[i]`; the last row ends at `nvals` (`row_splits[:-1]`).

        >>> import neuroflow as tf
        >>> print(tf.experimental.RowPartition.from_row_starts([0, 2, 2], nvals=3))
        tf.RowPartition(row_splits=[0 2 2 3])
        """
        starts = as_int_vector(row_starts, "row_starts", "RowPartition.from_row_starts")
        splits = np.concatenate([starts, [_as_int_scalar(nvals, "nvals", "RowPartition.from_row_starts")]])
        if validate and ((starts.size and starts[0] != 0) or np.any(np.diff(splits) < 0)):
            raise _invalid("from_row_starts", f"row_starts must start at 0 and never decrease up to nvals, "
                           f"got row_starts={starts.tolist()}, nvals={int(splits[-1])}.")
        return cls(splits.astype(np.int64), internal=True)

    @classmethod
    def from_row_limits(cls, row_limits, validate=True, dtype=None, dtype_hint=None):
        """Row `i` ends at `row_limits[i]` and starts where row `i - 1` ends (`row_splits[1:]`).

        >>> import neuroflow as tf
        >>> print(tf.experimental.RowPartition.from_row_limits([2, 2, 3]))
        tf.RowPartition(row_splits=[0 2 2 3])
        """
        limits = as_int_vector(row_limits, "row_limits", "RowPartition.from_row_limits")
        splits = np.concatenate([[0], limits]).astype(np.int64)
        if validate and np.any(np.diff(splits) < 0):
            raise _invalid("from_row_limits", f"row_limits must be non-negative and never decrease, got "
                           f"{limits.tolist()}.")
        return cls(splits, internal=True)

    @classmethod
    def from_value_rowids(cls, value_rowids, nrows=None, validate=True, dtype=None, dtype_hint=None):
        """Value `j` belongs to row `value_rowids[j]` (sorted ascending); `nrows` adds empty trailing rows.

        >>> import neuroflow as tf
        >>> print(tf.experimental.RowPartition.from_value_rowids([0, 0, 2], nrows=4))
        tf.RowPartition(row_splits=[0 2 2 3 3])
        """
        rowids = as_int_vector(value_rowids, "value_rowids", "RowPartition.from_value_rowids")
        if nrows is None:
            nrows = int(rowids[-1]) + 1 if rowids.size else 0
        else:
            nrows = _as_int_scalar(nrows, "nrows", "RowPartition.from_value_rowids")
        if validate:
            if np.any(np.diff(rowids) < 0) or (rowids.size and rowids[0] < 0):
                raise _invalid("from_value_rowids", f"value_rowids must be non-negative and sorted in "
                               f"ascending order, got {rowids.tolist()}.")
            if rowids.size and rowids[-1] >= nrows:
                raise ValueError(f"RowPartition.from_value_rowids: expected nrows >= value_rowids[-1] + 1; got "
                                 f"nrows={nrows}, value_rowids[-1]={int(rowids[-1])}.")
        lengths = np.bincount(rowids, minlength=nrows)[:nrows]
        return cls(np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64), internal=True)

    @classmethod
    def from_uniform_row_length(cls, uniform_row_length, nvals=None, nrows=None, validate=True, dtype=None,
                                dtype_hint=None):
        """Rows that all have `uniform_row_length` values; `nrows` is `nvals // uniform_row_length`
        unless given (it must be when the length is 0).

        >>> import neuroflow as tf
        >>> tf.experimental.RowPartition.from_uniform_row_length(2, nvals=6).row_splits().numpy()
        array([0, 2, 4, 6])
        """
        op = "RowPartition.from_uniform_row_length"
        length = _as_int_scalar(uniform_row_length, "uniform_row_length", op)
        if length < 0:
            raise ValueError(f"{op}: uniform_row_length must be non-negative, got {length}.")
        nvals = None if nvals is None else _as_int_scalar(nvals, "nvals", op)
        if nrows is None:
            if nvals is None:
                raise ValueError(f"{op}: give `nvals` or `nrows`.")
            nrows = 0 if length == 0 else nvals // length
        nrows = _as_int_scalar(nrows, "nrows", op)
        if validate and nvals is not None and length * nrows != nvals:
            raise ValueError(f"uniform_row_length={length} times nrows={nrows} must equal nvals={nvals}")
        return cls(np.arange(nrows + 1, dtype=np.int64) * length, length, internal=True)

    # --- encodings -------------------------------------------------------------------------------
    @property
    def dtype(self):
        """The dtype of the encodings (int64)."""
        return dtypes.int64

    def row_splits(self):
        """Where each row starts, then where the last one ends (shape `[nrows + 1]`)."""
        return _int64(self._row_splits)

    def row_lengths(self):
        """The length of each row."""
        return _int64(np.diff(self._row_splits))

    def row_starts(self):
        """Where each row starts (`row_splits[:-1]`)."""
        return _int64(self._row_splits[:-1])

    def row_limits(self):
        """Where each row ends (`row_splits[1:]`)."""
        return _int64(self._row_splits[1:])

    def value_rowids(self):
        """The row of each value."""
        return _int64(np.repeat(np.arange(len(self._row_splits) - 1), np.diff(self._row_splits)))

    def offsets_in_rows(self):
        """The position of each value within its row."""
        rowids = self.value_rowids().numpy()
        return _int64(np.arange(rowids.size) - self._row_splits[rowids])

    def nrows(self):
        """The number of rows (int64 scalar)."""
        return _int64(len(self._row_splits) - 1)

    def nvals(self):
        """The number of values partitioned (int64 scalar)."""
        return _int64(self._row_splits[-1])

    def uniform_row_length(self):
        """The length of every row when this partition was built uniform, else None."""
        return None if self._uniform_row_length is None else _int64(self._uniform_row_length)

    def is_uniform(self):
        """Whether every row is known to have the same length."""
        return self._uniform_row_length is not None

    @property
    def static_nrows(self):
        return len(self._row_splits) - 1

    @property
    def static_nvals(self):
        return int(self._row_splits[-1])

    @property
    def static_uniform_row_length(self):
        return self._uniform_row_length

    # --- derived partitions (what RaggedTensor slicing needs) ------------------------------------
    def _rows(self, start, stop):
        """The partition of rows `start:stop`, splits rebased to start at 0."""
        splits = self._row_splits[start:stop + 1]
        return RowPartition(splits - splits[0], self._uniform_row_length, internal=True)

    def __repr__(self):
        if self._uniform_row_length is not None:
            return f"tf.RowPartition(nrows={self.static_nrows}, uniform_row_length={self._uniform_row_length})"
        return f"tf.RowPartition(row_splits={self._row_splits})"
