"""`PyDataset`: a dataset as a Python object that returns whole batches by index.

>>> import numpy as np
>>> from neuroflow.keras.utils import PyDataset
>>> class Squares(PyDataset):
...     def __len__(self):
...         return 3
...     def __getitem__(self, index):
...         x = np.full((2, 1), float(index), "float32")
...         return x, x ** 2
>>> data = Squares()
>>> len(data), data[2][1].ravel().tolist()
(3, [4.0, 4.0])
"""

__all__ = ["PyDataset", "Sequence"]


class PyDataset:
    """Base class for datasets that return batches: override `__len__` and `__getitem__`.

    `__getitem__(index)` returns the batch `index` as `(x, y)`, `(x, y, sample_weight)` or `x`;
    `__len__` is the number of batches per epoch. `fit` calls `on_epoch_end()` after each epoch.

    Args:
        workers, use_multiprocessing, max_queue_size: accepted for Keras compatibility;
            batches are produced in the calling thread.
    """

    def __init__(self, workers=1, use_multiprocessing=False, max_queue_size=10):
        self._workers = workers
        self._use_multiprocessing = use_multiprocessing
        self._max_queue_size = max_queue_size

    @property
    def workers(self):
        return getattr(self, "_workers", 1)

    @property
    def use_multiprocessing(self):
        return getattr(self, "_use_multiprocessing", False)

    @property
    def max_queue_size(self):
        return getattr(self, "_max_queue_size", 10)

    def __getitem__(self, index):
        raise NotImplementedError(f"{type(self).__name__} must implement __getitem__(index) returning a batch.")

    def __len__(self):
        raise NotImplementedError(f"{type(self).__name__} must implement __len__() (batches per epoch).")

    @property
    def num_batches(self):
        """Batches per epoch (`len(self)`), or None when the dataset has no length."""
        try:
            return len(self)
        except NotImplementedError:
            return None

    def on_epoch_end(self):
        """Called after every epoch; override to reshuffle or regenerate data."""


Sequence = PyDataset  # Keras 2's name
