"""Hinge losses for maximum-margin classifiers: hinge, squared hinge, categorical hinge.

Binary labels may be given as 0/1 or -1/1; 0/1 labels are mapped to -1/1.

>>> from neuroflow import keras
>>> keras.losses.hinge([[0.0, 1.0]], [[0.3, 0.4]]).numpy()
array([0.95], dtype=float32)
"""
import neuroflow as tf
from .loss import LossFunctionWrapper, aligned

__all__ = ["hinge", "squared_hinge", "categorical_hinge", "Hinge", "SquaredHinge", "CategoricalHinge"]


def _signed_labels(y_true):
    """0/1 labels as -1/1; labels that are not all 0 or 1 are returned unchanged."""
    is_binary = tf.reduce_all(tf.logical_or(tf.equal(y_true, 0.0), tf.equal(y_true, 1.0)))
    return tf.where(is_binary, 2.0 * y_true - 1.0, y_true)


def _margins(y_true, y_pred):
    y_true, y_pred = aligned(y_true, y_pred)
    return tf.nn.relu(1.0 - _signed_labels(y_true) * y_pred)


def hinge(y_true, y_pred):
    """`mean(maximum(1 - y_true * y_pred, 0), axis=-1)`."""
    return tf.reduce_mean(_margins(y_true, y_pred), axis=-1)


def squared_hinge(y_true, y_pred):
    """`mean(square(maximum(1 - y_true * y_pred, 0)), axis=-1)`."""
    return tf.reduce_mean(tf.square(_margins(y_true, y_pred)), axis=-1)


def categorical_hinge(y_true, y_pred):
    """`maximum(neg - pos + 1, 0)`: pos is the true class's score, neg the best wrong one's."""
    y_true, y_pred = aligned(y_true, y_pred)
    pos = tf.reduce_sum(y_true * y_pred, axis=-1)
    neg = tf.reduce_max((1.0 - y_true) * y_pred, axis=-1)
    return tf.nn.relu(neg - pos + 1.0)


class Hinge(LossFunctionWrapper):
    """Hinge loss `maximum(1 - y_true * y_pred, 0)` for -1/1 (or 0/1) labels."""

    def __init__(self, reduction="sum_over_batch_size", name="hinge", dtype=None):
        super().__init__(hinge, reduction=reduction, name=name, dtype=dtype)


class SquaredHinge(LossFunctionWrapper):
    """Squared hinge loss `square(maximum(1 - y_true * y_pred, 0))`."""

    def __init__(self, reduction="sum_over_batch_size", name="squared_hinge", dtype=None):
        super().__init__(squared_hinge, reduction=reduction, name=name, dtype=dtype)


class CategoricalHinge(LossFunctionWrapper):
    """Multi-class hinge loss on one-hot labels."""

    def __init__(self, reduction="sum_over_batch_size", name="categorical_hinge", dtype=None):
        super().__init__(categorical_hinge, reduction=reduction, name=name, dtype=dtype)
