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

from . import dtypes, errors
from .convert import convert_to_tensor
from .row_partition import RowPartition, as_int_vector
from .tensor import Tensor
from .tensor_shape import TensorShape

__all__ = ["RaggedTensor", "RowPartition", "constant", "map_flat_values"]


def _as_values(values):
    return values if isinstance(values, RaggedTensor) else convert_to_tensor(values)


def _nested(lists, what):
    """`lists` (a list or tuple of per-dimension encodings) checked to be a non-empty sequence."""
    if not isinstance(lists, (list, tuple)) or not lists:
        raise ValueError(f"RaggedTensor: `{what}` must be a non-empty list or tuple with one encoding per "
                         f"ragged dimension. Received {lists!r}.")
    return lists


class RaggedTensor:
    """A tensor whose rows have different lengths (`tf.RaggedTensor`).

    `values` (a tensor, or another RaggedTensor for more ragged dimensions) cut into rows by a
    `tf.experimental.RowPartition`. Build one with `tf.ragged.constant` or a factory: rows given by
    `row_splits`, `row_lengths`, `row_starts`, `row_limits`, `value_rowids` or one
    `uniform_row_length`, several ragged dimensions at once with `from_nested_row_splits` /
    `from_nested_row_lengths` / `from_nested_value_rowids`, or from a dense (`from_tensor`) or
    sparse (`from_sparse`) tensor. The constructor is internal, as in TensorFlow.

    >>> import neuroflow as tf
    >>> rt = tf.RaggedTensor.from_row_splits([3, 1, 4, 1, 5, 9, 2], row_splits=[0, 4, 4, 6, 7])
    >>> print(rt)
    <tf.RaggedTensor [[3, 1, 4, 1], [], [5, 9], [2]]>
    >>> print(rt.shape, rt.ragged_rank)
    (4, None) 1
    >>> rt6 = tf.RaggedTensor.from_uniform_row_length(rt, 2)  # two rows of two ragged rows
    >>> print(rt6.shape, rt6.ragged_rank)
    (2, 2, None) 2
    """

    __slots__ = ("_values", "_row_partition")

    def __init__(self, values, row_partition, internal=False):
        if not internal:
            raise ValueError("RaggedTensor constructor is private; please use one of the factory methods "
                             "instead (e.g., RaggedTensor.from_row_lengths())")
        self._values, self._row_partition = values, row_partition

    # --- factories -------------------------------------------------------------------------------
    @classmethod
    def _from_row_partition(cls, values, row_partition, validate=True, op="_from_row_partition"):
        """`values` cut into rows by `row_partition` (which must cover exactly `len(values)` values)."""
        values = _as_values(values)
        if values.shape.rank == 0:
            raise ValueError(f"RaggedTensor.{op}: values must have rank >= 1, got a scalar.")
        if validate and row_partition.static_nvals != len(values):
            raise errors.InvalidArgumentError(
                None, None, f"Arguments to {op} do not form a valid RaggedTensor: the row partition covers "
                f"{row_partition.static_nvals} values (row_splits[-1]) but values has {len(values)} rows.")
        return cls(values, row_partition, internal=True)

    @classmethod
    def from_row_splits(cls, values, row_splits, name=None, validate=True):
        """Rows `values[row_splits[i]:row_splits[i+1]]`.

        >>> import neuroflow as tf
        >>> print(tf.RaggedTensor.from_row_splits([1, 2, 3], [0, 2, 2, 3]))
        <tf.RaggedTensor [[1, 2], [], [3]]>
        """
        partition = RowPartition.from_row_splits(row_splits, validate=validate)
        return cls._from_row_partition(values, partition, validate, "from_row_splits")

    @classmethod
    def from_row_lengths(cls, values, row_lengths, name=None, validate=True):
        """Consecutive rows of the given lengths.

        >>> import neuroflow as tf
        >>> print(tf.RaggedTensor.from_row_lengths([1, 2, 3, 4], [2, 0, 2]))
        <tf.RaggedTensor [[1, 2], [], [3, 4]]>
        """
        partition = RowPartition.from_row_lengths(row_lengths, validate=validate)
        return cls._from_row_partition(values, partition, validate, "from_row_lengths")

    @classmethod
    def from_value_rowids(cls, values, value_rowids, nrows=None, name=None, validate=True):
        """Rows by each value's row index (sorted ascending); `nrows` adds empty trailing rows.

        >>> import neuroflow as tf
        >>> print(tf.RaggedTensor.from_value_rowids([1, 2, 3], [0, 0, 2]))
        <tf.RaggedTensor [[1, 2], [], [3]]>
        """
        partition = RowPartition.from_value_rowids(value_rowids, nrows, validate=validate)
        return cls._from_row_partition(values, partition, validate, "from_value_rowids")

    @classmethod
    def from_row_starts(cls, values, row_starts, name=None, validate=True):
        """Row `i` starts at `row_starts[i]` and runs to the next start (the last row to the end).

        >>> import neuroflow as tf
        >>> print(tf.RaggedTensor.from_row_starts([1, 2, 3], row_starts=[0, 2, 2]))
        <tf.RaggedTensor [[1, 2], [], [3]]>
        """
        values = _as_values(values)
        partition = RowPartition.from_row_starts(row_starts, len(values), validate=validate)
        return cls._from_row_partition(values, partition, validate, "from_row_starts")

    @classmethod
    def from_row_limits(cls, values, row_limits, name=None, validate=True):
        """Row `i` ends at `row_limits[i]` and starts where the previous row ends.

        >>> import neuroflow as tf
        >>> print(tf.RaggedTensor.from_row_limits([1, 2, 3], row_limits=[2, 2, 3]))
        <tf.RaggedTensor [[1, 2], [], [3]]>
        """
        partition = RowPartition.from_row_limits(row_limits, validate=validate)
        return cls._from_row_partition(values, partition, validate, "from_row_limits")

    @classmethod
    def from_uniform_row_length(cls, values, uniform_row_length, nrows=None, validate=True, name=None):
        """Rows that all hold `uniform_row_length` values: a uniform dimension (its size shows in
        `shape`) that can sit above ragged ones.

        >>> import neuroflow as tf
        >>> rt = tf.RaggedTensor.from_uniform_row_length([1, 2, 3, 4, 5, 6], 3)
        >>> print(rt.shape, rt.uniform_row_length.numpy())
        (2, 3) 3
        """
        values = _as_values(values)
        partition = RowPartition.from_uniform_row_length(uniform_row_length, nvals=len(values), nrows=nrows,
                                                         validate=validate)
        return cls._from_row_partition(values, partition, validate, "from_uniform_row_length")

    @classmethod
    def from_nested_row_splits(cls, flat_values, nested_row_splits, name=None, validate=True):
        """Several ragged dimensions at once: `nested_row_splits[0]` partitions the outermost one.

        >>> import neuroflow as tf
        >>> tf.RaggedTensor.from_nested_row_splits([1, 2, 3], ([0, 2, 2], [0, 1, 3])).to_list()
        [[[1], [2, 3]], []]
        """
        result = flat_values
        for splits in reversed(_nested(nested_row_splits, "nested_row_splits")):
            result = cls.from_row_splits(result, splits, validate=validate)
        return result

    @classmethod
    def from_nested_row_lengths(cls, flat_values, nested_row_lengths, name=None, validate=True):
        """Several ragged dimensions at once: `nested_row_lengths[0]` partitions the outermost one.

        >>> import neuroflow as tf
        >>> tf.RaggedTensor.from_nested_row_lengths([1, 2, 3], ([2, 0], [1, 2])).to_list()
        [[[1], [2, 3]], []]
        """
        result = flat_values
        for lengths in reversed(_nested(nested_row_lengths, "nested_row_lengths")):
            result = cls.from_row_lengths(result, lengths, validate=validate)
        return result

    @classmethod
    def from_nested_value_rowids(cls, flat_values, nested_value_rowids, nested_nrows=None, name=None,
                                 validate=True):
        """Several ragged dimensions at once from each level's value row ids (and optional row counts).

        >>> import neuroflow as tf
        >>> tf.RaggedTensor.from_nested_value_rowids([1, 2, 3], ([0, 0], [0, 1, 1]), (3, 2)).to_list()
        [[[1], [2, 3]], [], []]
        """
        rowids = _nested(nested_value_rowids, "nested_value_rowids")
        nrows = [None] * len(rowids) if nested_nrows is None else list(nested_nrows)
        if len(nrows) != len(rowids):
            raise ValueError(f"RaggedTensor.from_nested_value_rowids: got {len(rowids)} value_rowids but "
                             f"{len(nrows)} nrows; give one nrows per ragged dimension.")
        result = flat_values
        for ids, n in reversed(list(zip(rowids, nrows))):
            result = cls.from_value_rowids(result, ids, n, validate=validate)
        return result

    @classmethod
    def from_tensor(cls, tensor, lengths=None, padding=None, ragged_rank=1, name=None,
                    row_splits_dtype=dtypes.int64):
        """A ragged tensor from a dense one, each row cut to `lengths` (or where `padding` starts).

        `lengths` is one length per row, or (for several ragged dimensions) a tuple of nested row
        lengths. With `ragged_rank > 1` the dimensions between the first and the last ragged one
        stay uniform.

        >>> import neuroflow as tf
        >>> print(tf.RaggedTensor.from_tensor([[1, 2, 0], [3, 0, 0]], padding=0))
        <tf.RaggedTensor [[1, 2], [3]]>
        >>> tf.RaggedTensor.from_tensor([[[1, 0], [2, 3]]], lengths=([2], [1, 2])).to_list()
        [[[1], [2, 3]]]
        """
        if lengths is not None and padding is not None:
            raise ValueError("Specify argument `lengths` or `padding`, but not both.")
        if not isinstance(ragged_rank, int) or isinstance(ragged_rank, bool):
            raise TypeError(f"Argument `ragged_rank` must be an int. Received {ragged_rank}.")
        if ragged_rank <= 0:
            raise ValueError(f"Argument `ragged_rank` must be greater than 0. Received {ragged_rank}.")
        tensor = convert_to_tensor(tensor)
        array = np.asarray(tensor)
        if array.ndim < 2:
            raise ValueError(f"The rank of a RaggedTensor must be greater than 1, i.e., a list of scalars won't "
                             f"have ragged dimensions. Received argument `tensor` with rank {array.ndim}.")
        if array.ndim < ragged_rank + 1:
            raise ValueError(f"RaggedTensor.from_tensor: ragged_rank={ragged_rank} needs a tensor of rank >= "
                             f"{ragged_rank + 1}, got shape {array.shape}.")
        if isinstance(lengths, (list, tuple)) and len(lengths) and not isinstance(lengths[0], (int, float)):
            return cls._from_tensor_nested_lengths(tensor, array, lengths, ragged_rank)
        if ragged_rank > 1:
            flat = Tensor(array.reshape((int(np.prod(array.shape[:ragged_rank])),) + array.shape[ragged_rank:]),
                          tensor.dtype)
            result = cls.from_tensor(flat, lengths, padding)
            for axis in range(ragged_rank - 1, 0, -1):
                result = cls.from_uniform_row_length(result, array.shape[axis],
                                                     nrows=int(np.prod(array.shape[:axis])), validate=False)
            return result
        nrows, ncols = array.shape[:2]
        if lengths is not None:
            row_lengths = np.clip(as_int_vector(lengths, "lengths", "RaggedTensor.from_tensor"), 0, ncols)
            if row_lengths.size != nrows:
                raise ValueError(f"RaggedTensor.from_tensor: got {row_lengths.size} lengths for {nrows} rows.")
        elif padding is not None:
            pad = array == np.asarray(padding, dtype=array.dtype)
            pad = pad.reshape(nrows, ncols, -1).all(axis=2)
            keep = ~pad[:, ::-1]  # trailing padding only
            row_lengths = np.where(keep.any(axis=1), ncols - keep.argmax(axis=1), 0)
        else:
            return cls.from_uniform_row_length(Tensor(array.reshape((nrows * ncols,) + array.shape[2:]),
                                                      tensor.dtype), ncols, nrows=nrows, validate=False)
        mask = np.arange(ncols) < row_lengths[:, None]
        return cls.from_row_lengths(Tensor(array[mask], tensor.dtype), row_lengths, validate=False)

    @classmethod
    def _from_tensor_nested_lengths(cls, tensor, array, lengths, ragged_rank):
        if ragged_rank not in (1, len(lengths)):
            raise ValueError(f"If Argument `lengths` is a tuple of row_lengths, argument `ragged_rank` must be "
                             f"len(lengths): {len(lengths)}. Received ragged_rank: {ragged_rank}.")
        if array.ndim < len(lengths) + 1:
            raise ValueError(f"RaggedTensor.from_tensor: {len(lengths)} nested lengths need a tensor of rank >= "
                             f"{len(lengths) + 1}, got shape {array.shape}.")
        ones = np.ones(int(as_int_vector(lengths[-1], "lengths", "RaggedTensor.from_tensor").sum()), bool)
        ragged_mask = cls.from_nested_row_lengths(ones, lengths)
        bounds = _natural_shape(ragged_mask.to_list(), len(lengths) + 1)
        if any(b > d for b, d in zip(bounds, array.shape)):
            raise ValueError(f"RaggedTensor.from_tensor: nested lengths {list(lengths)} describe rows longer than "
                             f"the tensor of shape {array.shape} holds.")
        mask = np.asarray(ragged_mask.to_tensor(default_value=False, shape=array.shape[:len(lengths) + 1]))
        return cls.from_nested_row_lengths(Tensor(array[mask], tensor.dtype), lengths, validate=False)

    @classmethod
    def from_sparse(cls, st_input, name=None, row_splits_dtype=dtypes.int64):
        """The rows of a 2-D, ragged-right `tf.sparse.SparseTensor` (each row's entries in columns 0, 1, ...).

        >>> import neuroflow as tf
        >>> st = tf.sparse.SparseTensor([[0, 0], [0, 1], [2, 0]], [1, 2, 3], dense_shape=[3, 2])
        >>> tf.RaggedTensor.from_sparse(st).to_list()
        [[1, 2], [], [3]]
        """
        if not hasattr(st_input, "indices") or not hasattr(st_input, "dense_shape"):
            raise TypeError(f"RaggedTensor.from_sparse: st_input must be a SparseTensor, got "
                            f"{type(st_input).__name__}.")
        indices, dense_shape = np.asarray(st_input.indices), np.asarray(st_input.dense_shape)
        if dense_shape.size != 2:
            raise ValueError("rank(st_input) must be 2.")
        rows, cols = indices[:, 0], indices[:, 1]
        partition = RowPartition.from_value_rowids(rows, int(dense_shape[0]), validate=False)
        ordered = np.all(np.diff(rows) >= 0) and (not rows.size or (rows[0] >= 0 and rows[-1] < dense_shape[0]))
        if not ordered or not np.array_equal(cols, partition.offsets_in_rows().numpy()):
            raise errors.InvalidArgumentError(
                None, None, "RaggedTensor.from_sparse: SparseTensor is not right-ragged: each row's entries must "
                f"fill columns 0, 1, ... in row-major order. SparseTensor.indices = {indices.tolist()}.")
        return cls._from_row_partition(st_input.values, partition, op="from_sparse")

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
    def _row_splits(self):
        return self._row_partition._row_splits

    @property
    def row_splits(self):
        """Where each row starts in `values`, then where the last one ends (int64)."""
        return self._row_partition.row_splits()

    @property
    def nested_row_splits(self):
        """The `row_splits` of every ragged dimension, outermost first.

        >>> import neuroflow as tf
        >>> [s.numpy().tolist() for s in tf.ragged.constant([[[1], [2, 3]], []]).nested_row_splits]
        [[0, 2, 2], [0, 1, 3]]
        """
        return tuple(rt.row_splits for rt in self._levels())

    @property
    def uniform_row_length(self):
        """The length of every row when this dimension is uniform (`from_uniform_row_length`,
        `from_tensor`), else None."""
        return self._row_partition.uniform_row_length()

    def _levels(self):
        """This tensor and its ragged values, outermost first."""
        level = self
        while isinstance(level, RaggedTensor):
            yield level
            level = level._values

    def row_lengths(self, axis=1, name=None):
        """The length of each row (int64); `axis > 1` gives the lengths of an inner ragged dimension.

        >>> import neuroflow as tf
        >>> tf.ragged.constant([[1, 2], [3]]).row_lengths().numpy()
        array([2, 1])
        """
        if axis != 1:
            if not isinstance(self._values, RaggedTensor) or axis < 1:
                raise ValueError(f"RaggedTensor.row_lengths: axis={axis} is not a ragged dimension.")
            return self.with_values(self._values.row_lengths(axis - 1))
        return self._row_partition.row_lengths()

    def nested_row_lengths(self, name=None):
        """The `row_lengths` of every ragged dimension, outermost first."""
        return tuple(rt.row_lengths() for rt in self._levels())

    def row_starts(self, name=None):
        """Where each row starts in `values` (`row_splits[:-1]`)."""
        return self._row_partition.row_starts()

    def row_limits(self, name=None):
        """Where each row ends in `values` (`row_splits[1:]`)."""
        return self._row_partition.row_limits()

    def value_rowids(self, name=None):
        """The row index of each value (int64)."""
        return self._row_partition.value_rowids()

    def nested_value_rowids(self, name=None):
        """The `value_rowids` of every ragged dimension, outermost first."""
        return tuple(rt.value_rowids() for rt in self._levels())

    def _nrows(self):
        return self._row_partition.static_nrows

    def nrows(self, out_type=dtypes.int64, name=None):
        """The number of rows (a scalar tensor)."""
        return Tensor(np.asarray(self._nrows(), dtypes.as_dtype(out_type).as_numpy_dtype))

    def with_values(self, new_values):
        """The same row partition over `new_values` (which must have as many rows as `values`)."""
        return RaggedTensor._from_row_partition(new_values, self._row_partition, op="with_values")

    def with_flat_values(self, new_values):
        """The same row partitions (all ragged dimensions) over new innermost values."""
        if isinstance(self._values, RaggedTensor):
            return self.with_values(self._values.with_flat_values(new_values))
        return self.with_values(new_values)

    def merge_dims(self, outer_axis, inner_axis):
        """Merges dimensions `outer_axis` to `inner_axis` (inclusive) into one, in row-major order;
        merging every dimension gives a dense 1-D tensor.

        >>> import neuroflow as tf
        >>> rt = tf.ragged.constant([[[1, 2], [3]], [[4, 5, 6]]])
        >>> print(rt.merge_dims(1, 2))
        <tf.RaggedTensor [[1, 2, 3], [4, 5, 6]]>
        >>> print(rt.merge_dims(0, -1))
        tf.Tensor([1 2 3 4 5 6], shape=(6,), dtype=int32)
        """
        rank = self.shape.rank
        outer, inner = (_axis(a, rank, what) for a, what in ((outer_axis, "outer_axis"), (inner_axis, "inner_axis")))
        if outer > inner:
            raise ValueError(f"Expected outer_axis ({outer_axis}) to be less than or equal to inner_axis "
                             f"({inner_axis}).")
        return _merge_dims(self, outer, inner)

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
        """`(nrows, None, ...)`: ragged dimensions are None, uniform ones their row length."""
        inner = [rt._row_partition.static_uniform_row_length for rt in self._levels()]
        return TensorShape([self._nrows()] + inner + list(self.flat_values.shape[1:]))

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

    def to_sparse(self, name=None):
        """A `tf.sparse.SparseTensor` holding every value at its coordinates, shaped `bounding_shape()`.

        >>> import neuroflow as tf
        >>> st = tf.ragged.constant([[1, 2], [], [3]]).to_sparse()
        >>> st.indices.numpy().tolist(), st.dense_shape.numpy().tolist()
        ([[0, 0], [0, 1], [2, 0]], [3, 2])
        """
        from .sparse_tensor import SparseTensor
        flat = self.flat_values
        position = np.arange(len(flat), dtype=np.int64)
        columns = []
        for level in reversed(list(self._levels())):
            splits = level._row_splits
            row = level.value_rowids().numpy()[position]
            columns.insert(0, position - splits[row])
            position = row
        columns.insert(0, position)
        dense_dims = tuple(flat.shape[1:])
        inner = np.array(list(np.ndindex(*dense_dims)), np.int64).reshape(int(np.prod(dense_dims)), len(dense_dims))
        ragged = np.stack(columns, axis=1)
        indices = np.concatenate([np.repeat(ragged, len(inner), axis=0), np.tile(inner, (len(flat), 1))], axis=1)
        values = np.asarray(flat).reshape(-1)
        return SparseTensor(indices, Tensor(values, flat.dtype), self.bounding_shape())

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
        """`rt[i]` (a row), `rt[a:b:s]` (rows), and tuples: after a row slice, inner ragged
        dimensions take slices (each row sliced on its own) and dense ones any index.

        >>> import neuroflow as tf
        >>> rt = tf.ragged.constant([[1, 2, 3], [4], [5, 6]])
        >>> print(rt[1:, ::-1])
        <tf.RaggedTensor [[4], [6, 5]]>
        >>> print(rt[:, :2])
        <tf.RaggedTensor [[1, 2], [4], [5, 6]]>
        """
        if isinstance(key, tuple):
            if len(key) == 0:
                return self
            row = self[key[0]]
            rest = key[1:]
            if not rest:
                return row
            return row._slice_rows_inner(rest) if isinstance(key[0], slice) else row[rest]
        if isinstance(key, slice):
            start, stop, step = key.indices(self._nrows())
            if step != 1:
                return self._gather_rows(np.arange(start, stop, step, dtype=np.int64))
            stop = max(start, stop)
            splits = self._row_splits
            values = self._slice_values(int(splits[start]), int(splits[stop]))
            return RaggedTensor(values, self._row_partition._rows(start, stop), internal=True)
        if key is None or key is Ellipsis:
            raise ValueError("RaggedTensor: tf.newaxis and `...` indices are not supported; index rows with ints "
                             "and slices.")
        index = int(key)
        n = self._nrows()
        if not -n <= index < n:
            raise IndexError(f"RaggedTensor: row index {index} is out of range for {n} rows.")
        index %= n
        return self._slice_values(int(self._row_splits[index]), int(self._row_splits[index + 1]))

    def _slice_rows_inner(self, key):
        """`key` applied to dimensions 1, 2, ... of every row: a slice of the ragged dimension 1 cuts
        each row on its own; the rest of `key` goes to the values' dimensions."""
        head, rest = key[0], key[1:]
        if not isinstance(head, slice):
            raise ValueError("Cannot index into an inner ragged dimension.")
        splits = self._row_splits
        starts, lengths = splits[:-1], np.diff(splits)
        if head.step in (None, 1):
            bounds = [_clip_bound(head.start, lengths, 0), _clip_bound(head.stop, lengths, lengths)]
            first, kept = bounds[0], np.maximum(bounds[1] - bounds[0], 0)
            offsets = np.concatenate([[0], np.cumsum(kept)])[:-1]
            index = np.arange(int(kept.sum()), dtype=np.int64) + np.repeat(starts + first - offsets, kept)
        else:
            rows = [np.arange(*head.indices(int(n)), dtype=np.int64) + s for s, n in zip(starts, lengths)]
            kept = np.array([len(r) for r in rows], np.int64)
            index = np.concatenate(rows) if rows else np.zeros(0, np.int64)
        values = _gather(self._values, index)
        if rest:
            values = values._slice_rows_inner(rest) if isinstance(values, RaggedTensor) \
                else values[(slice(None),) + tuple(rest)]
        return RaggedTensor.from_row_lengths(values, kept, validate=False)

    def _gather_rows(self, index):
        """Rows `index` (an int64 array of row numbers), in that order."""
        return _gather(self, np.asarray(index, np.int64))

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

    def __array__(self, dtype=None, copy=None):
        raise ValueError(f"Attempt to convert a value ({self!r}) with an unsupported type ({type(self)}) to a "
                         "Tensor. Use rt.to_tensor() for a padded dense tensor, or tf.ragged.map_flat_values(op, rt) "
                         "to apply an op to the values.")

    __hash__ = None

    def __repr__(self):
        with np.printoptions(formatter={"all": _format}):
            return f"<tf.RaggedTensor {_format(self.numpy())}>"

    __str__ = __repr__


def _gather(value, index):
    """Rows `index` (int64 array) of a dense tensor or a RaggedTensor, in that order."""
    if not isinstance(value, RaggedTensor):
        return Tensor(np.asarray(value)[index], value.dtype)
    splits = value._row_splits
    starts, lengths = splits[index], splits[index + 1] - splits[index]
    new_starts = np.concatenate([[0], np.cumsum(lengths)])[:-1]
    inner = np.arange(int(lengths.sum()), dtype=np.int64) + np.repeat(starts - new_starts, lengths)
    return RaggedTensor.from_row_lengths(_gather(value.values, inner), lengths, validate=False)


def _clip_bound(bound, lengths, default):
    """A slice bound per row of the given lengths, as Python clips it (negative: from the end)."""
    if bound is None:
        return np.broadcast_to(np.asarray(default, np.int64), lengths.shape)
    bound = int(bound)
    return np.clip(bound + lengths if bound < 0 else np.full(lengths.shape, bound, np.int64), 0, lengths)


def _axis(axis, rank, what):
    if not -rank <= axis < rank:
        raise ValueError(f"{what}={axis} out of bounds: expected {-rank}<={what}<{rank}")
    return axis % rank


def _merge_dims(value, outer, inner):
    """`value` (ragged or dense) with dimensions `outer..inner` merged into one."""
    if outer == inner:
        return value
    if isinstance(value, RaggedTensor):
        if outer > 1:
            return value.with_values(_merge_dims(value.values, outer - 1, inner - 1))
        if outer == 0:
            return _merge_dims(value.values, 0, inner - 1)  # values already merge dimensions 0 and 1
        # Each row's sub-rows join: the row splits map through the merged levels to the new values.
        splits, level = value._row_splits, value.values
        for _ in range(inner - 1):
            if isinstance(level, RaggedTensor):
                splits, level = level._row_splits[splits], level.values
            else:
                splits, level = splits * level.shape[1], _merge_dims(level, 0, 1)
        return RaggedTensor.from_row_splits(_merge_dims(value.values, 0, inner - 1), splits, validate=False)
    shape = tuple(value.shape)
    merged = shape[:outer] + (int(np.prod(shape[outer:inner + 1])),) + shape[inner + 1:]
    return Tensor(np.asarray(value).reshape(merged), value.dtype)


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
            or fewer when `inner_shape` is given); 0 gives a dense `tf.Tensor`.
        inner_shape: the shape of the dense values below the ragged dimensions.

    >>> import neuroflow as tf
    >>> print(tf.ragged.constant([[1, 2], [3]]))
    <tf.RaggedTensor [[1, 2], [3]]>
    >>> tf.ragged.constant([[[1, 2], [3, 4]], [[5, 6]]], ragged_rank=1).shape
    TensorShape([2, None, 2])
    >>> tf.ragged.constant([True, False])  # no ragged dimension: a dense tensor
    <tf.Tensor: shape=(2,), dtype=bool, numpy=array([ True, False])>
    """
    depth = _depth(pylist)
    inner = len(inner_shape) if inner_shape is not None else 0
    if ragged_rank is None:
        ragged_rank = max(0, depth - 1 - inner)
    if ragged_rank < 0 or (ragged_rank and ragged_rank >= depth):
        raise ValueError(f"pylist has scalar values depth {depth}, but ragged_rank={ragged_rank} requires scalar "
                         f"value depth greater than {ragged_rank}")
    if ragged_rank == 0:  # nothing ragged: a dense tensor, as TensorFlow returns
        return convert_to_tensor(pylist, dtype=dtype)
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
    if any(r.ragged_rank != first.ragged_rank or not all(
            np.array_equal(a._row_splits, b._row_splits) for a, b in zip(r._levels(), first._levels()))
           for r in ragged[1:]):
        raise ValueError("map_flat_values: all RaggedTensor arguments must have the same row partitions.")

    def flat(value):
        return value.flat_values if isinstance(value, RaggedTensor) else value
    return first.with_flat_values(op(*map(flat, args), **{k: flat(v) for k, v in kwargs.items()}))
