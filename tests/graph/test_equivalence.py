"""Traced and compiled functions compute what eager execution computes (property-based)."""
import numpy as np
from hypothesis import given, settings, strategies as st

import neuroflow as tf

UNARY = [lambda x: x * 2.0, lambda x: x + 1.5, lambda x: -x, tf.nn.relu, tf.square, tf.exp,
         lambda x: tf.sqrt(tf.abs(x) + 1.0), lambda x: x / 3.0, lambda x: tf.reduce_sum(x, axis=-1, keepdims=True),
         lambda x: tf.reduce_mean(x, axis=0, keepdims=True) - x, lambda x: tf.reshape(tf.transpose(tf.reshape(x, [-1, 1])), x.shape)]
BINARY = [tf.add, tf.subtract, tf.multiply, lambda a, b: a * b + a, lambda a, b: tf.nn.relu(a - b)]


def _program(ops):
    def f(x, y):
        for kind, i in ops:
            if kind == "unary":
                x = UNARY[i](x)
                x = x + tf.zeros_like(y) if x.shape != y.shape else x  # back to y's shape
            else:
                x = BINARY[i](x, y)
        return x
    return f


PROGRAMS = st.lists(st.one_of(st.tuples(st.just("unary"), st.integers(0, len(UNARY) - 1)),
                              st.tuples(st.just("binary"), st.integers(0, len(BINARY) - 1))),
                    min_size=1, max_size=6)


@settings(max_examples=40, deadline=None)
@given(ops=PROGRAMS, rows=st.integers(1, 4), cols=st.integers(1, 4), seed=st.integers(0, 2**16))
def test_traced_function_matches_eager(ops, rows, cols, seed):
    rng = np.random.default_rng(seed)
    f = _program(ops)
    traced = tf.function(f)
    for _ in range(2):  # a second call runs the cached compiled graph on new values
        x = tf.constant(rng.standard_normal((rows, cols)).astype(np.float32))
        y = tf.constant(rng.standard_normal((rows, cols)).astype(np.float32))
        np.testing.assert_allclose(traced(x, y).numpy(), f(x, y).numpy(), rtol=1e-5, atol=1e-6)


@settings(max_examples=25, deadline=None)
@given(ops=PROGRAMS, seed=st.integers(0, 2**16))
def test_gradients_in_graph_match_eager(ops, seed):
    rng = np.random.default_rng(seed)
    f = _program(ops)

    def grads(x, y):
        with tf.GradientTape() as tape:
            tape.watch([x, y])
            z = tf.reduce_sum(f(x, y) * f(x, y))
        return tape.gradient(z, [x, y], unconnected_gradients="zero")

    x = tf.constant(rng.uniform(0.5, 1.5, (3, 2)).astype(np.float32))
    y = tf.constant(rng.uniform(-1, 1, (3, 2)).astype(np.float32))
    for eager, traced in zip(grads(x, y), tf.function(grads)(x, y)):
        np.testing.assert_allclose(traced.numpy(), eager.numpy(), rtol=1e-4, atol=1e-5)


def test_training_step_in_graph_matches_eager():
    rng = np.random.default_rng(0)
    init_w, init_b = rng.standard_normal((5, 3)).astype(np.float32), np.zeros(3, np.float32)
    x = tf.constant(rng.standard_normal((8, 5)).astype(np.float32))
    labels = tf.constant(rng.standard_normal((8, 3)).astype(np.float32))

    def run(compiled):
        w, b = tf.Variable(init_w), tf.Variable(init_b)

        def step():
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean(tf.square(tf.nn.relu(x @ w + b) - labels))
            gw, gb = tape.gradient(loss, [w, b])
            w.assign_sub(0.1 * gw)
            b.assign_sub(0.1 * gb)
            return loss
        step = tf.function(step) if compiled else step
        losses = [float(step()) for _ in range(5)]
        return losses, w.numpy(), b.numpy()

    eager, graph = run(False), run(True)
    np.testing.assert_allclose(graph[0], eager[0], rtol=1e-6)
    np.testing.assert_allclose(graph[1], eager[1], rtol=1e-6)
    np.testing.assert_allclose(graph[2], eager[2], rtol=1e-6)
    assert eager[0][-1] < eager[0][0]
