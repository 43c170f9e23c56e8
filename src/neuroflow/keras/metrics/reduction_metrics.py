"""Metrics that reduce values: `Sum`, `Mean`, and `MeanMetricWrapper` (the mean of a function).

>>> from neuroflow import keras
>>> m = keras.metrics.Mean()
>>> float(m([1.0, 3.0, 5.0], sample_weight=[1.0, 1.0, 0.0]))
2.0
>>> float(keras.metrics.Sum()([1.0, 3.0, 5.0]))
9.0
"""
import neuroflow as tf
from ..losses.loss import as_float, squeeze_or_expand_to_same_rank
from .metric import Metric

__all__ = ["Sum", "Mean", "MeanMetricWrapper", "reduce_to_samplewise_values"]


def _reduce_trailing(x, reduce_fn, start):
    return reduce_fn(x, axis=list(range(start, x.ndim))) if x.ndim > start else x


def reduce_to_samplewise_values(values, sample_weight, reduce_fn, dtype):
    """Weighted values reduced to one per sample (and the weights to match).

    Values with more axes than the weights are first reduced over the extra axes with
    `reduce_fn`; after weighting, everything beyond the batch axis is reduced.
    """
    values = as_float(values, tf.as_dtype(dtype))
    if sample_weight is not None:
        sample_weight = as_float(sample_weight, values.dtype)
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        values = _reduce_trailing(values, reduce_fn, sample_weight.ndim)
        sample_weight = tf.broadcast_to(sample_weight, values.shape)
        values = values * sample_weight
        sample_weight = _reduce_trailing(sample_weight, reduce_fn, 1)
    return _reduce_trailing(values, reduce_fn, 1), sample_weight


def _is_scalar(weight):
    """True for None, a Python number or a 0-d tensor: one weight for one value."""
    return weight is None or isinstance(weight, (int, float)) or getattr(weight, "ndim", None) == 0


class Sum(Metric):
    """The running (weighted) sum of the values."""

    def __init__(self, name="sum", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable((), name="total")

    def update_state(self, values, sample_weight=None):
        values, _ = reduce_to_samplewise_values(values, sample_weight, tf.reduce_sum, self.dtype)
        self.total.assign_add(tf.reduce_sum(values))

    def result(self):
        return tf.identity(self.total)


class Mean(Metric):
    """The running (weighted) mean of the values: `sum(w * x) / sum(w)`."""

    def __init__(self, name="mean", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable((), name="total")
        self.count = self.add_variable((), name="count")

    def update_state(self, values, sample_weight=None):
        values = as_float(values, tf.as_dtype(self.dtype))
        if values.ndim == 0 and _is_scalar(sample_weight):  # one value, e.g. a batch's loss
            if sample_weight is None:
                self.total.assign_add(values)
                self.count.assign_add(1.0)
            else:
                weight = as_float(sample_weight, values.dtype)
                self.total.assign_add(values * weight)
                self.count.assign_add(weight)
            return
        values, sample_weight = reduce_to_samplewise_values(values, sample_weight, tf.reduce_mean,
                                                            self.dtype)
        self.total.assign_add(tf.reduce_sum(values))
        if sample_weight is not None:
            self.count.assign_add(tf.reduce_sum(sample_weight))
        else:
            self.count.assign_add(tf.cast(tf.size(values), self.dtype))

    def result(self):
        return tf.math.divide_no_nan(self.total, self.count)


class MeanMetricWrapper(Mean):
    """The mean of `fn(y_true, y_pred, **kwargs)` over all samples seen.

    >>> from neuroflow import keras
    >>> m = keras.metrics.MeanMetricWrapper(keras.losses.mean_absolute_error, name="mae")
    >>> float(m([[1.0], [2.0]], [[2.0], [4.0]]))
    1.5
    """

    def __init__(self, fn, name=None, dtype=None, **kwargs):
        super().__init__(name=name or getattr(fn, "__name__", None), dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs

    def update_state(self, y_true, y_pred, sample_weight=None):
        values = self._fn(y_true, y_pred, **self._fn_kwargs)
        mask = getattr(values, "_keras_mask", getattr(y_pred, "_keras_mask", None))
        if mask is not None:
            mask = tf.cast(mask, values.dtype)
            sample_weight = mask if sample_weight is None else \
                as_float(sample_weight, values.dtype) * mask
        super().update_state(values, sample_weight=sample_weight)

    def get_config(self):
        config = {**super().get_config(), **self._fn_kwargs}
        if type(self) is MeanMetricWrapper:
            from . import serialize
            config["fn"] = serialize(self._fn)
        return config

    @classmethod
    def from_config(cls, config):
        if "fn" in config:
            from . import deserialize
            config = {**config, "fn": deserialize(config["fn"])}
        return cls(**config)
