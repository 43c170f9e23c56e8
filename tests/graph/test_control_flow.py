"""cond, switch_case, case and while_loop: eager, traced, gradients, side effects."""
import sys

import numpy as np
import pytest

import neuroflow as tf


def _cond_fn(x):
    return tf.cond(tf.reduce_sum(x) > 0, lambda: x * x, lambda: -x)


@pytest.mark.parametrize("values", [[1.0, 2.0], [-1.0, -3.0]])
def test_cond_traced_matches_eager_with_gradients(values):
    def grad(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = _cond_fn(x)
        return y, tape.gradient(y, x)

    x = tf.constant(values)
    eager_y, eager_g = grad(x)
    traced_y, traced_g = tf.function(grad)(x)
    np.testing.assert_allclose(traced_y.numpy(), eager_y.numpy())
    np.testing.assert_allclose(traced_g.numpy(), eager_g.numpy())


def test_gradient_through_a_traced_cond_from_an_outer_tape():
    f = tf.function(_cond_fn)
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    assert tape.gradient(y, x).numpy().tolist() == [2.0, 4.0]


def test_cond_runs_only_the_chosen_branch(capsys):
    v = tf.Variable(0)

    @tf.function
    def f(flag):
        return tf.cond(flag, lambda: v.assign_add(1).read_value(), lambda: v.assign_sub(1).read_value())

    f(tf.constant(True))
    f(tf.constant(True))
    f(tf.constant(False))
    assert v.numpy() == 1


def test_cond_with_variables_gets_their_gradients():
    w = tf.Variable(3.0)

    @tf.function
    def f(x):
        with tf.GradientTape() as tape:
            y = tf.cond(x > 0, lambda: w * x, lambda: w * w)
        return tape.gradient(y, w)

    assert f(tf.constant(2.0)).numpy() == 2.0
    assert f(tf.constant(-2.0)).numpy() == 6.0


def test_cond_branch_errors():
    @tf.function
    def mismatched(x):
        return tf.cond(x > 0, lambda: x, lambda: (x, x))

    with pytest.raises(ValueError, match="same number, type, and overall structure"):
        mismatched(tf.constant(1.0))

    @tf.function
    def dtypes_differ(x):
        return tf.cond(x > 0, lambda: x, lambda: tf.constant(1))

    with pytest.raises(TypeError, match="tf.cast"):
        dtypes_differ(tf.constant(1.0))


def test_switch_case_and_case():
    @tf.function
    def pick(i):
        return tf.switch_case(i, [lambda: tf.constant(10), lambda: tf.constant(20)],
                              default=lambda: tf.constant(-1))

    assert [pick(tf.constant(i)).numpy() for i in (0, 1, 7)] == [10, 20, -1]
    assert tf.switch_case(1, {0: lambda: 1, 1: lambda: 2}) == 2

    @tf.function
    def sign(x):
        return tf.case([(x > 0, lambda: tf.constant(1)), (x < 0, lambda: tf.constant(-1))],
                       default=lambda: tf.constant(0))

    assert [sign(tf.constant(v)).numpy() for v in (3.0, -2.0, 0.0)] == [1, -1, 0]


def test_while_loop_eager_and_traced():
    def collatz_steps(n):
        return tf.while_loop(lambda n, k: n > 1,
                             lambda n, k: (tf.where(n % 2 == 0, n // 2, 3 * n + 1), k + 1),
                             [n, tf.constant(0)])[1]

    assert collatz_steps(tf.constant(6)).numpy() == 8
    traced = tf.function(collatz_steps)
    assert [traced(tf.constant(n)).numpy() for n in (6, 7, 1)] == [8, 16, 0]
    ops = [op.type for op in traced.get_concrete_function(tf.constant(6)).graph.get_operations()]
    assert "While" in ops


def test_while_loop_with_single_var_and_maximum_iterations():
    @tf.function
    def f(x):
        return tf.while_loop(lambda v: v < 100.0, lambda v: v * 2.0, [x], maximum_iterations=3)

    assert f(tf.constant(1.0))[0].numpy() == 8.0
    assert tf.while_loop(lambda i: i < 5, lambda i: i + 1, [0])[0] == 5


def test_while_loop_rejects_changing_shapes():
    @tf.function
    def grow(x):
        return tf.while_loop(lambda v: tf.size(v) < 4, lambda v: tf.concat([v, v], 0), [x])

    with pytest.raises(ValueError, match=r"loop variable 0 has shape \(1,\) before the loop, but shape \(2,\) "
                       "after one iteration.*shape_invariants"):
        grow(tf.constant([1.0]))


def test_tf_print_in_a_branch_prints_only_when_taken(capsys):
    @tf.function
    def f(x):
        return tf.cond(x > 0, lambda: _printed(x, "positive"), lambda: _printed(x, "not positive"))

    f(tf.constant(1.0))
    f(tf.constant(-1.0))
    assert capsys.readouterr().out == "positive 1\nnot positive -1\n"


def _printed(x, label):
    tf.print(label, x, output_stream=sys.stdout)
    return x


def test_while_loop_gradients_from_an_outer_tape_and_from_a_tape_inside():
    @tf.function
    def cube(x):
        return tf.while_loop(lambda i, acc: i < 2, lambda i, acc: (i + 1, acc * x), [0, x])[1]

    x = tf.constant(2.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = cube(x)
    assert y.numpy() == 8.0 and tape.gradient(y, x).numpy() == 12.0

    @tf.function
    def inside(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.while_loop(lambda v: v < 10.0, lambda v: v * 2.0, [x])[0]
        return tape.gradient(y, x)

    assert inside(tf.constant(1.0)).numpy() == 16.0   # v doubles 4 times: d(16 v)/dv
