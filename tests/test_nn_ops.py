"""tf.nn against hand-computed values and NumPy references: activations, softmax, losses, dropout."""
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

import neuroflow as tf

FAST = settings(max_examples=30, deadline=None)
floats32 = hnp.arrays(np.float32, hnp.array_shapes(min_dims=1, max_dims=3, max_side=4),
                      elements=st.floats(-20, 20, width=32))


def _softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


# --- activations ----------------------------------------------------------------------
ACTIVATIONS = {
    "relu6": (tf.nn.relu6, lambda x: np.clip(x, 0, 6)),
    "leaky_relu": (tf.nn.leaky_relu, lambda x: np.where(x > 0, x, 0.2 * x)),
    "elu": (tf.nn.elu, lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0)))),
    "selu": (tf.nn.selu, lambda x: 1.0507009873554805 * np.where(
        x > 0, x, 1.6732632423543772 * np.expm1(np.minimum(x, 0)))),
    "gelu": (tf.nn.gelu, np.vectorize(lambda v: 0.5 * v * (1 + math.erf(v / math.sqrt(2))))),
    "silu": (tf.nn.silu, lambda x: x / (1 + np.exp(-x))),
}


@pytest.mark.parametrize("name", ACTIVATIONS)
@FAST
@given(x=floats32)
def test_activations_match_numpy_and_keep_float32(name, x):
    fn, reference = ACTIVATIONS[name]
    y = fn(x)
    assert y.dtype == tf.float32 and y.shape == x.shape
    np.testing.assert_allclose(y.numpy(), reference(x.astype(np.float64)), rtol=2e-5, atol=2e-6)


def test_gelu_approximate_is_close_to_exact():
    x = np.linspace(-4, 4, 33, dtype=np.float32)
    np.testing.assert_allclose(tf.nn.gelu(x, approximate=True).numpy(), tf.nn.gelu(x).numpy(), atol=1e-3)
    assert not np.allclose(tf.nn.gelu(x, approximate=True).numpy(), tf.nn.gelu(x).numpy(), atol=1e-6, rtol=0)


def test_leaky_relu_alpha_and_integer_input():
    np.testing.assert_allclose(tf.nn.leaky_relu([-2.0, 3.0], alpha=0.5).numpy(), [-1.0, 3.0])
    y = tf.nn.leaky_relu(tf.constant([-5, 5]))
    assert y.dtype == tf.float32
    np.testing.assert_allclose(y.numpy(), [-1.0, 5.0])


def test_nn_reexports_math_activations():
    x = tf.constant([0.0, 1.0])
    np.testing.assert_allclose(tf.nn.sigmoid(x).numpy(), [0.5, 1 / (1 + math.exp(-1))], rtol=1e-6)
    np.testing.assert_allclose(tf.nn.tanh(x).numpy(), np.tanh([0.0, 1.0]), rtol=1e-6)
    np.testing.assert_allclose(tf.nn.softplus(x).numpy(), np.log1p(np.exp([0.0, 1.0])), rtol=1e-6)
    np.testing.assert_allclose(tf.nn.softsign(x).numpy(), [0.0, 0.5])
    assert tf.nn.swish is tf.nn.silu


def test_activation_gradients_at_known_points():
    x = tf.constant([-1.0, 0.5, 7.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(x)
        ys = {"relu6": tf.nn.relu6(x), "leaky": tf.nn.leaky_relu(x, 0.1), "elu": tf.nn.elu(x)}
    np.testing.assert_allclose(tape.gradient(ys["relu6"], x).numpy(), [0, 1, 0])
    np.testing.assert_allclose(tape.gradient(ys["leaky"], x).numpy(), [0.1, 1, 1])
    np.testing.assert_allclose(tape.gradient(ys["elu"], x).numpy(), [math.exp(-1), 1, 1], rtol=1e-6)


# --- softmax ------------------------------------------------------------------------------
@FAST
@given(x=floats32, data=st.data())
def test_softmax_and_log_softmax_match_numpy(x, data):
    axis = data.draw(st.integers(-x.ndim, x.ndim - 1))
    expected = _softmax(x.astype(np.float64), axis)
    np.testing.assert_allclose(tf.nn.softmax(x, axis=axis).numpy(), expected, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(tf.nn.log_softmax(x, axis=axis).numpy(),
                               np.log(np.maximum(expected, 1e-300)), rtol=1e-4, atol=1e-4)


def test_softmax_is_stable_for_huge_logits():
    logits = tf.constant([[1000.0, 0.0, -1000.0], [1e30, 1e30, 0.0]])
    np.testing.assert_allclose(tf.nn.softmax(logits).numpy(), [[1, 0, 0], [0.5, 0.5, 0]])
    np.testing.assert_allclose(tf.nn.log_softmax(logits).numpy()[0], [0.0, -1000.0, -2000.0])


def test_softmax_rejects_integers_and_scalars():
    with pytest.raises(tf.errors.InvalidArgumentError, match="Softmax: expected a floating-point tensor, got int32"):
        tf.nn.softmax(tf.constant([1, 2]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="at least one dimension"):
        tf.nn.softmax(1.0)
    with pytest.raises(tf.errors.InvalidArgumentError, match="axis 2 is out of range"):
        tf.nn.softmax([1.0, 2.0], axis=2)


# --- cross-entropies -------------------------------------------------------------------
def test_softmax_cross_entropy_hand_values():
    loss = tf.nn.softmax_cross_entropy_with_logits(labels=[[0.0, 1.0, 0.0], [0.5, 0.5, 0.0]],
                                                  logits=[[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    expected = [math.log(math.e + math.e ** 2 + math.e ** 3) - 2.0, math.log(3.0)]
    np.testing.assert_allclose(loss.numpy(), expected, rtol=1e-6)
    assert loss.dtype == tf.float32


def test_cross_entropies_are_stable_for_huge_logits():
    dense = tf.nn.softmax_cross_entropy_with_logits(labels=[[0.0, 1.0]], logits=[[1000.0, 0.0]])
    sparse = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[1, 0], logits=[[1000.0, 0.0]] * 2)
    sigmoid = tf.nn.sigmoid_cross_entropy_with_logits(labels=[0.0, 1.0], logits=[1000.0, -1000.0])
    np.testing.assert_allclose(dense.numpy(), [1000.0])
    np.testing.assert_allclose(sparse.numpy(), [1000.0, 0.0])
    np.testing.assert_allclose(sigmoid.numpy(), [1000.0, 1000.0])


def test_softmax_cross_entropy_axis_and_shape_errors():
    labels = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])   # classes along axis 0 (columns)
    logits = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], dtype=np.float32)
    got = tf.nn.softmax_cross_entropy_with_logits(labels.astype(np.float32), logits, axis=0).numpy()
    expected = -(labels * np.log(_softmax(logits.astype(np.float64), axis=0))).sum(axis=0)
    np.testing.assert_allclose(got, expected, rtol=1e-6)
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"logits_size=\[2, 3\] labels_size=\[2, 4\]"):
        tf.nn.softmax_cross_entropy_with_logits(tf.zeros([2, 4]), tf.zeros([2, 3]))


def test_sparse_matches_dense_and_its_gradient_is_softmax_minus_onehot():
    logits = tf.constant(np.random.default_rng(0).standard_normal((4, 5)).astype(np.float32))
    labels = np.array([0, 4, 2, 2])
    onehot = np.eye(5, dtype=np.float32)[labels]
    with tf.GradientTape() as tape:
        tape.watch(logits)
        loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    dense = tf.nn.softmax_cross_entropy_with_logits(labels=onehot, logits=logits)
    np.testing.assert_allclose(loss.numpy(), dense.numpy(), rtol=1e-6)
    np.testing.assert_allclose(tape.gradient(loss, logits).numpy(),
                               _softmax(logits.numpy()) - onehot, atol=1e-6)


def test_sparse_cross_entropy_errors():
    logits = tf.zeros([2, 3])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"Received a label value of 5 which is outside the valid range of \[0, 3\)"
                             r"\.  Label values: 1 5"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[1, 5], logits=logits)
    with pytest.raises(tf.errors.InvalidArgumentError, match="label value of -1"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[-1, 0], logits=logits)
    with pytest.raises(ValueError, match=r"Rank mismatch: Rank of labels \(received 2\) should equal "
                                         r"rank of logits minus 1 \(received 2\)"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[[1], [0]], logits=logits)
    with pytest.raises(ValueError, match=r"Shape mismatch.*\(3,\).*\(2, 3\)"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[0, 1, 2], logits=logits)
    with pytest.raises(tf.errors.InvalidArgumentError, match="int32 or int64 class indices, got float32"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[1.0, 0.0], logits=logits)


def test_sigmoid_cross_entropy_matches_naive_formula():
    x = np.array([-3.0, -0.5, 0.0, 2.0], dtype=np.float32)
    z = np.array([0.0, 0.3, 1.0, 0.9], dtype=np.float32)
    p = 1 / (1 + np.exp(-x.astype(np.float64)))
    naive = -(z * np.log(p) + (1 - z) * np.log(1 - p))
    np.testing.assert_allclose(tf.nn.sigmoid_cross_entropy_with_logits(z, x).numpy(), naive, rtol=1e-6)
    with pytest.raises(ValueError, match="same shape"):
        tf.nn.sigmoid_cross_entropy_with_logits(labels=[1.0], logits=[1.0, 2.0])


def test_log_poisson_loss():
    targets, log_input = np.array([0.0, 1.0, 3.0]), np.array([0.5, -1.0, 1.2])
    basic = np.exp(log_input) - log_input * targets
    np.testing.assert_allclose(tf.nn.log_poisson_loss(targets, log_input).numpy(), basic)
    stirling = np.array([0.0, 0.0, 3 * np.log(3) - 3 + 0.5 * np.log(2 * np.pi * 3)])
    np.testing.assert_allclose(tf.nn.log_poisson_loss(targets, log_input, compute_full_loss=True).numpy(),
                               basic + stirling)


# --- bias_add, normalization, embeddings -------------------------------------------------------
def test_bias_add_layouts_and_errors():
    x = np.arange(24, dtype=np.float32).reshape(2, 3, 2, 2)
    b = np.array([10.0, 20.0, 30.0], dtype=np.float32)
    np.testing.assert_array_equal(tf.nn.bias_add(x, b, data_format="NCHW").numpy(), x + b[:, None, None])
    np.testing.assert_array_equal(tf.nn.bias_add(x.transpose(0, 2, 3, 1), b).numpy(),
                                  x.transpose(0, 2, 3, 1) + b)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"bias shape \(3,\) vs\. value shape \(2, 3, 2, 2\)"):
        tf.nn.bias_add(x, b)


def test_moments_and_batch_normalization():
    x = np.random.default_rng(1).standard_normal((5, 4)).astype(np.float32)
    mean, variance = tf.nn.moments(tf.constant(x), axes=[0])
    np.testing.assert_allclose(mean.numpy(), x.mean(0), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(variance.numpy(), x.var(0), rtol=1e-5)
    kept = tf.nn.moments(tf.constant(x), axes=[0, 1], keepdims=True)
    assert kept[0].shape == [1, 1] and kept[1].shape == [1, 1]
    scale, offset = np.float32(2.0), np.float32(0.5)
    y = tf.nn.batch_normalization(x, mean, variance, offset, scale, 1e-3)
    np.testing.assert_allclose(y.numpy(), (x - x.mean(0)) / np.sqrt(x.var(0) + 1e-3) * 2.0 + 0.5, rtol=1e-4, atol=1e-5)


def test_l2_loss_and_l2_normalize():
    assert float(tf.nn.l2_loss(tf.constant([[1.0, 2.0], [3.0, 4.0]]))) == 15.0
    x = np.array([[3.0, 4.0], [0.0, 0.0]], dtype=np.float32)
    np.testing.assert_allclose(tf.nn.l2_normalize(x, axis=1).numpy(), [[0.6, 0.8], [0.0, 0.0]])


def test_embedding_lookup_shapes_and_max_norm():
    params = np.arange(12, dtype=np.float32).reshape(4, 3)
    ids = np.array([[3, 0], [1, 1]])
    np.testing.assert_array_equal(tf.nn.embedding_lookup(params, ids).numpy(), params[ids])
    np.testing.assert_array_equal(tf.nn.embedding_lookup([params], [2]).numpy(), params[[2]])
    clipped = tf.nn.embedding_lookup(params, [0, 3], max_norm=1.0).numpy()
    np.testing.assert_allclose(np.linalg.norm(clipped, axis=1), [1.0, 1.0], rtol=1e-6)
    with pytest.raises(tf.errors.InvalidArgumentError, match="ids must be integers"):
        tf.nn.embedding_lookup(params, [0.0])


# --- dropout ------------------------------------------------------------------------------
def test_dropout_scales_kept_units_and_drops_about_rate():
    y = tf.nn.dropout(tf.ones([20000]), rate=0.25).numpy()
    assert set(np.unique(y).tolist()) == {0.0, np.float32(1 / 0.75)}
    assert abs((y == 0).mean() - 0.25) < 0.02
    assert y.dtype == np.float32


def test_dropout_noise_shape_rate_zero_and_errors():
    y = tf.nn.dropout(tf.ones([50, 8]), rate=0.5, noise_shape=[1, None]).numpy()
    assert (y == y[:1]).all()          # the same columns dropped in every row
    x = tf.constant([1.0, 2.0])
    assert tf.nn.dropout(x, rate=0.0) is x
    with pytest.raises(ValueError, match=r"range \[0, 1\), got 1.0"):
        tf.nn.dropout(x, rate=1.0)
    with pytest.raises(tf.errors.InvalidArgumentError, match="floating-point"):
        tf.nn.dropout(tf.constant([1, 2]), rate=0.5)


def test_dropout_is_seeded_and_its_gradient_is_the_mask():
    x = tf.constant(np.ones(100, dtype=np.float32))
    tf.random.set_seed(5)
    first = tf.nn.dropout(x, 0.5, seed=1)
    tf.random.set_seed(5)
    with tf.GradientTape() as tape:
        tape.watch(x)
        second = tf.nn.dropout(x, 0.5, seed=1)
    np.testing.assert_array_equal(first.numpy(), second.numpy())
    np.testing.assert_array_equal(tape.gradient(second, x).numpy(), second.numpy())
