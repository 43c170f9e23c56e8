"""From what users pass to `fit` to batches of tensors.

Accepted inputs: NumPy arrays, tensors, Python lists (as Keras 2 accepted them), lists or
tuples of arrays and dicts of arrays (several inputs or outputs), Python generators and
other iterables (e.g. `tf.data.Dataset`) yielding batches, and `keras.utils.PyDataset`.

Arrays are checked and converted once per call (floats to `floatx`); each batch is then a
slice (or, when shuffling, a `take`) of them wrapped in tensors, so the per-batch cost is
small. A batch is `x`, `(x,)`, `(x, y)` or `(x, y, sample_weight)`, as in Keras.

>>> import numpy as np
>>> from neuroflow.keras.trainers.data_adapter import EpochIterator
>>> batches = EpochIterator(x=[1, 2, 3, 4, 10], y=[1, 4, 6, 8, 20], batch_size=2)
>>> batches.num_batches
3
>>> [(step, tuple(t.shape for t in batch)) for step, batch in batches]
[(0, (TensorShape([2]), TensorShape([2]))), (1, (TensorShape([2]), TensorShape([2]))), (2, (TensorShape([1]), TensorShape([1])))]
"""
import itertools
import math
import warnings

import numpy as np

from ... import backend
from ...framework import nest
from ...framework.convert import is_tensor_like
from ...framework.tensor import Tensor
from ..backend.config import floatx
from ..utils.py_dataset import PyDataset, iterate_batches

__all__ = ["EpochIterator", "unpack_x_y_sample_weight", "pack_x_y_sample_weight", "standardize",
           "train_validation_split", "is_array_data", "single_batch", "class_sample_weights"]


def unpack_x_y_sample_weight(data):
    """`(x, y, sample_weight)` from a batch given as `x`, `(x,)`, `(x, y)` or `(x, y, sample_weight)`."""
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return data, None, None
    if len(data) == 1:
        return data[0], None, None
    if len(data) == 2:
        return data[0], data[1], None
    if len(data) == 3:
        return data
    raise ValueError("Data is expected to be in format `x`, `(x,)`, `(x, y)`, or `(x, y, sample_weight)`, "
                     f"found a tuple of {len(data)} elements: {data!r}")


def pack_x_y_sample_weight(x, y=None, sample_weight=None):
    """The batch tuple for `x`, `y`, `sample_weight`, dropping the parts that are None."""
    if y is None:
        return (x,) if isinstance(x, (list, tuple)) else x
    return (x, y) if sample_weight is None else (x, y, sample_weight)


# --- arrays --------------------------------------------------------------------------------
def _is_leaf_array(value):
    return isinstance(value, np.ndarray) or is_tensor_like(value) or hasattr(value, "__array__")


def _holds_arrays(sequence):
    """A list of arrays (several inputs) rather than a Python list of numbers (one array)."""
    return any(_is_leaf_array(v) or isinstance(v, dict) for v in sequence)


def _array(value, is_input):
    """One leaf of x / y / sample_weight as a C-contiguous NumPy array ready to be sliced."""
    from_python = isinstance(value, (list, tuple, int, float, bool))
    array = np.asarray(value)
    kind = array.dtype.kind
    if kind == "f" and array.dtype != floatx():
        array = array.astype(floatx())
    elif from_python and kind in "iub":
        # Keras 2 fed Python lists through the model's float inputs; labels stay integers.
        array = array.astype(floatx() if is_input else "int32")
    if array.ndim == 0:
        raise ValueError(f"Expected arrays with a batch dimension, received a scalar: {value!r}. "
                         "Pass one value per sample, e.g. a list or an array of shape (num_samples, ...).")
    return np.ascontiguousarray(array)


def _convert(data, is_input, keep_tensors=False):
    """`data` (a leaf, list/tuple or dict of leaves) with its leaves as arrays for batching."""
    if data is None or (keep_tensors and is_tensor_like(data)):
        return data
    if isinstance(data, dict):
        return {k: _convert(v, is_input, keep_tensors) for k, v in data.items()}
    if isinstance(data, (list, tuple)) and _holds_arrays(data):
        return type(data)(_convert(v, is_input, keep_tensors) for v in data)
    return _array(data, is_input)


def is_array_data(x):
    """True when `x` is array-like data (arrays, tensors, lists, dicts) rather than batches."""
    if isinstance(x, dict):
        return True
    if isinstance(x, (list, tuple)):
        return True
    return _is_leaf_array(x) and not isinstance(x, PyDataset)


def _check_values(name, array):
    kind = array.dtype.kind
    # One pass screens for NaN: the max of real values is NaN only when one is (a sum of complex ones).
    if array.size and (kind == "f" and np.isnan(array.max()) or kind == "c" and np.isnan(array.sum())):
        bad = np.flatnonzero(np.isnan(array).reshape(len(array), -1).any(axis=1))
        if bad.size:
            raise ValueError(
                f"`{name}` contains NaN values ({bad.size} of {len(array)} samples, the first at index "
                f"{bad[0]}). A model cannot learn from NaN: drop or impute those samples first, "
                f"e.g. with np.nan_to_num({name}) or {name}[~np.isnan({name}).any(axis=1)].")


def standardize(x, y=None, sample_weight=None, check_values=True):
    """`x`, `y`, `sample_weight` as nested NumPy arrays, checked for size and (optionally) NaN."""
    if x is None:
        raise ValueError("Expected `x` (the input data) but received x=None. Pass a NumPy array, a list, "
                         "a dict of arrays, a generator or a keras.utils.PyDataset.")
    parts = {"x": _convert(x, True), "y": _convert(y, False), "sample_weight": _convert(sample_weight, False)}
    sizes = {}
    for name, part in parts.items():
        for array in nest.flatten(part) if part is not None else ():
            sizes.setdefault(name, set()).add(len(array))
            if check_values:
                _check_values(name, array)
    counts = {n for s in sizes.values() for n in s}
    if len(counts) > 1:
        detail = "\n".join(f"'{name}' sizes: {', '.join(map(str, sorted(s)))}" for name, s in sizes.items())
        raise ValueError("Data cardinality is ambiguous. Make sure all arrays contain the same number of "
                         f"samples (the first dimension):\n{detail}")
    if counts == {0}:
        raise ValueError("Expected input data to be non-empty: `x` has 0 samples. Check how the data was "
                         "loaded or filtered.")
    return parts["x"], parts["y"], parts["sample_weight"]


def train_validation_split(arrays, validation_split):
    """Splits standardized `(x, y, sample_weight)` into the first and the last `validation_split` part."""
    if not 0 < validation_split < 1:
        raise ValueError(f"`validation_split` must be between 0 and 1. Received: {validation_split}")
    count = len(nest.flatten(arrays[0])[0])
    split_at = int(math.floor(count * (1.0 - validation_split)))
    if split_at == 0 or split_at == count:
        raise ValueError(
            f"Training data contains {count} samples, which is not sufficient to split it into a validation "
            f"and training set as specified by `validation_split={validation_split}`. Either provide more "
            "data, or a different value for the `validation_split` argument.")

    def part(selection):
        return tuple(None if a is None else nest.map_structure(lambda v: v[selection], a) for a in arrays)
    return part(slice(None, split_at)), part(slice(split_at, None))


def class_sample_weights(y, class_weight):
    """Per-sample weights `class_weight[class of sample]` (1 for classes not listed)."""
    y = np.asarray(y)
    classes = y.argmax(axis=-1) if y.ndim > 1 and y.shape[-1] > 1 else y.reshape(len(y), -1)[:, 0]
    classes = classes.astype("int64")
    largest = max(int(classes.max(initial=0)), max(class_weight, default=0))
    table = np.ones(largest + 1, dtype=floatx())
    for label, weight in class_weight.items():
        table[int(label)] = weight
    return table[classes]


def _fold_class_weight(y, sample_weight, class_weight):
    """`sample_weight` multiplied by the class weights of the (standardized) labels `y`."""
    if class_weight is None:
        return sample_weight
    if y is None or len(nest.flatten(y)) != 1:
        raise ValueError("`class_weight` is only supported for Models with a single output.")
    weights = class_sample_weights(nest.flatten(y)[0], class_weight)
    if sample_weight is None:
        return weights
    return sample_weight * weights.reshape((-1,) + (1,) * (sample_weight.ndim - 1))


def single_batch(x, y=None, sample_weight=None, class_weight=None, check_values=True):
    """All of `x`/`y`/`sample_weight` as one batch of tensors (for `train_on_batch` and friends)."""
    x, y, sample_weight = standardize(x, y, sample_weight, check_values)
    sample_weight = _fold_class_weight(y, sample_weight, class_weight)
    return _tensors(pack_x_y_sample_weight(x, y, sample_weight))


def _tensor(array):
    if isinstance(array, Tensor):  # e.g. the batches of a tf.data.Dataset
        return array
    return Tensor(backend.to_device(array))


def _tensors(structure):
    return nest.map_structure(_tensor, structure)


# --- adapters: one epoch of batches ------------------------------------------------------------
def _shuffled(n, shuffle_state=None, batch_size=None):
    """`(state, order)`: a permutation of `range(n)` (with `batch_size`: of the batches, each shuffled
    inside) drawn from NumPy's global generator, and the generator state it was drawn from. Passing
    that state back redraws the same order (to resume an epoch) and leaves the generator as it was."""
    current = None
    if shuffle_state is not None:
        current = np.random.get_state()
        np.random.set_state(shuffle_state)
    state = np.random.get_state()
    if batch_size is None:
        order = np.random.permutation(n)
    else:
        order = [start + np.random.permutation(min(batch_size, n - start))
                 for start in np.random.permutation(range(0, n, batch_size))]
    if current is not None:
        np.random.set_state(current)
    return state, order


class _ArrayAdapter:
    """Slices standardized arrays into batches, reshuffling each epoch."""

    restartable = True

    def __init__(self, x, y, sample_weight, batch_size, shuffle):
        self._structure = pack_x_y_sample_weight(x, y, sample_weight)
        self._flat = nest.flatten(self._structure)
        self._single = len(self._flat) == 1 and not isinstance(self._structure, (list, tuple, dict))
        self.num_samples = len(self._flat[0])
        self.batch_size = batch_size
        self.num_batches = math.ceil(self.num_samples / batch_size)
        self.shuffle = shuffle

    def _take(self, index):
        if isinstance(index, slice):
            arrays = [a[index] for a in self._flat]
        else:
            arrays = [a.take(index, axis=0) for a in self._flat]
        tensors = [_tensor(a) for a in arrays]
        return tensors[0] if self._single else nest.pack_sequence_as(self._structure, tensors)

    def batches(self, first=0, shuffle_state=None):
        """The epoch's batches from batch `first` on, in an order drawn by `_shuffled`."""
        n, size = self.num_samples, self.batch_size
        order = None
        if self.shuffle == "batch":
            self.shuffle_state, order = _shuffled(n, shuffle_state, size)
        elif self.shuffle:
            self.shuffle_state, order = _shuffled(n, shuffle_state)
        for i, start in enumerate(range(0, n, size)):
            if i < first:
                continue
            if order is None:
                yield self._take(slice(start, start + size))
            else:
                yield self._take(order[i] if self.shuffle == "batch" else order[start:start + size])

    def on_epoch_end(self):
        pass


class _BatchesAdapter:
    """Batches produced by the user: generators, iterables such as tf.data.Dataset, PyDataset."""

    def __init__(self, source, shuffle, class_weight):
        self._source = source
        self._shuffle = shuffle
        self._class_weight = class_weight
        self._is_py_dataset = isinstance(source, PyDataset)
        self.restartable = self._is_py_dataset or iter(source) is not source
        self.num_batches = source.num_batches if self._is_py_dataset else None
        if self.num_batches is None and hasattr(source, "__len__") and not self._is_py_dataset:
            try:
                self.num_batches = len(source)
            except TypeError:
                pass

    def _items(self, shuffle_state):
        if self._is_py_dataset:
            order = range(len(self._source))
            if self._shuffle:
                self.shuffle_state, order = _shuffled(len(self._source), shuffle_state)
            return iterate_batches(self._source, [int(i) for i in order])
        return iter(self._source)

    def batches(self, first=0, shuffle_state=None):
        """The batches from batch `first` on (earlier ones are skipped); a PyDataset's order is drawn as
        `_ArrayAdapter.batches` draws it."""
        for item in itertools.islice(self._items(shuffle_state), first, None):
            x, y, sample_weight = unpack_x_y_sample_weight(item)
            if self._class_weight is not None and y is not None:
                weights = class_sample_weights(y, self._class_weight)
                sample_weight = weights if sample_weight is None else np.asarray(sample_weight) * weights
            yield _tensors(_as_batch(pack_x_y_sample_weight(x, y, sample_weight)))

    def on_epoch_end(self):
        if self._is_py_dataset:
            self._source.on_epoch_end()


def _as_batch(structure):
    """A generator's batch with its arrays and lists converted (tensors kept as they are)."""
    x, y, sample_weight = unpack_x_y_sample_weight(structure)
    return pack_x_y_sample_weight(_convert(x, True, keep_tensors=True), _convert(y, False, keep_tensors=True),
                                  _convert(sample_weight, False, keep_tensors=True))


class EpochIterator:
    """Iterates `(step, batch)` over one epoch of `x`/`y`/`sample_weight`.

    Args:
        x, y, sample_weight: the data (arrays are standardized here unless already done).
        batch_size: samples per batch for array data (default 32).
        steps_per_epoch: batches per epoch; the data then continues where the previous
            epoch stopped (restarting a finished pass), as in Keras.
        shuffle: True, False or "batch" for arrays; True shuffles a PyDataset's batch order.
        class_weight: dict mapping class index to a weight, folded into the sample weights.
        check_values: refuse NaN in array data.

    After an epoch, `ran_out` tells whether a one-shot generator was exhausted.
    """

    def __init__(self, x, y=None, sample_weight=None, batch_size=None, steps_per_epoch=None, shuffle=False,
                 class_weight=None, check_values=True):
        if steps_per_epoch is not None and (not isinstance(steps_per_epoch, int) or steps_per_epoch < 1):
            raise ValueError(f"`steps_per_epoch` must be a positive integer or None. Received: {steps_per_epoch!r}")
        if is_array_data(x):
            if batch_size is not None and (not isinstance(batch_size, int) or batch_size < 1):
                raise ValueError(f"`batch_size` must be a positive integer. Received: batch_size={batch_size!r}")
            x, y, sample_weight = standardize(x, y, sample_weight, check_values)
            sample_weight = _fold_class_weight(y, sample_weight, class_weight)
            self._adapter = _ArrayAdapter(x, y, sample_weight, batch_size or 32, shuffle)
        else:
            if y is not None or sample_weight is not None:
                kind = type(x).__name__
                raise ValueError(f"`y` and `sample_weight` are not supported when `x` is a {kind} that yields "
                                 "batches: yield `(x, y)` or `(x, y, sample_weight)` tuples instead.")
            # a tf.distribute dataset of replicas in this process: Keras trains them as one, on whole batches
            x = getattr(x, "_keras_batches", x)
            if not (hasattr(x, "__iter__") or isinstance(x, PyDataset)):
                raise ValueError(f"Unrecognized data type: x={x!r} (of type {type(x).__name__}). Pass NumPy arrays, "
                                 "lists, dicts of arrays, a generator or a keras.utils.PyDataset.")
            self._adapter = _BatchesAdapter(x, shuffle, class_weight)
        self.steps_per_epoch = steps_per_epoch
        self.num_batches = steps_per_epoch or self._adapter.num_batches
        self._iterator = None
        self._resume = None
        self.ran_out = False

    def resume(self, step, shuffle_state=None):
        """Makes the next epoch start at batch `step`, with the order drawn from `shuffle_state`
        (`shuffle_state` of the interrupted epoch); used to resume training from a backup."""
        self._resume = (step, shuffle_state)

    @property
    def shuffle_state(self):
        """The NumPy random state the current epoch's shuffle was drawn from (None if unshuffled)."""
        return getattr(self._adapter, "shuffle_state", None)

    def __iter__(self):
        self.ran_out = False
        first, shuffle_state = self._resume or (0, None)
        self._resume = None
        if self.steps_per_epoch is None:
            count = first
            for count, batch in enumerate(self._adapter.batches(first, shuffle_state), first + 1):
                yield count - 1, batch
            if count == 0:
                self._out_of_data()
            return
        for _ in range(first):  # other data: resume by skipping the batches already trained on
            self._next()
        for step in range(first, self.steps_per_epoch):
            batch = self._next()
            if batch is None:
                self._out_of_data()
                return
            yield step, batch

    def _next(self):
        for _ in range(2):  # at most one restart of a finished pass
            if self._iterator is None:
                self._iterator = iter(self._adapter.batches())
            try:
                return next(self._iterator)
            except StopIteration:
                self._iterator = None
                if not self._adapter.restartable:
                    return None
        return None

    def _out_of_data(self):
        self.ran_out = True
        warnings.warn("Your input ran out of data; interrupting training. Make sure that your dataset or "
                      "generator can generate at least `steps_per_epoch * epochs` batches. You may need to "
                      "use the `.repeat()` function when building your dataset.", stacklevel=3)

    def on_epoch_end(self):
        self._adapter.on_epoch_end()
