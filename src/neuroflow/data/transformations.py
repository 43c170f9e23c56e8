"""Element-wise transformations that keep elements as they are or keep a running state:
`filter`, `repeat`, `take`, `skip`, `shard`, `scan`, `take_while`, `unique`, `ignore_errors`,
`with_options` and `assert_cardinality`.

>>> import neuroflow as tf
>>> ds = tf.data.Dataset.range(10)
>>> list(ds.filter(lambda x: x % 3 == 0).as_numpy_iterator())
[np.int64(0), np.int64(3), np.int64(6), np.int64(9)]
>>> list(ds.skip(2).take(3).repeat(2).as_numpy_iterator())
[np.int64(2), np.int64(3), np.int64(4), np.int64(2), np.int64(3), np.int64(4)]
>>> list(ds.take(4).scan(tf.constant(0, tf.int64), lambda s, x: (s + x, s)).as_numpy_iterator())
[np.int64(0), np.int64(0), np.int64(1), np.int64(3)]
"""
import itertools

import numpy as np

from .. import backend
from ..framework import dtypes, errors, nest
from ..framework.logger import get_logger
from ..graph.tensor_spec import TensorSpec
from . import structure
from .dataset import INFINITE, UNKNOWN, Dataset
from .structured_function import StructuredFunction

__all__ = ["_FilterDataset", "_RepeatDataset", "_TakeDataset", "_SkipDataset", "_ShardDataset", "_ScanDataset",
           "_TakeWhileDataset", "_UniqueDataset", "_IgnoreErrorsDataset", "_OptionsDataset",
           "_AssertCardinalityDataset", "_CopyToDeviceDataset", "scan_function", "predicate_function"]


def _count(value, name):
    value = value.numpy() if hasattr(value, "numpy") else value
    if isinstance(value, (bool, np.bool_)) or int(value) != value:
        raise TypeError(f"`{name}` must be an integer, received {value!r}.")
    return int(value)


def predicate_function(predicate, spec, transformation):
    """`predicate` traced; it must return a scalar bool tensor (TensorFlow's ValueError otherwise)."""
    function = StructuredFunction(predicate, transformation, spec)
    out = function.output_spec
    if not isinstance(out, TensorSpec) or out.dtype != dtypes.bool or out.shape.rank != 0:
        raise ValueError(f"Invalid `predicate`. `predicate` must return a `tf.bool` scalar tensor, but its "
                         f"return type is {out}.")
    return function


class _FilterDataset(Dataset):
    """The elements for which `predicate` is true."""

    def __init__(self, dataset, predicate):
        self._predicate = predicate_function(predicate, dataset.element_spec, "filter")
        super().__init__(dataset.element_spec, (dataset,))

    def _cardinality(self):
        return UNKNOWN  # as TensorFlow: even an infinite input may keep finitely many elements

    def _iter(self):
        keep = self._predicate.run_flat
        for element in self._inputs[0]._iter():
            if keep(element)[0]:
                yield element

    def _iter_dropping_errors(self, note):
        keep = self._predicate.run_flat
        for element in self._inputs[0]._iter_dropping_errors(note):
            try:
                if not keep(element)[0]:
                    continue
            except errors.OpError as error:
                note(error)
                continue
            yield element


def _chunk_slice(chunks, count, skip):
    """The index chunks with the first `skip` rows dropped / cut after `count` rows."""
    position = 0
    for chunk in chunks:
        start = max(0, (skip or 0) - position)
        stop = len(chunk) if count is None else min(len(chunk), count - position)
        position += len(chunk)
        if start < stop:
            yield chunk[start:stop]
        if count is not None and position >= count:
            return


def _chunk_shard(chunks, num_shards, index):
    """Every `num_shards`-th row of the index chunks, from row `index`."""
    position = 0
    for chunk in chunks:
        yield chunk[(index - position) % num_shards::num_shards]
        position += len(chunk)


class _RepeatDataset(Dataset):
    """The dataset `count` times over (forever for None or -1)."""

    def __init__(self, dataset, count):
        self._count = -1 if count is None else _count(count, "count")
        super().__init__(dataset.element_spec, (dataset,))

    def _cardinality(self):
        n = self._inputs[0]._cardinality()
        if self._count == 0 or n == 0:
            return 0
        if self._count < 0 or n == INFINITE:
            return INFINITE if n != UNKNOWN else UNKNOWN
        return n * self._count if n >= 0 else UNKNOWN

    def _epochs(self):
        return itertools.count() if self._count < 0 else range(self._count)

    def _gather_plan(self):
        plan = self._inputs[0]._gather_plan()
        if plan is None:
            return None
        arrays, chunks = plan
        return arrays, lambda: itertools.chain.from_iterable(chunks() for _ in self._epochs())

    def _iter(self):
        source = self._inputs[0]
        for _ in self._epochs():
            empty = True
            for element in source._iter():
                empty = False
                yield element
            if empty:  # repeating an empty dataset yields nothing, rather than looping forever
                return


class _TakeDataset(Dataset):
    def __init__(self, dataset, count):
        self._count = _count(count, "count")
        super().__init__(dataset.element_spec, (dataset,))

    def _cardinality(self):
        n = self._inputs[0]._cardinality()
        if self._count < 0:
            return n
        if n == UNKNOWN:
            return UNKNOWN
        return self._count if n == INFINITE else min(n, self._count)

    def _gather_plan(self):
        plan = self._inputs[0]._gather_plan()
        if plan is None or self._count < 0:
            return plan
        arrays, chunks = plan
        return arrays, lambda: _chunk_slice(chunks(), self._count, None)

    def _iter(self):
        if self._count < 0:
            yield from self._inputs[0]._iter()
            return
        if self._count == 0:
            return
        source = self._inputs[0]._iter()
        try:
            for i, element in enumerate(source, 1):
                yield element
                if i >= self._count:
                    return
        finally:
            source.close()


class _SkipDataset(Dataset):
    def __init__(self, dataset, count):
        self._count = _count(count, "count")
        super().__init__(dataset.element_spec, (dataset,))

    def _cardinality(self):
        n = self._inputs[0]._cardinality()
        if n < 0:
            return n
        return 0 if self._count < 0 else max(0, n - self._count)

    def _gather_plan(self):
        plan = self._inputs[0]._gather_plan()
        if plan is None or self._count < 0:
            return None
        arrays, chunks = plan
        return arrays, lambda: _chunk_slice(chunks(), None, self._count)

    def _iter(self):
        source = self._inputs[0]._iter()
        if self._count < 0:
            for _ in source:
                pass
            return
        yield from itertools.islice(source, self._count, None)


class _ShardDataset(Dataset):
    def __init__(self, dataset, num_shards, index):
        self._num_shards, self._index = _count(num_shards, "num_shards"), _count(index, "index")
        if self._num_shards < 1:
            raise errors.InvalidArgumentError(None, None, f"num_shards must be >= 1, got {self._num_shards}.")
        if not 0 <= self._index < self._num_shards:
            raise errors.InvalidArgumentError(None, None, f"index must be between 0 and {self._num_shards - 1} "
                                              f"(num_shards - 1), got {self._index}.")
        super().__init__(dataset.element_spec, (dataset,))

    def _cardinality(self):
        n = self._inputs[0]._cardinality()
        if n < 0:
            return n
        return n // self._num_shards + (1 if n % self._num_shards > self._index else 0)

    def _gather_plan(self):
        plan = self._inputs[0]._gather_plan()
        if plan is None:
            return None
        arrays, chunks = plan
        return arrays, lambda: _chunk_shard(chunks(), self._num_shards, self._index)

    def _iter(self):
        yield from itertools.islice(self._inputs[0]._iter(), self._index, None, self._num_shards)


def scan_function(func, state_spec, element_spec, transformation, scan=True):
    """`func(state, *element)` traced: returns `(function, state_spec)`, the state's spec relaxed to what
    the function returns (unknown dimensions where the state changes shape), as TensorFlow does."""
    for _ in range(2):
        function = StructuredFunction(func, transformation, element_spec, (state_spec,))
        out = function.output_spec
        if scan:
            if not (isinstance(out, tuple) and len(out) == 2):
                raise TypeError(f"The scan function must return a pair `(new_state, output_element)`, but it "
                                f"returned {out}.")
            new_state = out[0]
        else:
            new_state = out
        try:
            structure.check_same_structure(transformation, state_spec, new_state)
        except TypeError:
            raise TypeError(f"The element types for the new state must match the initial state. Expected "
                            f"{state_spec}; got {new_state}.") from None
        relaxed = structure.common_spec(state_spec, new_state)
        if relaxed == state_spec:
            return function, state_spec
        state_spec = relaxed
    return function, state_spec


class _ScanDataset(Dataset):
    """A running state over the elements: `scan_func(state, element) -> (new_state, output)`."""

    def __init__(self, dataset, initial_state, scan_func):
        state_spec, self._initial = structure.from_value(initial_state)
        self._function, _ = scan_function(scan_func, state_spec, dataset.element_spec, "scan")
        self._state_width = len(nest.flatten(state_spec))
        super().__init__(self._function.output_spec[1], (dataset,))

    def _cardinality(self):
        return self._inputs[0]._cardinality()

    def _iter(self):
        state, width, run = self._initial, self._state_width, self._function.run_flat
        for element in self._inputs[0]._iter():
            out = run(state + element)
            state, element = out[:width], out[width:]
            yield element


class _TakeWhileDataset(Dataset):
    def __init__(self, dataset, predicate):
        self._predicate = predicate_function(predicate, dataset.element_spec, "take_while")
        super().__init__(dataset.element_spec, (dataset,))

    def _iter(self):
        source = self._inputs[0]._iter()
        try:
            for element in source:
                if not self._predicate.run_flat(element)[0]:
                    return
                yield element
        finally:
            source.close()


_UNIQUE_TYPES = (dtypes.int32, dtypes.int64, dtypes.string)


class _UniqueDataset(Dataset):
    """Each distinct element once (scalar int32, int64 or string elements)."""

    def __init__(self, dataset):
        spec = dataset.element_spec
        if not isinstance(spec, TensorSpec) or spec.dtype not in _UNIQUE_TYPES:
            raise TypeError(f"`tf.data.Dataset.unique` does not support type {spec}: only single components of "
                            "type tf.int32, tf.int64 or tf.string are supported.")
        super().__init__(spec, (dataset,))

    def _iter(self):
        seen = set()
        for element in self._inputs[0]._iter():
            value = element[0]
            key = value.tobytes() if value.dtype != object else tuple(value.ravel().tolist())
            if key not in seen:
                seen.add(key)
                yield element


class _IgnoreErrorsDataset(Dataset):
    """Drops elements whose computation raised an error.

    `map`, `filter` and `from_generator` drop just the failing element and carry on; an
    error elsewhere in the pipeline above ends the iteration (after logging it).
    """

    def __init__(self, dataset, log_warning):
        self._log = log_warning
        super().__init__(dataset.element_spec, (dataset,))

    def _iter(self):
        def note(error):
            if self._log:
                get_logger().warning(f"Ignoring error: {error}")
        return self._inputs[0]._iter_dropping_errors(note)


class _OptionsDataset(Dataset):
    def __init__(self, dataset, options):
        self._options = dataset.options().merge(options)
        super().__init__(dataset.element_spec, (dataset,))

    def options(self):
        return self._options

    def _cardinality(self):
        return self._inputs[0]._cardinality()

    def _gather_plan(self):
        return self._inputs[0]._gather_plan()

    def _iter(self):
        return self._inputs[0]._iter()


class _AssertCardinalityDataset(Dataset):
    def __init__(self, dataset, expected):
        self._expected = _count(expected, "expected_cardinality")
        super().__init__(dataset.element_spec, (dataset,))

    def _cardinality(self):
        return self._expected

    def _iter(self):
        count = 0
        for element in self._inputs[0]._iter():
            count += 1
            if 0 <= self._expected < count:
                raise errors.FailedPreconditionError(
                    None, None, f"Input dataset was expected to contain {self._expected} elements but contained "
                    f"at least {count} elements.")
            yield element
        if count != self._expected:
            raise errors.FailedPreconditionError(
                None, None, f"Input dataset was expected to contain {self._expected} elements but contained only "
                f"{count} elements.")


class _CopyToDeviceDataset(Dataset):
    """The elements with their arrays moved to `device` (`copy_to_device`, `prefetch_to_device`);
    a GPU that is not there means the CPU, as under `tf.device`."""

    def __init__(self, dataset, device):
        self._scope = backend.device_scope(device)
        super().__init__(dataset.element_spec, (dataset,))

    def _cardinality(self):
        return self._inputs[0]._cardinality()

    def _iter(self):
        for element in self._inputs[0]._iter():
            with self._scope:   # strings, ragged components and nested datasets stay on the host
                moved = tuple(backend.to_device(a) if _numeric_array(a) else a for a in element)
            yield moved


def _numeric_array(a):
    """Whether `a` is a NumPy or CuPy array of numbers (what can move between devices)."""
    return (isinstance(a, np.ndarray) and a.dtype != object) or backend.array_module(a) is not np
