"""compat.v1 variables: get_variable/variable_scope, Variable.initializer/eval, assign ops, v1 initializers."""
import numpy as np
import pytest

import neuroflow as tf

v1 = tf.compat.v1


def test_session_context_builds_its_graph_and_initializer_runs():
    with tf.Graph().as_default() as g:
        with v1.Session() as sess:
            v = tf.Variable([1.0, 2.0])
            assert v.graph is g and not tf.executing_eagerly()
            with pytest.raises(tf.errors.FailedPreconditionError):
                sess.run(v)
            sess.run(v.initializer)
            np.testing.assert_array_equal(v.eval(), [1.0, 2.0])
            assert v.initializer is v.initializer          # one initializer op
    assert tf.Variable(1.0).initializer is None            # eager variables have none
    with pytest.raises(NotImplementedError, match="numpy"):
        tf.Variable(1.0).eval()


def test_get_variable_shares_within_reusing_scopes():
    with tf.Graph().as_default():
        with v1.variable_scope("foo"):
            a = v1.get_variable("a", [2, 3])
            assert v1.get_variable_scope().name == "foo"
        assert a.name == "foo/a:0" and a.shape == (2, 3)
        with pytest.raises(ValueError, match="already exists, disallowed"):
            with v1.variable_scope("foo"):
                v1.get_variable("a", [2, 3])
        with v1.variable_scope("foo", reuse=True):
            assert v1.get_variable("a") is a
            with v1.variable_scope("inner"):             # reuse is inherited
                with pytest.raises(ValueError, match="does not exist"):
                    v1.get_variable("b", [1])
        with v1.variable_scope("foo", reuse=v1.AUTO_REUSE):
            assert v1.get_variable("a", [2, 3]) is a
            c = v1.get_variable("c", [4], dtype=tf.int32)
        assert c.name == "foo/c:0" and c.dtype == tf.int32
        with pytest.raises(ValueError, match="specified shape"):
            with v1.variable_scope("foo", reuse=True):
                v1.get_variable("a", [3, 3])
        with v1.variable_scope(None, default_name="block") as s1:
            pass
        with v1.variable_scope(None, default_name="block") as s2:
            pass
        assert (s1.name, s2.name) == ("block", "block_1")


def test_get_variable_initializers_and_defaults():
    with tf.Graph().as_default():
        with v1.Session() as sess:
            ints = v1.get_variable("ints", [3], dtype=tf.int32)
            glorot = v1.get_variable("glorot", [30, 40])
            given = v1.get_variable("given", initializer=tf.constant([1.0, 2.0]))
            with v1.variable_scope("s", initializer=v1.constant_initializer(7.0)):
                seven = v1.get_variable("seven", [2])
            sess.run(v1.global_variables_initializer())
            assert sess.run(ints).tolist() == [0, 0, 0]
            limit = np.sqrt(6.0 / 70)
            values = sess.run(glorot)
            assert np.all(np.abs(values) <= limit) and values.std() > limit / 4
            assert sess.run(given).tolist() == [1.0, 2.0]
            assert sess.run(seven).tolist() == [7.0, 7.0]
        with pytest.raises(ValueError, match="must be fully defined"):
            v1.get_variable("no_shape")
    eager_a, eager_b = v1.get_variable("e", [1]), v1.get_variable("e", [1])
    assert eager_a is not eager_b                     # eagerly nothing is shared, as in TF2


def test_v1_constant_initializer_pads_and_verifies():
    init = v1.constant_initializer([0, 1, 2, 3, 4, 5, 6, 7])
    np.testing.assert_array_equal(init([3, 4]).numpy().reshape(-1)[-5:], [7, 7, 7, 7, 7])
    with pytest.raises(ValueError, match="Needed at most 6, but received 8"):
        init([2, 3])
    with pytest.raises(TypeError, match=r"Expected Tensor's shape: \(2, 2\), got \(4,\)"):
        v1.constant_initializer([1.0, 2.0, 3.0, 4.0], verify_shape=True)([2, 2])
    with pytest.raises(TypeError):                    # TF2's form still insists on the exact size
        tf.constant_initializer([1.0, 2.0])([3])


def test_assign_ops_return_the_new_value_in_graphs():
    with tf.Graph().as_default():
        with v1.Session() as sess:
            a = v1.Variable(5, dtype=tf.int64)
            sess.run(a.initializer)
            add = v1.assign_add(a, 2)
            assert sess.run(add) == 7 and sess.run(add) == 9
            assert sess.run(v1.assign_sub(a, 4)) == 5
            assert sess.run(v1.assign(a, 1)) == 1
    eager = tf.Variable(1.0)
    assert v1.assign(eager, 3.0) is eager and float(eager) == 3.0
