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

import numpy as np

from ..framework import errors
from .dataset import Dataset
from .seeds import dataset_entropy, rng_for

__all__ = ["_ShuffleDataset", "buffer_shuffle"]


def buffer_shuffle(items, buffer_size, rng):
    """The items of the iterator `items` in buffer-shuffled order."""
    for chunk in shuffled_chunks(iter(lambda: list(itertools.islice(items, 512)), []), buffer_size, rng):
        yield from chunk


def shuffled_chunks(chunks, buffer_size, rng):
    """Lists of items, buffer-shuffled, from lists (or int arrays) of items."""
    buffer = []
    for chunk in chunks:
        chunk = chunk.tolist() if isinstance(chunk, np.ndarray) else chunk
        room = buffer_size - len(buffer)
        buffer.extend(chunk[:room])
        rest = chunk[room:]
        if not rest:
            continue
        for start in range(0, len(rest), 1024):  # short pieces: a pipeline thread holds the GIL briefly
            piece = rest[start:start + 1024]
            out = [None] * len(piece)
            picks = (rng.random(len(piece)) * buffer_size).astype(np.intp).tolist()
            for k, (i, item) in enumerate(zip(picks, piece)):  # output a random buffered item, refill its slot
                out[k] = buffer[i]
                buffer[i] = item
            yield out
    yield [buffer[i] for i in rng.permutation(len(buffer)).tolist()]


def _permuted(items, rng):
    """All of `items` in a uniformly random order (the buffer holds the whole pass)."""
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
        arrays, chunks = plan
        n = self._inputs[0]._cardinality()

        def shuffled():
            rng = self._rng()
            if 0 <= n <= self._size():  # the whole pass fits in the buffer
                order = np.concatenate(list(chunks()))
                return iter([order[rng.permutation(len(order))]])
            return (np.asarray(c, np.intp) for c in shuffled_chunks(chunks(), self._size(), rng))
        return arrays, shuffled

    def _iter(self):
        size, n = self._size(), self._inputs[0]._cardinality()
        if size < 0:
            raise errors.InvalidArgumentError(None, None, "shuffle: buffer_size=AUTOTUNE (-1) needs a dataset of "
                                              "known size; pass a number.")
        if 0 <= n <= size:  # the buffer holds everything: a uniform permutation, as in the gather path
            return _permuted(self._inputs[0]._iter(), self._rng())
        return buffer_shuffle(self._inputs[0]._iter(), size, self._rng())
