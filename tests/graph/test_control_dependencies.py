"""tf.control_dependencies, tf.group, tf.no_op, tf.tuple, and assertions inside graphs."""
import numpy as np
import pytest

import neuroflow as tf


def test_eager_control_dependencies_calls_callables_and_runs_body():
    called = []
    with tf.control_dependencies([lambda: called.append(1), tf.constant(1.0)]):
        x = tf.constant(2.0) + 1.0
    assert called == [1] and float(x) == 3.0
    assert tf.group(tf.constant(1)) is None and tf.no_op() is None
    t = [tf.constant(1), tf.constant(2)]
    assert tf.tuple(t) == t


def test_ops_in_block_depend_on_control_inputs_in_a_session():
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(0.0)
        update = v.assign_add(1.0)
        plain = tf.identity(v)
        with tf.control_dependencies([update]):
            gated = tf.identity(v)
            with tf.control_dependencies(None):    # cleared for this inner block
                free = tf.identity(v)
    assert gated._node.control_inputs and not plain._node.control_inputs and not free._node.control_inputs
    with tf.compat.v1.Session(graph=g) as sess:
        sess.run(v.initializer)
        assert sess.run(plain) == 0.0
        assert sess.run(gated) == 1.0
        assert sess.run(gated) == 2.0
        assert sess.run(free) == 2.0


def test_tuple_and_group_gate_on_their_inputs():
    with tf.Graph().as_default():
        with tf.compat.v1.Session() as sess:
            v = tf.Variable(0.0)
            sess.run(tf.compat.v1.global_variables_initializer())
            seen = []
            for _ in range(3):
                update = v.assign_add(1.0)
                b, = tf.tuple([v * 1.0], control_inputs=[tf.group(update)])
                seen.append(float(sess.run(b)))
            assert seen == [1.0, 2.0, 3.0]
            assert sess.run(v) == 3.0
            op = tf.group(v.assign_add(10.0), name="both")
            assert op.type == "NoOp" and op.name == "both"
            sess.run(op)
            assert sess.run(v) == 13.0
    with pytest.raises(ValueError, match="at least one Tensor"):
        tf.tuple([None])


def test_assert_in_tf_function_fails_when_the_graph_runs():
    @tf.function(input_signature=[tf.TensorSpec([None, None]), tf.TensorSpec([None, None])])
    def add(x, bias):
        with tf.control_dependencies([tf.assert_equal(tf.shape(x)[1], tf.shape(bias)[1], message="bad shape")]):
            return x + bias

    np.testing.assert_array_equal(add(tf.ones((2, 3)), tf.ones((2, 3))).numpy(), np.full((2, 3), 2.0))
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"assertion failed: \[bad shape\] "
                       r"\[Condition x == y did not hold element-wise:\] \[x \(StridedSlice:0\) = \] \[3\]"):
        add(tf.ones((2, 3)), tf.ones((2, 4)))


@pytest.mark.parametrize("check, good, bad", [
    (tf.debugging.assert_less, 5.0, -5.0), (tf.debugging.assert_greater_equal, -1.0, 1.0),
    (tf.debugging.assert_none_equal, 1.0, 0.0)])
def test_binary_asserts_become_graph_checks(check, good, bad):
    @tf.function
    def f(x):
        check(tf.zeros([2]), x)
        return x
    f(tf.constant([good, good]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="did not hold element-wise"):
        f(tf.constant([good, bad]))


def test_sign_asserts_become_graph_checks():
    @tf.function
    def f(x):
        tf.debugging.assert_positive(x, message="need positive")
        return x * 2.0
    assert f(tf.constant([1.0, 2.0])).numpy().tolist() == [2.0, 4.0]
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"\[need positive\] \[Condition x > 0"):
        f(tf.constant([1.0, -2.0]))
