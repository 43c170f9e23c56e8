"""F-scores: the (weighted) harmonic mean of precision and recall, per class or averaged.

>>> from neuroflow import keras
>>> m = keras.metrics.F1Score(average="micro", threshold=0.5)
>>> round(float(m([[1, 0], [0, 1], [1, 0]], [[0.9, 0.2], [0.6, 0.7], [0.3, 0.4]])), 4)
0.6667
"""
import neuroflow as tf
from ..backend.config import epsilon
from ..losses.loss import as_float
from .metric import Metric

__all__ = ["FBetaScore", "F1Score"]


class FBetaScore(Metric):
    """`(1 + beta^2) * precision * recall / (beta^2 * precision + recall)` for multi-class or
    multi-label predictions of shape (batch, classes).

    Args:
        average: None (one score per class), "micro" (pool all classes' counts), "macro"
            (mean of the per-class scores) or "weighted" (mean weighted by each class's support).
        beta: how much more recall counts than precision.
        threshold: predictions above it are positive; None marks each row's highest score positive.
    """

    def __init__(self, average=None, beta=1.0, threshold=None, name="fbeta_score", dtype=None):
        super().__init__(name=name, dtype=dtype)
        if average not in (None, "micro", "macro", "weighted"):
            raise ValueError("Invalid `average` argument value. Expected one of: {None, 'micro', "
                             f"'macro', 'weighted'}}. Received: average={average!r}")
        if not isinstance(beta, (int, float)) or beta <= 0.0:
            raise ValueError(f"Invalid `beta` argument value. It should be a Python float > 0. Received: beta={beta!r}")
        if threshold is not None and not (isinstance(threshold, float) and 0.0 < threshold <= 1.0):
            raise ValueError("Invalid `threshold` argument value. It should be a Python float in the "
                             f"range ]0, 1]. Received: threshold={threshold!r}")
        self.average, self.beta, self.threshold = average, beta, threshold
        self._axis = None if average == "micro" else 0
        self._built = False

    def _build(self, num_classes):
        shape = () if self.average == "micro" else (num_classes,)
        self.true_positives = self.add_variable(shape, name="true_positives")
        self.false_positives = self.add_variable(shape, name="false_positives")
        self.false_negatives = self.add_variable(shape, name="false_negatives")
        self.intermediate_weights = self.add_variable(shape, name="intermediate_weights")
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_pred = as_float(y_pred, tf.as_dtype(self.dtype))
        y_true = as_float(y_true, y_pred.dtype)
        if y_pred.ndim != 2 or y_true.ndim != 2:
            raise ValueError("FBetaScore expects 2D inputs with shape (batch_size, output_dim). Received "
                             f"input shapes: y_pred.shape={tuple(y_pred.shape)} and y_true.shape={tuple(y_true.shape)}.")
        if not self._built:
            self._build(y_pred.shape[-1])
        if self.threshold is None:
            # The highest score of each row is positive, unless the row is all zeros.
            top = tf.reduce_max(y_pred, axis=-1, keepdims=True)
            predicted = tf.logical_and(y_pred >= top, tf.abs(y_pred) > 1e-9)
        else:
            predicted = y_pred > self.threshold
        predicted = tf.cast(predicted, y_pred.dtype)
        weight = 1.0 if sample_weight is None else \
            tf.reshape(as_float(sample_weight, y_pred.dtype), [-1, 1])

        def weighted_sum(values):
            return tf.reduce_sum(values * weight, axis=self._axis)
        self.true_positives.assign_add(weighted_sum(predicted * y_true))
        self.false_positives.assign_add(weighted_sum(predicted * (1.0 - y_true)))
        self.false_negatives.assign_add(weighted_sum((1.0 - predicted) * y_true))
        self.intermediate_weights.assign_add(weighted_sum(y_true))

    def result(self):
        if not self._built:
            return tf.constant(0.0, self.dtype)
        tp = self.true_positives
        precision = tp / (tp + self.false_positives + epsilon())
        recall = tp / (tp + self.false_negatives + epsilon())
        b2 = self.beta ** 2
        score = (1.0 + b2) * precision * recall / (b2 * precision + recall + epsilon())
        if self.average == "weighted":
            weights = self.intermediate_weights / (tf.reduce_sum(self.intermediate_weights) + epsilon())
            return tf.reduce_sum(score * weights)
        if self.average is not None:
            return tf.reduce_mean(score)
        return score

    def get_config(self):
        return {**super().get_config(), "average": self.average, "beta": self.beta,
                "threshold": self.threshold}


class F1Score(FBetaScore):
    """The F1 score: the harmonic mean of precision and recall (`FBetaScore` with beta=1)."""

    def __init__(self, average=None, threshold=None, name="f1_score", dtype=None):
        super().__init__(average=average, beta=1.0, threshold=threshold, name=name, dtype=dtype)

    def get_config(self):
        config = super().get_config()
        del config["beta"]
        return config
