"""`PyDataset`: a dataset as a Python object that returns whole batches by index.

With `workers > 1` (threads) or `use_multiprocessing=True` (processes), `fit` fetches up
to `max_queue_size` batches ahead in parallel, still delivering them in order.

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

import collections
import concurrent.futures
import itertools

__all__ = ["PyDataset", "Sequence", "iterate_batches"]


class PyDataset:
    """Base class for datasets that return batches: override `__len__` and `__getitem__`.

    `__getitem__(index)` returns the batch `index` as `(x, y)`, `(x, y, sample_weight)` or `x`;
    `__len__` is the number of batches per epoch. `fit` calls `on_epoch_end()` after each epoch.

    Args:
        workers: how many threads (or processes) fetch batches; 1 fetches them in the
            training loop's thread, unless `use_multiprocessing`.
        use_multiprocessing: fetch in worker processes (forked: the dataset is shared, not
            pickled; the batches come back pickled, so they must be picklable).
        max_queue_size: at most this many batches are fetched ahead.

    With worker threads, `__getitem__` runs outside the training loop's thread: build
    batches from NumPy (neuroflow's execution state is process-wide, so ops called there
    while `fit` traces its first step could be recorded into that trace).
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


_shared = {}  # the dataset, in forked worker processes


def _share(dataset):
    _shared["dataset"] = dataset


def _get_shared(index):
    return _shared["dataset"][index]


def iterate_batches(dataset, order):
    """The batches `dataset[i]` for `i` in `order`, fetched ahead by `dataset.workers` when asked to.

    Batches arrive in `order`; at most `max_queue_size` are in flight. Leaving the loop
    early (or an error in `__getitem__`, raised here) shuts the pool down.
    """
    workers, processes = dataset.workers, dataset.use_multiprocessing
    if not (workers > 1 or (workers > 0 and processes)):
        for index in order:
            yield dataset[index]
        return
    if processes:
        import multiprocessing
        pool = concurrent.futures.ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                                      initializer=_share, initargs=(dataset,))
        fetch = _get_shared
    else:
        pool = concurrent.futures.ThreadPoolExecutor(workers, thread_name_prefix="PyDataset worker")
        fetch = dataset.__getitem__
    pending = collections.deque()
    indices = iter(order)
    try:
        for index in itertools.islice(indices, max(1, dataset.max_queue_size)):
            pending.append(pool.submit(fetch, index))
        while pending:
            batch = pending.popleft().result()
            for index in itertools.islice(indices, 1):
                pending.append(pool.submit(fetch, index))
            yield batch
    finally:
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True)
