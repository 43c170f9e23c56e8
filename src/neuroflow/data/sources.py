"""Datasets that start a pipeline, or join several: slices, single elements, ranges, generators, zip,
concatenate, file lists and random or chosen mixtures of datasets.

>>> import neuroflow as tf
>>> list(tf.data.Dataset.range(1, 8, 3).as_numpy_iterator())
[np.int64(1), np.int64(4), np.int64(7)]
>>> ds = tf.data.Dataset.zip(tf.data.Dataset.range(2), tf.data.Dataset.from_tensor_slices(["a", "b"]))
>>> list(ds.as_numpy_iterator())
[(np.int64(0), b'a'), (np.int64(1), b'b')]
"""
import glob
import os

import numpy as np

from ..framework import dtypes, errors, nest
from ..framework.tensor_shape import TensorShape
from ..graph.tensor_spec import TensorSpec
from . import structure
from .dataset import INFINITE, UNKNOWN, Dataset
from .seeds import dataset_entropy, rng_for

__all__ = ["_TensorSliceDataset", "_TensorDataset", "_RangeDataset", "_CounterDataset", "_RandomDataset",
           "_ListDataset", "_GeneratorDataset", "_ZipDataset",
           "_ConcatenateDataset", "_DirectedInterleaveDataset", "list_files"]


class _TensorSliceDataset(Dataset):
    """The slices of tensors along their first dimension."""

    def __init__(self, tensors):
        spec, self._arrays = structure.from_value(tensors)
        specs = nest.flatten(spec)
        sizes = set()
        for s in specs:
            if isinstance(s, structure.DatasetSpec) or s.shape.rank == 0:
                raise ValueError(f"Unbatching a tensor is only supported for rank >= 1, but from_tensor_slices "
                                 f"received {s}. Pass arrays with a first dimension to slice along, or use "
                                 "from_tensors for a single element.")
            sizes.add(s.shape[0])
        if len(sizes) > 1:
            raise errors.InvalidArgumentError(
                None, None, f"from_tensor_slices: all components must have the same size in their first "
                f"dimension, got sizes {sorted(sizes)} for {spec}.")
        self._size = sizes.pop() if sizes else 0
        element = nest.pack_sequence_as(spec, [TensorSpec(s.shape[1:], s.dtype) for s in specs])
        super().__init__(element)

    def _cardinality(self):
        return self._size

    def _gather_plan(self):
        return self._arrays, lambda: iter([np.arange(self._size)])

    def _iter(self):
        arrays = self._arrays
        if len(arrays) == 1:
            a = arrays[0]
            for i in range(self._size):
                yield (a[i, ...],)
        else:
            for i in range(self._size):
                yield tuple([a[i, ...] for a in arrays])


class _TensorDataset(Dataset):
    """One element."""

    def __init__(self, tensors):
        spec, self._element = structure.from_value(tensors)
        super().__init__(spec)

    def _cardinality(self):
        return 1

    def _iter(self):
        yield self._element


class _RangeDataset(Dataset):
    """`range(start, stop, step)` as int64 scalars (or `output_type`)."""

    def __init__(self, *args, output_type=None):
        if not 1 <= len(args) <= 3:
            raise ValueError(f"Dataset.range takes 1 to 3 arguments (stop, or start, stop[, step]); got {args}.")
        args = [int(a.numpy() if hasattr(a, "numpy") else a) for a in args]
        start, stop, step = (0, args[0], 1) if len(args) == 1 else (args + [1])[:3]
        if step == 0:
            raise errors.InvalidArgumentError(None, None, "Dataset.range: step must not be 0.")
        self._range = range(start, stop, step)
        self._dtype = dtypes.as_dtype(output_type or dtypes.int64)
        super().__init__(TensorSpec([], self._dtype))

    def _cardinality(self):
        return len(self._range)

    def _iter(self):
        np_dtype = self._dtype.as_numpy_dtype
        for i in self._range:
            yield (np.array(i, np_dtype),)


class _CounterDataset(Dataset):
    """`start, start + step, ...` forever, as scalars of `dtype` (TensorFlow builds it with `scan`)."""

    _tf_name = "_ScanDataset"

    def __init__(self, start, step, dtype):
        self._dtype = dtypes.as_dtype(dtype)
        as_number = self._dtype.as_numpy_dtype
        self._start, self._step = (as_number(v.numpy() if hasattr(v, "numpy") else v).item() for v in (start, step))
        super().__init__(TensorSpec([], self._dtype))

    def _cardinality(self):
        return INFINITE

    def _iter(self):
        np_dtype, value, step = self._dtype.as_numpy_dtype, self._start, self._step
        while True:
            yield (np.array(value, np_dtype),)
            value += step


class _RandomDataset(Dataset):
    """Uniform int64 values in [0, 2**32), forever; the same sequence each iteration unless
    `rerandomize_each_iteration` (then a different, still seed-determined, one each time)."""

    def __init__(self, seed, rerandomize_each_iteration):
        entropy = dataset_entropy(seed)
        self._entropy = [int(np.random.SeedSequence().entropy) % 2 ** 63] if entropy is None else entropy
        self._rerandomize = bool(rerandomize_each_iteration)
        self._epochs = iter(range(2 ** 62))
        super().__init__(TensorSpec([], dtypes.int64))

    def _cardinality(self):
        return INFINITE

    def _iter(self):
        rng = rng_for(self._entropy, next(self._epochs) if self._rerandomize else 0)
        while True:
            block = rng.integers(0, 2 ** 32, size=256, dtype=np.int64)
            for i in range(len(block)):
                yield (block[i, ...],)


class _ListDataset(Dataset):
    """The elements of a Python list, one by one; their shapes may differ (the spec keeps what they share)."""

    def __init__(self, elements):
        elements = list(elements)
        if not elements:
            raise ValueError("Invalid `elements`. `elements` should not be empty. If you want an empty dataset, "
                             "use `tf.data.Dataset.range(0)`.")
        spec, first = structure.from_value(elements[0])
        self._elements = [first]
        for element in elements[1:]:
            element_spec, flat = structure.from_value(element)
            try:
                structure.check_same_structure("from_list", spec, element_spec)
            except TypeError as error:
                raise ValueError(f"Invalid `elements`: every element must have the same structure and types. "
                                 f"{error}") from None
            spec = structure.common_spec(spec, element_spec)
            self._elements.append(flat)
        super().__init__(spec)

    def _cardinality(self):
        return len(self._elements)

    def _iter(self):
        yield from self._elements


def _signature(output_types, output_shapes, output_signature):
    if output_signature is not None:
        if output_types is not None or output_shapes is not None:
            raise TypeError("The `output_types` and `output_shapes` arguments can't be used together with "
                            "`output_signature`.")
        specs = nest.flatten(output_signature)
        if not all(isinstance(s, (TensorSpec, structure.RaggedTensorSpec)) for s in specs):
            raise TypeError(f"`output_signature` must contain objects that are subclass of `tf.TypeSpec` but "
                            f"found {output_signature!r}.")
        return structure.map_structure(
            lambda s: s if isinstance(s, structure.RaggedTensorSpec) else TensorSpec(s.shape, s.dtype),
            output_signature)
    if output_types is None:
        raise TypeError("Missing required argument: `output_signature` (or the deprecated `output_types`).")
    flat_types = nest.flatten(output_types)
    flat_shapes = [None] * len(flat_types) if output_shapes is None else \
        [TensorShape(s) for s in nest.flatten(_shapes_as_leaves(output_types, output_shapes))]
    specs = [TensorSpec(TensorShape(None) if s is None else s, t) for t, s in zip(flat_types, flat_shapes)]
    return nest.pack_sequence_as(output_types, specs)


def _shapes_as_leaves(types, shapes):
    """`output_shapes` with each shape (a list or tuple of dims) boxed as one leaf, nested like `types`."""
    if not nest.is_nested(types):
        return TensorShape(shapes)
    if isinstance(types, dict):
        return {k: _shapes_as_leaves(types[k], shapes[k]) for k in types}
    return type(types)(_shapes_as_leaves(t, s) for t, s in zip(types, shapes))


def _generator_error(message):
    return errors.InvalidArgumentError(None, "PyFunc", f"TypeError: `generator` {message}")


class _GeneratorDataset(Dataset):
    """The elements of a Python generator, checked against `output_signature` (TF prints `_FlatMapDataset`)."""

    _tf_name = "_FlatMapDataset"

    def __init__(self, generator, output_types, output_shapes, args, output_signature):
        if not callable(generator):
            raise TypeError("`generator` must be a Python callable that returns an iterator (e.g. a generator "
                            f"function), received {generator!r}.")
        self._generator = generator
        self._args = tuple(np.asarray(a.numpy() if hasattr(a, "numpy") else a) for a in (args or ()))
        super().__init__(_signature(output_types, output_shapes, output_signature))
        self._specs = nest.flatten(self.element_spec)

    def _convert(self, value):
        spec = self.element_spec
        try:
            leaves = structure.flatten_up_to(spec, value)
        except ValueError:
            raise _generator_error(f"yielded an element that did not match the expected structure. The expected "
                                   f"structure was {_dtypes_of(spec)}, but the yielded element was {value!r}.") \
                from None
        flat = []
        for leaf, s in zip(leaves, self._specs):
            if isinstance(s, structure.RaggedTensorSpec):
                flat.append(_ragged_leaf(leaf, s))
                continue
            try:
                array = structure.from_value(leaf.numpy() if hasattr(leaf, "numpy") else leaf)[1][0] \
                    if s.dtype == dtypes.string else np.asarray(leaf, dtype=s.dtype.as_numpy_dtype)
            except (ValueError, TypeError):
                raise _generator_error(f"yielded an element that could not be converted to the expected type. "
                                       f"The expected type was {s.dtype.name}, but the yielded element was "
                                       f"{leaf!r}.") from None
            if not s.shape.is_compatible_with(array.shape):
                raise _generator_error(f"yielded an element of shape {_shape_text(array.shape)} where an element "
                                       f"of shape {_shape_text(s.shape)} was expected.")
            flat.append(array)
        return tuple(flat)

    def _iter(self, note=None):
        iterator = iter(self._generator(*self._args))
        try:
            for value in iterator:
                try:
                    element = self._convert(value)
                except errors.InvalidArgumentError as error:
                    if note is None:
                        raise
                    note(error)
                    continue
                yield element
        finally:
            close = getattr(iterator, "close", None)
            if close is not None:
                close()

    def _iter_dropping_errors(self, note):
        return self._iter(note)


def _ragged_leaf(value, spec):
    """A yielded value for a `RaggedTensorSpec` component: a RaggedTensor (or nested lists) of its dtype and shape."""
    from ..framework.ragged_tensor import RaggedTensor
    from ..ragged import constant
    try:
        ragged = value if isinstance(value, RaggedTensor) else constant(value, dtype=spec.dtype)
    except (ValueError, TypeError):
        ragged = None
    if ragged is None or ragged.dtype != spec.dtype or not spec.shape.is_compatible_with(ragged.shape):
        raise _generator_error(f"yielded an element that did not match the expected type. The expected type was "
                               f"{spec}, but the yielded element was {value!r}.")
    return ragged


def _shape_text(shape):
    dims = shape if isinstance(shape, tuple) else tuple(shape.as_list())
    return str(dims).replace("None", "?")


def _dtypes_of(spec):
    return nest.map_structure(lambda s: s.dtype, spec)


class _ZipDataset(Dataset):
    """Elements of several datasets together, nested like the datasets were given."""

    def __init__(self, datasets):
        if isinstance(datasets, list):
            datasets = tuple(datasets)
        flat = nest.flatten(datasets)
        for ds in flat:
            if not isinstance(ds, Dataset):
                raise TypeError(f"Invalid input to `zip`. Inputs are expected to be (nested) structures of "
                                f"`tf.data.Dataset` objects. Python `list` is not supported and you should use "
                                f"`tuple` instead. Received {ds!r} in {datasets!r}.")
        self._datasets = flat
        self._widths = [len(nest.flatten(ds.element_spec)) for ds in flat]
        specs = [ds.element_spec for ds in flat]
        super().__init__(nest.pack_sequence_as(datasets, specs) if nest.is_nested(datasets) else specs[0], flat)

    def _cardinality(self):
        counts = [ds._cardinality() for ds in self._datasets]
        finite = [c for c in counts if c >= 0]
        if finite:
            return min(finite)
        return UNKNOWN if UNKNOWN in counts else INFINITE

    def _iter(self):
        iterators = [ds._iter() for ds in self._datasets]
        try:
            while True:
                element = ()
                for it in iterators:
                    part = next(it, None)
                    if part is None:
                        return
                    element += part
                yield element
        finally:
            for it in iterators:
                it.close()


class _ConcatenateDataset(Dataset):
    """The elements of one dataset, then of another with the same structure and types."""

    def __init__(self, first, second):
        if not isinstance(second, Dataset):
            raise TypeError(f"concatenate expects a Dataset, received {second!r}.")
        try:
            structure.check_same_structure("concatenate", first.element_spec, second.element_spec)
        except TypeError:
            raise TypeError(f"Incompatible dataset elements:\n  {first.element_spec} vs. "
                            f"  {second.element_spec}") from None
        super().__init__(structure.common_spec(first.element_spec, second.element_spec), (first, second))

    def _cardinality(self):
        a, b = (ds._cardinality() for ds in self._inputs)
        if INFINITE in (a, b):
            return INFINITE
        return UNKNOWN if UNKNOWN in (a, b) else a + b

    def _iter(self):
        for ds in self._inputs:
            yield from ds._iter()


def list_files(file_pattern, shuffle=None, seed=None):
    """The sorted file names matching `file_pattern` (a glob or list of globs), shuffled unless `shuffle=False`."""
    patterns = file_pattern.numpy() if hasattr(file_pattern, "numpy") else file_pattern
    patterns = [p.decode() if isinstance(p, bytes) else str(p) for p in np.ravel(np.asarray(patterns, dtype=object))]
    names = sorted({name for p in patterns for name in glob.glob(os.fspath(p))})
    if not names:
        raise errors.InvalidArgumentError(None, None, f"Expected 'tf.Tensor({patterns!r}, shape=(), "
                                          "dtype=string)' to be a pattern matching at least one file: no files "
                                          "matched.")
    dataset = _TensorSliceDataset(np.array([n.encode() for n in names], dtype=object))
    dataset._element_spec = TensorSpec([], dtypes.string)
    if shuffle is None or shuffle:
        dataset = dataset.shuffle(len(names), seed=seed)
    return dataset


class _DirectedInterleaveDataset(Dataset):
    """Elements from several datasets, picked at random (`sample_from_datasets`) or by a choice dataset."""

    def __init__(self, datasets, spec, pick, stop_on_empty):
        self._datasets = list(datasets)
        self._pick = pick                   # epoch -> iterator of dataset indices
        self._stop_on_empty = stop_on_empty
        super().__init__(spec, self._datasets)

    @classmethod
    def sample(cls, datasets, weights, seed, stop_on_empty):
        datasets = cls._check(datasets, "sample_from_datasets")
        if weights is None:
            weights = np.full(len(datasets), 1.0 / len(datasets))
        else:
            weights = np.asarray(weights.numpy() if hasattr(weights, "numpy") else weights, dtype=np.float64)
            if weights.shape != (len(datasets),):
                raise ValueError(f"sample_from_datasets: `weights` must have one entry per dataset "
                                 f"({len(datasets)}), got shape {weights.shape}.")
        entropy = dataset_entropy(seed)
        epochs = iter(range(2 ** 62))

        def pick():
            rng = rng_for(entropy, next(epochs))
            probabilities = weights / weights.sum()
            while True:
                yield from rng.choice(len(probabilities), size=256, p=probabilities).tolist()
        return cls(datasets, cls._spec(datasets), pick, stop_on_empty)

    @classmethod
    def choose(cls, datasets, choice_dataset, stop_on_empty):
        datasets = cls._check(datasets, "choose_from_datasets")
        if not isinstance(choice_dataset, Dataset) or choice_dataset.element_spec != TensorSpec([], dtypes.int64):
            raise TypeError(f"Invalid `choice_dataset`. Elements of `choice_dataset` must be scalar `tf.int64` "
                            f"tensors but found {getattr(choice_dataset, 'element_spec', choice_dataset)}.")

        def pick():
            for (index,) in choice_dataset._iter():
                index = int(index)
                if not 0 <= index < len(datasets):
                    raise errors.InvalidArgumentError(
                        None, None, f"choose_from_datasets: index {index} is out of range for "
                        f"{len(datasets)} datasets.")
                yield index
        return cls(datasets, cls._spec(datasets), pick, stop_on_empty)

    @staticmethod
    def _check(datasets, name):
        datasets = list(datasets)
        if not datasets or not all(isinstance(d, Dataset) for d in datasets):
            raise ValueError(f"`{name}` expects a non-empty list of datasets, got {datasets!r}.")
        return datasets

    @staticmethod
    def _spec(datasets):
        spec = datasets[0].element_spec
        for ds in datasets[1:]:
            try:
                structure.check_same_structure("sample_from_datasets", spec, ds.element_spec)
            except TypeError:
                raise TypeError(f"Incompatible dataset elements:\n  {spec} vs.   {ds.element_spec}") from None
            spec = structure.common_spec(spec, ds.element_spec)
        return spec

    def _cardinality(self):
        counts = [ds._cardinality() for ds in self._datasets]
        if all(c == INFINITE for c in counts):
            return INFINITE
        return UNKNOWN

    def _iter(self):
        iterators = [ds._iter() for ds in self._datasets]
        live = [True] * len(iterators)
        choices = self._pick()
        try:
            for index in choices:
                if not any(live):
                    return
                if not live[index]:
                    continue
                element = next(iterators[index], None)
                if element is None:
                    live[index] = False
                    if self._stop_on_empty:
                        return
                    continue
                yield element
        finally:
            choices.close()
            for it in iterators:
                it.close()

