"""Smaller pieces of the TensorFlow surface: tf.gradients in functions, static values, init_scope,
initializers, compat.v1 conversions, tf.random.split/fold_in."""
import numpy as np
import pytest

import neuroflow as tf


def test_gradients_inside_a_function():
    @tf.function
    def total(stop):
        a = tf.constant(0.0)
        b = 2 * a
        return tf.gradients(a + b, [a, b], stop_gradients=[a, b] if stop else None)
    assert [g.numpy() for g in total(True)] == [1.0, 1.0]
    assert [g.numpy() for g in total(False)] == [3.0, 1.0]

    @tf.function
    def unconnected():
        return tf.gradients([tf.ones([3, 1])], [tf.ones([1, 2])], unconnected_gradients="zero")
    np.testing.assert_array_equal(unconnected()[0].numpy(), np.zeros([1, 2]))


def test_static_values_and_init_scope():
    seen = []

    @tf.function
    def f(x):
        with tf.init_scope():
            seen.append(tf.executing_eagerly())
        seen.append((tf.executing_eagerly(), tf.inside_function()))
        seen.append(tf.get_static_value(tf.constant(4) + 1))
        seen.append(tf.get_static_value(x))
        return x
    f(tf.constant(1.0))
    assert seen == [True, (False, True), 5, None]
    assert tf.get_static_value(tf.Variable(2)) is None
    assert not tf.inside_function() and tf.executing_eagerly()


def test_initializers():
    assert tf.zeros_initializer()([2], tf.int32).numpy().tolist() == [0, 0]
    assert tf.compat.v1.ones_initializer(dtype=tf.float64)([2]).dtype == tf.float64
    with pytest.raises(TypeError, match="value has 8 elements, shape is \\(3, 4\\) with 12 elements"):
        tf.constant_initializer(list(range(8)))([3, 4])
    seeded = tf.random_normal_initializer(seed=3)
    np.testing.assert_array_equal(seeded([2]).numpy(), seeded([2]).numpy())
    np.testing.assert_allclose(seeded([2]).numpy(), [-0.03357924, 0.08380252], rtol=1e-6)  # TensorFlow's


def test_compat_v1_conversions_and_random_aliases():
    assert tf.compat.v1.to_int32(tf.constant(1, tf.int64)).dtype == tf.int32
    assert tf.compat.v1.to_double(tf.constant(1.5)).dtype == tf.float64
    assert tf.compat.v1.to_complex64(tf.constant(1.0 + 2.0j, tf.complex128)).dtype == tf.complex64
    assert tf.compat.v2 is tf
    np.testing.assert_array_equal(tf.random.split([1, 2], 3).numpy(),
                                  tf.random.experimental.stateless_split([1, 2], 3).numpy())
    assert tf.random.fold_in([1, 2], 7).numpy().tolist() == [1105988140, 7]


def test_scatter_extremes_shapes_and_edit_distance():
    assert tf.tensor_scatter_nd_max([0, 0, 0, 0], [[1], [1], [3]], [5, 7, -2]).numpy().tolist() == [0, 7, 0, 0]
    assert tf.tensor_scatter_nd_min([0, 0, 0, 0], [[1], [1], [3]], [5, 7, -2]).numpy().tolist() == [0, 0, 0, -2]
    assert tf.tensor_scatter_nd_sub([1, 2, 3], [[0], [0]], [1, 1]).numpy().tolist() == [-1, 2, 3]
    assert [s.numpy().tolist() for s in tf.shape_n([tf.ones([2, 3]), tf.ones([4])])] == [[2, 3], [4]]
    assert tf.gather(tf.constant([b"a", b"b"]), 1).numpy() == b"b"
    hypothesis = tf.SparseTensor([[0, 0], [0, 1], [0, 2]], ["k", "i", "t"], [1, 3])
    truth = tf.SparseTensor([[0, 0], [0, 1], [0, 2], [0, 3]], ["s", "i", "t", "s"], [1, 4])
    assert tf.edit_distance(hypothesis, truth, normalize=False).numpy().tolist() == [2.0]


def test_py_function_and_numpy_function():
    calls = []

    def log_huber(x, m):
        calls.append(type(x).__name__)
        if tf.abs(x) <= m:
            return x ** 2
        return m ** 2 * (1 - 2 * tf.math.log(m) + tf.math.log(x ** 2))
    x, m = tf.constant(2.0), tf.constant(1.0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.py_function(func=log_huber, inp=[x, m], Tout=tf.float32)
    assert y.numpy() == np.float32(1 - 2 * np.log(1.0) + np.log(4.0))
    assert tape.gradient(y, x).numpy() == np.float32(1.0)  # d/dx log(x^2) = 2/x
    wrapped = tf.function(lambda v: tf.py_function(log_huber, [v, m], tf.float32))
    assert wrapped(tf.constant(0.5)).numpy() == np.float32(0.25)
    assert calls[0] == "EagerTensor" or calls[0] == "Tensor"
    out = tf.numpy_function(lambda a, b: (a + b, a * b), [np.int64(2), np.int64(5)], (tf.int64, tf.int64))
    assert [o.numpy() for o in out] == [7, 10]


def test_recompute_grad_reruns_the_function_on_the_backward_pass():
    runs = []
    y = tf.Variable(2.0)

    def f(x):
        runs.append(1)
        return x * y
    g = tf.recompute_grad(f)
    assert g.__wrapped__ is f
    with tf.GradientTape() as tape:
        r = tf.constant(1.0)
        for _ in range(3):
            r = g(r)
    assert len(runs) == 3
    assert tape.gradient(r, [y])[0].numpy() == 3 * 2.0 ** 2   # d(y^3)/dy
    assert len(runs) == 6


def test_recompute_grad_of_a_keras_model_on_integer_inputs(caplog):
    model = tf.keras.Sequential([tf.keras.layers.Dense(2)])
    g = tf.recompute_grad(model)
    with tf.GradientTape(persistent=True) as tape:
        r = tf.constant([[1, 2]])
        for _ in range(3):
            r = g(r)
    assert r.dtype == tf.float32  # Dense promotes integer inputs to its kernel's dtype, as Keras' ops do
    grads = tape.gradient(r, g.__wrapped__.variables)
    assert [x.shape for x in grads] == [(2, 2), (2,)]
    assert "must be floating" not in caplog.text  # integer inputs are not watched


def test_shapes_specs_histograms_and_wrapping_conversion():
    assert tf.broadcast_static_shape(tf.TensorShape([1, 2, 3]), tf.TensorShape([5, 1, 3])).as_list() == [5, 2, 3]
    assert tf.broadcast_static_shape(tf.TensorShape([None, 3]), tf.TensorShape([4, 1])).as_list() == [4, 3]
    with pytest.raises(ValueError, match="Incompatible shapes"):
        tf.broadcast_static_shape(tf.TensorShape([2]), tf.TensorShape([3]))
    assert tf.broadcast_dynamic_shape((1, 2, 3), (5, 1, 3)).numpy().tolist() == [5, 2, 3]
    values = [-1.0, 0.0, 1.5, 2.0, 5.0, 15]
    assert tf.histogram_fixed_width_bins(values, [0.0, 5.0], nbins=5).numpy().tolist() == [0, 0, 1, 2, 4, 4]
    assert tf.histogram_fixed_width(values, [0.0, 5.0], nbins=5).numpy().tolist() == [2, 1, 1, 0, 2]
    assert tf.add(tf.constant([1, 2], tf.int8), [2 ** 7 + 1, 2 ** 7 + 2]).numpy().tolist() == [-126, -124]
    assert tf.type_spec_from_value(np.array([4.0, 5.0])) == tf.TensorSpec([2], tf.float64)
    assert tf.TensorSpec.from_spec(tf.TensorSpec([2], tf.int32, "a"), "b").name == "b"
    assert isinstance(tf.type_spec_from_value(tf.sparse.eye(2)), tf.SparseTensorSpec)
