"""Cross-entropy, KL-divergence and Poisson metrics: running means of the loss functions.

>>> from neuroflow import keras
>>> m = keras.metrics.SparseCategoricalCrossentropy(from_logits=True)
>>> round(float(m([0, 1], [[0.0, 0.0], [0.0, 0.0]])), 4)
0.6931
"""
from .. import losses
from .reduction_metrics import MeanMetricWrapper

__all__ = ["BinaryCrossentropy", "CategoricalCrossentropy", "SparseCategoricalCrossentropy",
           "KLDivergence", "Poisson"]


class BinaryCrossentropy(MeanMetricWrapper):
    """Running mean of the binary cross-entropy."""

    def __init__(self, name="binary_crossentropy", dtype=None, from_logits=False, label_smoothing=0):
        super().__init__(losses.binary_crossentropy, name=name, dtype=dtype, from_logits=from_logits,
                         label_smoothing=label_smoothing)


class CategoricalCrossentropy(MeanMetricWrapper):
    """Running mean of the categorical cross-entropy (one-hot labels)."""

    def __init__(self, name="categorical_crossentropy", dtype=None, from_logits=False, label_smoothing=0,
                 axis=-1):
        super().__init__(losses.categorical_crossentropy, name=name, dtype=dtype,
                         from_logits=from_logits, label_smoothing=label_smoothing, axis=axis)


class SparseCategoricalCrossentropy(MeanMetricWrapper):
    """Running mean of the sparse categorical cross-entropy (integer labels)."""

    def __init__(self, name="sparse_categorical_crossentropy", dtype=None, from_logits=False, axis=-1):
        super().__init__(losses.sparse_categorical_crossentropy, name=name, dtype=dtype,
                         from_logits=from_logits, axis=axis)


class KLDivergence(MeanMetricWrapper):
    """Running mean of the Kullback-Leibler divergence."""

    def __init__(self, name="kl_divergence", dtype=None):
        super().__init__(losses.kl_divergence, name=name, dtype=dtype)


class Poisson(MeanMetricWrapper):
    """Running mean of the Poisson loss."""

    def __init__(self, name="poisson", dtype=None):
        super().__init__(losses.poisson, name=name, dtype=dtype)
