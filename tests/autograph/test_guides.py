"""The TensorFlow guides "Better performance with tf.function" and "Introduction to graphs", cell by cell.

Each test is one notebook cell's pattern (our own code, written from the guides' content): what
the cell computes, what it prints, how often it traces.
"""
import numpy as np
import pytest

import neuroflow as tf


# --- Better performance with tf.function -----------------------------------------------------------------
def test_basics_add_and_its_gradient():
    @tf.function
    def add(a, b):
        return a + b

    assert add(tf.ones([2, 2]), tf.ones([2, 2])).numpy().tolist() == [[2.0, 2.0], [2.0, 2.0]]
    v = tf.Variable(1.0)
    with tf.GradientTape() as tape:
        result = add(v, 1.0)
    assert tape.gradient(result, v).numpy() == 1.0


def test_functions_calling_functions():
    @tf.function
    def add(a, b):
        return a + b

    @tf.function
    def dense_layer(x, w, b):
        return add(tf.matmul(x, w), b)

    out = dense_layer(tf.ones([3, 2]), tf.ones([2, 2]), tf.ones([2]))
    assert out.numpy().tolist() == [[3.0, 3.0]] * 3


def test_tracing_once_per_dtype(capsys):
    @tf.function
    def double(a):
        print("Tracing with", a)
        return a + a

    assert double(tf.constant(1)).numpy() == 2
    assert double(tf.constant(1.1)).numpy() == pytest.approx(2.2)
    assert double(tf.constant(3)).numpy() == 6   # int32 again: no new trace
    out = capsys.readouterr().out.splitlines()
    assert out == ['Tracing with Tensor("a:0", shape=(), dtype=int32)',
                   'Tracing with Tensor("a:0", shape=(), dtype=float32)']
    assert double.experimental_get_tracing_count() == 2


def test_input_signature_limits_retracing(capsys):
    @tf.function(input_signature=(tf.TensorSpec(shape=[None], dtype=tf.int32),))
    def next_collatz(x):
        print("Tracing with", x)
        return tf.where(x % 2 == 0, x // 2, 3 * x + 1)

    assert next_collatz(tf.constant([1, 2])).numpy().tolist() == [4, 1]
    assert next_collatz(tf.constant([1, 2, 3, 4, 5])).numpy().tolist() == [4, 1, 10, 2, 16]
    with pytest.raises(TypeError):
        next_collatz(tf.constant([[1, 2], [3, 4]]))   # wrong rank for the signature
    with pytest.raises(TypeError):
        next_collatz(tf.constant([1.0, 2.0]))          # wrong dtype
    # (TensorFlow traces once for the [None] signature; neuroflow's graphs have static shapes and
    # trace once per length, so the guide's single "Tracing with" line shows once per length here.)
    assert "Tracing with" in capsys.readouterr().out


def test_print_runs_while_tracing_tf_print_on_every_call(capsys):
    import sys

    @tf.function
    def f(x):
        print("Traced with", x)
        tf.print("Executed with", x, output_stream=sys.stdout)

    f(1)
    f(1)
    f(2)
    assert capsys.readouterr().out.splitlines() == [
        "Traced with 1", "Executed with 1", "Executed with 1", "Traced with 2", "Executed with 2"]


def test_python_lists_outside_the_function_change_only_while_tracing():
    external_list = []

    @tf.function
    def side_effect(x):
        external_list.append(x)   # a Python side effect: happens when tracing

    side_effect(tf.constant(1))
    side_effect(tf.constant(1))
    side_effect(tf.constant(1))
    assert len(external_list) == 1


def test_variables_created_only_on_the_first_call():
    class Count(tf.Module):
        def __init__(self):
            super().__init__()
            self.count = None

        @tf.function
        def __call__(self):
            if self.count is None:   # a Python condition: decided while tracing
                self.count = tf.Variable(0)
            return self.count.assign_add(1)

    c = Count()
    assert c().numpy() == 1 and c().numpy() == 2


def test_autograph_while_loop_on_a_tensor(capsys):
    import sys

    @tf.function
    def f(x):
        while tf.reduce_sum(x) > 1:
            tf.print(x, output_stream=sys.stdout)
            x = tf.tanh(x)
        return x

    result = f(tf.constant([0.9, 0.8, 0.7]))
    lines = capsys.readouterr().out.splitlines()
    expected = np.array([0.9, 0.8, 0.7], np.float32)
    steps = 0
    while expected.sum() > 1:
        expected = np.tanh(expected)
        steps += 1
    assert len(lines) == steps and result.numpy() == pytest.approx(expected, rel=1e-6)


def test_fizzbuzz_with_if_elif_else_in_a_tf_range_loop(capsys):
    import sys

    @tf.function
    def fizzbuzz(n):
        for i in tf.range(1, n + 1):
            if i % 15 == 0:
                tf.print("FizzBuzz", output_stream=sys.stdout)
            elif i % 3 == 0:
                tf.print("Fizz", output_stream=sys.stdout)
            elif i % 5 == 0:
                tf.print("Buzz", output_stream=sys.stdout)
            else:
                tf.print(i, output_stream=sys.stdout)

    fizzbuzz(tf.constant(15))
    expected = ["FizzBuzz" if i % 15 == 0 else "Fizz" if i % 3 == 0 else "Buzz" if i % 5 == 0 else str(i)
                for i in range(1, 16)]
    assert capsys.readouterr().out.splitlines() == expected


def test_python_range_unrolls_tf_range_loops():
    @tf.function
    def python_range(x):
        for i in range(3):
            x = x + i
        return x

    @tf.function
    def tensor_range(x):
        for i in tf.range(3):
            x = x + tf.cast(i, tf.float32)
        return x

    def op_types(f):
        return [op.type for op in f.get_concrete_function(tf.constant(0.0)).graph.get_operations()]

    assert python_range(tf.constant(0.0)).numpy() == tensor_range(tf.constant(0.0)).numpy() == 3.0
    assert op_types(python_range).count("AddV2") == 3 and "While" not in op_types(python_range)
    assert "While" in op_types(tensor_range)


def test_accumulating_values_in_a_loop_with_a_tensor_array():
    batch_size, seq_len, feature_size = 2, 3, 4

    def rnn_step(inp, state):
        return inp + state

    @tf.function
    def dynamic_rnn(rnn_step, input_data, initial_state):
        input_data = tf.transpose(input_data, [1, 0, 2])   # [batch, time, features] -> [time, batch, features]
        max_seq_len = input_data.shape[0]
        states = tf.TensorArray(tf.float32, size=max_seq_len)
        state = initial_state
        for i in tf.range(max_seq_len):
            state = rnn_step(input_data[i], state)
            states = states.write(i, state)
        return tf.transpose(states.stack(), [1, 0, 2])

    data = np.random.default_rng(0).random((batch_size, seq_len, feature_size)).astype(np.float32)
    result = dynamic_rnn(rnn_step, tf.constant(data), tf.zeros([batch_size, feature_size]))
    assert result.shape == (batch_size, seq_len, feature_size)
    assert result.numpy() == pytest.approx(np.cumsum(data, axis=1), rel=1e-6)


def test_to_code_shows_the_conversion():
    def f(x):
        if x > 0:
            x = x * x
        return x

    code = tf.autograph.to_code(f)
    assert "ag__.if_stmt(x > 0, if_true_1, if_false_2, (x,), ('x',))" in code


# --- Introduction to graphs ------------------------------------------------------------------------------
def test_a_function_and_its_graph_agree():
    def a_regular_function(x, y, b):
        x = tf.matmul(x, y)
        return x + b

    a_function_that_uses_a_graph = tf.function(a_regular_function)
    x1, y1, b1 = tf.constant([[1.0, 2.0]]), tf.constant([[2.0], [3.0]]), tf.constant(4.0)
    assert a_regular_function(x1, y1, b1).numpy() == a_function_that_uses_a_graph(x1, y1, b1).numpy() == 12.0


def test_inner_functions_are_part_of_the_graph():
    def inner_function(x, y, b):
        return tf.matmul(x, y) + b

    @tf.function
    def outer_function(x):
        return inner_function(x, tf.constant([[2.0], [3.0]]), tf.constant(1.0))

    assert outer_function(tf.constant([[1.0, 2.0]])).numpy() == 9.0
    types = [op.type for op in outer_function.get_concrete_function(tf.constant([[1.0, 2.0]])).graph.get_operations()]
    assert "MatMul" in types


def test_simple_relu_converted_to_a_graph():
    def simple_relu(x):
        if tf.greater(x, 0):
            return x
        else:
            return 0

    tf_simple_relu = tf.function(simple_relu)
    assert tf_simple_relu(tf.constant(1)).numpy() == 1 and tf_simple_relu(tf.constant(-1)).numpy() == 0
    assert "ag__.if_stmt(" in tf.autograph.to_code(simple_relu)
    graph_def = tf_simple_relu.get_concrete_function(tf.constant(1)).graph.as_graph_def()
    assert {"Greater", "Case"} <= {node.op for node in graph_def.node}


def test_polymorphism_one_graph_per_signature():
    @tf.function
    def my_relu(x):
        return tf.maximum(0.0, x)

    assert my_relu(tf.constant(5.5)).numpy() == 5.5
    assert my_relu([1, -1]).numpy().tolist() == [1.0, 0.0]
    assert my_relu(tf.constant([3.0, -3.0])).numpy().tolist() == [3.0, 0.0]
    assert my_relu.experimental_get_tracing_count() == 3
    my_relu(tf.constant(-2.5))
    my_relu(tf.constant([-1.0, 1.0]))
    assert my_relu.experimental_get_tracing_count() == 3   # known signatures: no new graphs


def test_run_functions_eagerly_for_debugging(capsys):
    @tf.function
    def get_mse(y_true, y_pred):
        print("Calculating MSE!")
        return tf.reduce_mean(tf.pow(y_true - y_pred, 2))

    y_true = tf.constant([1, 2, 3])
    y_pred = tf.constant([1, 1, 1])
    for _ in range(3):
        error = get_mse(y_true, y_pred)
    assert capsys.readouterr().out.count("Calculating MSE!") == 1
    tf.config.run_functions_eagerly(True)
    try:
        for _ in range(3):
            error = get_mse(y_true, y_pred)
    finally:
        tf.config.run_functions_eagerly(False)
    assert capsys.readouterr().out.count("Calculating MSE!") == 3
    assert error.numpy() == 1   # (0 + 1 + 4) // 3 in int32


def test_tracing_happens_per_new_python_value(capsys):
    @tf.function
    def side_effect(x):
        print("Tracing!")
        return x * x + tf.constant(2)

    side_effect(tf.constant(2))
    side_effect(tf.constant(3))
    assert capsys.readouterr().out.count("Tracing!") == 1
    side_effect(2)
    side_effect(3)
    assert capsys.readouterr().out.count("Tracing!") == 2


def test_a_training_loop_over_a_dataset_in_a_function():
    x = np.linspace(-1, 1, 40, dtype=np.float32).reshape(-1, 1)
    y = 3 * x + 1
    dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(16)   # batches of 16, 16 and 8
    w, b = tf.Variable([[0.0]]), tf.Variable([0.0])

    @tf.function
    def train_epoch(dataset):
        total = tf.constant(0.0)
        for xb, yb in dataset:
            with tf.GradientTape() as tape:
                loss = tf.reduce_mean((xb @ w + b - yb) ** 2)
            dw, db = tape.gradient(loss, [w, b])
            w.assign_sub(0.5 * dw)
            b.assign_sub(0.5 * db)
            total += loss
        return total

    losses = [train_epoch(dataset).numpy() for _ in range(30)]
    assert train_epoch.experimental_get_tracing_count() == 1
    assert losses[-1] < 1e-3 < losses[0]
    assert w.numpy()[0, 0] == pytest.approx(3.0, abs=0.05) and b.numpy()[0] == pytest.approx(1.0, abs=0.05)
