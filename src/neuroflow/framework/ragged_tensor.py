"""`tf.RaggedTensor`: rows of different lengths, stored as flat values plus row partitions.

A ragged tensor of shape `(nrows, None, ...)` is `values` (a tensor, or another ragged tensor
for more ragged dimensions) cut into rows by `row_splits`: row `i` is
`values[row_splits[i]:row_splits[i + 1]]`. This is what `tf.strings.split` returns.

>>> import neuroflow as tf
>>> rt = tf.ragged.constant([["a", "b"], ["c"]])
>>> print(rt)
<tf.RaggedTensor [[b'a', b'b'], [b'c']]>
>>> rt.shape, rt.row_lengths().numpy(), rt[0]
(TensorShape([2, None]), array([2, 1]), <tf.Tensor: shape=(2,), dtype=string, numpy=array([b'a', b'b'], dtype=object)>)
>>> rt.to_tensor()
<tf.Tensor: shape=(2, 2), dtype=string, numpy=
array([[b'a', b'b'],
       [b'c', b'']], dtype=object)>
"""
import numpy as np

from . import dtypes
from .convert import convert_to_tensor, is_tensor_like
from .tensor import Tensor, _host
from .tensor_shape import TensorShape

__all__ = ["RaggedTensor", "constant", "map_flat_values"]


def _splits(value, what):
    """A 1-D int64 NumPy array from `value` (a tensor, array or list)."""
    array = np.asarray(_host(value._value) if is_tensor_like(value) else value)
    if array.ndim != 1 or (array.size and array.dtype.kind not in "iu"):
        raise ValueError(f"RaggedTensor: `{what}` must be a 1-D integer vector. Received shape "
                         f"{array.shape} and dtype {array.dtype}.")
    return array.astype(np.int64)


def _as_values(values):
    return values if isinstance(values, RaggedTensor) else convert_to_tensor(values)


class RaggedTensor:
    """A tensor whose rows have different lengths (`tf.RaggedTensor`).

    Build one with `tf.ragged.constant` or the `from_row_splits` / `from_row_lengths` /
    `from_value_rowids` factories; the constructor is internal, as in TensorFlow.
    """

    __slots__ = ("_values", "_row_splits")

    def __init__(self, values, row_splits, internal=False):
        if not internal:
            raise ValueError("RaggedTensor constructor is private; please use one of the factory methods "
                             "instead (e.g., RaggedTensor.from_row_lengths())")
        self._values, self._row_splits = values, row_splits

    # --- factories -------------------------------------------------------------------------------
    @classmethod
    def from_row_splits(cls, values, row_splits, name=None, validate=True):
        """Rows `values[row_splits[i]:row_splits[i+1]]`.

        >>> import neuroflow as tf
        >>> print(tf.RaggedTensor.from_row_splits([1, 2, 3], [0, 2, 2, 3]))
        <tf.RaggedTensor [[1, 2], [], [3]]>
        """
        values, splits = _as_values(values), _splits(row_splits, "row_splits")
        if validate:
            nvals = len(values)
            if splits.size == 0 or splits[0] != 0 or np.any(np.diff(splits) < 0) or splits[-1] != nvals:
                raise ValueError(
                    f"RaggedTensor.from_row_splits: row_splits {splits.tolist()} must start at 0, never "
                    f"decrease, and end at the number of values ({nvals}).")
        return cls(values, splits, internal=True)

    @classmethod
    def from_row_lengths(cls, values, row_lengths, name=None, validate=True):
        """Consecutive rows of the given lengths.

        >>> import neuroflow as tf
        >>> print(tf.RaggedTensor.from_row_lengths([1, 2, 3, 4], [2, 0, 2]))
        <tf.RaggedTensor [[1, 2], [], [3, 4]]>
        """
        lengths = _splits(row_lengths, "row_lengths")
        if validate and np.any(lengths < 0):
            raise ValueError(f"RaggedTensor.from_row_lengths: row_lengths must be non-negative, got "
                             f"{lengths.tolist()}.")
        splits = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        return cls.from_row_splits(values, splits, validate=validate)

    @classmethod
    def from_value_rowids(cls, values, value_rowids, nrows=None, name=None, validate=True):
        """Rows by each value's row index (sorted ascending); `nrows` adds empty trailing rows.

        >>> import neuroflow as tf
        >>> print(tf.RaggedTensor.from_value_rowids([1, 2, 3], [0, 0, 2]))
        <tf.RaggedTensor [[1, 2], [], [3]]>
        """
        rowids = _splits(value_rowids, "value_rowids")
        if validate and np.any(np.diff(rowids) < 0):
            raise ValueError("RaggedTensor.from_value_rowids: value_rowids must be sorted in ascending order.")
        nrows = int(rowids[-1]) + 1 if nrows is None and rowids.size else int(nrows or 0)
        lengths = np.bincount(rowids, minlength=nrows)
        if validate and lengths.size > nrows:
            raise ValueError(f"RaggedTensor.from_value_rowids: nrows={nrows} is smaller than the largest row id.")
        return cls.from_row_lengths(values, lengths, validate=validate)

    @classmethod
    def from_tensor(cls, tensor, lengths=None, padding=None, ragged_rank=1, name=None):
        """A ragged tensor from a dense one, each row cut to `lengths` (or where `padding` starts).

        >>> import neuroflow as tf
        >>> print(tf.RaggedTensor.from_tensor([[1, 2, 0], [3, 0, 0]], padding=0))
        <tf.RaggedTensor [[1, 2], [3]]>
        """
        tensor = convert_to_tensor(tensor)
        array = np.asarray(tensor)
        if array.ndim < 2:
            raise ValueError(f"RaggedTensor.from_tensor: the tensor must have rank >= 2, got shape {array.shape}.")
        nrows, ncols = array.shape[:2]
        if lengths is not None:
            row_lengths = np.minimum(_splits(lengths, "lengths"), ncols)
        elif padding is not None:
            pad = array == np.asarray(padding, dtype=array.dtype)
            pad = pad.reshape(nrows, ncols, -1).all(axis=2)
            keep = ~pad[:, ::-1]  # trailing padding only
            row_lengths = np.where(keep.any(axis=1), ncols - keep.argmax(axis=1), 0)
        else:
            row_lengths = np.full(nrows, ncols)
        mask = np.arange(ncols) < row_lengths[:, None]
        return cls.from_row_lengths(Tensor(array[mask], tensor.dtype), row_lengths, validate=False)

    # --- structure -------------------------------------------------------------------------------
    @property
    def values(self):
        """The concatenated rows (a tensor, or a ragged tensor for more ragged dimensions)."""
        return self._values

    @property
    def flat_values(self):
        """The innermost values: a dense tensor."""
        values = self._values
        while isinstance(values, RaggedTensor):
            values = values._values
        return values

    @property
    def row_splits(self):
        return Tensor(self._row_splits, dtypes.int64)

    def row_lengths(self, axis=1, name=None):
        """The length of each row (int64)."""
        if axis != 1:
            if not isinstance(self._values, RaggedTensor) or axis < 1:
                raise ValueError(f"RaggedTensor.row_lengths: axis={axis} is not a ragged dimension.")
            return self.with_values(self._values.row_lengths(axis - 1))
        return Tensor(np.diff(self._row_splits), dtypes.int64)

    def value_rowids(self, name=None):
        """The row index of each value (int64)."""
        return Tensor(np.repeat(np.arange(self._nrows(), dtype=np.int64), np.diff(self._row_splits)), dtypes.int64)

    def _nrows(self):
        return len(self._row_splits) - 1

    def nrows(self, out_type=dtypes.int64, name=None):
        return Tensor(np.asarray(self._nrows(), dtypes.as_dtype(out_type).as_numpy_dtype))

    def with_values(self, new_values):
        """The same row partition over `new_values`."""
        return RaggedTensor(_as_values(new_values), self._row_splits, internal=True)

    def with_flat_values(self, new_values):
        """The same row partitions (all ragged dimensions) over new innermost values."""
        if isinstance(self._values, RaggedTensor):
            return self.with_values(self._values.with_flat_values(new_values))
        return self.with_values(new_values)

    def bounding_shape(self, axis=None, name=None, out_type=dtypes.int64):
        """The smallest dense shape that holds this ragged tensor (what `to_tensor()` gives).

        >>> import neuroflow as tf
        >>> tf.ragged.constant([[1, 2], [3], []]).bounding_shape().numpy()
        array([3, 2])
        """
        shape = _natural_shape(self.to_list(), self.ragged_rank + 1) + list(self.flat_values.shape[1:])
        out = Tensor(np.asarray(shape, dtype=dtypes.as_dtype(out_type).as_numpy_dtype))
        return out if axis is None else Tensor(out.numpy()[axis])

    @property
    def dtype(self):
        return self.flat_values.dtype

    @property
    def ragged_rank(self):
        values = self._values
        return 1 + values.ragged_rank if isinstance(values, RaggedTensor) else 1

    @property
    def shape(self):
        """`(nrows, None, ...)`: ragged dimensions are None."""
        return TensorShape([self._nrows()] + [None] * self.ragged_rank + list(self.flat_values.shape[1:]))

    def get_shape(self):
        return self.shape

    @property
    def ndim(self):
        return self.shape.rank

    # --- conversion ------------------------------------------------------------------------------
    def to_list(self):
        """Nested Python lists of the values (bytes for strings)."""
        values = self._values.to_list() if isinstance(self._values, RaggedTensor) \
            else np.asarray(self._values).tolist()
        splits = self._row_splits.tolist()
        return [values[a:b] for a, b in zip(splits[:-1], splits[1:])]

    def numpy(self):
        """The rows as NumPy arrays, as TensorFlow returns them: one array when all rows have the
        same shape, else an object array of row arrays."""
        values = self._values.numpy() if isinstance(self._values, RaggedTensor) else np.asarray(self._values)
        splits = self._row_splits.tolist()
        rows = [values[a:b] for a, b in zip(splits[:-1], splits[1:])]
        if not rows:
            return np.zeros((0, 0) + values.shape[1:], dtype=values.dtype)
        if all(row.shape == rows[0].shape for row in rows):
            return np.array(rows, dtype=rows[0].dtype)
        out = np.empty(len(rows), dtype=object)
        out[:] = rows
        return out

    def to_tensor(self, default_value=None, name=None, shape=None):
        """A dense tensor: rows padded with `default_value` (zero / b''), optionally to `shape`.

        >>> import neuroflow as tf
        >>> rt = tf.ragged.constant([[1, 2], [3]])
        >>> tf.RaggedTensor.to_tensor(rt, default_value=9, shape=[3, 3]).numpy()
        array([[1, 2, 9],
               [3, 9, 9],
               [9, 9, 9]], dtype=int32)
        """
        flat = self.flat_values
        dtype = flat.dtype
        fill = (b"" if dtype.kind == "S" else 0) if default_value is None else default_value
        if dtype.kind == "S" and isinstance(fill, str):
            fill = fill.encode("utf-8")
        shape = _requested(shape)
        if self.ragged_rank == 1 and (shape is None or len(shape) == flat.ndim + 1):
            return self._to_dense_rows(fill, shape)
        rows = self.to_list()
        inner = list(flat.shape[1:])
        natural = _natural_shape(rows, self.ragged_rank + 1) + inner
        if shape is not None:
            if len(shape) != len(natural):
                raise ValueError(f"RaggedTensor.to_tensor: shape {shape} must have rank {len(natural)}.")
            natural = [n if d is None else d for n, d in zip(natural, shape)]
        out = np.full(natural, fill, dtype=object if dtype.kind == "S" else dtype.as_numpy_dtype)
        _fill(out, rows, self.ragged_rank + 1)
        return Tensor(out, dtype)

    def _to_dense_rows(self, fill, shape):
        """`to_tensor` for one ragged dimension over dense values, vectorized."""
        values = np.asarray(self._values)
        lengths = np.diff(self._row_splits)
        dims = [None, None] if shape is None else shape
        nrows = self._nrows() if dims[0] is None else dims[0]
        width = int(lengths.max(initial=0)) if dims[1] is None else dims[1]
        out = np.full((nrows, width) + values.shape[1:], fill, dtype=values.dtype)
        rows = min(nrows, self._nrows())
        kept = np.minimum(lengths[:rows], width)
        mask = np.arange(width) < kept[:, None]
        starts = self._row_splits[:rows]
        index = (starts[:, None] + np.arange(width))[mask]
        out[:rows][mask] = values[index]
        return Tensor(out, self.flat_values.dtype)

    # --- Python protocols ------------------------------------------------------------------------
    def __getitem__(self, key):
        if isinstance(key, tuple):
            if len(key) == 0:
                return self
            row = self[key[0]]
            rest = key[1:]
            if isinstance(key[0], slice):
                raise ValueError("RaggedTensor: slicing rows and then indexing inner dimensions is not supported; "
                                 "index rows one at a time.")
            return row[rest] if rest else row
        if isinstance(key, slice):
            start, stop, step = key.indices(self._nrows())
            if step != 1:
                raise ValueError("RaggedTensor: row slices must have step 1.")
            stop = max(start, stop)
            splits = self._row_splits[start:stop + 1]
            values = self._slice_values(int(splits[0]) if splits.size else 0, int(splits[-1]) if splits.size else 0)
            return RaggedTensor(values, splits - (splits[0] if splits.size else 0) if splits.size
                                else np.zeros(1, np.int64), internal=True)
        index = int(key)
        n = self._nrows()
        if not -n <= index < n:
            raise IndexError(f"RaggedTensor: row index {index} is out of range for {n} rows.")
        index %= n
        return self._slice_values(int(self._row_splits[index]), int(self._row_splits[index + 1]))

    def _slice_values(self, start, stop):
        values = self._values
        if isinstance(values, RaggedTensor):
            return values[start:stop]
        return Tensor(values._value[start:stop], values._dtype)

    def __len__(self):
        return self._nrows()

    def __iter__(self):
        return (self[i] for i in range(self._nrows()))

    def __eq__(self, other):
        raise TypeError("RaggedTensor does not support `==`; compare `rt.to_list()` or `rt.flat_values`.")

    __hash__ = None

    def __repr__(self):
        with np.printoptions(formatter={"all": _format}):
            return f"<tf.RaggedTensor {_format(self.numpy())}>"

    __str__ = __repr__


def _requested(shape):
    """A requested dense shape as a list of ints and None (None or -1: as large as needed)."""
    if shape is None:
        return None
    dims = shape.as_list() if isinstance(shape, TensorShape) else list(np.asarray(shape).tolist())
    return [None if d is None or d == -1 else int(d) for d in dims]


def _format(value):
    """How TensorFlow prints ragged values: NumPy's array2string with ", " between items."""
    if isinstance(value, np.ndarray):
        return np.array2string(value, separator=", ") if value.size else repr(value.tolist())
    return str(value)


def _natural_shape(rows, depth):
    """The smallest dense shape that holds nested `rows` down `depth` dimensions."""
    shape, level = [len(rows)], rows
    for _ in range(1, depth):
        shape.append(max((len(row) for row in level), default=0))
        level = [item for row in level for item in row]
    return shape


def _fill(out, rows, depth):
    for i, row in enumerate(rows):
        if i >= out.shape[0]:
            break
        if depth == 2:
            n = min(len(row), out.shape[1])
            if n:
                out[i, :n] = np.asarray(row[:n], dtype=out.dtype).reshape((n,) + out.shape[2:])
        else:
            _fill(out[i], row, depth - 1)


def _depth(value):
    depth = 0
    while isinstance(value, (list, tuple)):
        depth += 1
        nonempty = [v for v in value if isinstance(v, (list, tuple)) and len(v)]
        value = nonempty[0] if nonempty else (value[0] if value else None)
    return depth


def constant(pylist, dtype=None, ragged_rank=None, inner_shape=None, name=None, row_splits_dtype=dtypes.int64):
    """A `RaggedTensor` from nested Python lists (`tf.ragged.constant`).

    Args:
        pylist: nested lists; all scalars must sit at the same depth.
        dtype: the values' dtype (default: inferred as `tf.constant` does).
        ragged_rank: how many dimensions are ragged (default: all but the innermost scalars,
            or fewer when `inner_shape` is given).
        inner_shape: the shape of the dense values below the ragged dimensions.

    >>> import neuroflow as tf
    >>> print(tf.ragged.constant([[1, 2], [3]]))
    <tf.RaggedTensor [[1, 2], [3]]>
    >>> tf.ragged.constant([[[1, 2], [3, 4]], [[5, 6]]], ragged_rank=1).shape
    TensorShape([2, None, 2])
    """
    if not isinstance(pylist, (list, tuple)):
        raise ValueError(f"tf.ragged.constant expects nested lists with at least one dimension, got {pylist!r}.")
    depth = _depth(pylist)
    inner = len(inner_shape) if inner_shape is not None else 0
    if ragged_rank is None:
        ragged_rank = max(1, depth - 1 - inner)
    if not 1 <= ragged_rank < max(depth, 2):
        raise ValueError(f"tf.ragged.constant: ragged_rank={ragged_rank} must be in [1, {max(depth - 1, 1)}] "
                         f"for a value of depth {depth}.")
    partitions, level = [], list(pylist)
    for _ in range(ragged_rank):
        lengths = []
        flat = []
        for row in level:
            if not isinstance(row, (list, tuple)):
                raise ValueError("tf.ragged.constant: all scalar values must have the same nesting depth.")
            lengths.append(len(row))
            flat.extend(row)
        partitions.append(lengths)
        level = flat
    if level:
        values = convert_to_tensor(level, dtype=dtype)
    else:
        empty_shape = [0] + (list(inner_shape) if inner_shape is not None else [])
        values = Tensor(np.zeros(empty_shape, dtype=dtypes.as_dtype(dtype or dtypes.float32).as_numpy_dtype),
                        dtypes.as_dtype(dtype or dtypes.float32))
    if inner_shape is not None and tuple(values.shape[1:]) != tuple(inner_shape):
        values = Tensor(np.asarray(values).reshape([-1] + list(inner_shape)), values.dtype)
    result = values
    for lengths in reversed(partitions):
        result = RaggedTensor.from_row_lengths(result, lengths, validate=False)
    return result


def map_flat_values(op, *args, **kwargs):
    """`op` applied to the flat values of the RaggedTensor arguments; the result keeps their rows.

    >>> import neuroflow as tf
    >>> print(tf.ragged.map_flat_values(tf.multiply, tf.ragged.constant([[1, 2], [3]]), 10))
    <tf.RaggedTensor [[10, 20], [30]]>
    """
    ragged = [a for a in list(args) + list(kwargs.values()) if isinstance(a, RaggedTensor)]
    if not ragged:
        raise ValueError("map_flat_values: at least one argument must be a RaggedTensor.")
    first = ragged[0]
    if any(not np.array_equal(r._row_splits, first._row_splits) or r.ragged_rank != first.ragged_rank
           for r in ragged[1:]):
        raise ValueError("map_flat_values: all RaggedTensor arguments must have the same row partitions.")

    def flat(value):
        return value.flat_values if isinstance(value, RaggedTensor) else value
    return first.with_flat_values(op(*map(flat, args), **{k: flat(v) for k, v in kwargs.items()}))
