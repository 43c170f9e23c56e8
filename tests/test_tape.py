"""GradientTape and custom_gradient against TensorFlow's semantics."""
import logging

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

import neuroflow as tf
from neuroflow.autodiff import tape as tape_module
from neuroflow.ops.registry import state


def value(t):
    return None if t is None else np.asarray(t.numpy())


# --- recording and reuse --------------------------------------------------------------
def test_non_persistent_tape_gives_one_set_of_gradients():
    x = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y = x * x
    assert value(tape.gradient(y, x)) == 6.0
    with pytest.raises(RuntimeError, match="A non-persistent GradientTape can only be used to "
                                           r"compute one set of gradients \(or jacobians\)"):
        tape.gradient(y, x)
    assert tape.watched_variables() == (x,)      # still known after the records are freed


def test_persistent_tape_allows_several_gradients():
    x = tf.constant(3.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        z = y * y
    assert value(tape.gradient(z, x)) == 108.0    # 4 x^3
    assert value(tape.gradient(y, x)) == 6.0
    assert value(tape.gradient(z, y)) == 18.0     # gradients w.r.t. intermediates


def test_gradient_inside_context_stops_a_non_persistent_tape():
    x = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = x * x
        assert value(tape.gradient(y, x)) == 4.0
        assert tape not in state.tapes
        z = y * x                                  # no longer recorded
    with pytest.raises(RuntimeError):
        tape.gradient(z, x)


def test_reentering_a_used_tape_starts_a_fresh_recording():
    x = tf.Variable(2.0)
    tape = tf.GradientTape()
    with tape:
        y = x * x
    tape.gradient(y, x)
    with tape:
        z = x * x * x
    assert value(tape.gradient(z, x)) == 12.0


def test_reentering_an_active_tape_is_an_error():
    with tf.GradientTape() as tape:
        with pytest.raises(ValueError, match="Tape is still recording"):
            tape.__enter__()


def test_watch_accessed_variables_false_watches_only_what_is_asked():
    a, b = tf.Variable(2.0), tf.Variable(5.0)
    with tf.GradientTape(watch_accessed_variables=False) as tape:
        tape.watch(a)
        y = a * b
    assert tape.watched_variables() == (a,)
    ga, gb = tape.gradient(y, [a, b])
    assert value(ga) == 5.0 and gb is None


def test_non_trainable_variables_are_not_watched_automatically():
    w = tf.Variable(2.0)
    frozen = tf.Variable(3.0, trainable=False)
    with tf.GradientTape() as tape:
        y = w * frozen
    assert tape.watched_variables() == (w,)
    assert tape.gradient(y, [w, frozen])[1] is None


def test_watch_accepts_nested_structures():
    x, y, z = tf.constant(1.0), tf.constant(2.0), tf.constant(3.0)
    with tf.GradientTape() as tape:
        tape.watch([x, {"y": y, "z": (z,)}])
        out = x * y * z
    grads = tape.gradient(out, {"x": x, "rest": [y, z]})
    assert value(grads["x"]) == 6.0
    assert [value(g) for g in grads["rest"]] == [3.0, 2.0]


def test_watch_rejects_non_tensors():
    with tf.GradientTape() as tape:
        with pytest.raises(ValueError, match="not tf.Tensor or tf.Variable"):
            tape.watch([1.0])


def test_stop_recording():
    x = tf.Variable(2.0)
    with tf.GradientTape(persistent=True) as tape:
        y = x * x
        with tape.stop_recording():
            z = y * x
        w = y * x
    assert tape.gradient(z, x) is None
    assert value(tape.gradient(w, x)) == 12.0
    with pytest.raises(ValueError, match="Tape is not recording"):
        with tape.stop_recording():
            pass


def test_reset_forgets_the_records():
    x = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = x * x
        tape.reset()
        z = x * x * x
    assert value(tape.gradient(z, x)) == 12.0
    assert tape.watched_variables() == (x,)
    with pytest.raises(ValueError, match="Tape is not recording"):
        tape.reset()


def test_target_none_is_a_type_error():
    x = tf.Variable(1.0)
    with tf.GradientTape() as tape:
        x * x
    with pytest.raises(TypeError, match="received None"):
        tape.gradient(None, x)


# --- targets, sources, output gradients ------------------------------------------------------
def test_list_targets_are_summed_and_sources_keep_their_structure():
    a, b = tf.Variable([1.0, 2.0]), tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y1 = a * b
        y2 = b * b
    grads = tape.gradient([y1, {"k": y2}], {"b": b, "a": [a]})
    assert value(grads["b"]) == 1.0 + 2.0 + 6.0
    np.testing.assert_array_equal(value(grads["a"][0]), [3.0, 3.0])


def test_output_gradients_weight_the_targets():
    x = tf.constant([1.0, 2.0, 3.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    g = tape.gradient(y, x, output_gradients=tf.constant([1.0, 0.0, 10.0]))
    np.testing.assert_array_equal(value(g), [2.0, 0.0, 60.0])


def test_output_gradients_may_skip_targets_with_none():
    x = tf.constant(2.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y1, y2 = x * x, x * 3.0
    assert value(tape.gradient([y1, y2], x, output_gradients=[None, tf.constant(2.0)])) == 10.0


@pytest.mark.parametrize("mode", ["zero", tf.UnconnectedGradients.ZERO])
def test_unconnected_gradients_zero(mode):
    x, unused = tf.Variable([1.0, 2.0]), tf.Variable([[1.0], [2.0]])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(x * x)
    gx, gu = tape.gradient(y, [x, unused], unconnected_gradients=mode)
    np.testing.assert_array_equal(value(gu), np.zeros((2, 1)))
    assert gu.dtype == tf.float32


def test_unconnected_gradients_none_and_invalid():
    x, unused = tf.Variable(1.0), tf.Variable(1.0)
    with tf.GradientTape(persistent=True) as tape:
        y = x * x
    assert tape.gradient(y, unused, unconnected_gradients="none") is None
    with pytest.raises(ValueError, match="Unknown value for unconnected_gradients: 'zeros'"):
        tape.gradient(y, x, unconnected_gradients="zeros")


def test_integer_sources_get_no_gradient_and_watching_them_warns(caplog, monkeypatch):
    monkeypatch.setitem(tape_module._warned, "watch", 0)
    x = tf.constant(3)
    with caplog.at_level(logging.WARNING, logger="tensorflow"):
        with tf.GradientTape(persistent=True) as tape:
            tape.watch(x)
            y = x * x
    assert "The dtype of the watched tensor must be floating (e.g. tf.float32), got tf.int32" \
        in caplog.text
    assert tape.gradient(y, x) is None
    zero = tape.gradient(y, x, unconnected_gradients="zero")
    assert zero.dtype == tf.int32 and value(zero) == 0


def test_gradient_does_not_flow_through_integer_casts():
    x = tf.Variable(2.5)
    with tf.GradientTape() as tape:
        y = tf.cast(tf.cast(x, tf.int32), tf.float32) * x
    assert value(tape.gradient(y, x)) == 2.0      # only the direct factor contributes


def test_stop_gradient_blocks_the_flow():
    x = tf.Variable(3.0)
    with tf.GradientTape() as tape:
        y = x * tf.stop_gradient(x * x)
    assert value(tape.gradient(y, x)) == 9.0


# --- higher order ----------------------------------------------------------------------
def test_nested_tapes_give_second_derivatives():
    x = tf.Variable(2.0)
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            y = x * x * x
        dy = inner.gradient(y, x)
    assert value(dy) == 12.0
    assert value(outer.gradient(dy, x)) == 12.0   # 6x


def test_third_derivative_with_three_tapes():
    x = tf.constant(1.5)
    with tf.GradientTape() as t3:
        t3.watch(x)
        with tf.GradientTape() as t2:
            t2.watch(x)
            with tf.GradientTape() as t1:
                t1.watch(x)
                y = tf.exp(x * 2.0)
            d1 = t1.gradient(y, x)
        d2 = t2.gradient(d1, x)
    d3 = t3.gradient(d2, x)
    np.testing.assert_allclose(value(d3), 8 * np.exp(3.0), rtol=1e-5)


def test_persistent_tape_records_its_own_gradient_inside_the_context(caplog):
    x = tf.Variable(3.0)
    with tf.GradientTape(persistent=True) as tape:
        y = x * x * x
        dy = tape.gradient(y, x)
    assert value(dy) == 27.0
    assert value(tape.gradient(dy, x)) == 18.0


# --- jacobians -------------------------------------------------------------------------
def test_jacobian_of_a_matrix_product():
    w = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], np.float32)
    x = tf.constant([0.5, -1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reshape(tf.matmul(tf.constant(w), tf.reshape(x, [3, 1])), [2])
    j = tape.jacobian(y, x)
    assert j.shape == (2, 3)
    np.testing.assert_allclose(value(j), w)


def test_jacobian_shapes_structure_and_unconnected():
    x, b, unused = tf.Variable([[1.0, 2.0]]), tf.Variable(3.0), tf.Variable([1.0, 1.0])
    with tf.GradientTape(persistent=True) as tape:
        y = x * b                                     # shape (1, 2)
    jx, jb, ju = tape.jacobian(y, [x, b, unused])
    assert jx.shape == (1, 2, 1, 2) and jb.shape == (1, 2)
    np.testing.assert_array_equal(value(jx).reshape(2, 2), 3.0 * np.eye(2))
    np.testing.assert_array_equal(value(jb), [[1.0, 2.0]])
    assert ju is None
    jz = tape.jacobian(y, {"u": unused}, unconnected_gradients="zero")["u"]
    assert jz.shape == (1, 2, 2) and not value(jz).any()


def test_jacobian_on_a_non_persistent_tape_is_allowed_once():
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    tape.jacobian(y, x)
    with pytest.raises(RuntimeError, match="non-persistent"):
        tape.jacobian(y, x)
    with pytest.raises(RuntimeError, match="persistent=True"):
        tf.GradientTape().jacobian(y, x, experimental_use_pfor=False)


def test_hessian_from_nested_tapes_and_jacobian():
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = tf.reduce_sum(x * x * x)
        g = inner.gradient(y, x)
    np.testing.assert_allclose(value(outer.jacobian(g, x)), np.diag([6.0, 12.0]))


def test_batch_jacobian():
    x = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = tf.matmul(x * x, tf.constant([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]]))   # (3, 3)
    j = tape.batch_jacobian(y, x)
    assert j.shape == (3, 3, 2)
    full = value(tape.jacobian(y, x))                                          # (3, 3, 3, 2)
    for b in range(3):
        np.testing.assert_allclose(value(j)[b], full[b, :, b, :])
    unused = tf.Variable([[1.0], [1.0], [1.0]])
    assert tape.batch_jacobian(y, unused) is None
    with pytest.raises(ValueError, match="Need first dimension of target shape"):
        tape.batch_jacobian(y, tf.zeros([2, 2]))
    with pytest.raises(ValueError, match="must have rank at least 2"):
        tape.batch_jacobian(tf.reshape(y, [9]), x)


@settings(max_examples=25, deadline=None)
@given(hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=2, max_side=3),
                  elements=st.floats(-3, 3)))
def test_jacobian_rows_sum_to_the_gradient_of_the_sum(a):
    x = tf.constant(a)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x * tf.constant(np.arange(a.size, dtype=np.float64).reshape(a.shape))
        total = tf.reduce_sum(y)
    j = value(tape.jacobian(y, x)).reshape(a.size, a.size)
    np.testing.assert_allclose(j.sum(axis=0), value(tape.gradient(total, x)).reshape(-1))
    np.testing.assert_allclose(np.diag(j), 2 * a.reshape(-1) * np.arange(a.size))


# --- custom_gradient -------------------------------------------------------------------
@tf.custom_gradient
def log1pexp(x):
    e = tf.exp(x)

    def grad(upstream):
        return upstream * (1 - 1 / (1 + e))
    return tf.math.log(1 + e), grad


def test_custom_gradient_replaces_the_gradient():
    x = tf.constant(100.0, tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = log1pexp(x)
    assert value(tape.gradient(y, x)) == 1.0


def test_custom_gradient_second_order_flows_through_tensors_from_f():
    x = tf.constant(0.5, tf.float64)
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = log1pexp(x)
        g = inner.gradient(y, x)
    sigmoid = 1 / (1 + np.exp(-0.5))
    np.testing.assert_allclose(value(g), sigmoid)
    np.testing.assert_allclose(value(outer.gradient(g, x)), sigmoid * (1 - sigmoid))


def test_custom_gradient_with_several_inputs_and_outputs():
    @tf.custom_gradient
    def pair(a, b):
        def grad(d_sum, d_prod):
            return [d_sum + d_prod * 100.0, d_sum]     # deliberately not the true gradient
        return (a + b, a * b), grad

    a, b = tf.constant(2.0), tf.constant(3.0)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([a, b])
        s, p = pair(a, b)
    assert value(s) == 5.0 and value(p) == 6.0
    ga, gb = tape.gradient([s, p], [a, b])
    assert value(ga) == 101.0 and value(gb) == 1.0
    ga, gb = tape.gradient(s, [a, b])                  # d_prod arrives as zeros
    assert value(ga) == 1.0 and value(gb) == 1.0


def test_custom_gradient_with_variables():
    w = tf.Variable(3.0)

    @tf.custom_gradient
    def scaled(x):
        def grad(dy, variables):
            assert variables == [w]
            return dy * 10.0, [dy * 20.0]
        return x * w, grad

    x = tf.constant(2.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = scaled(x)
    gx, gw = tape.gradient(y, [x, w])
    assert value(gx) == 10.0 and value(gw) == 20.0


def test_custom_gradient_errors():
    w = tf.Variable(3.0)

    @tf.custom_gradient
    def no_variables_kwarg(x):
        return x * w, lambda dy: dy

    @tf.custom_gradient
    def too_many(x):
        return x * 2.0, lambda dy: [dy, dy]

    x = tf.constant(1.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        with pytest.raises(TypeError, match="must accept keyword argument 'variables'"):
            no_variables_kwarg(x)
        y = too_many(x)
    with pytest.raises(ValueError, match="expected to return 1 gradients, but returned 2 instead"):
        tape.gradient(y, x)


def test_custom_gradient_on_a_method_and_as_a_decorator_factory():
    class Scaler:
        factor = 4.0

        @tf.custom_gradient()
        def __call__(self, x):
            return x * self.factor, lambda dy: dy * -1.0

    x = tf.constant(1.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = Scaler()(x)
    assert value(y) == 4.0 and value(tape.gradient(y, x)) == -1.0
    assert Scaler.__call__.__name__ == "__call__"


def test_custom_gradient_without_a_tape_just_computes():
    assert value(log1pexp(tf.constant(0.0))) == pytest.approx(np.log(2.0))
