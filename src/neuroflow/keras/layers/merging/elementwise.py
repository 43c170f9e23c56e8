"""Elementwise merges: `Add`, `Subtract`, `Multiply`, `Average`, `Maximum`, `Minimum`, and their functions.

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> a, b = tf.constant([[1.0, 5.0]]), tf.constant([[3.0, 2.0]])
>>> keras.layers.Add()([a, b]).numpy(), keras.layers.Subtract()([a, b]).numpy()
(array([[4., 7.]], dtype=float32), array([[-2.,  3.]], dtype=float32))
>>> keras.layers.maximum([a, b]).numpy(), keras.layers.average([a, b]).numpy()
(array([[3., 5.]], dtype=float32), array([[2. , 3.5]], dtype=float32))
"""
import functools
import operator

from ....ops.math_ops import maximum as _maximum, minimum as _minimum
from .merge import Merge

__all__ = ["Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum",
           "add", "subtract", "multiply", "average", "maximum", "minimum"]


class Add(Merge):
    """The elementwise sum of a list of tensors."""

    def _merge(self, inputs):
        return functools.reduce(operator.add, inputs)


class Subtract(Merge):
    """`inputs[0] - inputs[1]` for a list of exactly two tensors."""

    min_inputs = max_inputs = 2

    def _merge(self, inputs):
        return inputs[0] - inputs[1]


class Multiply(Merge):
    """The elementwise product of a list of tensors."""

    def _merge(self, inputs):
        return functools.reduce(operator.mul, inputs)


class Average(Merge):
    """The elementwise mean of a list of tensors."""

    def _merge(self, inputs):
        return functools.reduce(operator.add, inputs) / len(inputs)


class Maximum(Merge):
    """The elementwise maximum of a list of tensors."""

    def _merge(self, inputs):
        return functools.reduce(_maximum, inputs)


class Minimum(Merge):
    """The elementwise minimum of a list of tensors."""

    def _merge(self, inputs):
        return functools.reduce(_minimum, inputs)


def _functional(cls):
    def merge(inputs, **kwargs):
        return cls(**kwargs)(inputs)
    merge.__name__ = cls.__name__.lower()
    merge.__doc__ = f"`keras.layers.{cls.__name__}(**kwargs)(inputs)`: {cls.__doc__[0].lower()}{cls.__doc__[1:]}"
    return merge


add, subtract, multiply, average, maximum, minimum = map(_functional, (Add, Subtract, Multiply, Average, Maximum,
                                                                       Minimum))
