"""Hinge metrics: running means of the hinge losses.

>>> from neuroflow import keras
>>> float(keras.metrics.Hinge()([[1.0, -1.0]], [[0.5, -2.0]]))
0.25
"""
from .. import losses
from .reduction_metrics import MeanMetricWrapper

__all__ = ["Hinge", "SquaredHinge", "CategoricalHinge"]


class Hinge(MeanMetricWrapper):
    """Running mean of the hinge loss."""

    def __init__(self, name="hinge", dtype=None):
        super().__init__(losses.hinge, name=name, dtype=dtype)


class SquaredHinge(MeanMetricWrapper):
    """Running mean of the squared hinge loss."""

    def __init__(self, name="squared_hinge", dtype=None):
        super().__init__(losses.squared_hinge, name=name, dtype=dtype)


class CategoricalHinge(MeanMetricWrapper):
    """Running mean of the categorical hinge loss."""

    def __init__(self, name="categorical_hinge", dtype=None):
        super().__init__(losses.categorical_hinge, name=name, dtype=dtype)
