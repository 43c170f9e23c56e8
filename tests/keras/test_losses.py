"""Keras losses against hand-computed values and NumPy reference formulas."""
import math

import numpy as np
import pytest

import neuroflow as tf
from neuroflow import keras

losses = keras.losses
EPS = 1e-7
rng = np.random.default_rng(0)
Y_TRUE = rng.uniform(0.1, 2.0, (4, 3)).astype(np.float32)
Y_PRED = rng.uniform(0.1, 2.0, (4, 3)).astype(np.float32)


def value(t):
    return np.asarray(t.numpy(), dtype=np.float64)


# --- regression losses: NumPy reference formulas, per sample -----------------------------
def _huber(t, p, delta=1.0):
    e = np.abs(p - t)
    return np.mean(np.where(e <= delta, 0.5 * e ** 2, delta * e - 0.5 * delta ** 2), axis=-1)


def _cosine(t, p):
    return -np.sum(t * p, -1) / (np.linalg.norm(t, axis=-1) * np.linalg.norm(p, axis=-1))


REFERENCES = [
    (losses.mean_squared_error, lambda t, p: np.mean((t - p) ** 2, -1)),
    (losses.mean_absolute_error, lambda t, p: np.mean(np.abs(t - p), -1)),
    (losses.mean_absolute_percentage_error, lambda t, p: 100 * np.mean(np.abs((t - p) / t), -1)),
    (losses.mean_squared_logarithmic_error, lambda t, p: np.mean((np.log1p(p) - np.log1p(t)) ** 2, -1)),
    (losses.huber, _huber),
    (losses.log_cosh, lambda t, p: np.mean(np.log(np.cosh(p - t)), -1)),
    (losses.cosine_similarity, _cosine),
    (losses.kl_divergence, lambda t, p: np.sum(t.clip(EPS, 1) * np.log(t.clip(EPS, 1) / p.clip(EPS, 1)), -1)),
    (losses.poisson, lambda t, p: np.mean(p - t * np.log(p + EPS), -1)),
]


@pytest.mark.parametrize("fn,reference", REFERENCES, ids=[f.__name__ for f, _ in REFERENCES])
def test_loss_functions_match_reference_formulas(fn, reference):
    out = fn(Y_TRUE, Y_PRED)
    assert out.dtype == tf.float32 and out.shape == (4,)
    np.testing.assert_allclose(value(out), reference(Y_TRUE.astype(np.float64), Y_PRED.astype(np.float64)),
                               rtol=1e-5, atol=1e-6)


def test_hand_computed_values():
    assert float(losses.MeanSquaredError()([[1.0, 2.0]], [[2.0, 4.0]])) == pytest.approx(2.5)
    assert float(losses.Huber(delta=1.0)([0.0, 0.0], [0.5, 3.0])) == pytest.approx((0.125 + 2.5) / 2)
    assert float(losses.MeanAbsolutePercentageError()([2.0, 4.0], [1.0, 5.0])) == pytest.approx(37.5)
    assert float(losses.CosineSimilarity()([[1.0, 0.0]], [[0.0, 3.0]])) == pytest.approx(0.0)
    assert float(losses.CosineSimilarity()([[1.0, 1.0]], [[2.0, 2.0]])) == pytest.approx(-1.0)
    # hinge: 0/1 labels become -1/1
    assert float(losses.Hinge()([[0.0, 1.0]], [[0.3, 0.4]])) == pytest.approx((1.3 + 0.6) / 2)
    assert float(losses.SquaredHinge()([[0.0, 1.0]], [[0.3, 0.4]])) == pytest.approx((1.69 + 0.36) / 2)
    # categorical hinge: pos = 0.6, neg = max(0.3, 0.1) -> max(0.3 - 0.6 + 1, 0)
    assert float(losses.CategoricalHinge()([[0.0, 1.0, 0.0]], [[0.3, 0.6, 0.1]])) == pytest.approx(0.7)


def test_labels_of_shape_batch_against_predictions_batch_by_one_do_not_broadcast():
    # The lecture's Dense(1) regression: y_pred (N, 1), y_true (N,) must give N losses, not N x N.
    y_pred = tf.constant([[1.0], [2.0], [3.0]])
    assert losses.mean_squared_error([1.0, 2.0, 5.0], y_pred).shape == (3,)
    assert float(losses.MeanSquaredError()([1.0, 2.0, 5.0], y_pred)) == pytest.approx(4 / 3)


# --- reductions and sample weights ------------------------------------------------------
def test_reductions_and_sample_weights():
    y_true, y_pred = [[0.0], [0.0], [0.0]], [[1.0], [2.0], [3.0]]  # squared errors 1, 4, 9
    assert float(losses.MeanSquaredError(reduction="sum")(y_true, y_pred)) == pytest.approx(14.0)
    assert float(losses.MeanSquaredError()(y_true, y_pred)) == pytest.approx(14 / 3)
    none = losses.MeanSquaredError(reduction=None)(y_true, y_pred)
    np.testing.assert_allclose(value(none), [1.0, 4.0, 9.0])
    w = [1.0, 0.0, 2.0]
    assert float(losses.MeanSquaredError()(y_true, y_pred, sample_weight=w)) == pytest.approx(19 / 3)
    assert float(losses.MeanSquaredError()(y_true, y_pred, sample_weight=[[1.0], [0.0], [2.0]])) == \
        pytest.approx(19 / 3)
    weighted_mean = losses.MeanSquaredError(reduction="mean_with_sample_weight")
    assert float(weighted_mean(y_true, y_pred, sample_weight=w)) == pytest.approx(19 / 3)
    assert float(losses.MeanSquaredError()(y_true, y_pred, sample_weight=2.0)) == pytest.approx(28 / 3)


def test_invalid_reduction_is_a_clear_error():
    with pytest.raises(ValueError, match="Invalid value for argument `reduction`.*Received: reduction='avg'"):
        losses.MeanSquaredError(reduction="avg")


def test_mask_on_predictions_averages_over_valid_entries():
    y_pred = tf.constant([[1.0], [2.0], [3.0], [4.0]])  # e.g. one output per time step
    y_pred._keras_mask = tf.constant([True, True, False, False])
    assert float(losses.MeanAbsoluteError()(tf.zeros([4, 1]), y_pred)) == pytest.approx(1.5, rel=1e-5)


# --- cross-entropies ----------------------------------------------------------------------
def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def test_binary_crossentropy_probabilities_logits_and_smoothing():
    y_true = np.array([[1.0], [0.0], [1.0]], np.float32)
    logits = np.array([[2.0], [-1.0], [-0.5]], np.float32)
    p = _sigmoid(logits.astype(np.float64))
    expected = np.mean(-(y_true * np.log(p) + (1 - y_true) * np.log(1 - p)))
    assert float(losses.BinaryCrossentropy()(y_true, p.astype(np.float32))) == pytest.approx(expected, rel=1e-5)
    assert float(losses.BinaryCrossentropy(from_logits=True)(y_true, logits)) == pytest.approx(expected, rel=1e-5)
    smoothed = y_true * 0.8 + 0.1
    expected = np.mean(-(smoothed * np.log(p) + (1 - smoothed) * np.log(1 - p)))
    bce = losses.BinaryCrossentropy(from_logits=True, label_smoothing=0.2)
    assert float(bce(y_true, logits)) == pytest.approx(expected, rel=1e-5)


def test_binary_crossentropy_clips_probabilities_like_keras():
    # log(0) is avoided: a confident wrong prediction costs -log(epsilon).
    assert float(losses.BinaryCrossentropy()([[1.0]], [[0.0]])) == pytest.approx(-math.log(EPS), rel=1e-3)


def test_categorical_crossentropy_probabilities_logits_and_smoothing():
    logits = np.array([[1.0, 2.0, 0.5], [0.1, -1.0, 3.0]], np.float32)
    probs = np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)
    y_true = np.array([[0, 1, 0], [1, 0, 0]], np.float32)
    expected = np.mean(-np.sum(y_true * np.log(probs), -1))
    assert float(losses.CategoricalCrossentropy()(y_true, probs)) == pytest.approx(expected, rel=1e-5)
    assert float(losses.CategoricalCrossentropy(from_logits=True)(y_true, logits)) == \
        pytest.approx(expected, rel=1e-5)
    # Predictions that don't sum to 1 are renormalized first.
    assert float(losses.CategoricalCrossentropy()(y_true, probs * 3)) == pytest.approx(expected, rel=1e-5)
    smooth = y_true * 0.9 + 0.1 / 3
    expected = np.mean(-np.sum(smooth * np.log(probs), -1))
    cce = losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1)
    assert float(cce(y_true, logits)) == pytest.approx(expected, rel=1e-5)


def test_sparse_categorical_crossentropy_matches_one_hot_version():
    logits = rng.standard_normal((5, 4)).astype(np.float32)
    labels = np.array([0, 3, 1, 1, 2])
    one_hot = np.eye(4, dtype=np.float32)[labels]
    sparse = losses.sparse_categorical_crossentropy(labels, logits, from_logits=True)
    dense = losses.categorical_crossentropy(one_hot, logits, from_logits=True)
    np.testing.assert_allclose(value(sparse), value(dense), rtol=1e-5)
    probs = tf.nn.softmax(logits)
    np.testing.assert_allclose(value(losses.sparse_categorical_crossentropy(labels, probs)), value(dense),
                               rtol=1e-4)
    # labels of shape (batch, 1) and float labels work too
    column = losses.sparse_categorical_crossentropy(labels[:, None].astype(np.float32), logits, from_logits=True)
    np.testing.assert_allclose(value(column), value(dense), rtol=1e-5)


def test_sparse_categorical_crossentropy_ignore_class():
    logits = np.zeros((3, 2), np.float32)
    loss = losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=-1)
    # two valid samples with loss log 2 each; the ignored one is left out of the mean
    assert float(loss([0, -1, 1], logits)) == pytest.approx(math.log(2), rel=1e-4)


def test_sparse_crossentropy_gradient_is_softmax_minus_one_hot():
    logits = tf.constant([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    with tf.GradientTape() as tape:
        tape.watch(logits)
        loss = losses.SparseCategoricalCrossentropy(from_logits=True)([2, 0], logits)
    grad = tape.gradient(loss, logits).numpy()
    expected = (tf.nn.softmax(logits).numpy() - np.eye(3)[[2, 0]]) / 2
    np.testing.assert_allclose(grad, expected, rtol=1e-5, atol=1e-7)


# --- labels that don't fit ------------------------------------------------------------------
def test_one_hot_labels_to_a_sparse_loss_say_what_to_use():
    with pytest.raises(ValueError, match=r"target.shape=\(2, 3\), output.shape=\(2, 3\).*one-hot.*"
                                         r"CategoricalCrossentropy"):
        losses.SparseCategoricalCrossentropy()(np.eye(3)[:2], np.full((2, 3), 1 / 3, np.float32))


def test_sparse_labels_to_a_categorical_loss_say_what_to_use():
    with pytest.raises(ValueError, match=r"target.shape=\(2,\), output.shape=\(2, 3\).*"
                                         r"SparseCategoricalCrossentropy.*to_categorical"):
        losses.CategoricalCrossentropy()([0, 2], np.full((2, 3), 1 / 3, np.float32))


def test_wrong_class_count_names_both_counts():
    with pytest.raises(ValueError, match=r"labels have 4 classes but the predictions have 3"):
        losses.categorical_crossentropy(np.eye(4)[:2], np.full((2, 3), 1 / 3, np.float32))
    with pytest.raises(ValueError, match=r"same shape up until the last dimension.*shape \(5,\)"):
        losses.sparse_categorical_crossentropy(np.zeros(4), np.full((5, 3), 1 / 3, np.float32))


def test_binary_crossentropy_shape_mismatch():
    with pytest.raises(ValueError, match=r"binary_crossentropy.*target.shape=\(2, 3\), output.shape=\(2, 1\)"):
        losses.binary_crossentropy(np.zeros((2, 3)), np.full((2, 1), 0.5, np.float32))


def test_sparse_label_out_of_range_is_reported():
    with pytest.raises(tf.errors.InvalidArgumentError, match="3"):
        losses.sparse_categorical_crossentropy([0, 3], np.zeros((2, 3), np.float32), from_logits=True)


# --- dtypes ------------------------------------------------------------------------------------
def test_float32_stays_float32_and_float64_losses_compute_in_float64():
    assert losses.MeanSquaredError()(np.ones((2, 2)), np.zeros((2, 2))).dtype == tf.float32
    out = losses.MeanSquaredError(dtype="float64")(np.ones((2, 2)), np.full((2, 2), 1 / 3))
    assert out.dtype == tf.float64 and float(out) == pytest.approx(4 / 9, rel=1e-12)


# --- names, get, serialize ------------------------------------------------------------------------
CLASSES = [losses.MeanSquaredError, losses.MeanAbsoluteError, losses.MeanAbsolutePercentageError,
           losses.MeanSquaredLogarithmicError, losses.Huber, losses.LogCosh, losses.CosineSimilarity,
           losses.BinaryCrossentropy, losses.CategoricalCrossentropy, losses.SparseCategoricalCrossentropy,
           losses.KLDivergence, losses.Poisson, losses.Hinge, losses.SquaredHinge, losses.CategoricalHinge]


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_config_round_trip(cls):
    loss = cls(reduction="sum", name="custom")
    config = losses.serialize(loss)
    assert config["module"] == "keras.losses" and config["class_name"] == cls.__name__
    clone = losses.deserialize(config)
    assert type(clone) is cls and clone.get_config() == loss.get_config()
    assert clone.reduction == "sum" and clone.name == "custom"


def test_arguments_survive_the_round_trip():
    loss = losses.deserialize(losses.serialize(losses.CategoricalCrossentropy(from_logits=True,
                                                                              label_smoothing=0.1)))
    assert loss.get_config()["from_logits"] is True and loss.get_config()["label_smoothing"] == 0.1
    assert losses.get({"class_name": "Huber", "config": {"delta": 2.0}}).get_config()["delta"] == 2.0


def test_get_resolves_names_functions_classes_and_instances():
    assert losses.get("mse") is losses.mean_squared_error
    assert losses.get("MSE") is losses.mean_squared_error
    assert losses.get("categorical_crossentropy") is losses.categorical_crossentropy
    assert isinstance(losses.get("SparseCategoricalCrossentropy"), losses.SparseCategoricalCrossentropy)
    assert isinstance(losses.get(losses.Huber), losses.Huber)
    bce = losses.BinaryCrossentropy()
    assert losses.get(bce) is bce and losses.get(None) is None
    assert losses.serialize(losses.mse)["config"] == "mean_squared_error"
    assert losses.deserialize("kld") is losses.kl_divergence


def test_unknown_name_lists_valid_names():
    with pytest.raises(ValueError, match=r"Could not interpret loss identifier: msee\..*mean_squared_error"):
        losses.get("msee")


def test_loss_function_wrapper_and_subclassing():
    wrapper = losses.LossFunctionWrapper(losses.mean_absolute_error, name="l1", reduction="sum")
    assert float(wrapper([[1.0], [2.0]], [[2.0], [4.0]])) == pytest.approx(3.0)
    clone = losses.LossFunctionWrapper.from_config(wrapper.get_config())
    assert clone.fn is losses.mean_absolute_error and clone.name == "l1"

    class Cubed(losses.Loss):
        def call(self, y_true, y_pred):
            return tf.reduce_mean((y_pred - tf.cast(y_true, y_pred.dtype)) ** 3, axis=-1)
    keras.backend.clear_session()
    assert Cubed().name == "cubed" and Cubed().name == "cubed_1"
    assert float(Cubed()([[0.0], [0.0]], [[1.0], [2.0]])) == pytest.approx(4.5)


@pytest.mark.parametrize("loss, labels, activation", [
    (losses.SparseCategoricalCrossentropy(), [0, 1], tf.nn.softmax),
    (losses.CategoricalCrossentropy(), [[1.0, 0.0], [0.0, 1.0]], tf.nn.softmax),
    (losses.BinaryCrossentropy(), [[1.0, 0.0], [0.0, 1.0]], tf.sigmoid),
])
def test_traced_losses_of_softmax_and_sigmoid_outputs_use_the_logits(loss, labels, activation):
    logits = tf.constant([[-40.0, 40.0], [0.5, -0.5]])   # probabilities the eager path clips
    from_logits = type(loss)(from_logits=True)(labels, logits)
    traced = tf.function(lambda z: loss(labels, activation(z)))
    np.testing.assert_allclose(value(traced(logits)), value(from_logits), rtol=1e-6)
    ops = [op.type for op in traced.get_concrete_function(logits).graph.get_operations()]
    assert "Log" not in ops
    eager = value(loss(labels, activation(logits)))      # eagerly: clipped probabilities, as in Keras
    assert eager < value(from_logits) - 1.0


def test_from_logits_on_a_traced_softmax_output_warns_as_in_keras():
    loss = losses.SparseCategoricalCrossentropy(from_logits=True)
    traced = tf.function(lambda z: loss([1], tf.nn.softmax(z)))
    with pytest.warns(UserWarning, match="produced by a Softmax activation"):
        traced(tf.constant([[0.0, 2.0]]))
