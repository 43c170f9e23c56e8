"""Accuracy metrics: how often predictions match labels.

Each function returns 1.0 or 0.0 per sample (or per element); each class is the
running mean of its function.

>>> from neuroflow import keras
>>> keras.metrics.sparse_categorical_accuracy([2, 0], [[0.1, 0.2, 0.7], [0.3, 0.6, 0.1]]).numpy()
array([1., 0.], dtype=float32)
>>> float(keras.metrics.BinaryAccuracy()([[1.0], [0.0]], [[0.7], [0.6]]))
0.5
"""
import neuroflow as tf
from ...ops.registry import as_tensor
from ..backend.config import floatx
from ..losses.loss import aligned
from .reduction_metrics import MeanMetricWrapper

__all__ = ["accuracy", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy",
           "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy", "Accuracy",
           "BinaryAccuracy", "CategoricalAccuracy", "SparseCategoricalAccuracy",
           "TopKCategoricalAccuracy", "SparseTopKCategoricalAccuracy"]


def _matches(a, b):
    return tf.cast(tf.equal(a, tf.cast(b, a.dtype)), floatx())


def accuracy(y_true, y_pred):
    """1.0 where `y_pred` equals `y_true` exactly, else 0.0."""
    y_true, y_pred = aligned(y_true, y_pred)
    return _matches(y_true, y_pred)


def binary_accuracy(y_true, y_pred, threshold=0.5):
    """1.0 where `y_pred > threshold` agrees with the 0/1 label, else 0.0."""
    y_true, y_pred = aligned(y_true, y_pred)
    return _matches(y_true, y_pred > threshold)


def categorical_accuracy(y_true, y_pred):
    """1.0 where the predicted class (argmax) is the one-hot label's class, else 0.0."""
    return _matches(tf.argmax(y_true, axis=-1), tf.argmax(y_pred, axis=-1))


def _class_indices(y_true, y_pred):
    """Integer labels as one index per sample: (batch, 1) labels lose their last axis."""
    y_true = as_tensor(y_true)
    if y_true.ndim == as_tensor(y_pred).ndim and y_true.shape[-1] == 1:
        y_true = tf.squeeze(y_true, -1)
    return y_true


def sparse_categorical_accuracy(y_true, y_pred):
    """1.0 where the predicted class (argmax) equals the integer label, else 0.0."""
    return _matches(_class_indices(y_true, y_pred), tf.argmax(y_pred, axis=-1))


def _in_top_k(labels, y_pred, k):
    """Whether each label's score is among the `k` highest (ties count as in, as in TF)."""
    y_pred = as_tensor(y_pred)
    hot = tf.one_hot(tf.cast(labels, "int32"), y_pred.shape[-1], dtype=y_pred.dtype)
    target = tf.reduce_sum(y_pred * hot, axis=-1, keepdims=True)
    higher = tf.reduce_sum(tf.cast(y_pred > target, "int32"), axis=-1)
    return tf.cast(higher < k, floatx())


def top_k_categorical_accuracy(y_true, y_pred, k=5):
    """1.0 where the one-hot label's class is among the `k` highest-scored classes."""
    return _in_top_k(tf.argmax(y_true, axis=-1), y_pred, k)


def sparse_top_k_categorical_accuracy(y_true, y_pred, k=5):
    """1.0 where the integer label is among the `k` highest-scored classes."""
    return _in_top_k(_class_indices(y_true, y_pred), y_pred, k)


class Accuracy(MeanMetricWrapper):
    """How often predictions equal labels exactly."""

    def __init__(self, name="accuracy", dtype=None):
        super().__init__(accuracy, name=name, dtype=dtype)


class BinaryAccuracy(MeanMetricWrapper):
    """How often `y_pred > threshold` matches 0/1 labels."""

    def __init__(self, name="binary_accuracy", dtype=None, threshold=0.5):
        super().__init__(binary_accuracy, name=name, dtype=dtype, threshold=threshold)


class CategoricalAccuracy(MeanMetricWrapper):
    """How often the argmax of predictions matches the argmax of one-hot labels."""

    def __init__(self, name="categorical_accuracy", dtype=None):
        super().__init__(categorical_accuracy, name=name, dtype=dtype)


class SparseCategoricalAccuracy(MeanMetricWrapper):
    """How often the argmax of predictions matches integer labels."""

    def __init__(self, name="sparse_categorical_accuracy", dtype=None):
        super().__init__(sparse_categorical_accuracy, name=name, dtype=dtype)


class TopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the one-hot label's class is in the top `k` predictions."""

    def __init__(self, k=5, name="top_k_categorical_accuracy", dtype=None):
        super().__init__(top_k_categorical_accuracy, name=name, dtype=dtype, k=k)


class SparseTopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the integer label is in the top `k` predictions."""

    def __init__(self, k=5, name="sparse_top_k_categorical_accuracy", dtype=None):
        super().__init__(sparse_top_k_categorical_accuracy, name=name, dtype=dtype, k=k)
