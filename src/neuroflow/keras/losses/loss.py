"""`Loss`: the base class of Keras losses, and how per-sample losses become one number.

A loss computes one value per sample (`call`), then weights them (`sample_weight`,
masks) and reduces them: by default the sum divided by the number of values
("sum_over_batch_size").

>>> from neuroflow import keras
>>> mse = keras.losses.MeanSquaredError()
>>> float(mse([[0.0, 1.0], [1.0, 1.0]], [[1.0, 1.0], [1.0, 0.0]]))
0.5
>>> float(mse([[0.0, 1.0], [1.0, 1.0]], [[1.0, 1.0], [1.0, 0.0]], sample_weight=[0.0, 1.0]))
0.25
"""
import math

import neuroflow as tf
from ...framework import dtypes
from ...ops.registry import as_tensor
from ...ops.shape_util import dims
from ..backend.config import epsilon, floatx
from ..backend.naming import to_snake_case, unique_name

__all__ = ["Loss", "LossFunctionWrapper", "reduce_weighted_values", "squeeze_or_expand_to_same_rank",
           "as_float", "aligned"]

REDUCTIONS = ("sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none", None)


def as_float(x, dtype):
    """`x` as a tensor of the float `dtype` (NumPy arrays, lists and other dtypes are cast)."""
    if type(x) is float or type(x) is int:  # e.g. a batch size as a sample weight
        return tf.convert_to_tensor(x, dtype)
    x = as_tensor(x)
    return x if x.dtype is dtype else tf.cast(x, dtype)


def squeeze_or_expand_to_same_rank(x1, x2, expand_rank_1=True):
    """Makes ranks agree when they differ by a trailing axis of size 1.

    Labels of shape (batch,) against predictions of shape (batch, 1) become (batch, 1)
    rather than broadcasting to (batch, batch).
    """
    r1, r2 = x1.ndim, x2.ndim
    if r1 == r2 + 1 and x1.shape[-1] == 1:
        if r2 == 1 and expand_rank_1:
            return x1, tf.expand_dims(x2, -1)
        return tf.squeeze(x1, -1), x2
    if r2 == r1 + 1 and x2.shape[-1] == 1:
        if r1 == 1 and expand_rank_1:
            return tf.expand_dims(x1, -1), x2
        return x1, tf.squeeze(x2, -1)
    return x1, x2


def aligned(y_true, y_pred):
    """Predictions as a float tensor, labels cast to their dtype, ranks aligned."""
    y_pred = as_tensor(y_pred)
    if not y_pred.dtype.is_floating:
        y_pred = tf.cast(y_pred, floatx())
    return squeeze_or_expand_to_same_rank(as_float(y_true, y_pred.dtype), y_pred)


def _check_reduction(reduction):
    if reduction not in REDUCTIONS:
        raise ValueError(f"Invalid value for argument `reduction`. Expected one of {set(REDUCTIONS)}. "
                         f"Received: reduction={reduction!r}")
    return reduction


def _mask_to_weights(mask, sample_weight, reduction, dtype):
    """Folds a Keras mask into the sample weights; masked-out values count as absent."""
    mask = tf.cast(mask, dtype)
    if reduction in ("sum_over_batch_size", "mean"):
        # Rescale so that dividing by the number of values averages over the valid ones.
        mask = mask * (tf.cast(tf.size(mask), dtype) / (tf.reduce_sum(mask) + epsilon()))
    if sample_weight is None:
        return mask
    mask, sample_weight = squeeze_or_expand_to_same_rank(mask, sample_weight)
    return sample_weight * mask


def reduce_weighted_values(values, sample_weight=None, mask=None, reduction="sum_over_batch_size",
                           dtype=None):
    """Weights per-sample `values` by `sample_weight` (and `mask`), then reduces them.

    Args:
        values: per-sample losses, e.g. shape (batch,).
        sample_weight: weights broadcastable to `values` (a trailing axis of 1 is fine).
        mask: optional boolean mask of valid entries.
        reduction: "sum_over_batch_size"/"mean" (sum / number of values), "sum",
            "mean_with_sample_weight" (sum / sum of weights), or "none"/None (no reduction).
        dtype: the result's dtype (default: `values`' dtype).
    """
    values = as_float(values, dtypes.as_dtype(dtype) if dtype else as_tensor(values).dtype)
    if sample_weight is not None:
        sample_weight = as_float(sample_weight, values.dtype)
    if mask is not None:
        sample_weight = _mask_to_weights(mask, sample_weight, reduction, values.dtype)
    if sample_weight is not None:
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        values = values * sample_weight
    if reduction in ("none", None) or values.ndim == 0:
        return values
    total = tf.reduce_sum(values)
    if reduction == "sum":
        return total
    if reduction == "mean_with_sample_weight" and sample_weight is not None:
        return tf.math.divide_no_nan(total, tf.reduce_sum(tf.broadcast_to(sample_weight, values.shape)))
    shape = dims(values)
    count = None if None in shape else math.prod(shape)  # unknown only for a traced batch of unknown size
    if count:  # a known, nonzero count: a plain division (the eager step's cheapest op, same value)
        return total / count
    if count is None:
        count = tf.cast(tf.size(values), values.dtype)
    return tf.math.divide_no_nan(total, count)


class Loss:
    """Base class of losses: subclasses implement `call(y_true, y_pred)` -> per-sample losses.

    Args:
        name: the loss's name (default: derived from the class name).
        reduction: how per-sample losses combine: "sum_over_batch_size" (default), "sum",
            "mean", "mean_with_sample_weight", or "none"/None.
        dtype: the dtype predictions are cast to and the loss is computed in (default floatx).
    """

    def __init__(self, name=None, reduction="sum_over_batch_size", dtype=None):
        self.name = name or unique_name(to_snake_case(type(self).__name__))
        self.reduction = _check_reduction(reduction)
        self.dtype = dtypes.as_dtype(dtype or floatx()).name

    def __call__(self, y_true, y_pred, sample_weight=None):
        """The weighted, reduced loss of predictions `y_pred` against labels `y_true`."""
        mask = getattr(y_pred, "_keras_mask", None)
        y_pred = as_float(y_pred, dtypes.as_dtype(self.dtype))
        losses = self.call(as_tensor(y_true), y_pred)
        mask = getattr(losses, "_keras_mask", mask)
        return reduce_weighted_values(losses, sample_weight, mask, self.reduction, self.dtype)

    def call(self, y_true, y_pred):
        raise NotImplementedError(f"{type(self).__name__} must implement `call(y_true, y_pred)`.")

    def get_config(self):
        return {"name": self.name, "reduction": self.reduction, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name!r}>"


class LossFunctionWrapper(Loss):
    """A `Loss` that calls `fn(y_true, y_pred, **kwargs)`: how the built-in loss classes are made.

    >>> from neuroflow import keras
    >>> loss = keras.losses.LossFunctionWrapper(keras.losses.mean_absolute_error, name="l1")
    >>> float(loss([1.0, 2.0], [2.0, 4.0]))
    1.5
    """

    def __init__(self, fn, reduction="sum_over_batch_size", name=None, dtype=None, **kwargs):
        super().__init__(name=name, reduction=reduction, dtype=dtype)
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true, y_pred):
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self):
        config = super().get_config()
        config.update(self._fn_kwargs)
        if type(self) is LossFunctionWrapper:
            from . import serialize
            config["fn"] = serialize(self.fn)
        return config

    @classmethod
    def from_config(cls, config):
        if "fn" in config:
            from . import deserialize
            config = {**config, "fn": deserialize(config["fn"])}
        return cls(**config)
