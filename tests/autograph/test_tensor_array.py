"""tf.TensorArray: eager (mutating, as TensorFlow's eager arrays) and in graphs (functional), with gradients."""
import numpy as np
import pytest

import neuroflow as tf


def test_write_read_stack_size_eagerly():
    ta = tf.TensorArray(tf.float32, size=2)
    ta.write(0, [1.0, 2.0])          # eager arrays update in place, as in TensorFlow
    ta = ta.write(1, [3.0, 4.0])
    assert ta.size().numpy() == 2
    assert ta.stack().numpy().tolist() == [[1.0, 2.0], [3.0, 4.0]]
    assert ta.read(1).numpy().tolist() == [3.0, 4.0]
    assert ta.element_shape.as_list() == [2]
    assert ta.flow.dtype == tf.variant


def test_unstack_gather_scatter_concat_split():
    ta = tf.TensorArray(tf.int32, size=3).unstack([[1, 2], [3, 4], [5, 6]])
    assert ta.gather([2, 0]).numpy().tolist() == [[5, 6], [1, 2]]
    ta = tf.TensorArray(tf.int32, size=3).scatter([2, 0, 1], [[0, 0], [1, 1], [2, 2]])
    assert ta.stack().numpy().tolist() == [[1, 1], [2, 2], [0, 0]]
    assert ta.concat().numpy().tolist() == [1, 1, 2, 2, 0, 0]
    parts = tf.TensorArray(tf.float32, size=2, clear_after_read=False).split([1.0, 2.0, 3.0], [1, 2])
    assert parts.read(1).numpy().tolist() == [2.0, 3.0] and parts.read(0).numpy().tolist() == [1.0]


def test_dynamic_size_and_unwritten_elements():
    ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
    ta = ta.write(2, tf.ones([2]))
    assert ta.size().numpy() == 3
    assert ta.stack().numpy().tolist() == [[0.0, 0.0], [0.0, 0.0], [1.0, 1.0]]   # zeros where unwritten


def test_errors_match_tensorflow():
    ta = tf.TensorArray(tf.float32, size=2)
    with pytest.raises(tf.errors.OutOfRangeError, match="Tried to write to index 2 but array is not resizeable "
                                                        "and size is: 2"):
        ta.write(2, 1.0)
    with pytest.raises(tf.errors.InvalidArgumentError, match="TensorArray dtype is float32 but Op is trying to "
                                                             "write dtype int32"):
        ta.write(0, tf.constant(1))
    ta = ta.write(0, [1.0, 2.0])
    with pytest.raises(ValueError, match=r"Incompatible shape for value \(\(3,\)\), expected \(\(2,\)\)"):
        ta.write(1, [1.0, 2.0, 3.0])
    ta.read(0)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Could not read index 0 twice because it was cleared"):
        ta.read(0)
    with pytest.raises(tf.errors.OutOfRangeError, match="Tried to read from index 5 but array size is: 2"):
        ta.read(5)
    with pytest.raises(ValueError, match="Size must be declared"):
        tf.TensorArray(tf.float32)


def test_in_a_traced_while_loop():
    @tf.function
    def running_sums(x):
        ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
        total = tf.constant(0.0)
        for i in tf.range(tf.shape(x)[0]):
            total += x[i]
            ta = ta.write(i, total)
        return ta.stack()

    assert running_sums(tf.constant([1.0, 2.0, 3.0])).numpy().tolist() == [1.0, 3.0, 6.0]

    @tf.function
    def with_while_loop(n):
        ta = tf.TensorArray(tf.int32, size=n)
        _, ta = tf.while_loop(lambda i, ta: i < n, lambda i, ta: (i + 1, ta.write(i, i * 10)), [0, ta])
        return ta.stack(), ta.size()

    values, size = with_while_loop(tf.constant(3))
    assert values.numpy().tolist() == [0, 10, 20] and size.numpy() == 3


def test_gradients_through_writes_in_a_traced_loop():
    @tf.function
    def value_and_grad(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            ta = tf.TensorArray(tf.float32, size=4)
            for i in tf.range(4):
                ta = ta.write(i, x * tf.cast(i, tf.float32))
            y = tf.reduce_sum(ta.stack() ** 2)
        return y, tape.gradient(y, x)

    x = np.array([1.0, 2.0], np.float32)
    y, dy = value_and_grad(tf.constant(x))
    assert y.numpy() == pytest.approx((x ** 2).sum() * 14)
    assert dy.numpy() == pytest.approx(2 * x * 14)


def test_gradients_eagerly_through_read_and_gather():
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    with tf.GradientTape() as tape:
        tape.watch(x)
        ta = tf.TensorArray(tf.float32, size=2, clear_after_read=False).unstack(x * x)
        y = tf.reduce_sum(ta.read(0) * 3.0) + tf.reduce_sum(ta.gather([1, 1]))
    assert tape.gradient(y, x).numpy().tolist() == [[6.0, 12.0], [12.0, 16.0]]


def test_written_in_converted_if_branches():
    @tf.function
    def evens(n):
        ta = tf.TensorArray(tf.int32, size=0, dynamic_size=True)
        k = 0
        for i in tf.range(n):
            if i % 2 == 0:
                ta = ta.write(k, i)
                k += 1
        return ta.stack()

    assert evens(tf.constant(7)).numpy().tolist() == [0, 2, 4, 6]

    @tf.function
    def ordered(x):
        ta = tf.TensorArray(tf.float32, size=2)
        if x > 0:
            ta = ta.write(0, x).write(1, -x)
        else:
            ta = ta.write(0, -x).write(1, x)
        return ta.stack()

    assert ordered(tf.constant(2.0)).numpy().tolist() == [2.0, -2.0]
    assert ordered(tf.constant(-3.0)).numpy().tolist() == [3.0, -3.0]
