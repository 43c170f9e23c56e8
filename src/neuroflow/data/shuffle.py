"""`Dataset.shuffle`: TensorFlow's buffer shuffle.

The buffer holds `buffer_size` elements; each output is a uniformly chosen one of them,
replaced by the next input. A buffer at least as large as the dataset shuffles it fully;
a small one only mixes nearby elements. With a `seed` (or a global seed) the order is
reproducible; `reshuffle_each_iteration` draws a new order on each pass.

>>> import neuroflow as tf
>>> ds = tf.data.Dataset.range(6).shuffle(6, seed=3)
>>> first = list(ds.as_numpy_iterator())
>>> sorted(first) == list(range(6)), first == list(tf.data.Dataset.range(6).shuffle(6, seed=3).as_numpy_iterator())
(True, True)
"""
import itertools

from ..framework import errors
from .dataset import Dataset
from .seeds import dataset_entropy, rng_for

__all__ = ["_ShuffleDataset", "buffer_shuffle"]


def buffer_shuffle(items, buffer_size, rng):
    """The items of the iterator `items` in buffer-shuffled order."""
    buffer = list(itertools.islice(items, buffer_size))
    randoms, k = rng.random(1024).tolist(), 0
    for item in items:
        if k == 1024:
            randoms, k = rng.random(1024).tolist(), 0
        i = int(randoms[k] * len(buffer))
        k += 1
        yield buffer[i]
        buffer[i] = item
    rng.shuffle(buffer)
    yield from buffer


def _permuted(items, rng):
    items = list(items)
    for i in rng.permutation(len(items)).tolist():
        yield items[i]


class _ShuffleDataset(Dataset):
    def __init__(self, dataset, buffer_size, seed, reshuffle_each_iteration):
        buffer_size = int(buffer_size.numpy() if hasattr(buffer_size, "numpy") else buffer_size)
        if buffer_size < 1 and buffer_size != -1:
            raise errors.InvalidArgumentError(None, None, f"buffer_size must be greater than zero, got {buffer_size}.")
        self._buffer_size = buffer_size
        self._entropy = dataset_entropy(seed)
        self._reshuffle = True if reshuffle_each_iteration is None else bool(reshuffle_each_iteration)
        self._epoch = itertools.count()
        super().__init__(dataset.element_spec, (dataset,))

    def _cardinality(self):
        return self._inputs[0]._cardinality()

    def _rng(self):
        epoch = next(self._epoch)
        return rng_for(self._entropy, epoch if self._reshuffle else 0)

    def _size(self):
        n = self._inputs[0]._cardinality()
        return n if self._buffer_size == -1 else self._buffer_size

    def _gather_plan(self):
        plan = self._inputs[0]._gather_plan()
        if plan is None:
            return None
        arrays, indices = plan
        n = self._inputs[0]._cardinality()

        def shuffled():
            rng = self._rng()
            if 0 <= n <= self._size():
                return _permuted(indices(), rng)
            return buffer_shuffle(indices(), self._size(), rng)
        return arrays, shuffled

    def _iter(self):
        size, n = self._size(), self._inputs[0]._cardinality()
        if size < 0:
            raise errors.InvalidArgumentError(None, None, "shuffle: buffer_size=AUTOTUNE (-1) needs a dataset of "
                                              "known size; pass a number.")
        if 0 <= n <= size:  # the buffer holds everything: a uniform permutation, as in the gather path
            return _permuted(self._inputs[0]._iter(), self._rng())
        return buffer_shuffle(self._inputs[0]._iter(), size, self._rng())
