"""Windows and groups: `window`, `group_by_window`, `group_by_reducer` and `bucket_by_sequence_length`.

A window is a small dataset (TensorFlow prints it as a `DatasetSpec`); each component of
an element gets its own window dataset, as in TensorFlow.

>>> import neuroflow as tf
>>> windows = tf.data.Dataset.range(7).window(3, shift=2)
>>> windows.element_spec
DatasetSpec(TensorSpec(shape=(), dtype=tf.int64, name=None), TensorShape([]))
>>> [w.tolist() for w in windows.flat_map(lambda w: w.batch(3)).as_numpy_iterator()]
[[0, 1, 2], [2, 3, 4], [4, 5, 6], [6]]
>>> ds = tf.data.Dataset.range(10).group_by_window(lambda x: x % 2, lambda k, w: w.batch(3), window_size=3)
>>> [b.tolist() for b in ds.as_numpy_iterator()]
[[0, 2, 4], [1, 3, 5], [6, 8], [7, 9]]
"""
import collections
import math

import numpy as np

from ..framework import dtypes, errors, nest
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from ..graph.tensor_spec import TensorSpec
from ..ops.comparison_ops import greater_equal
from ..ops.math_ops import cast
from ..ops.reduction_ops import reduce_sum
from . import structure
from .dataset import INFINITE, UNKNOWN, Dataset
from .structured_function import StructuredFunction

__all__ = ["_WindowDataset", "_VariantDataset", "_GroupByWindowDataset", "_GroupByReducerDataset", "Reducer",
           "bucket_by_sequence_length", "int64_scalar_function"]


class _VariantDataset(Dataset):
    """A dataset over elements already in memory (a window)."""

    def __init__(self, element_spec, elements):
        self._elements = elements
        super().__init__(element_spec)

    def _cardinality(self):
        return len(self._elements)

    def _iter(self):
        yield from self._elements


def _positive(value, name):
    value = int(value.numpy() if hasattr(value, "numpy") else value)
    if value < 1:
        raise errors.InvalidArgumentError(None, None, f"`{name}` must be positive, got {value}.")
    return value


class _WindowDataset(Dataset):
    """Windows of `size` elements (every `stride`-th), one starting every `shift` elements."""

    def __init__(self, dataset, size, shift, stride, drop_remainder):
        self._size = _positive(size, "size")
        self._shift = self._size if shift is None else _positive(shift, "shift")
        self._stride = _positive(stride, "stride")
        self._drop = bool(drop_remainder)
        self._component_specs = nest.flatten(dataset.element_spec)
        spec = nest.pack_sequence_as(dataset.element_spec,
                                     [structure.DatasetSpec(s) for s in self._component_specs])
        super().__init__(spec, (dataset,))

    def _cardinality(self):
        n = self._inputs[0]._cardinality()
        if n < 0:
            return n
        if self._drop:
            span = (self._size - 1) * self._stride + 1
            return max(0, (n - span) // self._shift + 1) if n >= span else 0
        return math.ceil(n / self._shift)

    def _iter(self):
        source = self._inputs[0]._iter()
        span = (self._size - 1) * self._stride + 1
        buffer, base, start, done = collections.deque(), 0, 0, False
        try:
            while True:
                while not done and len(buffer) < start - base + span:
                    element = next(source, None)
                    if element is None:
                        done = True
                    else:
                        buffer.append(element)
                while base < start and buffer:
                    buffer.popleft()
                    base += 1
                if base < start or not buffer:
                    return
                items = [buffer[k] for k in range(0, min(span, len(buffer)), self._stride)]
                if len(items) < self._size and self._drop:
                    return
                yield tuple(_VariantDataset(s, [(item[j],) for item in items])
                            for j, s in enumerate(self._component_specs))
                start += self._shift
        finally:
            source.close()


def int64_scalar_function(func, spec, transformation, what):
    function = StructuredFunction(func, transformation, spec)
    out = function.output_spec
    if not isinstance(out, TensorSpec) or out.dtype != dtypes.int64 or out.shape.rank != 0:
        raise ValueError(f"`{what}` must return a single tf.int64 scalar tensor, but its return type is {out}.")
    return function


class _GroupByWindowDataset(Dataset):
    """Elements grouped by `key_func`; `reduce_func(key, window)` maps each window to a dataset."""

    def __init__(self, dataset, key_func, reduce_func, window_size, window_size_func):
        if (window_size is None) == (window_size_func is None):
            raise ValueError("Either the `window_size` argument or the `window_size_func` argument must be "
                             "specified.")
        self._key = int64_scalar_function(key_func, dataset.element_spec, "group_by_window", "key_func")
        self._reduce_func = reduce_func
        if window_size is not None:
            size = _positive(window_size, "window_size")
            self._window_size = lambda key: size
        else:
            self._window_size = lambda key: _positive(window_size_func(Tensor(np.int64(key))), "window_size")
        empty = _VariantDataset(dataset.element_spec, [])
        super().__init__(self._reduce(0, empty).element_spec, (dataset,))

    def _reduce(self, key, window):
        out = self._reduce_func(Tensor(np.asarray(key, np.int64)), window)
        if not isinstance(out, Dataset):
            raise TypeError(f"`reduce_func` must return a `Dataset` object. Got {type(out)}.")
        return out

    def _cardinality(self):
        return INFINITE if self._inputs[0]._cardinality() == INFINITE else UNKNOWN

    def _iter(self):
        spec = self._inputs[0].element_spec
        groups, sizes = {}, {}
        for element in self._inputs[0]._iter():
            key = int(self._key.run_flat(element)[0])
            if key not in sizes:
                sizes[key] = self._window_size(key)
            group = groups.setdefault(key, [])
            group.append(element)
            if len(group) == sizes[key]:
                del groups[key]
                yield from self._reduce(key, _VariantDataset(spec, group))._iter()
        for key in sorted(groups):  # the unfinished windows at the end, by key, as TensorFlow flushes them
            yield from self._reduce(key, _VariantDataset(spec, groups[key]))._iter()


class Reducer:
    """How `tf.data.experimental.group_by_reducer` folds each group: `init_func(key)` gives a group's
    initial state, `reduce_func(state, element)` the next state, `finalize_func(state)` its output
    (a tuple state is spread over `finalize_func`'s arguments)."""

    def __init__(self, init_func, reduce_func, finalize_func):
        self._init_func, self._reduce_func, self._finalize_func = init_func, reduce_func, finalize_func

    init_func = property(lambda self: self._init_func)
    reduce_func = property(lambda self: self._reduce_func)
    finalize_func = property(lambda self: self._finalize_func)


class _GroupByReducerDataset(Dataset):
    """One element per key of `key_func`: the group's elements folded by a `Reducer`, in key order
    once the input ends (as TensorFlow outputs them)."""

    def __init__(self, dataset, key_func, reducer):
        from .transformations import scan_function
        spec = dataset.element_spec
        self._key = int64_scalar_function(key_func, spec, "group_by_reducer", "key_func")
        self._init = StructuredFunction(reducer.init_func, "group_by_reducer", TensorSpec([], dtypes.int64))
        self._reduce, state_spec = scan_function(reducer.reduce_func, self._init.output_spec, spec,
                                                 "group_by_reducer", scan=False)
        self._finalize = StructuredFunction(reducer.finalize_func, "group_by_reducer", state_spec)
        super().__init__(self._finalize.output_spec, (dataset,))

    def _cardinality(self):
        return INFINITE if self._inputs[0]._cardinality() == INFINITE else UNKNOWN

    def _iter(self):
        states = {}
        for element in self._inputs[0]._iter():
            key = int(self._key.run_flat(element)[0])
            state = states.get(key)
            if state is None:
                state = self._init.run_flat((np.asarray(key, np.int64),))
            states[key] = self._reduce.run_flat(state + element)
        for key in sorted(states):
            yield self._finalize.run_flat(states[key])


def bucket_by_sequence_length(dataset, element_length_func, bucket_boundaries, bucket_batch_sizes, padded_shapes,
                              padding_values, pad_to_bucket_boundary, no_padding, drop_remainder):
    """Groups elements by `element_length_func` into buckets split at `bucket_boundaries`, then
    (padded-)batches each bucket with its own size from `bucket_batch_sizes`."""
    boundaries = [int(b) for b in bucket_boundaries]
    sizes = [int(b) for b in bucket_batch_sizes]
    if len(sizes) != len(boundaries) + 1:
        raise ValueError(f"len(bucket_batch_sizes) must equal len(bucket_boundaries) + 1, got "
                         f"{len(sizes)} and {len(boundaries)}.")
    if boundaries != sorted(boundaries):
        raise ValueError(f"`bucket_boundaries` must be sorted in increasing order, got {boundaries}.")
    limits = np.asarray(boundaries, np.int64)

    def bucket_of(*element):
        length = cast(element_length_func(*element), "int64")
        return reduce_sum(cast(greater_equal(length, limits), "int64"))

    def batch_bucket(key, window):
        key = int(key)
        if no_padding:
            return window.batch(sizes[key], drop_remainder=drop_remainder)
        shapes = padded_shapes
        if pad_to_bucket_boundary:
            if key == len(boundaries):
                raise errors.InvalidArgumentError(
                    None, None, "bucket_by_sequence_length: pad_to_bucket_boundary=True needs every element "
                    f"shorter than the last boundary ({boundaries[-1]}); add a larger boundary.")
            bound = boundaries[key] - 1
            shapes = nest.map_structure(
                lambda s: TensorShape([bound if d is None else d for d in s.shape.as_list()]), window.element_spec)
        return window.padded_batch(sizes[key], shapes, padding_values, drop_remainder=drop_remainder)

    def size_of(key):
        return np.int64(sizes[int(key)])

    return dataset.group_by_window(bucket_of, batch_bucket, window_size_func=size_of)
