"""Metrics from confusion-matrix counts: true/false positives/negatives, precision, recall, AUC.

A prediction counts as positive when it is above a threshold. Each metric keeps one
count per threshold, so AUC can sweep a whole curve of thresholds in one pass.

>>> from neuroflow import keras
>>> y_true, y_pred = [0, 1, 1, 1], [0.6, 0.8, 0.3, 0.9]
>>> round(float(keras.metrics.Precision()(y_true, y_pred)), 4)  # 2 of the 3 above 0.5 are positive
0.6667
>>> float(keras.metrics.Recall(thresholds=0.2)(y_true, y_pred))  # all positives are above 0.2
1.0
>>> float(keras.metrics.AUC()([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]))
0.75
"""
import neuroflow as tf
from ...ops.registry import as_tensor
from ..backend.config import epsilon
from ..losses.loss import as_float, squeeze_or_expand_to_same_rank
from .metric import Metric

__all__ = ["TruePositives", "FalsePositives", "TrueNegatives", "FalseNegatives", "Precision", "Recall",
           "AUC"]

NEG_INF = -1e10


def _check_thresholds(thresholds, default):
    """The thresholds as a list of floats in [0, 1]."""
    if thresholds is None:
        return [default]
    values = [float(t) for t in (thresholds if isinstance(thresholds, (list, tuple)) else [thresholds])]
    invalid = [t for t in values if not 0.0 <= t <= 1.0]
    if invalid:
        raise ValueError(f"Threshold values must be in [0, 1]. Received: {invalid}")
    return values


def _keep_top_k(y_pred, k):
    """Scores outside each row's `k` highest become -1e10, so no threshold counts them."""
    _, indices = tf.math.top_k(y_pred, k)
    in_top = tf.reduce_sum(tf.one_hot(indices, y_pred.shape[-1], dtype=y_pred.dtype), axis=-2)
    return y_pred * in_top + NEG_INF * (1.0 - in_top)


def confusion_counts(y_true, y_pred, thresholds, sample_weight=None, top_k=None, class_id=None,
                     num_labels=1, dtype="float32"):
    """Weighted (tp, fp, tn, fn) counts, one row per threshold.

    Args:
        y_true: 0/1 labels shaped like `y_pred`.
        y_pred: scores; a sample is predicted positive where its score is above a threshold.
        thresholds: a list of floats.
        sample_weight: optional weights broadcastable to `y_pred`.
        top_k: only each row's `k` highest scores may count as positive.
        class_id: only this class (last-axis index) is counted.
        num_labels: count each of the last axis' labels separately (multi-label AUC);
            1 pools every score together.

    Returns:
        Four tensors of shape (len(thresholds),), or (len(thresholds), num_labels).
    """
    y_pred = as_float(y_pred, tf.as_dtype(dtype))
    y_true, y_pred = squeeze_or_expand_to_same_rank(as_float(y_true, y_pred.dtype), y_pred)
    if tuple(y_true.shape) != tuple(y_pred.shape):
        raise ValueError(
            f"Confusion-matrix metrics (Precision, Recall, AUC, ...) need labels shaped like the "
            f"predictions. Received: y_true.shape={tuple(y_true.shape)}, y_pred.shape={tuple(y_pred.shape)}. "
            "They count 0/1 labels against scores; for integer class labels, one-hot encode them "
            "(keras.utils.to_categorical) or pick a class with `class_id`.")
    if top_k is not None:
        y_pred = _keep_top_k(y_pred, top_k)
    if class_id is not None:
        y_true, y_pred = y_true[..., class_id], y_pred[..., class_id]
    weights = tf.ones_like(y_pred)
    if sample_weight is not None:
        sample_weight, _ = squeeze_or_expand_to_same_rank(as_float(sample_weight, y_pred.dtype), y_pred)
        weights = tf.broadcast_to(sample_weight, y_pred.shape)
    columns = [-1, num_labels]
    y_pred, y_true, weights = (tf.reshape(x, columns) for x in (y_pred, y_true, weights))
    above = tf.cast(y_pred > tf.reshape(tf.constant(thresholds, y_pred.dtype), [-1, 1, 1]), y_pred.dtype)
    positive, negative = y_true * weights, (1.0 - y_true) * weights
    tp = tf.reduce_sum(above * positive, axis=1)
    fp = tf.reduce_sum(above * negative, axis=1)
    fn = tf.reduce_sum(positive, axis=0) - tp
    tn = tf.reduce_sum(negative, axis=0) - fp
    if num_labels == 1:
        tp, fp, tn, fn = (tf.reshape(c, [-1]) for c in (tp, fp, tn, fn))
    return tp, fp, tn, fn


class _ConfusionCount(Metric):
    """One confusion-matrix entry (`_INDEX` into tp, fp, tn, fn), summed over batches."""

    _INDEX = 0

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.thresholds = _check_thresholds(thresholds, 0.5)
        self.accumulator = self.add_variable((len(self.thresholds),), name="accumulator")

    def update_state(self, y_true, y_pred, sample_weight=None):
        counts = confusion_counts(y_true, y_pred, self.thresholds, sample_weight, dtype=self.dtype)
        self.accumulator.assign_add(counts[self._INDEX])

    def result(self):
        return self.accumulator[0] if len(self.thresholds) == 1 else tf.identity(self.accumulator)

    def get_config(self):
        return {**super().get_config(), "thresholds": self.init_thresholds}


class TruePositives(_ConfusionCount):
    """The (weighted) number of positives predicted positive."""
    _INDEX = 0


class FalsePositives(_ConfusionCount):
    """The (weighted) number of negatives predicted positive."""
    _INDEX = 1


class TrueNegatives(_ConfusionCount):
    """The (weighted) number of negatives predicted negative."""
    _INDEX = 2


class FalseNegatives(_ConfusionCount):
    """The (weighted) number of positives predicted negative."""
    _INDEX = 3


class _Ratio(Metric):
    """`tp / (tp + other)`: precision (other = fp) or recall (other = fn)."""

    _OTHER = 1

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds, self.top_k, self.class_id = thresholds, top_k, class_id
        self.thresholds = _check_thresholds(thresholds, 0.5 if top_k is None else NEG_INF)
        self.true_positives = self.add_variable((len(self.thresholds),), name="true_positives")
        self.others = self.add_variable((len(self.thresholds),), name="others")

    def update_state(self, y_true, y_pred, sample_weight=None):
        counts = confusion_counts(y_true, y_pred, self.thresholds, sample_weight, self.top_k,
                                  self.class_id, dtype=self.dtype)
        self.true_positives.assign_add(counts[0])
        self.others.assign_add(counts[self._OTHER])

    def result(self):
        ratio = tf.math.divide_no_nan(self.true_positives, self.true_positives + self.others)
        return ratio[0] if len(self.thresholds) == 1 else ratio

    def get_config(self):
        return {**super().get_config(), "thresholds": self.init_thresholds, "top_k": self.top_k,
                "class_id": self.class_id}


class Precision(_Ratio):
    """The fraction of predicted positives that are positive: `tp / (tp + fp)`.

    Args:
        thresholds: a float or list of floats in [0, 1] (default 0.5); with a list the
            result has one value per threshold.
        top_k: only the `k` highest scores of each sample count as predicted positive.
        class_id: compute the metric for this class only.
    """
    _OTHER = 1


class Recall(_Ratio):
    """The fraction of positives predicted positive: `tp / (tp + fn)`. Arguments as `Precision`."""
    _OTHER = 3


class AUC(Metric):
    """Area under the ROC or precision-recall curve, from counts at `num_thresholds` thresholds.

    Args:
        num_thresholds: how many evenly spaced thresholds approximate the curve (default 200).
        curve: "ROC" (true positive rate vs false positive rate) or "PR" (precision vs recall).
        summation_method: "interpolation" (trapezoids; for PR, Davis & Goadrich's
            interpolation), "minoring" or "majoring" (lower or upper Riemann sums).
        thresholds: explicit thresholds in [0, 1] instead of evenly spaced ones.
        multi_label: compute one AUC per label (last axis) and average them.
        num_labels: the number of labels with `multi_label` (default: found on the first update).
        label_weights: weights of the labels' AUCs in the average (`multi_label` only).
        from_logits: predictions are logits; a sigmoid turns them into probabilities.
    """

    def __init__(self, num_thresholds=200, curve="ROC", summation_method="interpolation", name=None,
                 dtype=None, thresholds=None, multi_label=False, num_labels=None, label_weights=None,
                 from_logits=False):
        super().__init__(name=name, dtype=dtype)
        self.curve = str(curve).upper()
        self.summation_method = str(summation_method).lower()
        if self.curve not in ("ROC", "PR"):
            raise ValueError(f'Invalid AUC curve value: "{curve}". Expected values are ["PR", "ROC"]')
        if self.summation_method not in ("interpolation", "minoring", "majoring"):
            raise ValueError(f'Invalid AUC summation method value: "{summation_method}". Expected values '
                             'are ["interpolation", "majoring", "minoring"]')
        if thresholds is not None:
            inner = sorted(_check_thresholds(thresholds, 0.5))
            self._init_from_thresholds = True
            num_thresholds = len(inner) + 2
        else:
            if num_thresholds <= 1:
                raise ValueError("Argument `num_thresholds` must be an integer > 1. "
                                 f"Received: num_thresholds={num_thresholds}")
            inner = [i / (num_thresholds - 1) for i in range(1, num_thresholds - 1)]
            self._init_from_thresholds = False
        self.num_thresholds = num_thresholds
        self.thresholds = [0.0 - epsilon()] + inner + [1.0 + epsilon()]
        self.multi_label, self.label_weights, self.from_logits = multi_label, label_weights, from_logits
        self.num_labels = num_labels
        self._built = False
        if not multi_label or num_labels is not None:
            self._build(num_labels if multi_label else None)

    def _build(self, num_labels):
        shape = (self.num_thresholds,) if num_labels is None else (self.num_thresholds, num_labels)
        self.true_positives = self.add_variable(shape, name="true_positives")
        self.false_positives = self.add_variable(shape, name="false_positives")
        self.true_negatives = self.add_variable(shape, name="true_negatives")
        self.false_negatives = self.add_variable(shape, name="false_negatives")
        self.num_labels, self._built = num_labels, True

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_pred = as_tensor(y_pred)
        if not self._built:
            self._build(y_pred.shape[-1])
        if self.from_logits:
            y_pred = tf.math.sigmoid(y_pred)
        counts = confusion_counts(y_true, y_pred, self.thresholds, sample_weight,
                                  num_labels=self.num_labels or 1, dtype=self.dtype)
        for variable, count in zip((self.true_positives, self.false_positives, self.true_negatives,
                                    self.false_negatives), counts):
            variable.assign_add(count)

    def _interpolate_pr_auc(self):
        """Precision-recall AUC interpolated between thresholds (Davis & Goadrich, 2006)."""
        tp, fp, fn = self.true_positives, self.false_positives, self.false_negatives
        n = self.num_thresholds
        dtp = tp[:n - 1] - tp[1:]
        p = tp + fp
        dp = p[:n - 1] - p[1:]
        slope = tf.math.divide_no_nan(dtp, tf.maximum(dp, 0.0))
        intercept = tp[1:] - slope * p[1:]
        both_positive = tf.logical_and(p[:n - 1] > 0, p[1:] > 0)
        ratio = tf.where(both_positive, tf.math.divide_no_nan(p[:n - 1], tf.maximum(p[1:], 0.0)),
                         tf.ones_like(p[1:]))
        return tf.math.divide_no_nan(slope * (dtp + intercept * tf.math.log(ratio)),
                                     tf.maximum(tp[1:] + fn[1:], 0.0))

    def _riemann_terms(self):
        tp, fp, tn, fn = self.true_positives, self.false_positives, self.true_negatives, self.false_negatives
        if self.curve == "PR" and self.summation_method == "interpolation":
            return self._interpolate_pr_auc()
        recall = tf.math.divide_no_nan(tp, tp + fn)
        if self.curve == "ROC":
            x, y = tf.math.divide_no_nan(fp, fp + tn), recall
        else:
            x, y = recall, tf.math.divide_no_nan(tp, tp + fp)
        n = self.num_thresholds
        if self.summation_method == "interpolation":
            heights = (y[:n - 1] + y[1:]) / 2.0
        elif self.summation_method == "minoring":
            heights = tf.minimum(y[:n - 1], y[1:])
        else:
            heights = tf.maximum(y[:n - 1], y[1:])
        return (x[:n - 1] - x[1:]) * heights

    def result(self):
        if not self._built:
            return tf.constant(0.0, self.dtype)
        terms = self._riemann_terms()
        if not self.multi_label:
            return tf.reduce_sum(terms)
        per_label = tf.reduce_sum(terms, axis=0)
        if self.label_weights is None:
            return tf.reduce_mean(per_label)
        weights = tf.constant(self.label_weights, per_label.dtype)
        return tf.math.divide_no_nan(tf.reduce_sum(per_label * weights), tf.reduce_sum(weights))

    def get_config(self):
        config = {**super().get_config(), "num_thresholds": self.num_thresholds, "curve": self.curve,
                  "summation_method": self.summation_method, "multi_label": self.multi_label,
                  "num_labels": self.num_labels, "label_weights": self.label_weights,
                  "from_logits": self.from_logits}
        if self._init_from_thresholds:
            config["thresholds"] = self.thresholds[1:-1]
        return config
