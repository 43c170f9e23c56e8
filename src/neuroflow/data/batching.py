"""Batching: `batch`, `padded_batch`, `unbatch`, `rebatch`, `ragged_batch` and `sparse_batch`.

>>> import neuroflow as tf
>>> ds = tf.data.Dataset.range(5)
>>> [b.tolist() for b in ds.batch(2).as_numpy_iterator()]
[[0, 1], [2, 3], [4]]
>>> [b.tolist() for b in ds.batch(2, drop_remainder=True).as_numpy_iterator()]
[[0, 1], [2, 3]]
>>> ragged = tf.data.Dataset.from_generator(lambda: ([n] * n for n in range(1, 4)),
...                                         output_signature=tf.TensorSpec([None], tf.int32))
>>> [b.tolist() for b in ragged.padded_batch(2, padding_values=-1).as_numpy_iterator()]
[[[1, -1], [2, 2]], [[3, 3, 3]]]
"""
import itertools

import numpy as np

from ..framework import dtypes, errors, nest
from ..framework.sparse_tensor import SparseTensor, SparseTensorSpec
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from ..graph.tensor_spec import TensorSpec
from .dataset import INFINITE, UNKNOWN, Dataset
from . import structure
from .structure import DatasetSpec, RaggedTensorSpec, flatten_up_to, from_value

__all__ = ["_BatchDataset", "_PaddedBatchDataset", "_UnbatchDataset", "_RebatchDataset", "_DenseToSparseBatchDataset",
           "ragged_batch"]


def _batch_size(value, name="batch_size"):
    value = int(value.numpy() if hasattr(value, "numpy") else value)
    if value < 1:
        raise errors.InvalidArgumentError(None, None, f"{name} must be greater than zero, got {value}.")
    return value


def _batched_spec(spec, batch_size, drop_remainder, shape_of=None):
    def batched(s):
        if isinstance(s, DatasetSpec):
            raise TypeError(f"Cannot batch dataset-valued elements ({s}); batch the windows with "
                            ".flat_map(lambda w: w.batch(n)) instead.")
        shape = s.shape if shape_of is None else shape_of(s)
        return TensorSpec(TensorShape([batch_size if drop_remainder else None]).concatenate(shape), s.dtype)
    return nest.pack_sequence_as(spec, [batched(s) for s in nest.flatten(spec)])


def _batched_count(n, batch_size, drop_remainder):
    if n < 0:
        return n
    return n // batch_size if drop_remainder else -(-n // batch_size)


def _stack(rows, component):
    try:
        return np.stack(rows)
    except ValueError:
        first = rows[0].shape
        index = next(i for i, r in enumerate(rows) if r.shape != first)
        raise errors.InvalidArgumentError(
            None, "IteratorGetNext",
            f"Cannot batch tensors with different shapes in component {component}. First element had shape "
            f"{list(first)} and element {index} had shape {list(rows[index].shape)}. Use padded_batch to pad "
            "them to a common shape (or ragged_batch).") from None


def _rows(arrays, index):
    first, n = int(index[0]), len(index)
    if int(index[-1]) - first == n - 1 and (n < 3 or (np.diff(index) == 1).all()):
        return tuple(a[first:first + n] for a in arrays)
    return tuple(a.take(index, axis=0) for a in arrays)


class _BatchDataset(Dataset):
    """`batch_size` consecutive elements stacked along a new first dimension."""

    def __init__(self, dataset, batch_size, drop_remainder):
        self._batch_size = _batch_size(batch_size)
        self._drop = bool(drop_remainder)
        super().__init__(_batched_spec(dataset.element_spec, self._batch_size, self._drop), (dataset,))

    def _cardinality(self):
        return _batched_count(self._inputs[0]._cardinality(), self._batch_size, self._drop)

    def _iter(self):
        plan = self._inputs[0]._gather_plan()
        if plan is not None:
            return self._gather(*plan)
        return self._stack_rows()

    def _gather(self, arrays, chunks):
        """Rows of fixed arrays: one `take` per array and batch (a view for consecutive rows)."""
        size, drop = self._batch_size, self._drop
        pending = np.empty(0, np.intp)
        for chunk in chunks():
            pending = chunk if not len(pending) else np.concatenate([pending, chunk])
            start = 0
            while len(pending) - start >= size:
                yield _rows(arrays, pending[start:start + size])
                start += size
            pending = pending[start:]
        if len(pending) and not drop:
            yield _rows(arrays, pending)

    def _stack_rows(self, sizes=None):
        """Batches of rows stacked one by one; `sizes` (default: the batch size forever) gives each size."""
        drop = self._drop
        source = self._inputs[0]._iter()
        try:
            for size in itertools.repeat(self._batch_size) if sizes is None else sizes:
                rows = list(itertools.islice(source, size))
                if not rows or (drop and len(rows) < size):
                    return
                yield self._combine(rows)
        finally:
            source.close()

    def _combine(self, rows):
        return tuple(_stack([row[j] for row in rows], j) for j in range(len(rows[0])))


class _PaddedBatchDataset(_BatchDataset):
    """Batches of elements padded to `padded_shapes` (None / -1 dimensions: the longest in the batch)."""

    def __init__(self, dataset, batch_size, padded_shapes, padding_values, drop_remainder):
        spec = dataset.element_spec
        specs = nest.flatten(spec)
        if padded_shapes is None:
            shapes = [s.shape for s in specs]
            for s in specs:
                if s.shape.rank is None:
                    raise ValueError(f"You must provide `padded_shapes` argument because component {s} has "
                                     "unknown rank.")
        else:
            shapes = [TensorShape([None if d == -1 else d for d in _dims(p)])
                      for p in _flatten_up_to(spec, padded_shapes)]
            for s, p in zip(specs, shapes):
                if not p.is_compatible_with(s.shape) and s.shape.rank is not None and p.rank != s.shape.rank:
                    raise ValueError(f"The padded shape {p} is not compatible with the shape {s.shape} of the "
                                     "corresponding input component.")
        self._shapes = shapes
        if padding_values is None:
            self._pads = [b"" if s.dtype == dtypes.string else np.zeros((), s.dtype.as_numpy_dtype) for s in specs]
        else:
            if structure.is_structure(spec) and not structure.is_structure(padding_values):
                padding_values = structure.map_structure(lambda _: padding_values, spec)  # one value for all
            values = _flatten_up_to(spec, padding_values)
            self._pads = []
            for s, v in zip(specs, values):
                pad_spec, (pad,) = from_value(v)
                if pad_spec.dtype != s.dtype:
                    raise TypeError(f"padded_batch: padding value {v!r} has dtype {pad_spec.dtype.name}, but the "
                                    f"component has dtype {s.dtype.name}. Pass e.g. tf.constant(value, "
                                    f"{s.dtype.name}).")
                self._pads.append(pad)
        shape_of = dict(zip(map(id, specs), shapes)).get
        super().__init__(dataset, batch_size, drop_remainder)
        self._element_spec = _batched_spec(spec, self._batch_size, self._drop, lambda s: shape_of(id(s)))

    def _iter(self):
        return self._stack_rows()

    def _combine(self, rows):
        out = []
        for j, (shape, pad) in enumerate(zip(self._shapes, self._pads)):
            parts = [row[j] for row in rows]
            target = [max(p.shape[k] for p in parts) if d is None else d for k, d in enumerate(shape.as_list())]
            batch = np.full([len(parts)] + target, pad, dtype=parts[0].dtype)
            for i, p in enumerate(parts):
                if any(a > b for a, b in zip(p.shape, target)):
                    raise errors.InvalidArgumentError(
                        None, "IteratorGetNext", f"Attempted to pad to a smaller size than the input element: "
                        f"component {j} has shape {list(p.shape)}, padded_shapes asks for {target}.")
                batch[(i,) + tuple(slice(0, n) for n in p.shape)] = p
            out.append(batch)
        return tuple(out)


class _DenseToSparseBatchDataset(_BatchDataset):
    """Batches of single-tensor elements as `tf.SparseTensor`s holding every entry of each element,
    of dense shape `[batch] + row_shape` (None or -1 in `row_shape`: the batch's largest)."""

    def __init__(self, dataset, batch_size, row_shape):
        spec = dataset.element_spec
        if not isinstance(spec, TensorSpec):
            raise TypeError(f"sparse_batch needs elements that are one tensor each, got element_spec {spec}.")
        self._row_shape = [None if d is None or d == -1 else d for d in _dims(row_shape)]
        if spec.shape.rank is not None and spec.shape.rank != len(self._row_shape):
            raise ValueError(f"sparse_batch: `row_shape` {self._row_shape} must have the rank of the elements "
                             f"({spec.shape}).")
        super().__init__(dataset, batch_size, False)
        self._element_spec = SparseTensorSpec(TensorShape([None] + self._row_shape), spec.dtype)

    def _iter(self):
        return self._stack_rows()

    def _combine(self, rows):
        parts = [row[0] for row in rows]
        target = [max(p.shape[k] for p in parts) if d is None else d for k, d in enumerate(self._row_shape)]
        indices, values = [], []
        for i, part in enumerate(parts):
            if part.ndim != len(target):
                raise errors.InvalidArgumentError(
                    None, "DenseToSparseBatchDataset", f"sparse_batch: an element of shape {list(part.shape)} does "
                    f"not have the rank of row_shape {target}.")
            if any(a > b for a, b in zip(part.shape, target)):  # TensorFlow's error type and words
                raise errors.DataLossError(
                    None, "DenseToSparseBatchDataset", f"Input element had shape ({list(part.shape)}) that is larger "
                    f"than the row shape ({target}). Pass a larger row_shape, or -1 for the batch's largest.")
            coordinates = np.argwhere(np.ones(part.shape, bool))  # every entry, in row-major order
            indices.append(np.concatenate([np.full((len(coordinates), 1), i), coordinates], axis=1))
            values.append(part.reshape(-1))
        return (SparseTensor(np.concatenate(indices).astype(np.int64), Tensor(np.concatenate(values),
                             self._element_spec.dtype), [len(parts)] + target),)


def _dims(shape):
    """A padded shape as a list of dims: a TensorShape, a sequence, a 1-D tensor, or one int (a vector)."""
    if isinstance(shape, TensorShape):
        return shape.as_list()
    if hasattr(shape, "numpy"):
        shape = shape.numpy()
    if np.ndim(shape) == 0 and shape is not None:
        return [int(shape)]
    return [None if d is None else int(d) for d in (shape.tolist() if hasattr(shape, "tolist") else shape)]


def _flatten_up_to(spec, values):
    """`values` (shapes or padding values) as one leaf per component of `spec`."""
    try:
        return flatten_up_to(spec, values)
    except ValueError:
        raise ValueError(f"The structure of `padded_shapes`/`padding_values` ({values!r}) does not match the "
                         f"elements' structure {spec}.") from None


class _UnbatchDataset(Dataset):
    """Each element split along its first dimension."""

    def __init__(self, dataset):
        specs = nest.flatten(dataset.element_spec)
        for s in specs:
            if isinstance(s, DatasetSpec) or s.shape.rank == 0:
                raise ValueError("Cannot unbatch an input with scalar components.")
        element = nest.pack_sequence_as(dataset.element_spec, [TensorSpec(s.shape[1:], s.dtype) for s in specs])
        super().__init__(element, (dataset,))

    def _cardinality(self):
        return INFINITE if self._inputs[0]._cardinality() == INFINITE else UNKNOWN

    def _iter(self):
        for element in self._inputs[0]._iter():
            n = len(element[0])
            if any(len(a) != n for a in element):
                raise errors.InvalidArgumentError(
                    None, None, f"unbatch: the components have different sizes in their first dimension: "
                    f"{[len(a) for a in element]}.")
            for i in range(n):
                yield tuple(a[i, ...] for a in element)


class _RebatchDataset(_BatchDataset):
    """Batched elements cut again into batches of `batch_size`; a list of sizes is used in turn, cyclically."""

    def __init__(self, dataset, batch_size, drop_remainder):
        sizes = batch_size.numpy() if hasattr(batch_size, "numpy") else batch_size
        self._sizes = [_batch_size(size) for size in np.ravel(sizes)]
        if not self._sizes:
            raise errors.InvalidArgumentError(None, None, "rebatch: `batch_size` must not be an empty list.")
        unbatched = _UnbatchDataset(dataset)
        super().__init__(unbatched, self._sizes[0], drop_remainder)
        if np.ndim(sizes) > 0:  # a list of sizes: the batch dimension is unknown, as in TensorFlow
            self._element_spec = _batched_spec(unbatched.element_spec, None, False)

    def _cardinality(self):
        return super()._cardinality() if len(self._sizes) == 1 else self._inputs[0]._cardinality()

    def _iter(self):
        if len(self._sizes) == 1:
            return super()._iter()
        return self._stack_rows(itertools.cycle(self._sizes))


class _RaggedBatchDataset(_BatchDataset):
    """Batches whose components of different lengths become `tf.RaggedTensor`s (TF prints `_BatchDataset`)."""

    _tf_name = "_BatchDataset"

    def __init__(self, dataset, batch_size, drop_remainder, ragged_tensor):
        self._ragged_tensor = ragged_tensor
        super().__init__(dataset, batch_size, drop_remainder)
        specs = nest.flatten(dataset.element_spec)
        self._ragged = [not s.shape.is_fully_defined() for s in specs]
        batched = nest.flatten(self._element_spec)
        for s in specs:
            if not s.shape.is_fully_defined() and (s.shape.rank is None or not s.shape[1:].is_fully_defined()):
                raise NotImplementedError(
                    f"ragged_batch supports components whose first dimension alone varies; {s} has other "
                    "unknown dimensions. Use padded_batch for it.")
        flat = [RaggedTensorSpec(b.shape, b.dtype, 1, dtypes.int64) if ragged else b
                for b, ragged in zip(batched, self._ragged)]
        self._element_spec = nest.pack_sequence_as(self._element_spec, flat)

    def _iter(self):
        return self._stack_rows()

    def _combine(self, rows):
        out = []
        for j, (spec, ragged) in enumerate(zip(nest.flatten(self._element_spec), self._ragged)):
            parts = [row[j] for row in rows]
            if not ragged:
                out.append(_stack(parts, j))
                continue
            values = Tensor(np.concatenate(parts), spec.dtype)
            out.append(self._ragged_tensor.from_row_lengths(values, [len(p) for p in parts]))
        return tuple(out)


def ragged_batch(dataset, batch_size, drop_remainder):
    """Batches in which the components whose first dimension varies become RaggedTensors."""
    try:
        from ..framework.ragged_tensor import RaggedTensor
    except ImportError:
        RaggedTensor = None
    specs = nest.flatten(dataset.element_spec)
    if all(isinstance(s, TensorSpec) and s.shape.is_fully_defined() for s in specs) and RaggedTensor is None:
        return _BatchDataset(dataset, batch_size, drop_remainder)
    if RaggedTensor is None:
        raise NotImplementedError(
            f"ragged_batch of elements with unknown dimensions ({dataset.element_spec}) needs tf.RaggedTensor, "
            "which this build of neuroflow does not provide. Use padded_batch to pad the elements to a common "
            "shape instead.")
    return _RaggedBatchDataset(dataset, batch_size, drop_remainder, RaggedTensor)
