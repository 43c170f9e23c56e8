"""What `Dataset.map` functions may return and call: nested lists as tensors, `tf.py_function` and
`tf.numpy_function` (run per element, not at trace time), `check_numerics` (checked per element),
and RaggedTensor components from `from_generator` (checked against TensorFlow 2.21)."""
import numpy as np
import pytest

import neuroflow as tf

D = tf.data.Dataset


def test_returned_lists_top_level_tuple_nested_tensor():
    ds = D.range(3)
    assert ds.map(lambda x: (37.0, ["Foo", "Bar"], np.array([1.0, 2.0]))).element_spec == (
        tf.TensorSpec([], tf.float32), tf.TensorSpec([2], tf.string), tf.TensorSpec([2], tf.float64))
    assert ds.map(lambda x: [x, x]).element_spec == (tf.TensorSpec([], tf.int64),) * 2
    stacked = ds.map(lambda x: {"a": [x, x + 1], "b": ([1],)})
    assert stacked.element_spec == {"a": tf.TensorSpec([2], tf.int64), "b": (tf.TensorSpec([1], tf.int32),)}
    assert [e["a"].tolist() for e in stacked.as_numpy_iterator()] == [[0, 1], [1, 2], [2, 3]]


def test_py_function_runs_per_element_with_unknown_output_shape():
    calls = []

    def upper(t):
        calls.append(t.numpy())
        return t.numpy().decode("utf-8").upper()
    ds = D.from_tensor_slices(["hello", "world"]).map(lambda x: tf.py_function(upper, [x], tf.string))
    assert calls == []                                 # tracing does not call it
    assert ds.element_spec == tf.TensorSpec(None, tf.string)
    assert list(ds.as_numpy_iterator()) == [b"HELLO", b"WORLD"]
    assert calls == [b"hello", b"world"]
    numpy_ds = D.from_tensor_slices(["a", "b"]).map(
        lambda x: tf.numpy_function(lambda s: s.decode().upper() * 2, [x], tf.string))  # scalars arrive as bytes
    assert list(numpy_ds.as_numpy_iterator()) == [b"AA", b"BB"]
    pairs = D.from_tensor_slices([[1.0, 2.0]]).map(
        lambda v: tf.numpy_function(lambda a: (a * 2, a.sum()), [v], (tf.float32, tf.float32)))
    assert [(a.tolist(), float(b)) for a, b in pairs.as_numpy_iterator()] == [([2.0, 4.0], 3.0)]


def test_py_function_in_tf_function_keeps_gradients_and_any_shape():
    f = tf.function(lambda v: tf.py_function(lambda a: a * 3.0, [v], tf.float32) + 1.0)
    assert f(tf.constant([1.0, 2.0])).numpy().tolist() == [4.0, 7.0]
    assert float(f(tf.constant(5.0))) == 16.0
    x = tf.constant(2.0)

    @tf.function
    def grad(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.py_function(lambda a: a * a, [x], tf.float32)
        return tape.gradient(y, x)
    assert float(grad(x)) == 4.0


def test_check_numerics_checks_each_element_not_the_trace():
    ds = D.from_tensor_slices([1.0, 2.0, 0.0, 4.0]).map(lambda x: tf.debugging.check_numerics(1.0 / x, "inv"))
    assert ds.element_spec == tf.TensorSpec([], tf.float32)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Tensor had Inf values"):
        list(ds)
    assert list(ds.ignore_errors().as_numpy_iterator()) == [1.0, 0.5, 0.25]

    @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
    def inverse(x):
        return tf.debugging.check_numerics(1.0 / x, "inverse")
    assert inverse(tf.constant([2.0, 4.0])).numpy().tolist() == [0.5, 0.25]
    with pytest.raises(tf.errors.InvalidArgumentError, match="inverse : Tensor had Inf values"):
        inverse(tf.constant([0.0]))


def test_from_generator_with_ragged_components():
    def gen():
        yield 42, tf.ragged.constant([[1, 2], [3]])
        yield 43, [[4], [5, 6]]
    signature = (tf.TensorSpec([], tf.int32), tf.RaggedTensorSpec([2, None], tf.int32))
    elements = list(D.from_generator(gen, output_signature=signature))
    assert [(int(n), r.to_list()) for n, r in elements] == [(42, [[1, 2], [3]]), (43, [[4], [5, 6]])]
    bad = D.from_generator(lambda: iter([(1, tf.ragged.constant([[1.5]]))]), output_signature=signature)
    with pytest.raises(tf.errors.InvalidArgumentError, match="expected type"):
        list(bad)


def test_tensor_format_formats_the_value():
    assert f"{tf.constant(1)}" == "1" and f"{tf.constant([1.5, 2.0])}" == "[1.5 2. ]"
    assert f"{tf.constant(2.5):.2f}" == "2.50" and f"{tf.constant('ab')}" == "b'ab'"
