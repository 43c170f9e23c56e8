"""Background production: `prefetch` and the producer threads that parallel `interleave` uses.

A `Producer` runs a generator in a daemon thread and puts its items into a bounded
queue, so the consumer (e.g. a training loop) and the pipeline work at the same time;
NumPy releases the GIL in its kernels, so the overlap is real on several cores. An
exception in the producer is handed to the consumer, which raises it with its original
traceback. Closing the consumer (exhausting it, `break`, an error, garbage collection)
stops and joins the thread: no thread outlives its iterator. Over a parallel `map`, whose worker
pool already produces ahead, `prefetch` lets the pool run `buffer_size` calls further ahead
instead of adding a thread between the pool and the consumer.

Python code inside a pipeline (a `from_generator` generator, `flat_map`/`interleave`
functions) runs in these threads. neuroflow's execution state (the graph being traced,
the recording tapes) is process-wide, not per thread as in TensorFlow, so such code should
not call neuroflow ops while another thread traces a `tf.function` (`fit` traces its step
on the first batch): those ops could be recorded into that trace. `map` and `filter`
functions are safe anywhere: they run as compiled NumPy programs, outside that state.

>>> import threading
>>> import neuroflow as tf
>>> ds = tf.data.Dataset.range(100).prefetch(2)
>>> for x in ds:
...     break
>>> del x
>>> [t.name for t in threading.enumerate() if t.name.startswith("tf.data")]
[]
"""
import os
import queue
import threading

from .dataset import AUTOTUNE, Dataset

__all__ = ["_PrefetchDataset", "Producer", "Failure", "END", "prefetched", "autotune_parallelism"]

_AUTOTUNE_BUFFER = 8
END = object()


def autotune_parallelism(value, name):
    """`value` as a thread count: AUTOTUNE is the number of CPUs."""
    value = int(value.numpy() if hasattr(value, "numpy") else value)
    if value == AUTOTUNE:
        return max(2, os.cpu_count() or 2)
    if value < 1:
        raise ValueError(f"`{name}` must be a positive integer or tf.data.AUTOTUNE, got {value}.")
    return value


class Producer:
    """Runs `make_items()` (a generator factory) in a thread, putting `(tag, item)` into `out`.

    After the items it puts `(tag, END)`; on an exception `(tag, exception)` wrapped in
    `Failure`. `stop()` makes it quit at its next put and joins it.
    """

    def __init__(self, make_items, out, tag=None, name="tf.data producer"):
        self._make_items, self._out, self._tag = make_items, out, tag
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _put(self, item):
        out, stopping = self._out, self._stopping
        while not stopping.is_set():
            try:
                out.put((self._tag, item), timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _run(self):
        items = None
        try:
            items = self._make_items()
            for item in items:
                if not self._put(item):
                    return
            self._put(END)
        except BaseException as error:  # handed to the consumer, raised there
            self._put(Failure(error))
        finally:
            if items is not None and hasattr(items, "close"):
                items.close()

    def stop(self):
        """Stops the thread and waits for it (draining the queue so a blocked put returns)."""
        self._stopping.set()
        while self._thread.is_alive():
            try:
                while True:
                    self._out.get_nowait()
            except queue.Empty:
                pass
            self._thread.join(0.01)


class Failure:
    """An exception raised in a producer thread, to be re-raised by the consumer."""

    __slots__ = ("error",)

    def __init__(self, error):
        self.error = error


def prefetched(make_items, buffer_size, name="tf.data prefetch"):
    """The items of `make_items()`, produced ahead in a thread (started on the first `next`)."""
    out = queue.Queue(buffer_size)
    producer = Producer(make_items, out, name=name)
    try:
        while True:
            _, item = out.get()
            if item is END:
                return
            if type(item) is Failure:
                raise item.error
            yield item
    finally:
        producer.stop()


class _PrefetchDataset(Dataset):
    """Elements produced ahead, in a background thread, up to `buffer_size` of them."""

    def __init__(self, dataset, buffer_size):
        buffer_size = int(buffer_size.numpy() if hasattr(buffer_size, "numpy") else buffer_size)
        if buffer_size < 0 and buffer_size != AUTOTUNE:
            raise ValueError(f"prefetch: buffer_size must be >= 0 or tf.data.AUTOTUNE, got {buffer_size}.")
        self._buffer_size = _AUTOTUNE_BUFFER if buffer_size == AUTOTUNE else buffer_size
        super().__init__(dataset.element_spec, (dataset,))

    def _cardinality(self):
        return self._inputs[0]._cardinality()

    def _iter(self):
        if self._buffer_size == 0:
            return self._inputs[0]._iter()
        ahead = getattr(self._inputs[0], "_iter_prefetched", None)
        if ahead is not None:  # a worker pool already produces ahead (parallel map): let it go further
            return ahead(self._buffer_size)
        return prefetched(self._inputs[0]._iter, self._buffer_size)
