"""Elementwise functions of one tensor: `abs`, `sign`, trigonometry, `sigmoid`, rounding, ...

>>> import neuroflow as tf
>>> tf.abs(tf.constant([-1.5, 2.0])).numpy()
array([1.5, 2. ], dtype=float32)
"""
from .registry import op, as_tensor

__all__ = ["abs"]


@op("Abs")
def _abs(xp, x):
    return xp.abs(x)


@_abs.gradient
def _(ctx, dy):
    return dy * sign(ctx.inputs[0])  # noqa: F821 - `sign` is defined below


def abs(x, name=None):  # noqa: A001 - TensorFlow's name
    """The absolute value elementwise."""
    return _abs(as_tensor(x))
