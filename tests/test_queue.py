"""tf.queue: FIFO, padding, random-shuffle and priority queues (TensorFlow's semantics)."""
import threading

import numpy as np
import pytest

import neuroflow as tf


def test_fifo_order_size_and_multi_component_elements():
    q = tf.queue.FIFOQueue(5, [tf.int32, tf.float32], shapes=[[2], []])
    q.enqueue(([1, 2], 0.5))
    q.enqueue_many(([[3, 4], [5, 6]], [1.5, 2.5]))
    assert int(q.size()) == 3
    first = q.dequeue()
    np.testing.assert_array_equal(first[0].numpy(), [1, 2])
    assert first[1].dtype == tf.float32 and float(first[1]) == 0.5
    ints, floats = q.dequeue_many(2)
    np.testing.assert_array_equal(ints.numpy(), [[3, 4], [5, 6]])
    np.testing.assert_array_equal(floats.numpy(), [1.5, 2.5])
    assert int(q.size()) == 0
    assert q.dtypes == [tf.int32, tf.float32]
    assert q.shapes == [tf.TensorShape([2]), tf.TensorShape([])]


def test_close_semantics():
    q = tf.queue.FIFOQueue(3, tf.int32, shapes=[[]])
    q.enqueue_many([[1, 2]])
    assert not bool(q.is_closed())
    q.close()
    assert bool(q.is_closed())
    with pytest.raises(tf.errors.CancelledError, match="is closed"):
        q.enqueue(3)
    with pytest.raises(tf.errors.OutOfRangeError, match=r"requested 3, current size 2"):
        q.dequeue_many(3)
    np.testing.assert_array_equal(q.dequeue_up_to(5).numpy(), [1, 2])   # fewer than asked, once closed
    with pytest.raises(tf.errors.OutOfRangeError):
        q.dequeue_up_to(1)
    with pytest.raises(tf.errors.CancelledError, match="already closed"):
        q.close()


def test_checks_dtype_shape_and_names():
    q = tf.queue.FIFOQueue(3, tf.int32, shapes=tf.TensorShape(2))
    with pytest.raises(ValueError, match=r"Shapes \(3,\) and \(2,\) are incompatible"):
        q.enqueue(tf.constant([1, 2, 3]))
    with pytest.raises(TypeError):
        q.enqueue(([1.5, 2.0],))
    with pytest.raises(ValueError, match="requested dtype int32"):
        q.enqueue(tf.constant([1.5, 2.0]))
    unshaped = tf.queue.FIFOQueue(3, tf.int32)
    unshaped.enqueue(1)
    with pytest.raises(tf.errors.InvalidArgumentError, match="require the components to have specified shapes"):
        unshaped.dequeue_many(1)
    named = tf.queue.FIFOQueue(3, [tf.int32, tf.string], names=["a", "b"])
    with pytest.raises(ValueError, match="dictionary"):
        named.enqueue((1, "x"))
    named.enqueue({"a": 1, "b": "x"})
    out = named.dequeue()
    assert set(out) == {"a", "b"} and out["b"].numpy() == b"x"
    with pytest.raises(ValueError, match="fully defined"):
        tf.queue.FIFOQueue(3, tf.int32, shapes=[[None]])


def test_blocking_enqueue_and_dequeue_across_threads():
    q = tf.queue.FIFOQueue(2, tf.int32, shapes=[[]])
    got = []

    def consume():
        for _ in range(5):
            got.append(int(q.dequeue()))   # blocks until the producer enqueues

    consumer = threading.Thread(target=consume)
    consumer.start()
    for i in range(5):
        q.enqueue(i)                       # blocks while 2 elements wait
    consumer.join(timeout=10)
    assert got == [0, 1, 2, 3, 4]


def test_blocked_dequeue_fails_when_queue_closes():
    q = tf.queue.FIFOQueue(2, tf.int32)
    errors = []

    def consume():
        try:
            q.dequeue()
        except tf.errors.OutOfRangeError as error:
            errors.append(error)

    consumer = threading.Thread(target=consume)
    consumer.start()
    q.close()
    consumer.join(timeout=10)
    assert len(errors) == 1


def test_padding_fifo_queue_pads_to_the_longest():
    q = tf.queue.PaddingFIFOQueue(5, [tf.int32], shapes=[[None]])
    q.enqueue([[1, 2, 3]])
    q.enqueue([[4]])
    np.testing.assert_array_equal(q.dequeue_many(2).numpy(), [[1, 2, 3], [4, 0, 0]])
    with pytest.raises(ValueError, match="needs shapes"):
        tf.queue.PaddingFIFOQueue(5, tf.int32, shapes=None)


def test_random_shuffle_queue_keeps_min_after_dequeue_and_returns_everything():
    q = tf.queue.RandomShuffleQueue(20, 5, tf.int32, shapes=[[]], seed=3)
    q.enqueue_many([np.arange(10)])
    taken = [int(q.dequeue()) for _ in range(5)]
    assert int(q.size()) == 5
    q.close()
    taken += list(q.dequeue_many(5).numpy())
    assert sorted(taken) == list(range(10))
    assert taken != list(range(10))        # shuffled


def test_priority_queue_dequeues_smallest_priority_first():
    q = tf.queue.PriorityQueue(5, [tf.string], shapes=[[]])
    for priority, text in [(3, "c"), (1, "a"), (2, "b")]:
        q.enqueue((priority, text))
    assert q.dtypes == [tf.int64, tf.string]
    priorities, texts = q.dequeue_many(3)
    np.testing.assert_array_equal(priorities.numpy(), [1, 2, 3])
    assert list(texts.numpy()) == [b"a", b"b", b"c"]


def test_compat_v1_names_and_graph_error():
    assert tf.compat.v1.FIFOQueue is tf.queue.FIFOQueue
    q = tf.queue.FIFOQueue(2, tf.float32)

    @tf.function
    def f(x):
        q.enqueue(x)
        return x
    with pytest.raises(NotImplementedError, match="runs eagerly"):
        f(tf.constant(1.0))
