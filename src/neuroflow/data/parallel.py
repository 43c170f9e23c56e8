"""Functions over elements: `map` (inline or on a thread pool), `flat_map` and `interleave`.

`map` functions are traced once (see `structured_function.py`); with `num_parallel_calls`
a pool of threads runs them on several elements at once (NumPy kernels release the GIL),
delivering results in input order unless `deterministic=False`. `flat_map`/`interleave`
functions return datasets and run as Python per input element; parallel `interleave`
reads its `cycle_length` datasets in background threads.

>>> import neuroflow as tf
>>> ds = tf.data.Dataset.range(1, 4)
>>> list(ds.map(lambda x: x * x, num_parallel_calls=2).as_numpy_iterator())
[np.int64(1), np.int64(4), np.int64(9)]
>>> nested = ds.interleave(lambda x: tf.data.Dataset.from_tensors(x).repeat(3), cycle_length=2, block_length=2)
>>> [int(v) for v in nested.as_numpy_iterator()]
[1, 1, 2, 2, 1, 2, 3, 3, 3]
"""
import collections
import concurrent.futures
import queue

import numpy as np

from ..framework import errors, nest
from . import structure
from .dataset import AUTOTUNE, INFINITE, UNKNOWN, Dataset
from .prefetch import END, Failure, Producer, autotune_parallelism, prefetched
from .structured_function import StructuredFunction, call_with_element

__all__ = ["_MapDataset", "_ParallelMapDataset", "_FlatMapDataset", "_InterleaveDataset",
           "_ParallelInterleaveDataset", "PythonFunction", "python_map"]


class _MapDataset(Dataset):
    """`map_func` applied to each element, in the consuming thread.

    `function` (instead of `map_func`) is a prepared function with `output_spec` and
    `run_flat(arrays) -> arrays`, e.g. a `PythonFunction`.
    """

    def __init__(self, dataset, map_func, function=None):
        self._function = function or StructuredFunction(map_func, "map", dataset.element_spec)
        super().__init__(self._function.output_spec, (dataset,))

    def _cardinality(self):
        return self._inputs[0]._cardinality()

    def _iter(self):
        run = self._function.run_flat
        for element in self._inputs[0]._iter():
            yield run(element)

    def _iter_dropping_errors(self, note):
        run = self._function.run_flat
        for element in self._inputs[0]._iter_dropping_errors(note):
            try:
                out = run(element)
            except errors.OpError as error:
                note(error)
                continue
            yield out


def _deterministic(value, dataset):
    if value is not None:
        return bool(value)
    option = dataset.options().deterministic
    return True if option is None else bool(option)


class _ParallelMapDataset(_MapDataset):
    """`map_func` applied by a pool of `num_parallel_calls` threads."""

    def __init__(self, dataset, map_func, num_parallel_calls, deterministic, function=None):
        super().__init__(dataset, map_func, function)
        self._parallelism = autotune_parallelism(num_parallel_calls, "num_parallel_calls")
        self._deterministic = deterministic

    def _iter(self):
        return self._iter_prefetched(0)

    def _iter_prefetched(self, buffer_size):
        """The elements, with `2 * num_parallel_calls + buffer_size` calls kept running ahead: a
        `prefetch` on top runs the pool further ahead instead of adding a thread between the
        pool and the consumer (one hand-off per element instead of two)."""
        run, n = self._function.run_flat, self._parallelism
        in_order = _deterministic(self._deterministic, self)
        source = self._inputs[0]._iter()
        pool = concurrent.futures.ThreadPoolExecutor(n, thread_name_prefix="tf.data map")
        pending = collections.deque()
        try:
            for element in source:
                pending.append(pool.submit(run, element))
                if len(pending) < 2 * n + buffer_size:
                    continue
                if in_order:
                    yield pending.popleft().result()
                else:
                    yield _first_done(pending).result()
            while pending:
                yield (pending.popleft() if in_order else _first_done(pending)).result()
        finally:
            for future in pending:
                future.cancel()
            pool.shutdown(wait=True)
            source.close()


class PythonFunction:
    """A Python function of an element's flat arrays, returning flat arrays: not traced.

    For the library's own pipelines whose per-element work is not made of ops (Keras'
    image loading decodes files with Pillow). It runs in worker threads, so it must not
    call neuroflow ops (a thread's eager op could land in a graph another thread traces).
    """

    def __init__(self, run_flat, output_spec):
        self.run_flat, self.output_spec = run_flat, output_spec


def python_map(dataset, run_flat, output_spec, num_parallel_calls=AUTOTUNE):
    """`dataset` with `run_flat` applied to each element (see `PythonFunction`), on a thread pool
    unless `num_parallel_calls` is None."""
    function = PythonFunction(run_flat, output_spec)
    if num_parallel_calls is None:
        return _MapDataset(dataset, None, function)
    return _ParallelMapDataset(dataset, None, num_parallel_calls, None, function)


def _first_done(pending):
    """Removes and returns the first future of `pending` to finish."""
    done, _ = concurrent.futures.wait(pending, return_when=concurrent.futures.FIRST_COMPLETED)
    future = next(f for f in pending if f in done)
    pending.remove(future)
    return future


class _DatasetFunction:
    """A function from an element to a dataset (`flat_map`, `interleave`), run as Python per element."""

    def __init__(self, func, input_spec, transformation):
        if not callable(func):
            raise TypeError(f"`{transformation}` expects a callable, received {func!r}.")
        self._func, self._input_spec, self._transformation = func, input_spec, transformation
        self._output_spec = None

    def __call__(self, element):
        dataset = call_with_element(self._func, structure.pack(self._input_spec, element))
        if not isinstance(dataset, Dataset):
            raise TypeError(f"`map_func` must return a `Dataset` object. Got {type(dataset)}.")
        return dataset

    def output_spec(self, dataset):
        """The element spec of the datasets it returns, from the first input element (or a dummy one)."""
        if self._output_spec is None:
            iterator = dataset._iter()
            try:
                element = next(iterator, None)
            finally:
                iterator.close()
            if element is None:
                element = tuple(np.zeros([0 if d is None else d for d in s.shape.as_list()], s.dtype.as_numpy_dtype)
                                for s in nest.flatten(self._input_spec))
            self._output_spec = self(element).element_spec
        return self._output_spec


class _FlatMapDataset(Dataset):
    """The elements of `map_func(element)`'s datasets, one dataset after another."""

    def __init__(self, dataset, map_func):
        self._function = _DatasetFunction(map_func, dataset.element_spec, "flat_map")
        Dataset.__init__(self, None, (dataset,))

    @property
    def element_spec(self):
        if self._element_spec is None:
            self._element_spec = self._function.output_spec(self._inputs[0])
        return self._element_spec

    def _iter(self):
        for element in self._inputs[0]._iter():
            yield from self._function(element)._iter()


class _InterleaveDataset(_FlatMapDataset):
    """`block_length` elements from each of `cycle_length` datasets in turn."""

    def __init__(self, dataset, map_func, cycle_length, block_length, num_parallel_calls, deterministic):
        super().__init__(dataset, map_func)
        self._function._transformation = "interleave"
        self._cycle = autotune_parallelism(AUTOTUNE if cycle_length is None else cycle_length, "cycle_length")
        self._block = 1 if block_length is None else autotune_parallelism(block_length, "block_length")
        self._parallelism = None if num_parallel_calls is None else \
            autotune_parallelism(num_parallel_calls, "num_parallel_calls")
        self._deterministic = deterministic

    def _cardinality(self):
        return INFINITE if self._inputs[0]._cardinality() == INFINITE else UNKNOWN

    def _open(self, element):
        return self._function(element)._iter()

    def _iter(self):
        source = self._inputs[0]._iter()
        slots = [None] * self._cycle
        try:
            for slot, element in self._round_robin(slots, source):
                yield element
        finally:
            for it in slots:
                if it is not None:
                    it.close()
            source.close()

    def _round_robin(self, slots, source):
        """TensorFlow's order: a slot left empty is refilled from the input when the cycle reaches it."""
        input_done, index = False, 0
        while True:
            if slots[index] is None and not input_done:
                element = next(source, None)
                if element is None:
                    input_done = True
                else:
                    slots[index] = self._open(element)
            if input_done and all(s is None for s in slots):
                return
            iterator = slots[index]
            if iterator is not None:
                for _ in range(self._block):
                    element = next(iterator, None)
                    if element is None:
                        iterator.close()
                        slots[index] = None
                        break
                    yield index, element
            index = (index + 1) % len(slots)


class _ParallelInterleaveDataset(_InterleaveDataset):
    """Interleave whose datasets are read ahead by background threads, one per slot of the cycle."""

    def _open(self, element):
        return prefetched(self._function(element)._iter, max(1, self._block), name="tf.data interleave")

    def _iter(self):
        if _deterministic(self._deterministic, self):
            return super()._iter()
        return self._sloppy()

    def _sloppy(self):
        """Whatever element any open dataset has ready first (`deterministic=False`)."""
        out = queue.Queue(self._cycle * self._block * 2)
        source = self._inputs[0]._iter()
        producers = {}
        next_tag = 0
        try:
            while True:
                while len(producers) < self._cycle:
                    element = next(source, None)
                    if element is None:
                        break
                    dataset = self._function(element)
                    producers[next_tag] = Producer(dataset._iter, out, next_tag, name="tf.data interleave")
                    next_tag += 1
                if not producers:
                    return
                tag, item = out.get()
                if item is END:
                    producers.pop(tag).stop()
                elif type(item) is Failure:
                    raise item.error
                else:
                    yield item
        finally:
            for producer in producers.values():
                producer.stop()
            source.close()
