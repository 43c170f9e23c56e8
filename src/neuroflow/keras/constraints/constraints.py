"""Weight constraints: functions optimizers apply to a variable after each update.

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> keras.constraints.NonNeg()(tf.constant([-1.0, 2.0])).numpy()
array([0., 2.], dtype=float32)
>>> keras.constraints.UnitNorm(axis=0)(tf.constant([[3.0], [4.0]])).numpy()
array([[0.6],
       [0.8]], dtype=float32)
"""
import neuroflow as tf
from ...ops.registry import as_tensor
from ..backend.config import epsilon
from ..backend.serialization import Configurable

__all__ = ["Constraint", "MaxNorm", "MinMaxNorm", "NonNeg", "UnitNorm"]


def _norms(w, axis):
    return tf.sqrt(tf.reduce_sum(tf.square(w), axis=axis, keepdims=True))


class Constraint(Configurable):
    """Base class: a constraint maps a weight tensor to its projection onto the allowed set."""

    def __call__(self, w):
        return w

    def get_config(self):
        return {}


class MaxNorm(Constraint):
    """Rescales weight vectors (slices along `axis`) whose L2 norm exceeds `max_value`."""

    def __init__(self, max_value=2, axis=0):
        self.max_value, self.axis = max_value, axis

    def __call__(self, w):
        w = as_tensor(w)
        norms = _norms(w, self.axis)
        desired = tf.minimum(norms, float(self.max_value))
        return w * (desired / (epsilon() + norms))

    def get_config(self):
        return {"max_value": self.max_value, "axis": self.axis}


class MinMaxNorm(Constraint):
    """Keeps the L2 norm of weight vectors (along `axis`) in `[min_value, max_value]`.

    `rate` < 1 moves the norms only part of the way: `rate * clipped + (1 - rate) * norm`.
    """

    def __init__(self, min_value=0.0, max_value=1.0, rate=1.0, axis=0):
        self.min_value, self.max_value, self.rate, self.axis = min_value, max_value, rate, axis

    def __call__(self, w):
        w = as_tensor(w)
        norms = _norms(w, self.axis)
        clipped = tf.minimum(tf.maximum(norms, float(self.min_value)), float(self.max_value))
        desired = self.rate * clipped + (1.0 - self.rate) * norms
        return w * (desired / (epsilon() + norms))

    def get_config(self):
        return {"min_value": self.min_value, "max_value": self.max_value, "rate": self.rate,
                "axis": self.axis}


class NonNeg(Constraint):
    """Sets negative weights to zero."""

    def __call__(self, w):
        return tf.nn.relu(as_tensor(w))


class UnitNorm(Constraint):
    """Rescales weight vectors (along `axis`) to unit L2 norm."""

    def __init__(self, axis=0):
        self.axis = axis

    def __call__(self, w):
        w = as_tensor(w)
        return w / (epsilon() + _norms(w, self.axis))

    def get_config(self):
        return {"axis": self.axis}
