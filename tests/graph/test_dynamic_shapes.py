"""Graphs with sizes known only when they run: None dimensions, tf.shape, data-dependent shapes."""
import numpy as np
import pytest

import neuroflow as tf
from neuroflow.graph.compiler import compile_graph
from neuroflow.graph.tracing import trace


def _spec_function(*specs):
    return lambda f: tf.function(f, input_signature=list(specs))


# --- None dimensions: one trace serves every size ------------------------------------------------
def test_input_signature_with_none_traces_once_for_every_batch_size():
    seen = []

    @_spec_function(tf.TensorSpec([None, 2]))
    def f(x):
        seen.append(x.shape.as_list())
        return tf.reduce_sum(x * 2.0, axis=1) + 1.0

    for n in (1, 3, 7, 2):
        x = np.arange(2 * n, dtype=np.float32).reshape(n, 2)
        np.testing.assert_allclose(f(x).numpy(), (x * 2).sum(1) + 1)
    assert f.experimental_get_tracing_count() == 1
    assert seen == [[None, 2]]


def test_get_concrete_function_with_partial_shape_is_one_function_for_all_sizes():
    @tf.function
    def f(x):
        return tf.nn.relu(x) * 3.0, tf.reduce_mean(x)

    cf = f.get_concrete_function(tf.TensorSpec([None, 2]))
    for n in (1, 4, 9):
        x = np.linspace(-1, 1, 2 * n, dtype=np.float32).reshape(n, 2)
        relu, mean = cf(tf.constant(x))
        np.testing.assert_allclose(relu.numpy(), np.maximum(x, 0) * 3, rtol=1e-6)
        np.testing.assert_allclose(mean.numpy(), x.mean(), rtol=1e-5, atol=1e-7)
    assert f.experimental_get_tracing_count() == 1
    assert f(tf.ones([5, 2]))[0].shape == (5, 2)     # a call of a fitting shape reuses that trace
    assert f.experimental_get_tracing_count() == 1
    assert f.get_concrete_function(tf.TensorSpec([None, 2])) is cf
    assert cf.graph.inputs[0].shape.as_list() == [None, 2]
    assert cf.structured_outputs[0].shape.as_list() == [None, 2]
    assert cf.structured_outputs[1].shape.as_list() == []
    with pytest.raises(TypeError, match=r"shape \(None, 2\)"):
        cf(tf.ones([3, 3]))


def test_unknown_dimensions_print_as_tensorflow_prints_them():
    lines = []

    @tf.function
    def f(x):
        lines.append(str(x))
        lines.append(repr(x.shape))
        lines.append(str(tf.shape(x)))
        return x

    cf = f.get_concrete_function(tf.TensorSpec([None, 2, 3]))
    assert lines == ['Tensor("x:0", shape=(None, 2, 3), dtype=float32)', "TensorShape([None, 2, 3])",
                     'Tensor("Shape:0", shape=(3,), dtype=int32)']
    assert str(cf.structured_outputs.shape) == "(None, 2, 3)"
    assert repr(cf) == "<ConcreteFunction f(x) -> float32(None, 2, 3)>"
    assert "x = Placeholder() -> float32(None, 2, 3)" in str(cf.graph)
    assert "TensorSpec(shape=(None, 2, 3), dtype=tf.float32, name='x')" in cf.pretty_printed_signature()


def test_static_shape_rules_keep_known_dimensions():
    shapes = {}

    @_spec_function(tf.TensorSpec([None, 3]), tf.TensorSpec([3, 4]))
    def f(x, w):
        shapes["matmul"] = (x @ w).shape.as_list()
        shapes["broadcast"] = (x + tf.ones([3])).shape.as_list()
        shapes["sum1"] = tf.reduce_sum(x, axis=1).shape.as_list()
        shapes["sum0"] = tf.reduce_sum(x, axis=0).shape.as_list()
        shapes["concat"] = tf.concat([x, x], axis=1).shape.as_list()
        shapes["transpose"] = tf.transpose(x).shape.as_list()
        shapes["expand"] = tf.expand_dims(x, 1).shape.as_list()
        shapes["flat"] = tf.reshape(x, [-1]).shape.as_list()
        shapes["softmax"] = tf.nn.softmax(x @ w).shape.as_list()
        return x

    f.get_concrete_function()
    assert shapes == {"matmul": [None, 4], "broadcast": [None, 3], "sum1": [None], "sum0": [3],
                      "concat": [None, 6], "transpose": [3, None], "expand": [None, 1, 3],
                      "flat": [None], "softmax": [None, 4]}


# --- tf.shape: sizes read when the graph runs ---------------------------------------------------
def test_tf_shape_is_symbolic_and_drives_shape_arguments():
    @_spec_function(tf.TensorSpec([None, None]))
    def f(x):
        shape = tf.shape(x)
        n, m = shape[0], shape[1]
        return (tf.reshape(x, [n * m]), tf.zeros(shape), tf.ones([n, 2], tf.int32), tf.fill([m], 7.0),
                tf.range(n), tf.broadcast_to(tf.constant([1.0]), shape), tf.size(x),
                tf.reshape(x, tf.stack([m, n])), tf.zeros_like(x, dtype=tf.int32))

    for rows, cols in ((1, 1), (2, 3), (4, 2)):
        x = np.arange(rows * cols, dtype=np.float32).reshape(rows, cols)
        flat, zeros, ones, filled, r, broad, size, swapped, izeros = [t.numpy() for t in f(x)]
        np.testing.assert_array_equal(flat, x.reshape(-1))
        assert zeros.shape == (rows, cols) and not zeros.any()
        np.testing.assert_array_equal(ones, np.ones((rows, 2), np.int32))
        np.testing.assert_array_equal(filled, np.full(cols, 7.0, np.float32))
        np.testing.assert_array_equal(r, np.arange(rows))
        np.testing.assert_array_equal(broad, np.ones((rows, cols), np.float32))
        assert size == rows * cols
        np.testing.assert_array_equal(swapped, x.reshape(cols, rows))
        assert izeros.dtype == np.int32 and izeros.shape == (rows, cols)
    assert f.experimental_get_tracing_count() == 1


def test_tf_shape_as_a_while_loop_bound():
    @_spec_function(tf.TensorSpec([None, 3]))
    def row_sums(x):
        n = tf.shape(x)[0]
        _, total = tf.while_loop(lambda i, s: i < n, lambda i, s: (i + 1, s + tf.gather(x, i)),
                                 [tf.constant(0), tf.zeros([3])])
        return total

    for n in (1, 5):
        x = np.arange(3 * n, dtype=np.float32).reshape(n, 3)
        np.testing.assert_allclose(row_sums(x).numpy(), x.sum(0))
    assert row_sums.experimental_get_tracing_count() == 1


def test_gradients_with_an_unknown_batch_size():
    w = tf.Variable(np.arange(6, dtype=np.float32).reshape(3, 2) / 10)

    @_spec_function(tf.TensorSpec([None, 3]))
    def grad(x):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.nn.relu(x @ w) - 1.0))
        return tape.gradient(loss, w)

    for n in (2, 5):
        x = tf.constant(np.linspace(-1, 2, 3 * n, dtype=np.float32).reshape(n, 3))
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.nn.relu(x @ w) - 1.0))
        np.testing.assert_allclose(grad(x).numpy(), tape.gradient(loss, w).numpy(), rtol=1e-5)
    assert grad.experimental_get_tracing_count() == 1


# --- retracing ------------------------------------------------------------------------------------
def test_reduce_retracing_relaxes_to_a_none_dimension_signature():
    @tf.function(reduce_retracing=True)
    def f(x):
        return x * 2.0

    for n in (2, 3, 4, 9):
        assert f(tf.ones([n])).shape == (n,)
    assert f.experimental_get_tracing_count() == 2   # (2,), then (None,) for every other size
    signatures = f.pretty_printed_concrete_signatures()
    assert "TensorSpec(shape=(2,)" in signatures and "TensorSpec(shape=(None,)" in signatures


def test_without_reduce_retracing_each_shape_traces():
    @tf.function
    def f(x):
        return x * 2.0

    for n in (2, 3, 4):
        f(tf.ones([n]))
    assert f.experimental_get_tracing_count() == 3


# --- data-dependent output shapes -----------------------------------------------------------------
def test_elementwise_ops_after_boolean_mask_run_for_any_count():
    @tf.function
    def f(x):
        return tf.reduce_sum(tf.boolean_mask(x, x > 2) * 2.0 + 1.0)

    for values in ([1.0, 3.0, 5.0], [4.0, 3.0, 5.0], [0.0, 1.0, 2.0], [9.0, 0.0, 0.0]):
        x = np.array(values, np.float32)
        assert f(tf.constant(x)).numpy() == pytest.approx((x[x > 2] * 2 + 1).sum())
    assert f.experimental_get_tracing_count() == 1


def test_data_dependent_ops_inside_tf_function():
    @tf.function
    def f(x):
        y, idx = tf.unique(x)
        where = tf.where(x > 1)
        counts = tf.math.bincount(x)
        return y * 10, idx, tf.cast(where, tf.int32) + 1, counts + 1

    for values in ([1, 1, 3], [0, 5, 2], [2, 2, 2]):
        x = np.array(values, np.int32)
        y, idx, where, counts = [t.numpy() for t in f(tf.constant(x))]
        distinct = list(dict.fromkeys(values))
        np.testing.assert_array_equal(y, np.array(distinct) * 10)
        np.testing.assert_array_equal(idx, [distinct.index(v) for v in values])
        np.testing.assert_array_equal(where, np.argwhere(x > 1) + 1)
        np.testing.assert_array_equal(counts, np.bincount(x) + 1)
    assert f.experimental_get_tracing_count() == 1
    cf = f.get_concrete_function(tf.constant([1, 2, 3]))
    assert [t.shape.as_list() for t in cf.structured_outputs] == [[None], [3], [None, 1], [None]]


def test_data_dependent_ops_with_an_input_signature():
    @_spec_function(tf.TensorSpec([None], tf.int32))
    def f(x):
        y, _ = tf.unique(x)
        return tf.zeros(tf.shape(y)) + 1.0, tf.math.bincount(x, minlength=4), tf.boolean_mask(x, x > 2)

    for values in ([1, 1, 3], [7, 5, 6, 7, 0]):
        x = np.array(values, np.int32)
        ones, counts, masked = [t.numpy() for t in f(x)]
        np.testing.assert_array_equal(ones, np.ones(len(set(values)), np.float32))
        np.testing.assert_array_equal(counts, np.bincount(x, minlength=4))
        np.testing.assert_array_equal(masked, x[x > 2])
    assert f.experimental_get_tracing_count() == 1


@pytest.mark.parametrize("shape", [[None], [4]])
def test_data_dependent_ops_in_a_dataset_map_style_trace(shape):
    """Dataset.map traces its function once for the element spec and runs the compiled graph."""
    def keep_positive(x):
        kept = tf.boolean_mask(x, x > 0)
        return kept * 2.0 - 1.0, tf.unique(tf.cast(kept, tf.int32))[0]

    graph = trace(keep_positive, "map", (tf.TensorSpec(shape),), {}).graph
    program = compile_graph(graph)
    for values in ([1.0, -2.0, 3.0, 3.0], [-1.0, -1.0, -1.0, 5.0], [-1.0, -2.0, -3.0, -4.0]):
        x = np.array(values, np.float32)
        kept, distinct = program.run(x)
        np.testing.assert_array_equal(kept, x[x > 0] * 2 - 1)
        np.testing.assert_array_equal(distinct, list(dict.fromkeys(x[x > 0].astype(np.int32))))


def test_buffers_are_planned_only_for_static_shapes():
    @tf.function
    def f(x):
        masked = tf.boolean_mask(x, x > 0)
        return tf.reduce_sum(tf.exp(masked * 2.0) + 1.0) + tf.reduce_sum(tf.exp(x * 2.0) + 1.0)

    source = f.get_concrete_function(tf.constant([1.0, -1.0, 2.0])).source
    masked_line = next(line for line in source.splitlines() if "GatherV2" in line and "=" in line)
    assert "out=" not in masked_line
    static_lines = [line for line in source.splitlines() if "np.exp(" in line]
    assert any("out=buffer" in line for line in static_lines)   # the static branch still reuses memory
    assert not all("out=" in line for line in static_lines)      # the masked one allocates


def test_cond_and_while_loop_keep_unknown_dimensions():
    shapes = []

    @_spec_function(tf.TensorSpec([None, 3]))
    def f(x):
        y = tf.cond(tf.reduce_sum(x) > 0, lambda: x * 2.0, lambda: x - 1.0)
        _, z = tf.while_loop(lambda i, z: i < 3, lambda i, z: (i + 1, z * 2.0), [0, x])
        m = tf.cond(tf.reduce_sum(x) > 0, lambda: tf.boolean_mask(x, x > 1), lambda: tf.reshape(x, [-1]))
        shapes.extend(t.shape.as_list() for t in (y, z, m))
        return tf.reduce_sum(y * 3.0), tf.reduce_sum(z + 1.0), tf.reduce_sum(m * 2.0 + 1.0)

    for n in (1, 4, 2):
        x = np.arange(3 * n, dtype=np.float32).reshape(n, 3) - 1
        y, z, m = [t.numpy() for t in f(x)]
        positive = x.sum() > 0
        assert y == pytest.approx(((x * 2 if positive else x - 1) * 3).sum())
        assert z == pytest.approx((x * 8 + 1).sum())
        assert m == pytest.approx(((x[x > 1] if positive else x.reshape(-1)) * 2 + 1).sum())
    assert shapes == [[None, 3], [None, 3], [None]]


def test_tile_by_a_runtime_size_and_its_gradient():
    v = tf.Variable([[1.0, 2.0]])

    @_spec_function(tf.TensorSpec([None, 3]))
    def f(x):
        with tf.GradientTape() as tape:
            tiled = tf.tile(v, [tf.shape(x)[0], 2])
            loss = tf.reduce_sum(tiled * tf.reduce_sum(x))
        return tiled, tape.gradient(loss, v)

    for n in (1, 3):
        x = np.full((n, 3), 0.5, np.float32)
        tiled, grad = f(x)
        np.testing.assert_array_equal(tiled.numpy(), np.tile([[1.0, 2.0]], (n, 2)))
        np.testing.assert_allclose(grad.numpy(), np.full((1, 2), 2 * n * x.sum()))
    assert f.get_concrete_function().structured_outputs[0].shape.as_list() == [None, 4]


def test_squeeze_and_expand_dims_with_several_unknown_sizes():
    @_spec_function(tf.TensorSpec([None, 1, None]))
    def f(x):
        return tf.squeeze(x, 1), tf.expand_dims(x, -1), tf.squeeze(x)

    squeezed, expanded, all_squeezed = f.get_concrete_function().structured_outputs
    assert [t.shape.as_list() for t in (squeezed, expanded, all_squeezed)] == \
        [[None, None], [None, 1, None, 1], [None, None]]
    x = np.arange(6, dtype=np.float32).reshape(2, 1, 3)
    a, b, c = [t.numpy() for t in f(x)]
    np.testing.assert_array_equal(a, x[:, 0])
    np.testing.assert_array_equal(b, x[..., None])
    np.testing.assert_array_equal(c, x[:, 0])


def test_a_partially_known_shape_as_a_size_argument_says_to_use_tf_shape():
    @_spec_function(tf.TensorSpec([None, 3]))
    def f(x):
        return tf.zeros(x.shape)

    with pytest.raises(ValueError, match=r"partially known TensorShape \(None, 3\).*tf.shape\(x\)"):
        f.get_concrete_function()


def test_dataset_map_with_data_dependent_shapes():
    rows = np.array([[1.0, -2.0, 3.0], [-1.0, -1.0, 5.0], [-1.0, -2.0, -3.0]], np.float32)
    sums = tf.data.Dataset.from_tensor_slices(rows).map(
        lambda x: tf.reduce_sum(tf.boolean_mask(x, x > 0) * 2.0 + 1.0))
    assert [float(v) for v in sums] == [10.0, 11.0, 0.0]
    distinct = tf.data.Dataset.from_tensor_slices(np.array([[1, 1, 3], [4, 5, 4]], np.int32)).map(
        lambda x: tf.unique(x)[0] * 2)
    assert distinct.element_spec.shape.as_list() == [None]
    assert [v.numpy().tolist() for v in distinct] == [[2, 6], [8, 10]]
    pngs = tf.stack([tf.io.encode_png(np.full((h, 2, 3), h, np.uint8)) for h in (1, 3)])
    images = tf.data.Dataset.from_tensor_slices(pngs).map(lambda s: tf.cast(tf.io.decode_png(s), tf.float32) / 2.0)
    assert images.element_spec.shape.as_list() == [None, None, None]
    assert [v.numpy().tolist() for v in images] == [np.full((h, 2, 3), h / 2).tolist() for h in (1, 3)]


def test_ops_that_cannot_run_on_stand_ins_trace_each_call_from_its_values():
    @_spec_function(tf.TensorSpec([None, 2, 2]))
    def inverse(m):
        return tf.linalg.inv(m) * 2.0

    for n in (1, 3):
        m = np.tile(np.array([[2.0, 1.0], [1.0, 3.0]], np.float32), (n, 1, 1))
        np.testing.assert_allclose(inverse(m).numpy(), np.linalg.inv(m) * 2, rtol=1e-5)


def test_random_ops_dropout_and_cross_entropy_with_unknown_batch_size():
    @_spec_function(tf.TensorSpec([None, 3]))
    def f(x):
        noise = tf.random.uniform(tf.shape(x)) + tf.random.normal(tf.shape(x)) * 0.0
        dropped = tf.nn.dropout(x, 0.5, seed=1)
        loss = tf.nn.softmax_cross_entropy_with_logits(tf.nn.softmax(x), x)
        return noise, dropped, loss

    shapes = [t.shape.as_list() for t in f.get_concrete_function().structured_outputs]
    assert shapes == [[None, 3], [None, 3], [None]]
    for n in (2, 6):
        x = np.full((n, 3), 1.0, np.float32)
        noise, dropped, loss = [t.numpy() for t in f(x)]
        assert noise.shape == (n, 3) and ((noise >= 0) & (noise < 1)).all()
        assert dropped.shape == (n, 3) and set(np.unique(dropped)) <= {0.0, 2.0}
        np.testing.assert_allclose(loss, np.full(n, np.log(3)), rtol=1e-5)


def test_keras_fit_with_a_data_dependent_loss_and_a_short_last_batch():
    from neuroflow import keras

    def positive_part_mse(y_true, y_pred):   # only the targets above zero count
        keep = y_true > 0.0
        return tf.reduce_sum(tf.square(tf.boolean_mask(y_true - y_pred, keep))) / tf.cast(tf.size(y_true), tf.float32)

    rng = np.random.default_rng(0)
    x = rng.normal(size=(25, 4)).astype("float32")
    y = (x @ np.array([[1.0], [-2.0], [0.5], [1.5]], np.float32)).astype("float32")
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    model.compile("sgd", positive_part_mse)
    history = model.fit(x, y, batch_size=10, epochs=3, verbose=0)   # batches of 10, 10 and 5
    losses = history.history["loss"]
    assert all(np.isfinite(losses)) and losses[-1] < losses[0]


def test_philox_random_ops_take_shapes_computed_in_the_graph():
    generator = tf.random.Generator.from_seed(1)

    @tf.function(input_signature=[tf.TensorSpec([None, 3])])
    def noisy(x):
        return x + tf.random.stateless_uniform(tf.shape(x), seed=[1, 2]) + 0.0 * generator.normal(tf.shape(x))

    assert noisy(tf.zeros([5, 3])).shape == (5, 3)
    np.testing.assert_array_equal(noisy(tf.zeros([2, 3])).numpy(),
                                  tf.random.stateless_uniform([2, 3], seed=[1, 2]).numpy())


def test_fill_with_a_value_known_only_when_the_graph_runs():
    fill = tf.function(lambda v: tf.fill([3], v))
    np.testing.assert_array_equal(fill(tf.constant(1.0)).numpy(), [1.0, 1.0, 1.0])
    np.testing.assert_array_equal(fill(tf.constant(2.0)).numpy(), [2.0, 2.0, 2.0])   # not the first call's value
    counted = tf.function(lambda x: tf.fill(tf.cast(tf.reduce_sum(x), tf.int32)[None], 1.0))
    assert counted.get_concrete_function(tf.constant([1.0, 1.0])).structured_outputs.shape.as_list() == [None]
    assert counted(tf.constant([2.0, 1.0])).shape == (3,)
