"""tf.data parallelism: prefetch and parallel map/interleave run in threads, overlap work, keep
order when deterministic, surface errors with their traceback, and leave no thread behind."""
import threading
import time
import traceback

import numpy as np
import pytest

import neuroflow as tf

D = tf.data.Dataset


def pipeline_threads():
    return [t.name for t in threading.enumerate() if t.name.startswith("tf.data")]


def slow_numbers(n, delay):
    """A generator dataset whose elements take `delay` seconds each (simulated I/O)."""
    def gen():
        for i in range(n):
            time.sleep(delay)
            yield i
    return D.from_generator(gen, output_signature=tf.TensorSpec([], tf.int64))


def test_prefetch_produces_in_a_background_thread():
    seen = []

    def gen():
        for i in range(3):
            seen.append(threading.current_thread().name)
            yield i
    ds = D.from_generator(gen, output_signature=tf.TensorSpec([], tf.int64)).prefetch(2)
    assert [int(x) for x in ds] == [0, 1, 2]
    assert seen and all(name == "tf.data prefetch" for name in seen)


def test_prefetch_runs_ahead_of_the_consumer():
    produced = []

    def gen():
        for i in range(100):
            produced.append(i)
            yield i
    iterator = iter(D.from_generator(gen, output_signature=tf.TensorSpec([], tf.int64)).prefetch(4))
    assert int(next(iterator)) == 0
    deadline = time.monotonic() + 10
    while len(produced) < 5 and time.monotonic() < deadline:  # the producer fills the buffer on its own
        time.sleep(0.005)
    assert 5 <= len(produced) <= 7  # one consumed, four buffered, at most one more waiting to be put
    iterator.close()
    assert pipeline_threads() == []


@pytest.mark.parametrize("make", [
    lambda: D.range(10 ** 6).prefetch(3),
    lambda: D.range(10 ** 6).map(lambda x: x + 1, num_parallel_calls=4),
    lambda: D.range(10 ** 6).map(lambda x: x + 1, num_parallel_calls=4, deterministic=False).prefetch(2),
    lambda: D.range(100).interleave(lambda x: D.range(x, x + 10).prefetch(1), cycle_length=3,
                                    num_parallel_calls=3),
    lambda: D.range(100).interleave(lambda x: D.range(x, x + 10), cycle_length=3, num_parallel_calls=3,
                                    deterministic=False),
], ids=["prefetch", "parallel_map", "sloppy_map", "parallel_interleave", "sloppy_interleave"])
def test_no_threads_alive_after_early_break(make):
    for i, _ in enumerate(make()):
        if i == 5:
            break
    assert pipeline_threads() == []
    iterator = iter(make())
    next(iterator)
    iterator.close()
    assert pipeline_threads() == []


def test_unstarted_iterator_starts_no_thread():
    iterator = iter(D.range(10).prefetch(2))
    del iterator
    assert pipeline_threads() == []


def test_error_in_producer_surfaces_with_its_traceback_and_stops_threads():
    def gen():
        yield 1
        raise KeyError("broken record")
    ds = D.from_generator(gen, output_signature=tf.TensorSpec([], tf.int32)).prefetch(2)
    with pytest.raises(KeyError, match="broken record") as info:
        list(ds)
    frames = [frame.name for frame in traceback.extract_tb(info.value.__traceback__)]
    assert "gen" in frames  # the generator's own frame, from the producer thread
    assert pipeline_threads() == []


def test_error_in_parallel_map_surfaces_and_stops_the_pool():
    ds = D.range(50).map(lambda i: tf.gather(tf.range(20, dtype=tf.int64), i), num_parallel_calls=3)
    with pytest.raises(tf.errors.InvalidArgumentError, match="map.*out of bounds") as info:
        list(ds)
    assert isinstance(info.value.__cause__, IndexError)  # the original error, with its traceback
    assert info.value.__cause__.__traceback__ is not None
    assert pipeline_threads() == []


def test_parallel_map_keeps_order_and_uses_threads():
    ds = D.range(200).map(lambda x: x * 2, num_parallel_calls=4)
    assert [int(v) for v in ds] == list(range(0, 400, 2))


def test_parallel_map_threads_never_share_a_compiled_program():
    # compiled programs reuse intermediate buffers; concurrent calls must each hold their own copy
    # (rows large enough that NumPy releases the GIL mid-program: one shared program fails this)
    rows = np.random.RandomState(0).rand(24, 200000).astype("float32")

    def f(v):
        h = tf.tanh(v * 2.0 + 1.0)
        return tf.reduce_sum(h * h) + tf.reduce_max(h)
    serial = [float(v) for v in D.from_tensor_slices(rows).map(f)]
    parallel = [float(v) for v in D.from_tensor_slices(rows).map(f, num_parallel_calls=4)]
    assert parallel == serial


def test_interleave_deterministic_and_not():
    def make(deterministic):
        # the first input's dataset is slow: a deterministic interleave waits for it,
        # a non-deterministic one delivers the fast dataset's elements first
        return D.range(2).interleave(
            lambda i: slow_numbers(3, 0.05).map(lambda x: x + 100) if int(i) == 0 else D.range(3),
            cycle_length=2, block_length=1, num_parallel_calls=2, deterministic=deterministic)
    assert [int(v) for v in make(True)] == [100, 0, 101, 1, 102, 2]
    sloppy = [int(v) for v in make(False)]
    assert sorted(sloppy) == [0, 1, 2, 100, 101, 102]
    assert sloppy[:3] == [0, 1, 2]


def test_options_deterministic_false_reaches_parallel_map():
    options = tf.data.Options()
    options.deterministic = False
    ds = D.range(6).with_options(options).map(lambda x: x, num_parallel_calls=3)
    assert ds.options().deterministic is False
    assert sorted(int(v) for v in ds) == list(range(6))


def test_prefetch_over_a_parallel_map_runs_the_pool_further_ahead():
    """No prefetch thread between the pool and the consumer: the pool keeps 2 x workers + buffer
    calls running ahead, in input order, and stops with the iterator."""
    started = []
    lock = threading.Lock()

    def work(x):
        with lock:
            started.append(int(x))
        return x
    from neuroflow.data.parallel import python_map
    base = tf.data.Dataset.range(100)
    ds = python_map(base, lambda flat: (work(flat[0]),), base.element_spec, num_parallel_calls=2).prefetch(5)
    iterator = iter(ds)
    assert int(next(iterator)) == 0
    deadline = time.monotonic() + 10
    while len(started) < 2 * 2 + 5 and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.1)
    assert len(started) == 2 * 2 + 5  # the first element's call plus the ones queued behind it, no more
    assert not [t for t in threading.enumerate() if t.name.startswith("tf.data prefetch")]
    assert [int(x) for x in iterator] == list(range(1, 100))
    del iterator
    assert not [t for t in threading.enumerate() if t.name.startswith("tf.data")]
