"""`tf.data.Dataset`: an input pipeline as a chain of datasets, each transforming the one before.

A dataset is a recipe, not data: iterating it runs the chain. Elements move through the
chain as flat tuples of arrays (see `structure.py`) and become tensors when they leave it.
Each transformation returns a new dataset whose class is named as TensorFlow names it.

>>> import neuroflow as tf
>>> ds = tf.data.Dataset.from_tensor_slices([1, 2, 3])
>>> ds
<_TensorSliceDataset element_spec=TensorSpec(shape=(), dtype=tf.int32, name=None)>
>>> ds = ds.map(lambda x: x * 10).batch(2)
>>> for batch in ds:
...     print(batch)
tf.Tensor([10 20], shape=(2,), dtype=int32)
tf.Tensor([30], shape=(1,), dtype=int32)
>>> list(ds.as_numpy_iterator())
[array([10, 20], dtype=int32), array([30], dtype=int32)]

Iterating a dataset inside `tf.function` runs the Python loop while tracing: the loop is
unrolled into the graph, one copy of the body per element (fine for a few elements; for
training loops iterate outside and call the function per batch).
"""
import numpy as np

from ..framework import errors
from ..framework.tensor import Tensor
from ..graph.tensor_spec import TensorSpec
from . import structure
from .iterator import Iterator
from .options import Options

__all__ = ["Dataset", "DatasetV2", "INFINITE", "UNKNOWN", "AUTOTUNE", "OwnedIterator", "NumpyIterator"]

INFINITE = -1   # tf.data.INFINITE_CARDINALITY
UNKNOWN = -2    # tf.data.UNKNOWN_CARDINALITY
AUTOTUNE = -1   # tf.data.AUTOTUNE


class Dataset:
    """A potentially large set of elements, produced by a pipeline of transformations.

    Build one from data (`from_tensor_slices`, `from_tensors`, `from_generator`, `range`,
    files) and chain transformations (`map`, `batch`, `shuffle`, `prefetch`, ...).
    Iterate it with `for`, `iter()`/`next()` or `as_numpy_iterator()`.
    """

    def __init__(self, element_spec, inputs=()):
        self._element_spec = element_spec
        self._inputs = tuple(inputs)

    # --- what subclasses provide ---------------------------------------------------------
    def _iter(self):
        """A generator of elements as flat tuples of arrays."""
        raise NotImplementedError

    def _cardinality(self):
        return UNKNOWN

    def _iter_dropping_errors(self, note):
        """`_iter`, for `ignore_errors`: datasets that can resume after a failed element override it
        to drop just that element (calling `note(error)`); elsewhere an error ends the iteration."""
        try:
            yield from self._iter()
        except (errors.OpError, ValueError, TypeError, ArithmeticError) as error:
            note(error)

    def _gather_plan(self):
        """For datasets whose elements are rows of arrays: `(flat arrays, index chunks factory)`.

        The factory returns an iterator of int arrays: the rows of one pass, in order, in
        chunks of any size. `batch` then gathers whole batches with one `take` per array
        instead of stacking rows one by one. None when elements are not rows of fixed arrays.
        """
        return None

    # --- inspection ------------------------------------------------------------------------
    @property
    def element_spec(self):
        """The type specification of an element (TensorSpecs nested like the elements)."""
        return self._element_spec

    def cardinality(self):
        """The number of elements as an int64 scalar tensor: INFINITE (-1) or UNKNOWN (-2) if not known.

        >>> import neuroflow as tf
        >>> int(tf.data.Dataset.range(5).cardinality()), int(tf.data.Dataset.range(5).repeat().cardinality())
        (5, -1)
        """
        return Tensor(np.asarray(self._cardinality(), np.int64))

    def __len__(self):
        n = self._cardinality()
        if n == INFINITE:
            raise TypeError("The dataset is infinite.")
        if n == UNKNOWN:
            raise TypeError("The dataset length is unknown.")
        return n

    def __bool__(self):
        return True

    def __repr__(self):
        return f"<{getattr(self, '_tf_name', type(self).__name__)} element_spec={self.element_spec!r}>"

    def options(self):
        """The `tf.data.Options` in effect for this dataset."""
        for ds in self._inputs:
            return ds.options()
        return Options()

    # --- iteration -------------------------------------------------------------------------
    def __iter__(self):
        return OwnedIterator(self)

    def as_numpy_iterator(self):
        """An iterator over the elements as NumPy values (scalars as NumPy scalars).

        >>> import neuroflow as tf
        >>> list(tf.data.Dataset.from_tensor_slices({"a": [1, 2]}).as_numpy_iterator())
        [{'a': np.int32(1)}, {'a': np.int32(2)}]
        """
        for spec in structure.flat_specs(self.element_spec):
            if not isinstance(spec, (TensorSpec, structure.DatasetSpec, structure.RaggedTensorSpec,
                                     structure.SparseTensorSpec)):
                raise TypeError(f"Dataset.as_numpy_iterator() is not supported for datasets that produce "
                                f"values of type {type(spec).__name__}.")
        return NumpyIterator(self)

    def reduce(self, initial_state, reduce_func):
        """Folds the elements: `state = reduce_func(state, element)`, starting from `initial_state`.

        >>> import neuroflow as tf
        >>> tf.data.Dataset.range(5).reduce(tf.constant(0, tf.int64), lambda s, x: s + x).numpy()
        np.int64(10)
        """
        from .transformations import scan_function
        state_spec, state = structure.from_value(initial_state)
        function, state_spec = scan_function(reduce_func, state_spec, self.element_spec, "reduce", scan=False)
        for element in self._iter():
            state = function.run_flat(state + element)
        return structure.pack(state_spec, state)

    def get_single_element(self):
        """The one element of a dataset with exactly one element (InvalidArgumentError otherwise)."""
        iterator = self._iter()
        try:
            element = next(iterator, None)
            if element is None:
                raise errors.InvalidArgumentError(None, None, "Dataset was empty.")
            if next(iterator, None) is not None:
                raise errors.InvalidArgumentError(None, None, "Dataset had more than one element.")
        finally:
            iterator.close()
        return structure.pack(self.element_spec, element)

    # --- sources ---------------------------------------------------------------------------
    @staticmethod
    def from_tensor_slices(tensors, name=None):
        """A dataset of the slices of `tensors` along their first dimension."""
        from .sources import _TensorSliceDataset
        return _TensorSliceDataset(tensors)

    @staticmethod
    def from_tensors(tensors, name=None):
        """A dataset with `tensors` as its single element."""
        from .sources import _TensorDataset
        return _TensorDataset(tensors)

    @staticmethod
    def from_generator(generator, output_types=None, output_shapes=None, args=None, output_signature=None,
                       name=None):
        """A dataset of the elements a Python generator yields, checked against `output_signature`.

        Args:
            generator: a callable returning an iterator (called once per iteration of the dataset).
            output_signature: TensorSpecs nested like the elements.
            output_types, output_shapes: the older way of giving the signature.
            args: arguments passed to `generator` (as NumPy values).
        """
        from .sources import _GeneratorDataset
        return _GeneratorDataset(generator, output_types, output_shapes, args, output_signature)

    @staticmethod
    def range(*args, output_type=None, name=None):
        """`range(stop)`, `range(start, stop[, step])` as an int64 dataset (like Python's range)."""
        from .sources import _RangeDataset
        return _RangeDataset(*args, output_type=output_type)

    @staticmethod
    def counter(start=0, step=1, dtype="int64", name=None):
        """`start, start + step, start + 2 * step, ...` without end, as scalars of `dtype`.

        >>> import neuroflow as tf
        >>> [int(x) for x in tf.data.Dataset.counter(start=10, step=-2).take(3)]
        [10, 8, 6]
        """
        from .sources import _CounterDataset
        return _CounterDataset(start, step, dtype)

    @staticmethod
    def random(seed=None, rerandomize_each_iteration=None, name=None):
        """Uniformly distributed int64 values in [0, 2**32), without end.

        With a `seed` the sequence is reproducible; each iteration repeats it unless
        `rerandomize_each_iteration=True`, which draws a different (seed-determined) one each time.

        >>> import neuroflow as tf
        >>> ds = tf.data.Dataset.random(seed=4).take(3)
        >>> list(ds.as_numpy_iterator()) == list(ds.as_numpy_iterator())
        True
        """
        from .sources import _RandomDataset
        return _RandomDataset(seed, rerandomize_each_iteration)

    @staticmethod
    def zip(*args, datasets=None, name=None):
        """Elements of several datasets together, as tuples (or the nesting given), until one ends."""
        from .sources import _ZipDataset
        if datasets is not None and args:
            raise TypeError("Both `*args` and `datasets` cannot be set.")
        if datasets is None:
            if not args:
                raise TypeError("Must pass at least one dataset to `zip`.")
            datasets = args[0] if len(args) == 1 else args
        return _ZipDataset(datasets)

    @staticmethod
    def list_files(file_pattern, shuffle=None, seed=None, name=None):
        """A dataset of the file names matching `file_pattern` (a glob or a list of globs), shuffled by default."""
        from .sources import list_files
        return list_files(file_pattern, shuffle, seed)

    @staticmethod
    def sample_from_datasets(datasets, weights=None, seed=None, stop_on_empty_dataset=False,
                             rerandomize_each_iteration=None):
        """Elements drawn at random from `datasets` with probabilities `weights` (uniform by default)."""
        from .sources import _DirectedInterleaveDataset
        return _DirectedInterleaveDataset.sample(datasets, weights, seed, stop_on_empty_dataset)

    @staticmethod
    def choose_from_datasets(datasets, choice_dataset, stop_on_empty_dataset=True):
        """Elements of `datasets[i]` for each `i` of the int64 `choice_dataset`, in order."""
        from .sources import _DirectedInterleaveDataset
        return _DirectedInterleaveDataset.choose(datasets, choice_dataset, stop_on_empty_dataset)

    # --- transformations ---------------------------------------------------------------------
    def map(self, map_func, num_parallel_calls=None, deterministic=None, name=None):
        """Applies `map_func` to each element (traced once, as by tf.function).

        Args:
            map_func: called with the element's components as arguments (a tuple is spread).
            num_parallel_calls: elements processed at once by a pool of threads
                (`tf.data.AUTOTUNE` picks the number of CPUs); None runs in order, inline.
            deterministic: False lets elements come out in the order they finish.
        """
        from .parallel import _MapDataset, _ParallelMapDataset
        if num_parallel_calls is None:
            return _MapDataset(self, map_func)
        return _ParallelMapDataset(self, map_func, num_parallel_calls, deterministic)

    def filter(self, predicate, name=None):
        """Keeps the elements for which `predicate` returns a true scalar bool tensor."""
        from .transformations import _FilterDataset
        return _FilterDataset(self, predicate)

    def flat_map(self, map_func, name=None):
        """Maps each element to a dataset and flattens them, in order."""
        from .parallel import _FlatMapDataset
        return _FlatMapDataset(self, map_func)

    def interleave(self, map_func, cycle_length=None, block_length=None, num_parallel_calls=None,
                   deterministic=None, name=None):
        """Maps elements to datasets and takes `block_length` elements from `cycle_length` of them in turn."""
        from .parallel import _InterleaveDataset, _ParallelInterleaveDataset
        kind = _InterleaveDataset if num_parallel_calls is None else _ParallelInterleaveDataset
        return kind(self, map_func, cycle_length, block_length, num_parallel_calls, deterministic)

    def batch(self, batch_size, drop_remainder=False, num_parallel_calls=None, deterministic=None, name=None):
        """Stacks `batch_size` consecutive elements; `drop_remainder` drops a short last batch.

        Rows of arrays (e.g. after `from_tensor_slices`, `shuffle`, `repeat`) are gathered with
        one copy per component and batch; `num_parallel_calls` and `deterministic` are accepted
        for compatibility.
        """
        from .batching import _BatchDataset
        return _BatchDataset(self, batch_size, drop_remainder)

    def padded_batch(self, batch_size, padded_shapes=None, padding_values=None, drop_remainder=False, name=None):
        """Batches elements of different shapes, padding each to `padded_shapes` (default: the longest)."""
        from .batching import _PaddedBatchDataset
        return _PaddedBatchDataset(self, batch_size, padded_shapes, padding_values, drop_remainder)

    def ragged_batch(self, batch_size, drop_remainder=False, row_splits_dtype=None, name=None):
        """Batches elements of different lengths into RaggedTensors (dense batches when shapes agree)."""
        from .batching import ragged_batch
        return ragged_batch(self, batch_size, drop_remainder)

    def sparse_batch(self, batch_size, row_shape, name=None):
        """Batches elements of different shapes (up to `row_shape`) into `tf.SparseTensor`s of dense
        shape `[batch, *row_shape]`; a None or -1 dimension is the batch's largest.

        >>> import neuroflow as tf
        >>> ds = tf.data.Dataset.from_generator(lambda: iter([[1, 0], [2, 3, 4]]),
        ...                                     output_signature=tf.TensorSpec([None], tf.int32))
        >>> batch = next(iter(ds.sparse_batch(2, [4])))
        >>> batch.indices.numpy().tolist(), batch.values.numpy().tolist(), batch.dense_shape.numpy().tolist()
        ([[0, 0], [0, 1], [1, 0], [1, 1], [1, 2]], [1, 0, 2, 3, 4], [2, 4])
        """
        from .batching import _DenseToSparseBatchDataset
        return _DenseToSparseBatchDataset(self, batch_size, row_shape)

    def unbatch(self, name=None):
        """Splits each element along its first dimension into that many elements."""
        from .batching import _UnbatchDataset
        return _UnbatchDataset(self)

    def rebatch(self, batch_size, drop_remainder=False, name=None):
        """Re-cuts already batched elements into batches of `batch_size`."""
        from .batching import _RebatchDataset
        return _RebatchDataset(self, batch_size, drop_remainder)

    def shuffle(self, buffer_size, seed=None, reshuffle_each_iteration=True, name=None):
        """Shuffles with a buffer of `buffer_size` elements (a full shuffle needs the dataset's size)."""
        from .shuffle import _ShuffleDataset
        return _ShuffleDataset(self, buffer_size, seed, reshuffle_each_iteration)

    def repeat(self, count=None, name=None):
        """Repeats the dataset `count` times (forever when None or -1)."""
        from .transformations import _RepeatDataset
        return _RepeatDataset(self, count)

    def take(self, count, name=None):
        """The first `count` elements (all when -1)."""
        from .transformations import _TakeDataset
        return _TakeDataset(self, count)

    def skip(self, count, name=None):
        """All but the first `count` elements (skips all when -1)."""
        from .transformations import _SkipDataset
        return _SkipDataset(self, count)

    def shard(self, num_shards, index, name=None):
        """Every `num_shards`-th element, starting at `index`."""
        from .transformations import _ShardDataset
        return _ShardDataset(self, num_shards, index)

    def enumerate(self, start=0, name=None):
        """Pairs `(i, element)` with an int64 counter `i` from `start`."""
        return Dataset.zip((Dataset.range(start, np.iinfo(np.int64).max), self))

    def concatenate(self, dataset, name=None):
        """The elements of this dataset followed by those of `dataset`."""
        from .sources import _ConcatenateDataset
        return _ConcatenateDataset(self, dataset)

    def window(self, size, shift=None, stride=1, drop_remainder=False, name=None):
        """Windows of `size` elements, each a dataset, starting every `shift` elements."""
        from .grouping import _WindowDataset
        return _WindowDataset(self, size, shift, stride, drop_remainder)

    def scan(self, initial_state, scan_func, name=None):
        """A running state: `scan_func(state, element) -> (new_state, output)` per element."""
        from .transformations import _ScanDataset
        return _ScanDataset(self, initial_state, scan_func)

    def group_by_window(self, key_func, reduce_func, window_size=None, window_size_func=None, name=None):
        """Groups elements by the int64 `key_func(element)`; each full window goes to `reduce_func`."""
        from .grouping import _GroupByWindowDataset
        return _GroupByWindowDataset(self, key_func, reduce_func, window_size, window_size_func)

    def bucket_by_sequence_length(self, element_length_func, bucket_boundaries, bucket_batch_sizes,
                                  padded_shapes=None, padding_values=None, pad_to_bucket_boundary=False,
                                  no_padding=False, drop_remainder=False, name=None):
        """Padded batches of elements of similar length (buckets split at `bucket_boundaries`)."""
        from .grouping import bucket_by_sequence_length
        return bucket_by_sequence_length(self, element_length_func, bucket_boundaries, bucket_batch_sizes,
                                         padded_shapes, padding_values, pad_to_bucket_boundary, no_padding,
                                         drop_remainder)

    def cache(self, filename="", name=None):
        """Keeps the elements after the first full pass: in memory, or in files `filename*`."""
        from .cache import CacheDataset
        return CacheDataset(self, filename)

    def snapshot(self, path, compression="AUTO", reader_func=None, shard_func=None, name=None):
        """Saves the elements under `path` on the first full pass and reads them back afterwards."""
        from .cache import _SnapshotDataset
        return _SnapshotDataset(self, path)

    def save(self, path, compression=None, shard_func=None, checkpoint_args=None):
        """Writes the elements to the folder `path`, atomically; `Dataset.load(path)` reads them back.

        Args:
            path: the folder (replaced if it exists).
            compression: None or "GZIP".
            shard_func: element -> int64 scalar, the file (shard) it goes to; one shard by default.
            checkpoint_args: not supported.
        """
        from .save_load import save
        save(self, path, compression, shard_func, checkpoint_args)

    @staticmethod
    def load(path, element_spec=None, compression=None, reader_func=None, wait=False):
        """The dataset `Dataset.save` wrote to the folder `path`.

        Args:
            path: the folder.
            element_spec: checked against the saved spec (read from the folder when None).
            compression: accepted for compatibility (the folder records its own).
            reader_func: maps the dataset of the shards' datasets to the dataset to read
                (default: the shards interleaved one element at a time).
            wait: accepted for compatibility (a saved folder is always complete).
        """
        from .save_load import load
        return load(path, element_spec, compression, reader_func, wait)

    def prefetch(self, buffer_size, name=None):
        """Produces up to `buffer_size` elements ahead in a background thread."""
        from .prefetch import _PrefetchDataset
        return _PrefetchDataset(self, buffer_size)

    def apply(self, transformation_func):
        """`transformation_func(self)`: chains a function of datasets (e.g. from tf.data.experimental)."""
        dataset = transformation_func(self)
        if not isinstance(dataset, Dataset):
            raise TypeError(f"`transformation_func` must return a Dataset. Got {dataset!r}.")
        return dataset

    def take_while(self, predicate, name=None):
        """Elements up to (not including) the first for which `predicate` is false."""
        from .transformations import _TakeWhileDataset
        return _TakeWhileDataset(self, predicate)

    def unique(self, name=None):
        """Each distinct element once, in order of first appearance (scalar int or string elements)."""
        from .transformations import _UniqueDataset
        return _UniqueDataset(self)

    def ignore_errors(self, log_warning=False, name=None):
        """Drops elements whose computation raised an error."""
        from .transformations import _IgnoreErrorsDataset
        return _IgnoreErrorsDataset(self, log_warning)

    def with_options(self, options, name=None):
        """The same dataset with `options` (a `tf.data.Options`) set."""
        from .transformations import _OptionsDataset
        return _OptionsDataset(self, options)


DatasetV2 = Dataset


class OwnedIterator(Iterator):
    """The iterator `iter(dataset)` returns; `next()` gives the elements as tensors.

    Its threads (from `prefetch` or parallel `map`/`interleave`) stop when it is closed,
    exhausted, or garbage collected (e.g. after `break` out of a `for` loop).
    """

    def __init__(self, dataset):
        self._spec = dataset.element_spec
        self._source = dataset._iter()

    @property
    def element_spec(self):
        """The spec of an element (nested `tf.TypeSpec`s)."""
        return self._spec

    def __next__(self):
        return structure.pack(self._spec, next(self._source))

    def get_next(self):
        """The next element (OutOfRangeError at the end)."""
        try:
            return self.__next__()
        except StopIteration:
            raise errors.OutOfRangeError(None, None, "End of sequence") from None

    def close(self):
        """Stops the pipeline's threads now."""
        self._source.close()

    def __del__(self):
        source = getattr(self, "_source", None)
        if source is not None:
            source.close()


class NumpyIterator(OwnedIterator):
    """`as_numpy_iterator()`: elements as NumPy values."""

    def __next__(self):
        return structure.to_numpy(self._spec, next(self._source))

    def __repr__(self):
        return f"NumpyIterator(iterator={self._source!r})"
