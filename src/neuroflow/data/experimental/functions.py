"""The functions of `tf.data.experimental`: transformations for `Dataset.apply`, and older spellings."""
from ..dataset import Dataset

__all__ = ["assert_cardinality", "cardinality", "choose_from_datasets", "ignore_errors", "sample_from_datasets",
           "Counter", "from_list", "get_next_as_optional", "get_structure", "bucket_by_sequence_length", "dense_to_ragged_batch",
           "group_by_window", "parallel_interleave",
           "prefetch_to_device", "copy_to_device", "scan", "shuffle_and_repeat",
           "take_while", "unbatch", "unique", "enumerate_dataset", "map_and_batch", "save", "load", "get_single_element", "snapshot", "RandomDataset", "at", "pad_to_cardinality", "TFRecordWriter",
           "group_by_reducer", "dense_to_sparse_batch"]


def cardinality(dataset):
    """`dataset.cardinality()`: the number of elements, or INFINITE_CARDINALITY / UNKNOWN_CARDINALITY."""
    return dataset.cardinality()


def assert_cardinality(expected_cardinality):
    """For `apply`: declares the number of elements (FailedPreconditionError if the data disagrees)."""
    def apply(dataset):
        from ..transformations import _AssertCardinalityDataset
        return _AssertCardinalityDataset(dataset, expected_cardinality)
    return apply


def ignore_errors(log_warning=False):
    """For `apply`: drops elements whose computation raised an error."""
    return lambda dataset: dataset.ignore_errors(log_warning)


def sample_from_datasets(datasets, weights=None, seed=None, stop_on_empty_dataset=False):
    """`tf.data.Dataset.sample_from_datasets` under its older name."""
    return Dataset.sample_from_datasets(datasets, weights, seed, stop_on_empty_dataset)


def choose_from_datasets(datasets, choice_dataset, stop_on_empty_dataset=True):
    """`tf.data.Dataset.choose_from_datasets` under its older name."""
    return Dataset.choose_from_datasets(datasets, choice_dataset, stop_on_empty_dataset)


def Counter(start=0, step=1, dtype="int64", name=None):  # noqa: N802 - TensorFlow's name
    """`tf.data.Dataset.counter` under its older name: `start, start + step, ...` without end.

    >>> import neuroflow as tf
    >>> [int(x) for x in tf.data.experimental.Counter(start=2, step=5).take(3)]
    [2, 7, 12]
    """
    return Dataset.counter(start, step, dtype)


def from_list(elements, name=None):
    """A dataset of the items of the list `elements`, one by one (unlike `from_tensor_slices`, an
    element may be a tuple or dict, and the elements' shapes may differ).

    >>> import neuroflow as tf
    >>> ds = tf.data.experimental.from_list([[1], [2, 3]])
    >>> ds.element_spec
    TensorSpec(shape=(None,), dtype=tf.int32, name=None)
    >>> [x.tolist() for x in ds.as_numpy_iterator()]
    [[1], [2, 3]]
    """
    from ..sources import _ListDataset
    return _ListDataset(elements)


def get_structure(dataset_or_iterator):
    """The element spec (nested `tf.TypeSpec`s) of a `tf.data.Dataset` or `tf.data.Iterator`.

    >>> import neuroflow as tf
    >>> tf.data.experimental.get_structure(iter(tf.data.Dataset.range(3)))
    TensorSpec(shape=(), dtype=tf.int64, name=None)
    """
    from ..iterator import Iterator
    if isinstance(dataset_or_iterator, (Dataset, Iterator)):
        return dataset_or_iterator.element_spec
    raise TypeError(f"Invalid `dataset_or_iterator`. `dataset_or_iterator` must be a `tf.data.Dataset` or "
                    f"tf.data.Iterator object, but got {type(dataset_or_iterator)}.")


def get_next_as_optional(iterator):
    """`iterator.get_next_as_optional()` under its older name."""
    return iterator.get_next_as_optional()


def bucket_by_sequence_length(element_length_func, bucket_boundaries, bucket_batch_sizes, padded_shapes=None,
                              padding_values=None, pad_to_bucket_boundary=False, no_padding=False,
                              drop_remainder=False):
    """For `apply`: `Dataset.bucket_by_sequence_length` with these arguments."""
    return lambda dataset: dataset.bucket_by_sequence_length(
        element_length_func, bucket_boundaries, bucket_batch_sizes, padded_shapes, padding_values,
        pad_to_bucket_boundary, no_padding, drop_remainder)


def dense_to_ragged_batch(batch_size, drop_remainder=False, row_splits_dtype="int64"):
    """For `apply`: `Dataset.ragged_batch` (batches of elements of different lengths as RaggedTensors)."""
    return lambda dataset: dataset.ragged_batch(batch_size, drop_remainder, row_splits_dtype)


def group_by_window(key_func, reduce_func, window_size=None, window_size_func=None):
    """For `apply`: `Dataset.group_by_window` with these arguments."""
    return lambda dataset: dataset.group_by_window(key_func, reduce_func, window_size, window_size_func)


def scan(initial_state, scan_func):
    """For `apply`: `Dataset.scan`."""
    return lambda dataset: dataset.scan(initial_state, scan_func)


def take_while(predicate):
    """For `apply`: `Dataset.take_while`."""
    return lambda dataset: dataset.take_while(predicate)


def unbatch():
    """For `apply`: `Dataset.unbatch`."""
    return lambda dataset: dataset.unbatch()


def unique():
    """For `apply`: `Dataset.unique`."""
    return lambda dataset: dataset.unique()


def enumerate_dataset(start=0):
    """For `apply`: `Dataset.enumerate`."""
    return lambda dataset: dataset.enumerate(start)


def shuffle_and_repeat(buffer_size, count=None, seed=None):
    """For `apply`: `shuffle(buffer_size, seed)` then `repeat(count)`, a new order each pass.

    >>> import neuroflow as tf
    >>> ds = tf.data.Dataset.range(3).apply(tf.data.experimental.shuffle_and_repeat(3, count=2, seed=1))
    >>> sorted(int(x) for x in ds)
    [0, 0, 1, 1, 2, 2]
    """
    return lambda dataset: dataset.shuffle(buffer_size, seed, reshuffle_each_iteration=True).repeat(count)


def map_and_batch(map_func, batch_size, num_parallel_batches=None, drop_remainder=False, num_parallel_calls=None):
    """For `apply`: `map(map_func, num_parallel_calls)` then `batch(batch_size, drop_remainder)`."""
    return lambda dataset: dataset.map(map_func, num_parallel_calls).batch(batch_size, drop_remainder)


def parallel_interleave(map_func, cycle_length, block_length=1, sloppy=False, buffer_output_elements=None,
                        prefetch_input_elements=None):
    """For `apply`: `Dataset.interleave` with parallel calls (out of order when `sloppy`)."""
    return lambda dataset: dataset.interleave(map_func, cycle_length, block_length, num_parallel_calls=cycle_length,
                                              deterministic=not sloppy)


def prefetch_to_device(device, buffer_size=None):
    """For `apply`: elements prefetched (`buffer_size`, default AUTOTUNE) and placed on `device`."""
    return lambda dataset: dataset.prefetch(-1 if buffer_size is None else buffer_size).apply(copy_to_device(device))


def copy_to_device(target_device, source_device="/cpu:0"):
    """For `apply`: the elements placed on `target_device` (on this machine: produced under `tf.device`)."""
    def apply(dataset):
        from ..transformations import _CopyToDeviceDataset
        return _CopyToDeviceDataset(dataset, target_device)
    return apply





def save(dataset, path, compression=None, shard_func=None, checkpoint_args=None):
    """`dataset.save(path, ...)` under its older name."""
    return dataset.save(path, compression, shard_func, checkpoint_args)


def load(path, element_spec=None, compression=None, reader_func=None):
    """`tf.data.Dataset.load(path, ...)` under its older name."""
    return Dataset.load(path, element_spec, compression, reader_func)


def dense_to_sparse_batch(batch_size, row_shape):
    """For `apply`: `Dataset.sparse_batch(batch_size, row_shape)`."""
    return lambda dataset: dataset.sparse_batch(batch_size, row_shape)


def group_by_reducer(key_func, reducer):
    """For `apply`: one element per int64 key of `key_func`, each group folded by `reducer` (a
    `tf.data.experimental.Reducer`); the outputs come in key order once the input ends.

    >>> import neuroflow as tf
    >>> reducer = tf.data.experimental.Reducer(lambda key: tf.constant(0, tf.int64), lambda s, x: s + x,
    ...                                        lambda s: s)
    >>> ds = tf.data.Dataset.range(6).apply(tf.data.experimental.group_by_reducer(lambda x: x % 2, reducer))
    >>> [int(total) for total in ds]
    [6, 9]
    """
    def apply(dataset):
        from ..grouping import _GroupByReducerDataset
        return _GroupByReducerDataset(dataset, key_func, reducer)
    return apply


def get_single_element(dataset):
    """`dataset.get_single_element()` under its older name."""
    return dataset.get_single_element()


def snapshot(path, compression="AUTO", reader_func=None, shard_func=None):
    """For `apply`: `Dataset.snapshot(path)` (the elements kept in files under `path` after one full pass)."""
    return lambda dataset: dataset.snapshot(path, compression, reader_func, shard_func)


def RandomDataset(seed=None, name=None):  # noqa: N802 - TensorFlow's (deprecated) class name
    """`tf.data.Dataset.random(seed)` under its older name."""
    return Dataset.random(seed)


def at(dataset, index):
    """The element of `dataset` at position `index` (OutOfRangeError past the end).

    >>> import neuroflow as tf
    >>> int(tf.data.experimental.at(tf.data.Dataset.range(10).map(lambda x: x * x), 3))
    9
    """
    from ...framework import errors
    index = int(index.numpy() if hasattr(index, "numpy") else index)
    if index < 0:
        raise errors.OutOfRangeError(None, "GetElementAtIndex", f"Index {index} is negative: use an index >= 0.")
    iterator = iter(dataset.skip(index).take(1))
    try:
        return iterator.get_next()
    except errors.OutOfRangeError:
        raise errors.OutOfRangeError(None, "GetElementAtIndex", f"Index {index} is out of range for a dataset "
                                     f"of {int(dataset.cardinality())} elements.") from None
    finally:
        iterator.close()


def pad_to_cardinality(cardinality, mask_key="valid"):
    """For `apply`: a dataset of dicts padded with zero elements up to `cardinality` elements; the
    key `mask_key` is True in real elements and False in the padding.

    >>> import neuroflow as tf
    >>> ds = tf.data.Dataset.from_tensor_slices({"a": [1, 2]})
    >>> [(int(e["a"]), bool(e["valid"])) for e in ds.apply(tf.data.experimental.pad_to_cardinality(3))]
    [(1, True), (2, True), (0, False)]
    """
    from ...framework import nest
    from ...ops.creation_ops import zeros

    def apply(dataset):
        count = int(dataset.cardinality())
        if count < 0:
            raise ValueError(f"The dataset passed into `pad_to_cardinality` must have a known cardinality, but has "
                             f"cardinality {count}.")
        if count > cardinality:
            raise ValueError(f"The dataset passed into `pad_to_cardinality` must have a cardinality less than the "
                             f"target cardinality ({cardinality}), but has cardinality {count}.")
        if not isinstance(dataset.element_spec, dict):
            raise ValueError("`pad_to_cardinality` requires its input dataset to be a dictionary.")
        filler = nest.map_structure(lambda spec: zeros(spec.shape, spec.dtype), dataset.element_spec)
        filler[mask_key] = False
        padding = Dataset.from_tensors(filler).repeat(cardinality - count)
        return dataset.map(lambda element: {**element, mask_key: True}).concatenate(padding)
    return apply


class TFRecordWriter:
    """Writes a dataset of scalar strings to a TFRecord file (`write(dataset)`).

    >>> import os, tempfile
    >>> import neuroflow as tf
    >>> path = os.path.join(tempfile.mkdtemp(), "lines.tfrecord")
    >>> tf.data.experimental.TFRecordWriter(path).write(tf.data.Dataset.from_tensor_slices(["a", "b"]))
    >>> list(tf.data.TFRecordDataset(path).as_numpy_iterator())
    [b'a', b'b']
    """

    def __init__(self, filename, compression_type=None, name=None):
        self._filename, self._compression = filename, compression_type

    def write(self, dataset):
        """Writes the elements of `dataset` (scalar `tf.string`) as the file's records, atomically."""
        from ...framework import dtypes
        from ...graph.tensor_spec import TensorSpec
        from ...io.tfrecord import TFRecordWriter as Writer
        if dataset.element_spec != TensorSpec([], dtypes.string):
            raise TypeError(f"tf.data.experimental.TFRecordWriter writes datasets of scalar tf.string elements, "
                            f"got element_spec {dataset.element_spec}. Serialize them first, e.g. with "
                            ".map(tf.io.serialize_tensor).")
        with Writer(self._filename, self._compression or "") as writer:
            for record in dataset.as_numpy_iterator():
                writer.write(record)
