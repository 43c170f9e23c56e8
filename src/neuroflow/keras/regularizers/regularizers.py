"""Weight regularizers: penalties added to the loss to keep weights small.

>>> from neuroflow import keras
>>> round(float(keras.regularizers.L1L2(l1=0.1, l2=0.5)([[1.0, -2.0]])), 4)
2.8
"""
import math

import neuroflow as tf
from ...ops.registry import as_tensor
from ..backend.serialization import Configurable

__all__ = ["Regularizer", "L1", "L2", "L1L2", "OrthogonalRegularizer"]


def _check_factor(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"Invalid value for argument {name}: expected a float. "
                         f"Received: {name}={value!r}")
    return float(value)


class Regularizer(Configurable):
    """Base class: a regularizer maps a weight tensor to a scalar penalty."""

    def __call__(self, x):
        return 0.0

    def get_config(self):
        raise NotImplementedError(f"{type(self).__name__} does not implement `get_config()`.")


class L1L2(Regularizer):
    """`l1 * sum(abs(x)) + l2 * sum(square(x))`."""

    def __init__(self, l1=0.0, l2=0.0):
        self.l1, self.l2 = _check_factor("l1", l1), _check_factor("l2", l2)

    def __call__(self, x):
        x = as_tensor(x)
        penalty = tf.zeros([], x.dtype)
        if self.l1:
            penalty = penalty + self.l1 * tf.reduce_sum(tf.abs(x))
        if self.l2:
            penalty = penalty + self.l2 * tf.reduce_sum(tf.square(x))
        return penalty

    def get_config(self):
        return {"l1": self.l1, "l2": self.l2}


class L1(Regularizer):
    """`l1 * sum(abs(x))` (default l1=0.01)."""

    def __init__(self, l1=0.01):
        self.l1 = _check_factor("l1", l1)

    def __call__(self, x):
        return self.l1 * tf.reduce_sum(tf.abs(x))

    def get_config(self):
        return {"l1": self.l1}


class L2(Regularizer):
    """`l2 * sum(square(x))` (default l2=0.01)."""

    def __init__(self, l2=0.01):
        self.l2 = _check_factor("l2", l2)

    def __call__(self, x):
        return self.l2 * tf.reduce_sum(tf.square(x))

    def get_config(self):
        return {"l2": self.l2}


class OrthogonalRegularizer(Regularizer):
    """Encourages the rows (or columns) of a 2-D weight to be orthonormal.

    The penalty is `factor / 2` times the mean absolute off-diagonal entry of the Gram
    matrix of the L2-normalized rows ("rows") or columns ("columns").
    """

    def __init__(self, factor=0.01, mode="rows"):
        self.factor = _check_factor("factor", factor)
        if mode not in ("rows", "columns"):
            raise ValueError(f"Invalid value for argument `mode`. Expected one of {{'rows', 'columns'}}. "
                             f"Received: mode={mode!r}")
        self.mode = mode

    def __call__(self, x):
        x = as_tensor(x)
        if x.ndim != 2:
            raise ValueError(f"Inputs to OrthogonalRegularizer must have rank 2. Received: x.shape={x.shape}")
        x = x if self.mode == "rows" else tf.transpose(x)
        x = tf.nn.l2_normalize(x, axis=1)
        n = x.shape[0]
        gram = tf.abs(tf.matmul(x, x, transpose_b=True)) * (1.0 - tf.eye(n, dtype=x.dtype))
        return self.factor * 0.5 * tf.reduce_sum(gram) / (n * (n - 1) / 2)

    def get_config(self):
        return {"factor": self.factor, "mode": self.mode}
