"""Metrics against hand-computed values, with sample weights, state handling and config."""
import numpy as np
import pytest

import neuroflow as tf
from neuroflow import keras

metrics = keras.metrics


def approx(t, expected, **kw):
    np.testing.assert_allclose(np.asarray(t), expected, rtol=kw.get("rtol", 1e-5), atol=kw.get("atol", 1e-6))


# --- reduction metrics ------------------------------------------------------------------------
def test_mean_accumulates_over_batches_with_weights():
    m = metrics.Mean()
    m.update_state([1.0, 2.0, 3.0])
    m.update_state([10.0], sample_weight=[3.0])
    approx(m.result(), (6 + 30) / 6)
    m.update_state([[1.0, 3.0]])  # a sample with two values counts once, as their mean
    approx(m.result(), (6 + 30 + 2) / 7)
    m.reset_state()
    approx(m.result(), 0.0)
    assert [v.name for v in m.variables] == ["total:0", "count:0"]


def test_mean_of_scalars_with_scalar_weights():
    m = metrics.Mean()
    m.update_state(2.0)                                # one value counts once
    m.update_state(tf.constant(4.0), sample_weight=3)  # a batch's mean loss, weighted by its size
    m.update_state(np.float64(1.0), sample_weight=tf.constant(0.0))
    approx(m.result(), (2 + 12) / 4)
    assert m.total.dtype == tf.float32 and m.count.numpy() == 4.0


def test_sum_and_weights_broadcast_over_trailing_axes():
    s = metrics.Sum()
    s.update_state([[1.0, 2.0], [3.0, 4.0]], sample_weight=[1.0, 0.5])
    approx(s.result(), 3.0 + 3.5)
    m = metrics.Mean()
    m.update_state([[1.0, 2.0], [3.0, 4.0]], sample_weight=[[1.0], [0.0]])
    approx(m.result(), 1.5)


def test_metric_call_updates_then_returns_result():
    m = metrics.Mean(name="loss")
    approx(m([2.0]), 2.0)
    approx(m([4.0]), 3.0)
    assert m.name == "loss" and m.dtype == "float32" and repr(m) == "<Mean name=loss>"


# --- accuracy ---------------------------------------------------------------------------------
def test_accuracy_functions():
    approx(metrics.accuracy([1, 2, 3, 4], [1, 2, 0, 4]), [1, 1, 0, 1])
    approx(metrics.binary_accuracy([[1.0], [0.0], [1.0]], [[0.6], [0.6], [0.4]]), [[1], [0], [0]])
    approx(metrics.binary_accuracy([[1.0]], [[0.3]], threshold=0.2), [[1]])
    approx(metrics.categorical_accuracy([[0, 0, 1], [0, 1, 0]], [[0.1, 0.2, 0.7], [0.5, 0.3, 0.2]]), [1, 0])
    approx(metrics.sparse_categorical_accuracy([[2], [1]], [[0.1, 0.2, 0.7], [0.5, 0.3, 0.2]]), [1, 0])


def test_top_k_accuracy_counts_ties_as_in():
    scores = [[0.5, 0.3, 0.2, 0.0], [0.1, 0.2, 0.3, 0.4], [0.3, 0.3, 0.3, 0.1]]
    approx(metrics.sparse_top_k_categorical_accuracy([1, 0, 2], scores, k=2), [1, 0, 1])
    one_hot = np.eye(4)[[1, 0, 2]]
    approx(metrics.top_k_categorical_accuracy(one_hot, scores, k=2), [1, 0, 1])
    approx(metrics.SparseTopKCategoricalAccuracy(k=1)([1, 3, 0], scores), 2 / 3)


def test_accuracy_classes_with_sample_weight():
    m = metrics.SparseCategoricalAccuracy()
    m.update_state([0, 1, 1], [[0.9, 0.1], [0.8, 0.2], [0.3, 0.7]], sample_weight=[1.0, 2.0, 1.0])
    approx(m.result(), 2 / 4)
    m.update_state([1], [[0.2, 0.8]])
    approx(m.result(), 3 / 5)
    b = metrics.BinaryAccuracy(threshold=0.7)
    approx(b([[1.0], [1.0]], [[0.8], [0.6]]), 0.5)
    c = metrics.CategoricalAccuracy()
    approx(c(np.eye(3), np.eye(3)[[0, 2, 1]]), 1 / 3)
    approx(metrics.Accuracy()([1, 2], [1, 3]), 0.5)


# --- regression ---------------------------------------------------------------------------------
def test_regression_metrics():
    y_true, y_pred = [[0.0, 1.0], [2.0, 2.0]], [[1.0, 1.0], [2.0, 5.0]]
    approx(metrics.MeanSquaredError()(y_true, y_pred), (0.5 + 4.5) / 2)
    approx(metrics.MeanAbsoluteError()(y_true, y_pred), (0.5 + 1.5) / 2)
    approx(metrics.RootMeanSquaredError()(y_true, y_pred), np.sqrt(2.5))
    rmse = metrics.RootMeanSquaredError()
    rmse.update_state([[0.0], [0.0]], [[3.0], [4.0]], sample_weight=[1.0, 0.0])
    approx(rmse.result(), 3.0)
    approx(metrics.CosineSimilarity()([[1.0, 0.0], [1.0, 1.0]], [[1.0, 0.0], [-1.0, -1.0]]), 0.0)
    approx(metrics.MeanAbsolutePercentageError()([[2.0]], [[3.0]]), 50.0)


def test_loss_based_metrics_average_the_loss_functions():
    logits = np.array([[2.0, -1.0], [0.5, 0.5]], np.float32)
    labels = [0, 1]
    m = metrics.SparseCategoricalCrossentropy(from_logits=True)
    expected = keras.losses.sparse_categorical_crossentropy(labels, logits, from_logits=True).numpy().mean()
    approx(m(labels, logits), expected)
    approx(metrics.CategoricalCrossentropy(from_logits=True)(np.eye(2)[labels], logits), expected)
    approx(metrics.Hinge()([[1.0, -1.0]], [[0.5, -2.0]]), 0.25)


# --- confusion-matrix metrics ----------------------------------------------------------------------
Y_TRUE = [0, 1, 1, 1, 0, 0]
Y_PRED = [0.6, 0.8, 0.3, 0.9, 0.1, 0.45]


def test_confusion_counts_precision_recall():
    approx(metrics.TruePositives()(Y_TRUE, Y_PRED), 2)
    approx(metrics.FalsePositives()(Y_TRUE, Y_PRED), 1)
    approx(metrics.TrueNegatives()(Y_TRUE, Y_PRED), 2)
    approx(metrics.FalseNegatives()(Y_TRUE, Y_PRED), 1)
    approx(metrics.Precision()(Y_TRUE, Y_PRED), 2 / 3)
    approx(metrics.Recall()(Y_TRUE, Y_PRED), 2 / 3)
    approx(metrics.Precision(thresholds=[0.4, 0.7])(Y_TRUE, Y_PRED), [2 / 4, 2 / 2])
    approx(metrics.Recall(thresholds=[0.2, 0.85])(Y_TRUE, Y_PRED), [3 / 3, 1 / 3])


def test_precision_recall_with_weights_top_k_and_class_id():
    approx(metrics.Precision()(Y_TRUE, Y_PRED, sample_weight=[0, 1, 1, 1, 0, 0]), 1.0)
    scores = [[0.9, 0.8, 0.1], [0.2, 0.7, 0.6]]
    labels = [[1, 0, 0], [0, 0, 1]]
    approx(metrics.Precision(top_k=1)(labels, scores), 1 / 2)  # 0.9 is right, 0.7 is wrong
    approx(metrics.Recall(class_id=2)(labels, scores), 1.0)
    approx(metrics.Precision(class_id=1)(labels, scores), 0.0)


def _roc_auc(y, s):
    """Exact ROC AUC: the chance that a random positive outscores a random negative."""
    pos, neg = [a for a, t in zip(s, y) if t], [b for b, t in zip(s, y) if not t]
    return np.mean([(a > b) + 0.5 * (a == b) for a in pos for b in neg])


def test_auc_roc_matches_the_exact_value():
    rng = np.random.default_rng(1)
    y = rng.integers(0, 2, 200)
    s = np.clip(0.3 * y + rng.uniform(0, 0.7, 200), 0, 1)
    m = metrics.AUC(num_thresholds=1000)
    m.update_state(y[:100], s[:100])
    m.update_state(y[100:], s[100:])
    approx(m.result(), _roc_auc(y, s), atol=2e-3)
    approx(metrics.AUC()([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 0.75)


def test_auc_pr_and_riemann_sums():
    y, s = [0, 1, 1, 0, 1], [0.2, 0.9, 0.6, 0.7, 0.4]
    pr = float(metrics.AUC(curve="PR")(y, s))
    # average precision of this ranking: positives at ranks 1, 3, 4 -> (1 + 2/3 + 3/4) / 3
    assert pr == pytest.approx((1 + 2 / 3 + 3 / 4) / 3, abs=0.05)
    lower = float(metrics.AUC(summation_method="minoring")(y, s))
    upper = float(metrics.AUC(summation_method="majoring")(y, s))
    mid = float(metrics.AUC()(y, s))
    assert lower <= mid <= upper
    approx(mid, _roc_auc(y, s), atol=1e-2)


def test_auc_from_logits_multi_label_and_explicit_thresholds():
    logits = np.log(np.array([0.1, 0.4, 0.35, 0.8]) / (1 - np.array([0.1, 0.4, 0.35, 0.8])))
    approx(metrics.AUC(from_logits=True)([0, 0, 1, 1], logits), 0.75, atol=1e-4)
    y = np.array([[0, 1], [0, 1], [1, 0], [1, 0]])
    s = np.array([[0.1, 0.9], [0.4, 0.8], [0.35, 0.2], [0.8, 0.1]])
    multi = metrics.AUC(multi_label=True)
    approx(multi(y, s), (0.75 + 1.0) / 2)
    assert multi.true_positives.shape == (200, 2)
    weighted = metrics.AUC(multi_label=True, num_labels=2, label_weights=[1.0, 0.0])
    approx(weighted(y, s), 0.75)
    explicit = metrics.AUC(thresholds=[0.3, 0.5, 0.7])
    assert explicit.num_thresholds == 5 and explicit.get_config()["thresholds"] == [0.3, 0.5, 0.7]


def test_bad_confusion_arguments():
    with pytest.raises(ValueError, match=r"Threshold values must be in \[0, 1\]"):
        metrics.Precision(thresholds=1.5)
    with pytest.raises(ValueError, match="Invalid AUC curve value"):
        metrics.AUC(curve="XY")
    with pytest.raises(ValueError, match="`num_thresholds` must be an integer > 1"):
        metrics.AUC(num_thresholds=1)
    with pytest.raises(ValueError, match=r"labels shaped like the predictions.*y_true.shape=\(2,\), "
                                         r"y_pred.shape=\(2, 3\)"):
        metrics.AUC()([0, 2], np.full((2, 3), 1 / 3, np.float32))


# --- F-scores ---------------------------------------------------------------------------------------
Y_TRUE_MC = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0], [0, 1, 0]], np.float32)
Y_PRED_MC = np.array([[0.8, 0.1, 0.1], [0.3, 0.6, 0.1], [0.5, 0.2, 0.3], [0.2, 0.7, 0.1], [0.1, 0.8, 0.1]],
                     np.float32)


def _f1(tp, fp, fn):
    p, r = tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def test_f1_score_averages():
    # argmax predictions: class 0 tp=1 fp=1 fn=1; class 1 tp=2 fp=1 fn=0; class 2 tp=0 fp=0 fn=1
    per_class = [_f1(1, 1, 1), _f1(2, 1, 0), _f1(0, 0, 1)]
    approx(metrics.F1Score()(Y_TRUE_MC, Y_PRED_MC), per_class, atol=1e-5)
    approx(metrics.F1Score(average="macro")(Y_TRUE_MC, Y_PRED_MC), np.mean(per_class), atol=1e-5)
    approx(metrics.F1Score(average="micro")(Y_TRUE_MC, Y_PRED_MC), _f1(3, 2, 2), atol=1e-5)
    support = np.array([2, 2, 1]) / 5
    approx(metrics.F1Score(average="weighted")(Y_TRUE_MC, Y_PRED_MC), np.dot(per_class, support), atol=1e-5)
    thresholded = metrics.F1Score(threshold=0.25, average="micro")  # predicted: 4 + 3 -> 7 positives
    approx(thresholded(Y_TRUE_MC, Y_PRED_MC), _f1(4, 3, 1), atol=1e-5)


def test_fbeta_weights_recall_and_sample_weight():
    f2 = metrics.FBetaScore(beta=2.0, average="micro")
    p, r = 3 / 5, 3 / 5
    approx(f2(Y_TRUE_MC, Y_PRED_MC), 5 * p * r / (4 * p + r), atol=1e-5)
    f1 = metrics.F1Score(average="micro")
    f1.update_state(Y_TRUE_MC, Y_PRED_MC, sample_weight=[1, 1, 0, 0, 1])
    approx(f1.result(), 1.0, atol=1e-5)
    with pytest.raises(ValueError, match="Invalid `average` argument value"):
        metrics.F1Score(average="mean")
    with pytest.raises(ValueError, match="expects 2D inputs"):
        metrics.F1Score()([1, 0], [0.5, 0.5])


# --- tracing-friendly state, names, get, serialize ---------------------------------------------------
def test_reset_state_zeroes_every_variable():
    for m in (metrics.AUC(), metrics.Precision(), metrics.SparseCategoricalAccuracy()):
        m.update_state([0, 1], [[0.3, 0.7], [0.4, 0.6]] if isinstance(m, metrics.SparseCategoricalAccuracy)
                       else [0.3, 0.7])
        m.reset_state()
        assert all(not v.numpy().any() for v in m.variables)


def test_default_names_are_keras_names():
    keras.backend.clear_session()
    assert metrics.AUC().name == "auc" and metrics.AUC().name == "auc_1"
    assert metrics.Precision().name == "precision" and metrics.Recall().name == "recall"
    assert metrics.SparseCategoricalAccuracy().name == "sparse_categorical_accuracy"
    assert metrics.RootMeanSquaredError().name == "root_mean_squared_error"
    assert metrics.F1Score().name == "f1_score"


def test_get_resolves_strings_functions_and_classes():
    assert metrics.get("accuracy") is metrics.accuracy and metrics.get("acc") is metrics.accuracy
    assert metrics.get("mse") is keras.losses.mean_squared_error
    assert isinstance(metrics.get("AUC"), metrics.AUC)
    assert isinstance(metrics.get("SparseCategoricalAccuracy"), metrics.SparseCategoricalAccuracy)
    with pytest.raises(ValueError, match="Could not interpret metric identifier: acuracy"):
        metrics.get("acuracy")


CONFIGURED = [metrics.Mean(name="m"), metrics.Sum(), metrics.BinaryAccuracy(threshold=0.3),
              metrics.TopKCategoricalAccuracy(k=3), metrics.SparseTopKCategoricalAccuracy(k=2),
              metrics.MeanSquaredError(), metrics.RootMeanSquaredError(), metrics.CosineSimilarity(axis=0),
              metrics.BinaryCrossentropy(from_logits=True), metrics.Precision(thresholds=[0.2, 0.4], top_k=2),
              metrics.Recall(class_id=1), metrics.TruePositives(thresholds=0.3),
              metrics.AUC(num_thresholds=50, curve="PR"), metrics.F1Score(average="macro", threshold=0.4),
              metrics.FBetaScore(beta=0.5)]


@pytest.mark.parametrize("metric", CONFIGURED, ids=lambda m: type(m).__name__)
def test_config_round_trip(metric):
    config = metrics.serialize(metric)
    assert config["module"] == "keras.metrics" and config["class_name"] == type(metric).__name__
    clone = metrics.deserialize(config)
    assert type(clone) is type(metric) and clone.get_config() == metric.get_config()


def test_mean_metric_wrapper_round_trip_with_function():
    m = metrics.MeanMetricWrapper(metrics.binary_accuracy, name="acc05", threshold=0.4)
    approx(m([[1.0]], [[0.45]]), 1.0)
    clone = metrics.deserialize(metrics.serialize(m))
    assert clone._fn is metrics.binary_accuracy and clone.get_config() == m.get_config()


def test_updates_traced_by_tf_function_match_eager_updates():
    def make():
        return [metrics.AUC(), metrics.Precision(thresholds=[0.3, 0.6]), metrics.SparseCategoricalAccuracy(),
                metrics.F1Score(average="weighted"), metrics.RootMeanSquaredError()]

    def update(ms, y, p, scores, one_hot):
        ms[0].update_state(y, p)
        ms[1].update_state(y, p, sample_weight=p)
        ms[2].update_state(y, scores)
        ms[3].update_state(one_hot, scores)
        ms[4].update_state(one_hot, scores)

    rng = np.random.default_rng(3)
    traced_metrics, eager_metrics = make(), make()
    traced = tf.function(lambda *args: update(traced_metrics, *args))
    for _ in range(3):
        y = rng.integers(0, 2, 8)
        p = rng.uniform(0, 1, 8).astype(np.float32)
        scores = rng.uniform(0, 1, (8, 2)).astype(np.float32)
        args = (y, p, scores, np.eye(2, dtype=np.float32)[y])
        traced(*(tf.constant(a) for a in args))
        update(eager_metrics, *args)
    for a, b in zip(traced_metrics, eager_metrics):
        approx(a.result(), b.result().numpy())
