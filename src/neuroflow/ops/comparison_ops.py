"""Comparisons and logical ops (not differentiable): `equal`, `less`, `logical_and`, ...

>>> import neuroflow as tf
>>> tf.less([1, 5], 3).numpy()
array([ True, False])
"""
from .registry import op, binary_operands

__all__ = ["less", "greater", "less_equal", "greater_equal", "equal", "not_equal"]


def _comparison(name, ufunc):
    kernel = op(name)(lambda xp, x, y: getattr(xp, ufunc)(x, y))

    def compare(x, y, name=None):
        return kernel(*binary_operands(kernel.name, x, y))
    compare.__name__ = ufunc
    compare.__doc__ = f"Elementwise `x {ufunc}` y as a bool tensor, with broadcasting."
    return compare


less = _comparison("Less", "less")
greater = _comparison("Greater", "greater")
less_equal = _comparison("LessEqual", "less_equal")
greater_equal = _comparison("GreaterEqual", "greater_equal")
equal = _comparison("Equal", "equal")
not_equal = _comparison("NotEqual", "not_equal")
