"""AutoGraph: Python control flow in tf.function becomes graph control flow on tensors, stays Python otherwise."""
import numpy as np
import pytest

import neuroflow as tf
from neuroflow.autograph import conversion


def _op_types(function, *args):
    return [op.type for op in function.get_concrete_function(*args).graph.get_operations()]


# --- if ---------------------------------------------------------------------------------------------
def test_if_elif_else_on_tensors_becomes_cond():
    @tf.function
    def sign(x):
        if x > 0:
            s = 1.0
        elif x < 0:
            s = -1.0
        else:
            s = 0.0
        return s

    assert [sign(tf.constant(v)).numpy() for v in (3.0, -2.0, 0.0)] == [1.0, -1.0, 0.0]
    assert sign.experimental_get_tracing_count() == 1   # one graph holds every branch
    assert "Case" in _op_types(sign, tf.constant(1.0))


def test_if_on_python_values_is_decided_while_tracing():
    @tf.function
    def scale(x, training):
        if training:
            x = x * 2.0
        return x

    assert scale(tf.constant(1.0), True).numpy() == 2.0
    assert scale(tf.constant(1.0), False).numpy() == 1.0
    assert "Case" not in _op_types(scale, tf.constant(1.0), True)


def test_early_return_under_a_tensor_condition():
    @tf.function
    def absolute(x):
        if x < 0:
            return -x
        return x

    assert absolute(tf.constant(-4)).numpy() == 4 and absolute(tf.constant(5)).numpy() == 5


def test_branches_may_differ_in_python_numbers_and_keep_objects():
    calls = []

    @tf.function
    def f(x):
        found = False
        if tf.reduce_sum(x) > 0:
            found = True
            calls.append("traced")   # a closure's list: plain Python, appended while tracing
        return found

    assert f(tf.constant([1.0])).numpy() and not f(tf.constant([-1.0])).numpy()
    assert calls == ["traced"]


# --- boolean operators, assert, len --------------------------------------------------------------------
def test_and_or_not_are_lazy_on_tensors():
    @tf.function
    def in_range(x):
        return x > 0 and x < 10 or not x < 100

    assert [bool(in_range(tf.constant(v)).numpy()) for v in (5, 50, 500, -1)] == [True, False, True, False]

    @tf.function
    def python_short_circuit(x, flag):
        return flag and x > 0

    assert python_short_circuit(tf.constant(1), False) is False   # `x > 0` never ran


def test_assert_checks_when_the_graph_runs():
    @tf.function
    def positive(x):
        assert x > 0, "x must be positive"
        return x

    assert positive(tf.constant(1.0)).numpy() == 1.0
    with pytest.raises(tf.errors.InvalidArgumentError, match="x must be positive"):
        positive(tf.constant(-1.0))


def test_len_of_tensors_and_tensor_arrays():
    @tf.function
    def lengths(x):
        ta = tf.TensorArray(tf.float32, size=4)
        return len(x) + len(ta)

    assert lengths(tf.ones([3, 2])).numpy() == 7


# --- while -------------------------------------------------------------------------------------------
def test_while_on_a_tensor_becomes_a_loop():
    @tf.function
    def collatz_steps(n):
        steps = 0
        while n != 1:
            if n % 2 == 0:
                n = n // 2
            else:
                n = 3 * n + 1
            steps += 1
        return steps

    assert collatz_steps(tf.constant(27)).numpy() == 111
    assert collatz_steps(tf.constant(6)).numpy() == 8
    assert collatz_steps.experimental_get_tracing_count() == 1
    assert "While" in _op_types(collatz_steps, tf.constant(6))


def test_while_with_break_and_continue():
    @tf.function
    def f(n):
        i = 0
        total = 0
        while i < n:
            i += 1
            if i % 2 == 0:
                continue
            if i > 7:
                break
            total += i
        return total

    assert f(tf.constant(20)).numpy() == 1 + 3 + 5 + 7
    assert f(tf.constant(4)).numpy() == 1 + 3


def test_python_while_unrolls():
    @tf.function
    def f(x):
        n = 3
        while n > 0:
            x = x * 2.0
            n -= 1
        return x

    assert f(tf.constant(1.0)).numpy() == 8.0
    assert _op_types(f, tf.constant(1.0)).count("Mul") == 3


# --- for -----------------------------------------------------------------------------------------------
def test_for_over_tf_range_with_break_and_continue():
    @tf.function
    def odd_sum(n):
        s = tf.constant(0)
        for i in tf.range(n):
            if i % 2 == 0:
                continue
            if i > 7:
                break
            s += i
        return s

    assert odd_sum(tf.constant(20)).numpy() == 16 and odd_sum(tf.constant(5)).numpy() == 4
    assert odd_sum.experimental_get_tracing_count() == 1


def test_range_with_a_tensor_bound_and_steps():
    @tf.function
    def f(start, stop):
        s = 0
        for i in range(start, stop, 3):
            s += i
        return s

    assert f(tf.constant(2), tf.constant(12)).numpy() == 2 + 5 + 8 + 11


def test_for_over_a_tensor_iterates_its_rows():
    @tf.function
    def row_norms(m):
        total = tf.zeros([])
        for row in m:
            total += tf.reduce_sum(row * row)
        return total

    m = np.arange(6, dtype=np.float32).reshape(3, 2)
    assert row_norms(tf.constant(m)).numpy() == pytest.approx((m * m).sum())
    assert "While" in _op_types(row_norms, tf.constant(m))


def test_for_over_python_lists_unrolls():
    @tf.function
    def f(x):
        for scale in [1.0, 2.0, 3.0]:
            x = x * scale
        return x

    assert f(tf.constant(1.0)).numpy() == 6.0
    assert "While" not in _op_types(f, tf.constant(1.0))


def test_return_inside_a_python_loop():
    @tf.function
    def first_above(x, limits):
        for limit in limits:
            if limit > 2:
                return x * limit
        return x

    assert first_above(tf.constant(1.0), [1.0, 3.0, 5.0]).numpy() == 3.0


def test_list_append_in_a_tensor_loop_becomes_a_tensor_array():
    @tf.function
    def squares(n):
        out = []
        for i in tf.range(n):
            out.append(i * i)
        return tf.stack(out)

    assert squares(tf.constant(4)).numpy().tolist() == [0, 1, 4, 9]
    assert squares(tf.constant(6)).numpy().tolist() == [0, 1, 4, 9, 16, 25]


def test_shape_invariants_through_set_loop_options():
    @tf.function
    def doubled(n):
        x = tf.constant([1.0])
        for _ in tf.range(n):
            tf.autograph.experimental.set_loop_options(shape_invariants=[(x, tf.TensorShape([None]))])
            x = tf.concat([x, x], 0)
        return x

    assert doubled(tf.constant(3)).numpy().tolist() == [1.0] * 8


def test_loops_are_differentiable_inside_the_function():
    @tf.function
    def power_and_gradient(x, n):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.ones_like(x)
            for _ in tf.range(n):
                y = y * x
        return y, tape.gradient(y, x)

    y, dy = power_and_gradient(tf.constant(3.0), tf.constant(4))
    assert y.numpy() == 81.0 and dy.numpy() == pytest.approx(4 * 27.0)


# --- what gets converted -----------------------------------------------------------------------------------
def helper_abs(x):
    if x < 0:
        return -x
    return x


class Scaler(tf.Module):
    def __init__(self):
        super().__init__()
        self.factor = tf.Variable(3.0)

    def gated(self, x):
        if x > 0:
            return x * self.factor
        return x

    @tf.function
    def __call__(self, x):
        return self.gated(x)


def test_called_user_functions_and_methods_are_converted():
    @tf.function
    def f(x):
        return helper_abs(x) + 1

    assert f(tf.constant(-2)).numpy() == 3
    scaler = Scaler()
    assert scaler(tf.constant(2.0)).numpy() == 6.0 and scaler(tf.constant(-2.0)).numpy() == -2.0


def test_do_not_convert_runs_as_python():
    @tf.autograph.experimental.do_not_convert
    def raw(x):
        if x > 0:
            return x
        return -x

    @tf.function
    def f(x):
        return raw(x)

    with pytest.raises(tf.errors.OperatorNotAllowedInGraphError):
        f(tf.constant(1.0))


def test_autograph_false_leaves_python_control_flow():
    @tf.function(autograph=False)
    def f(x):
        if x > 0:
            return x
        return -x

    with pytest.raises(tf.errors.OperatorNotAllowedInGraphError, match="tf.cond"):
        f(tf.constant(1.0))


def test_conversion_is_cached_by_code_object():
    def make(k):
        def scaled(x):
            if x > 0:
                return x * k
            return x
        return scaled

    first, second = make(2.0), make(3.0)
    assert conversion.convert(first) is not first
    entry = conversion._cache[first.__code__]
    conversion.convert(second)
    assert conversion._cache[second.__code__] is entry   # one conversion per code object
    assert tf.function(second)(tf.constant(1.0)).numpy() == 3.0   # each closure keeps its own values


def test_library_code_is_not_converted():
    assert conversion.convert(tf.nn.relu) is tf.nn.relu
    assert conversion.convert(np.mean) is np.mean
    identity = lambda x: x  # noqa: E731 - lambdas run as they are
    assert conversion.convert(identity) is identity


# --- to_code, to_graph, verbosity -------------------------------------------------------------------------------
def test_to_code_prints_readable_python():
    def f(x):
        while x > 1:
            x = x / 2
        return x

    code = tf.autograph.to_code(f)
    assert code.startswith("def tf__f(x):")
    assert "ag__.while_stmt(loop_test_1, loop_body_2, (x,), ('x',))" in code
    compile(code, "<to_code>", "exec")   # valid Python
    assert tf.autograph.to_code(tf.function(f)) == code


def test_to_graph_returns_the_converted_function():
    def f(x):
        if x > 0:
            x = x * 10
        return x

    converted = tf.autograph.to_graph(f)
    assert converted(5) == 50   # Python values: Python semantics
    assert tf.function(converted, autograph=False)(tf.constant(-1)).numpy() == -1


def test_set_verbosity_logs_conversions(caplog):
    import logging

    def f(x):
        return x + 1

    tf.autograph.set_verbosity(1)
    try:
        with caplog.at_level(logging.INFO, logger="tensorflow"):
            tf.function(f)(tf.constant(1))
    finally:
        tf.autograph.set_verbosity(0)
    assert any("converted" in r.message and "f" in r.message for r in caplog.records)


def test_tf_trace_prints_while_tracing(capsys):
    @tf.function
    def f(x):
        tf.autograph.trace("tracing", x.shape)
        return x

    f(tf.constant([1.0]))
    f(tf.constant([2.0]))
    assert capsys.readouterr().out == "tracing (1,)\n"


def test_keras_layer_call_and_train_step_are_converted():
    from neuroflow import keras

    class Gate(keras.layers.Layer):
        def call(self, x):
            if tf.reduce_sum(x) > 0:
                return x * 2.0
            return -x

    gate = Gate()
    f = tf.function(lambda x: gate(x))
    assert f(tf.constant([1.0, 2.0])).numpy().tolist() == [2.0, 4.0]
    assert f(tf.constant([-1.0, -2.0])).numpy().tolist() == [1.0, 2.0]

    class Clipped(keras.Model):
        def train_step(self, data):
            x, y = data
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean((self(x) - y) ** 2)
                if loss > 100.0:   # a tensor condition in a user train_step
                    loss = loss / 100.0
            grads = tape.gradient(loss, self.trainable_variables)
            self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
            return {"loss": loss}

    inputs = keras.Input((1,))
    model = Clipped(inputs, keras.layers.Dense(1)(inputs))
    model.compile("sgd")
    history = model.fit(np.ones((8, 1), "float32"), np.ones((8, 1), "float32"), epochs=2, batch_size=4, verbose=0)
    assert len(history.history["loss"]) == 2


def test_nonlocal_and_closures_are_the_users_own():
    traced = 0

    def count_traces(x, double):
        nonlocal traced
        if double:
            traced += 1   # a Python branch assigning a nonlocal: reaches `traced` above
            x = x * 2
        if x > 0:
            x = x + 1
        return x

    f = tf.function(count_traces)
    assert f(tf.constant(1), True).numpy() == 3 and f(tf.constant(-1), False).numpy() == -1
    assert traced == 1


def test_results_passed_through_a_branch_stay_valid_after_later_calls():
    @tf.function
    def maybe_doubled(x):
        if (y := x * 2) > 0:
            x = y   # the true branch returns `y`, a value computed outside the cond
        return x

    first = maybe_doubled(tf.constant(3.0))
    second = maybe_doubled(tf.constant(-3.0))
    assert first.numpy() == 6.0 and second.numpy() == -3.0


def test_tensor_ranges_count_down_and_break_on_python_flags():
    @tf.function
    def total(start, stop, step):
        s = 0
        for i in tf.range(start, stop, step):
            s += i
        return s

    assert total(tf.constant(10), tf.constant(0), tf.constant(-3)).numpy() == sum(range(10, 0, -3))
    assert total(tf.constant(0), tf.constant(10), tf.constant(3)).numpy() == sum(range(0, 10, 3))

    @tf.function
    def prefix(n, stop_early):
        s = 0
        for i in range(n):
            if stop_early and i > 2:
                break
            s += i
        return s

    assert prefix(tf.constant(10), True).numpy() == 3 and prefix(tf.constant(10), False).numpy() == 45
