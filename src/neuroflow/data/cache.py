"""`cache` and `snapshot`: keep the elements of a first full pass, in memory or in a file.

The first iteration that runs to the end stores every element; later iterations read the
store instead of running the pipeline above. An iteration stopped early stores nothing.
A file cache (`cache(filename)`, `snapshot(path)`) is written atomically and reused by
later programs; it holds NumPy arrays only (read with `allow_pickle=False`).

>>> import neuroflow as tf
>>> calls = []
>>> ds = tf.data.Dataset.from_generator(lambda: (calls.append(1) or i for i in range(3)),
...                                     output_signature=tf.TensorSpec([], tf.int64)).cache()
>>> list(ds.as_numpy_iterator()) == list(ds.as_numpy_iterator()) == [0, 1, 2], len(calls)
(True, 3)
"""
import os

import numpy as np

from ..framework import dtypes, nest
from ..io.atomic import atomic_write
from .dataset import Dataset

__all__ = ["CacheDataset", "_SnapshotDataset", "write_element", "read_element"]


class CacheDataset(Dataset):
    """Elements stored on the first complete pass (memory, or the file `filename + '.cache.npy'`)."""

    def __init__(self, dataset, filename):
        filename = filename.numpy().decode() if hasattr(filename, "numpy") else os.fspath(filename)
        self._path = f"{filename}.cache.npy" if filename else None
        self._memory = None
        self._specs = nest.flatten(dataset.element_spec)
        super().__init__(dataset.element_spec, (dataset,))

    def _cardinality(self):
        return self._inputs[0]._cardinality()

    def _iter(self):
        if self._memory is not None:
            yield from self._memory
        elif self._path is not None and os.path.exists(self._path):
            yield from self._read()
        else:
            yield from self._fill()

    def _fill(self):
        elements = []
        for element in self._inputs[0]._iter():
            elements.append(element)
            yield element
        if self._path is None:
            self._memory = elements
        else:
            self._write(elements)

    def _write(self, elements):
        directory = os.path.dirname(os.path.abspath(self._path))
        os.makedirs(directory, exist_ok=True)
        with atomic_write(self._path, "wb") as f:
            np.save(f, np.asarray(len(elements), np.int64), allow_pickle=False)
            for element in elements:
                write_element(f, element, self._specs)

    def _read(self):
        with open(self._path, "rb") as f:
            count = int(np.load(f, allow_pickle=False))
            for _ in range(count):
                yield read_element(f, self._specs)


def write_element(f, element, specs):
    """Writes one element (flat arrays of `specs`) to the binary file `f` as `.npy` records."""
    for array, spec in zip(element, specs):
        if spec.dtype == dtypes.string:
            array = np.asarray(array.tolist() if array.ndim else array[()], dtype=np.bytes_)
        np.save(f, array, allow_pickle=False)


def read_element(f, specs):
    """Reads one element written by `write_element` (NumPy arrays only, never pickles)."""
    element = []
    for spec in specs:
        array = np.load(f, allow_pickle=False)
        if spec.dtype == dtypes.string:
            array = np.asarray(array.astype(object))
        element.append(array)
    return tuple(element)


class _SnapshotDataset(CacheDataset):
    """`snapshot(path)`: a file cache in the folder `path`."""

    def __init__(self, dataset, path):
        path = os.fspath(path)
        super().__init__(dataset, os.path.join(path, "snapshot"))
