"""tf.function: tracing rules, caching, side effects, variables, concrete functions, errors."""
import logging
import sys

import numpy as np
import pytest

import neuroflow as tf


def test_traces_once_per_signature_and_by_python_value():
    traces = []

    @tf.function
    def f(x, scale):
        traces.append((tuple(x.shape), scale))
        return x * scale

    a = tf.constant([1.0, 2.0])
    assert f(a, 2.0).numpy().tolist() == [2.0, 4.0]
    assert f(tf.constant([5.0, 6.0]), 2.0).numpy().tolist() == [10.0, 12.0]
    assert len(traces) == 1
    f(a, 3.0)                              # new Python value: retrace
    f(tf.constant([1.0, 2.0, 3.0]), 2.0)   # new shape: retrace
    f(tf.constant([1, 2]), 2)              # new dtype: retrace
    assert [t[1] for t in traces] == [2.0, 3.0, 2.0, 2]
    assert f.experimental_get_tracing_count() == 4


def test_numpy_arrays_are_traced_like_tensors():
    traces = []

    @tf.function
    def f(x):
        traces.append(1)
        return x + 1.0

    f(np.ones(3, np.float32))
    out = f(np.zeros(3, np.float32))
    assert out.numpy().tolist() == [1.0, 1.0, 1.0] and len(traces) == 1


def test_python_print_at_trace_time_tf_print_every_call(capsys):
    @tf.function
    def f(x):
        print("python", x.shape)
        tf.print("tf", x, output_stream=sys.stdout)
        return x

    f(tf.constant([1, 2]))
    f(tf.constant([3, 4]))
    assert capsys.readouterr().out == "python (2,)\ntf [1 2]\ntf [3 4]\n"


def test_assignments_and_prints_keep_program_order(capsys):
    v = tf.Variable(0)

    @tf.function
    def f():
        tf.print("before", v, output_stream=sys.stdout)
        v.assign_add(1)
        tf.print("after", v, output_stream=sys.stdout)
        first = v.read_value()
        v.assign(10)
        return first, v.read_value()

    first, second = f()
    assert (first.numpy(), second.numpy()) == (1, 10)
    assert capsys.readouterr().out == "before 0\nafter 1\n"


def test_variables_created_only_on_first_trace():
    class Counter:
        def __init__(self):
            self.v = None

        @tf.function
        def __call__(self, x):
            if self.v is None:
                self.v = tf.Variable(tf.zeros_like(x))
            self.v.assign_add(x)
            return self.v.read_value()

    c = Counter()
    assert c(tf.constant([1.0])).numpy().tolist() == [1.0]
    assert c(tf.constant([2.0])).numpy().tolist() == [3.0]

    @tf.function
    def creates_every_time(x):
        return tf.Variable(1.0) + x

    with pytest.raises(ValueError, match="singleton tf.Variables created on the first call"):
        creates_every_time(tf.constant(1.0))


def test_new_variables_on_a_later_trace_raise():
    made = []

    @tf.function
    def f(x):
        if not made or x.shape[0] == 3:
            made.append(tf.Variable(1.0))
        return x * made[-1]

    f(tf.constant([1.0]))  # the first trace may create a variable
    with pytest.raises(ValueError, match="created on the first call"):
        f(tf.constant([1.0, 2.0, 3.0]))


def test_retracing_warning(caplog):
    @tf.function
    def f(x):
        return x

    with caplog.at_level(logging.WARNING, logger="tensorflow"):
        for n in range(1, 7):
            f(tf.zeros([n]))
    messages = [r.getMessage() for r in caplog.records]
    assert any("5 out of the last 5 calls to" in m and "triggered tf.function retracing" in m
               for m in messages)


def test_reduce_retracing_silences_shape_only_retraces(caplog):
    @tf.function(reduce_retracing=True)
    def f(x):
        return x

    with caplog.at_level(logging.WARNING, logger="tensorflow"):
        for n in range(1, 8):
            f(tf.zeros([n]))
    assert not caplog.records


def test_run_functions_eagerly():
    calls = []

    @tf.function
    def f(x):
        calls.append(type(x).__name__)
        return x + 1

    tf.config.run_functions_eagerly(True)
    try:
        assert tf.config.functions_run_eagerly()
        f(tf.constant(1))
        f(tf.constant(1))
    finally:
        tf.config.run_functions_eagerly(False)
    assert calls == ["Tensor", "Tensor"]
    f(tf.constant(1))
    assert calls[-1] == "SymbolicTensor"


def test_concrete_function_graph_and_outputs():
    @tf.function
    def f(x, y):
        return {"sum": x + y, "prod": x * y, "n": 3}

    cf = f.get_concrete_function(tf.TensorSpec([2], tf.float32), tf.TensorSpec([2], tf.float32))
    assert [op.type for op in cf.graph.get_operations()] == ["Placeholder", "Placeholder", "AddV2", "Mul"]
    assert [t.name for t in cf.graph.inputs] == ["x:0", "y:0"]
    assert sorted(t.name for t in cf.graph.outputs) == ["add:0", "mul:0"]
    assert cf.structured_outputs["n"] == 3
    assert str(cf.structured_outputs["sum"]) == 'Tensor("add:0", shape=(2,), dtype=float32)'
    assert cf.structured_input_signature == ((tf.TensorSpec([2], tf.float32, "x"),
                                              tf.TensorSpec([2], tf.float32, "y")), {})
    out = cf(tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0]))
    assert out["prod"].numpy().tolist() == [3.0, 8.0] and out["n"] == 3
    listing = cf.graph.as_graph_def()
    assert [n.op for n in listing.node][2:] == ["AddV2", "Mul"] and listing.node[2].input == ["x", "y"]
    assert "np.add(x, y)" in cf.source and "np.multiply(x, y)" in cf.source


def test_concrete_function_rejects_wrong_shape_or_dtype():
    @tf.function
    def f(x):
        return x * 2

    cf = f.get_concrete_function(tf.TensorSpec([2], tf.float32))
    with pytest.raises(TypeError, match=r"argument `x` must be a float32 tensor of shape \(2,\).*int32"):
        cf(tf.constant([1, 2]))
    with pytest.raises(TypeError, match=r"shape \(3,\)"):
        cf(tf.constant([1.0, 2.0, 3.0]))


def test_input_signature_with_unknown_dimensions():
    traces = []

    @tf.function(input_signature=[tf.TensorSpec([None, 2], tf.float32)])
    def f(x):
        traces.append(1)
        return tf.reduce_sum(x, axis=1)

    assert f(tf.ones([3, 2])).numpy().tolist() == [2.0, 2.0, 2.0]
    assert f([[1.0, 2.0]]).numpy().tolist() == [3.0]
    with pytest.raises(TypeError, match="input_signature|shape"):
        f(tf.ones([3, 3]))
    with pytest.raises(TypeError, match="float32"):
        f(tf.ones([3, 2], tf.int32))
    cf = f.get_concrete_function()
    assert cf.graph.inputs[0].shape.as_list() == [None, 2]
    assert cf.outputs[0].shape.as_list() == [None]
    assert cf(tf.ones([5, 2])).numpy().tolist() == [2.0] * 5


def test_tensor_dependent_python_control_flow_explains_the_fix():
    @tf.function(autograph=False)   # with AutoGraph (the default) this `if` becomes tf.cond
    def f(x):
        if x > 0:
            return x
        return -x

    with pytest.raises(TypeError, match="tf.cond"):
        f(tf.constant(1.0))

    @tf.function
    def g(x):
        return x.numpy()

    with pytest.raises(NotImplementedError, match="eager execution"):
        g(tf.constant(1.0))


def test_methods_bind_per_instance():
    class Scaler(tf.Module):
        def __init__(self, k):
            super().__init__()
            self.k = tf.Variable(k)

        @tf.function
        def __call__(self, x):
            return x * self.k

    a, b = Scaler(2.0), Scaler(3.0)
    assert a(tf.constant(1.0)).numpy() == 2.0 and b(tf.constant(1.0)).numpy() == 3.0


def test_nested_functions_inline():
    @tf.function
    def inner(x):
        return x * 2.0

    @tf.function
    def outer(x):
        return inner(x) + 1.0

    assert outer(tf.constant(1.0)).numpy() == 3.0
    ops = [op.type for op in outer.get_concrete_function(tf.constant(1.0)).graph.get_operations()]
    assert ops == ["Placeholder", "Const", "Mul", "Const", "AddV2"]


def test_returning_variables_constants_and_inputs():
    v = tf.Variable([1.0, 2.0])

    @tf.function
    def f(x):
        return x, v, tf.constant(7), None

    x, value, seven, nothing = f(tf.constant(3.0))
    v.assign([5.0, 5.0])
    assert x.numpy() == 3.0 and value.numpy().tolist() == [1.0, 2.0] and seven.numpy() == 7 and nothing is None


def test_an_unused_gather_with_bad_indices_does_not_fail_the_graph():
    """TensorFlow's "Introduction to graphs": only the operations a graph needs run."""
    @tf.function
    def unused(x):
        tf.gather(x, [1])
        return x

    @tf.function
    def used(x):
        return tf.gather(x, [1])
    assert unused(tf.constant([0.0])).numpy().tolist() == [0.0]
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"GatherV2: indices\[0\] = 1 is not in \[0, 1\)"):
        used(tf.constant([0.0]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="GatherV2"):
        tf.gather(tf.constant([0.0]), [1])
