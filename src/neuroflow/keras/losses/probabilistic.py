"""Probabilistic losses: binary, categorical and sparse categorical cross-entropy, KL divergence, Poisson.

With `from_logits=False` (the default) predictions are probabilities, clipped to
`[epsilon, 1 - epsilon]` before the logarithm as in Keras; with `from_logits=True`
they are raw scores and the fused, numerically stable `tf.nn` ops are used. Inside a
traced function, probabilities that a softmax (sigmoid) op just computed are traded for
its input logits, as Keras' TensorFlow backend does.

>>> from neuroflow import keras
>>> round(float(keras.losses.SparseCategoricalCrossentropy()([1, 0], [[0.2, 0.8], [0.5, 0.5]])), 4)
0.4581
>>> round(float(keras.losses.BinaryCrossentropy(from_logits=True)([1.0, 0.0], [0.0, 0.0])), 4)
0.6931
"""
import warnings

import neuroflow as tf
from ...ops.registry import as_tensor
from ...ops.shape_util import dims
from ..backend.config import epsilon, floatx
from .loss import LossFunctionWrapper, aligned, as_float

__all__ = ["binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy",
           "kl_divergence", "poisson", "BinaryCrossentropy", "CategoricalCrossentropy",
           "SparseCategoricalCrossentropy", "KLDivergence", "Poisson"]


def _clip_probabilities(p, upper=None):
    """`p` clipped to `[epsilon, 1 - epsilon]` (or `[epsilon, upper]`) so logarithms stay finite."""
    return tf.minimum(tf.maximum(p, epsilon()), 1.0 - epsilon() if upper is None else upper)


def _log_clipped(p):
    return tf.math.log(_clip_probabilities(p))


def _logits(output, from_logits, op_type, fn_name, axis=-1):
    """`(output, from_logits)`, or the logits behind `output` when a graph made it with `op_type`.

    Keras' TensorFlow backend does this: in a traced function the cross-entropy of a softmax
    (sigmoid) output is computed from the activation's input, which is stabler than clipping
    the probabilities and skips their logarithm (and, for softmax, a second softmax). Eager
    tensors do not remember the op that made them, so eagerly the probabilities are used.
    """
    node = getattr(output, "op", None)
    if getattr(node, "type", None) != op_type or \
            (op_type == "Softmax" and node.attrs["axis"] != axis % output.ndim):
        return output, from_logits
    if from_logits:
        warnings.warn(f'"`{fn_name}` received `from_logits=True`, but the `output` argument was produced by a '
                      f"{op_type} activation and thus does not represent logits. Was this intended?",
                      stacklevel=3)
    return node.inputs[0], True


def _shapes(y_true, y_pred):
    return f"Received: target.shape={tuple(y_true.shape)}, output.shape={tuple(y_pred.shape)}."


def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Cross-entropy of 0/1 labels against predicted probabilities (or logits), averaged over `axis`.

    Args:
        y_true: labels in [0, 1], shaped like `y_pred` (a missing trailing axis of 1 is fine).
        y_pred: predicted probabilities, or logits with `from_logits=True`.
        label_smoothing: in [0, 1]; labels move towards 0.5 by this fraction.
    """
    y_true, y_pred = aligned(y_true, y_pred)
    if tuple(y_true.shape) != tuple(y_pred.shape):
        raise ValueError(
            "binary_crossentropy: arguments `target` and `output` must have the same shape. "
            f"{_shapes(y_true, y_pred)} A binary classifier outputs one probability per sample "
            "(e.g. Dense(1, activation='sigmoid')) for 0/1 labels of shape (batch,) or (batch, 1); "
            "for more classes use CategoricalCrossentropy or SparseCategoricalCrossentropy.")
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    y_pred, from_logits = _logits(y_pred, from_logits, "Sigmoid", "binary_crossentropy")
    if from_logits:
        losses = tf.nn.sigmoid_cross_entropy_with_logits(labels=y_true, logits=y_pred)
    else:
        p = _clip_probabilities(y_pred)
        losses = -(y_true * tf.math.log(p) + (1.0 - y_true) * tf.math.log(1.0 - p))
    return tf.reduce_mean(losses, axis=axis)


def _categorical_mismatch(y_true, y_pred):
    t, p = tuple(y_true.shape), tuple(y_pred.shape)
    if len(t) == len(p) - 1 or (len(t) == len(p) and t[-1] == 1 and t[:-1] == p[:-1]):
        hint = ("The labels look like integer class indices: use SparseCategoricalCrossentropy "
                "(loss='sparse_categorical_crossentropy'), or one-hot encode them with "
                f"keras.utils.to_categorical(labels, {p[-1]}).")
    elif len(t) == len(p) and t[:-1] == p[:-1]:
        hint = (f"The labels have {t[-1]} classes but the predictions have {p[-1]}: give the last "
                f"layer {t[-1]} units, or one-hot encode the labels with {p[-1]} classes.")
    else:
        hint = "Pass one-hot labels with the same shape as the predictions."
    return ValueError("categorical_crossentropy: arguments `target` and `output` must have the same "
                      f"shape. {_shapes(y_true, y_pred)} {hint}")


def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Cross-entropy of one-hot labels against predicted class probabilities (or logits).

    Args:
        y_true: one-hot (or soft) labels, shaped like `y_pred`.
        y_pred: class probabilities along `axis`, or logits with `from_logits=True`.
        label_smoothing: in [0, 1]; mixes the labels with the uniform distribution.
        axis: the class axis.
    """
    y_pred = as_tensor(y_pred)
    y_true = as_float(y_true, y_pred.dtype if y_pred.dtype.is_floating else floatx())
    y_pred = as_float(y_pred, y_true.dtype)
    if tuple(y_true.shape) != tuple(y_pred.shape):
        raise _categorical_mismatch(y_true, y_pred)
    if y_pred.shape[-1] == 1:
        warnings.warn(
            "In loss categorical_crossentropy, expected y_pred.shape to be (batch_size, num_classes) "
            f"with num_classes > 1. Received: y_pred.shape={tuple(y_pred.shape)}. Consider using "
            "'binary_crossentropy' if you only have 2 classes.", SyntaxWarning, stacklevel=2)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + label_smoothing / y_true.shape[axis]
    y_pred, from_logits = _logits(y_pred, from_logits, "Softmax", "categorical_crossentropy", axis)
    if from_logits:
        return tf.nn.softmax_cross_entropy_with_logits(labels=y_true, logits=y_pred, axis=axis)
    y_pred = y_pred / tf.reduce_sum(y_pred, axis=axis, keepdims=True)
    return -tf.reduce_sum(y_true * _log_clipped(y_pred), axis=axis)


def _sparse_labels(y_true, y_pred):
    """Integer labels of shape `y_pred.shape[:-1]`, or a ValueError saying what to change."""
    labels, classes = dims(y_true), dims(y_pred)
    if len(labels) == len(classes) and labels and labels[-1] == 1:
        y_true = tf.squeeze(y_true, -1)
        labels = labels[:-1]
    if labels == classes[:-1]:
        return y_true if y_true.dtype.is_integer else tf.cast(y_true, "int64")
    if labels == classes:
        hint = ("The labels look one-hot encoded: use CategoricalCrossentropy "
                "(loss='categorical_crossentropy'), or pass class indices, e.g. np.argmax(labels, axis=-1).")
    else:
        hint = (f"Pass one integer class index in [0, {y_pred.shape[-1]}) per sample, "
                f"in an array of shape {tuple(y_pred.shape[:-1])}.")
    raise ValueError("sparse_categorical_crossentropy: arguments `target` and `output` must have "
                     f"the same shape up until the last dimension. {_shapes(y_true, y_pred)} {hint}")


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False, ignore_class=None, axis=-1):
    """Cross-entropy of integer class labels against predicted class probabilities (or logits).

    Args:
        y_true: class indices of shape `y_pred.shape[:-1]` (or with a trailing axis of 1).
        y_pred: class probabilities along the last axis, or logits with `from_logits=True`.
        ignore_class: a label value whose samples get zero loss and are left out of the mean.
        axis: the class axis; only the last axis is supported.
    """
    y_pred = as_tensor(y_pred)
    if not y_pred.dtype.is_floating:
        y_pred = tf.cast(y_pred, floatx())
    if axis not in (-1, y_pred.ndim - 1):
        raise ValueError(f"Only axis=-1 is currently supported. Received: axis={axis}")
    labels = _sparse_labels(as_tensor(y_true), y_pred)
    y_pred, from_logits = _logits(y_pred, from_logits, "Softmax", "sparse_categorical_crossentropy")
    if ignore_class is not None:
        valid = tf.not_equal(labels, ignore_class)
        labels = labels * tf.cast(valid, labels.dtype)
    logits = y_pred if from_logits else _log_clipped(y_pred)
    losses = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    if ignore_class is not None:
        losses = losses * tf.cast(valid, losses.dtype)
        losses._keras_mask = valid
    return losses


def kl_divergence(y_true, y_pred):
    """Kullback-Leibler divergence `sum(y_true * log(y_true / y_pred), axis=-1)`, inputs clipped to [eps, 1]."""
    y_true, y_pred = aligned(y_true, y_pred)
    y_true = _clip_probabilities(y_true, 1.0)
    y_pred = _clip_probabilities(y_pred, 1.0)
    return tf.reduce_sum(y_true * tf.math.log(y_true / y_pred), axis=-1)


def poisson(y_true, y_pred):
    """Poisson negative log-likelihood (up to a constant): `mean(y_pred - y_true * log(y_pred + eps))`."""
    y_true, y_pred = aligned(y_true, y_pred)
    return tf.reduce_mean(y_pred - y_true * tf.math.log(y_pred + epsilon()), axis=-1)


class BinaryCrossentropy(LossFunctionWrapper):
    """Cross-entropy for 0/1 labels: one probability (or logit) per sample and output."""

    def __init__(self, from_logits=False, label_smoothing=0.0, axis=-1,
                 reduction="sum_over_batch_size", name="binary_crossentropy", dtype=None):
        super().__init__(binary_crossentropy, reduction=reduction, name=name, dtype=dtype,
                         from_logits=from_logits, label_smoothing=label_smoothing, axis=axis)


class CategoricalCrossentropy(LossFunctionWrapper):
    """Cross-entropy for one-hot labels against class probabilities (or logits)."""

    def __init__(self, from_logits=False, label_smoothing=0.0, axis=-1,
                 reduction="sum_over_batch_size", name="categorical_crossentropy", dtype=None):
        super().__init__(categorical_crossentropy, reduction=reduction, name=name, dtype=dtype,
                         from_logits=from_logits, label_smoothing=label_smoothing, axis=axis)


class SparseCategoricalCrossentropy(LossFunctionWrapper):
    """Cross-entropy for integer class labels against class probabilities (or logits)."""

    def __init__(self, from_logits=False, ignore_class=None, reduction="sum_over_batch_size",
                 name="sparse_categorical_crossentropy", dtype=None):
        super().__init__(sparse_categorical_crossentropy, reduction=reduction, name=name, dtype=dtype,
                         from_logits=from_logits, ignore_class=ignore_class)


class KLDivergence(LossFunctionWrapper):
    """Kullback-Leibler divergence between label and predicted distributions."""

    def __init__(self, reduction="sum_over_batch_size", name="kl_divergence", dtype=None):
        super().__init__(kl_divergence, reduction=reduction, name=name, dtype=dtype)


class Poisson(LossFunctionWrapper):
    """Poisson loss for count data: `y_pred - y_true * log(y_pred)`."""

    def __init__(self, reduction="sum_over_batch_size", name="poisson", dtype=None):
        super().__init__(poisson, reduction=reduction, name=name, dtype=dtype)
