"""GradientTape inside tf.function: a symbolic backward graph that matches eager gradients."""
import numpy as np

import neuroflow as tf


def _both(fn, *args):
    return fn(*args), tf.function(fn)(*args)


def test_second_order_gradients_with_nested_tapes():
    def f(x):
        with tf.GradientTape() as outer:
            outer.watch(x)
            with tf.GradientTape() as inner:
                inner.watch(x)
                y = x * x * x
            dy = inner.gradient(y, x)
        return dy, outer.gradient(dy, x)

    (d1, d2), (g1, g2) = _both(f, tf.constant([1.0, 2.0]))
    assert g1.numpy().tolist() == d1.numpy().tolist() == [3.0, 12.0]
    assert g2.numpy().tolist() == d2.numpy().tolist() == [6.0, 12.0]


def test_persistent_tape_and_jacobian():
    def f(x):
        with tf.GradientTape(persistent=True) as tape:
            tape.watch(x)
            y = x * x
            z = tf.reduce_sum(y)
        return tape.gradient(z, x), tape.jacobian(y, x)

    (eg, ej), (gg, gj) = _both(f, tf.constant([1.0, 3.0]))
    np.testing.assert_allclose(gg.numpy(), eg.numpy())
    np.testing.assert_allclose(gj.numpy(), [[2.0, 0.0], [0.0, 6.0]])
    np.testing.assert_allclose(gj.numpy(), ej.numpy())


def test_an_outer_tape_sees_through_a_compiled_function():
    w = tf.Variable([[1.0], [2.0]])
    layer = tf.function(lambda x: tf.nn.relu(x @ w))
    x = tf.constant([[1.0, 1.0], [-3.0, 1.0]])
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(layer(x))
    assert tape.gradient(loss, w).numpy().tolist() == [[1.0], [1.0]]


def test_unconnected_and_integer_sources():
    def f(x, n):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = x * 2.0
        return tape.gradient(y, [x, n], unconnected_gradients="zero")

    gx, gn = tf.function(f)(tf.constant(1.0), tf.constant(3.0))
    assert gx.numpy() == 2.0 and gn.numpy() == 0.0
