"""compat.v1's Print, py_func and executing_eagerly_outside_functions."""
import numpy as np

import neuroflow as tf

v1 = tf.compat.v1


def test_print_logs_to_fd2_whenever_evaluated(capfd):
    x = v1.Print(tf.constant([1, 2]), [tf.constant(7), tf.range(10)], "now: ", summarize=2)
    assert x.numpy().tolist() == [1, 2]
    assert capfd.readouterr().err == "now: [7][0 1 ... 8 9]\n"

    @tf.function
    def f(v):
        return v1.Print(v * 2.0, [v], "v=", first_n=2)
    assert [float(f(tf.constant(float(i)))) for i in range(3)] == [0.0, 2.0, 4.0]
    assert capfd.readouterr().err == "v=[0]\nv=[1]\n"     # printed the first 2 times only


def test_print_inside_a_session_while_loop(capfd):
    with v1.Session() as sess:
        body = lambda i, x: (v1.Print(i + 1, [i], "i == "), x + i)   # noqa: E731
        _, x_out = tf.while_loop(lambda i, x: i < 3, body, (tf.constant(0), tf.zeros([2], tf.int32)))
        assert sess.run(x_out).tolist() == [3, 3]
    assert capfd.readouterr().err == "i == [0]\ni == [1]\ni == [2]\n"


def test_py_func_is_numpy_function():
    def double_first(x):
        x = x.copy()
        x[0] *= 2
        return x
    out = v1.py_func(double_first, [tf.constant([1.0, 2.0])], tf.float32, stateful=False)
    np.testing.assert_array_equal(out.numpy(), [2.0, 2.0])


def test_executing_eagerly_outside_functions():
    assert v1.executing_eagerly_outside_functions()

    @tf.function
    def f():
        assert not tf.executing_eagerly()
        return tf.constant(v1.executing_eagerly_outside_functions())
    assert bool(f())
    with tf.Graph().as_default():
        assert not v1.executing_eagerly_outside_functions()


def test_string_split_sparse_and_ragged_match_tensorflow():
    # values measured with TensorFlow 2.21
    st = v1.string_split(["a,,b", "", "xy"], sep=",", skip_empty=False)
    assert st.indices.numpy().tolist() == [[0, 0], [0, 1], [0, 2], [2, 0]]
    assert st.values.numpy().tolist() == [b"a", b"", b"b", b"xy"] and st.dense_shape.numpy().tolist() == [3, 3]
    st = v1.string_split(["ab", "c"], sep="")
    assert st.indices.numpy().tolist() == [[0, 0], [0, 1], [1, 0]] and st.dense_shape.numpy().tolist() == [2, 2]
    rt = v1.string_split(["hello world", "a b  c"], result_type="RaggedTensor")
    assert rt.to_list() == [[b"hello", b"world"], [b"a", b"b", b"c"]]
    assert v1.string_split(["x-y"], delimiter="-").values.numpy().tolist() == [b"x", b"y"]
