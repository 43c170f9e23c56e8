"""Regression metrics: running means of squared, absolute, percentage and log errors,
their root, and cosine similarity.

>>> from neuroflow import keras
>>> m = keras.metrics.RootMeanSquaredError()
>>> float(m([[0.0], [0.0]], [[3.0], [4.0]]))  # sqrt((9 + 16) / 2)
3.535533905029297
"""
import neuroflow as tf
from .. import losses
from ..losses.loss import aligned
from .reduction_metrics import Mean, MeanMetricWrapper

__all__ = ["cosine_similarity", "MeanSquaredError", "MeanAbsoluteError", "MeanAbsolutePercentageError",
           "MeanSquaredLogarithmicError", "RootMeanSquaredError", "CosineSimilarity", "LogCoshError"]


def cosine_similarity(y_true, y_pred, axis=-1):
    """The cosine of the angle between `y_true` and `y_pred` along `axis` (1 = same direction)."""
    return -losses.cosine_similarity(y_true, y_pred, axis=axis)


class MeanSquaredError(MeanMetricWrapper):
    """Running mean of `mean(square(y_true - y_pred), axis=-1)`."""

    def __init__(self, name="mean_squared_error", dtype=None):
        super().__init__(losses.mean_squared_error, name=name, dtype=dtype)


class MeanAbsoluteError(MeanMetricWrapper):
    """Running mean of `mean(abs(y_true - y_pred), axis=-1)`."""

    def __init__(self, name="mean_absolute_error", dtype=None):
        super().__init__(losses.mean_absolute_error, name=name, dtype=dtype)


class MeanAbsolutePercentageError(MeanMetricWrapper):
    """Running mean of the absolute error in percent of the labels."""

    def __init__(self, name="mean_absolute_percentage_error", dtype=None):
        super().__init__(losses.mean_absolute_percentage_error, name=name, dtype=dtype)


class MeanSquaredLogarithmicError(MeanMetricWrapper):
    """Running mean of the squared error between `log(1 + y)` of labels and predictions."""

    def __init__(self, name="mean_squared_logarithmic_error", dtype=None):
        super().__init__(losses.mean_squared_logarithmic_error, name=name, dtype=dtype)


class RootMeanSquaredError(Mean):
    """`sqrt` of the running mean of squared errors."""

    def __init__(self, name="root_mean_squared_error", dtype=None):
        super().__init__(name=name, dtype=dtype)

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true, y_pred = aligned(y_true, y_pred)
        super().update_state(tf.square(y_pred - y_true), sample_weight=sample_weight)

    def result(self):
        return tf.sqrt(super().result())


class CosineSimilarity(MeanMetricWrapper):
    """Running mean of the cosine similarity between labels and predictions."""

    def __init__(self, name="cosine_similarity", dtype=None, axis=-1):
        super().__init__(cosine_similarity, name=name, dtype=dtype, axis=axis)


class LogCoshError(MeanMetricWrapper):
    """Running mean of `log(cosh(y_pred - y_true))`."""

    def __init__(self, name="logcosh", dtype=None):
        super().__init__(losses.log_cosh, name=name, dtype=dtype)
