"""Python operators on tensors and variables (`+ - * / // % ** @`, comparisons, `[]`, ...).

The framework layer's `Tensor` holds no math; this module installs the operators,
each a call to the public op TensorFlow uses for it.

>>> import neuroflow as tf
>>> x = tf.constant([1.0, 2.0])
>>> (x * 2 + 1).numpy(), (x > 1.5).numpy()
(array([3., 5.], dtype=float32), array([False,  True]))
"""
from ..framework.tensor import Tensor
from ..framework.variable import Variable
from . import comparison_ops, indexing_ops, math_ops, unary_ops

__all__ = []


def _binary(name, reflected=False):
    fn = getattr(math_ops, name)
    if reflected:
        def backward(self, other):
            return fn(other, self)
        return backward
    if name == "pow":  # pow(x, y, mod) must stay a TypeError, not pass `mod` as pow's `name`
        return lambda self, other: fn(self, other)
    return fn  # `x + y` calls add(x, y) directly: one Python call less per operator


def _comparison(name):
    fn = getattr(comparison_ops, name)

    def compare(self, other):
        return fn(self, other)
    return compare


def _logical(name, reflected=False):
    logical, bitwise = getattr(comparison_ops, "logical_" + name), getattr(comparison_ops, "bitwise_" + name)

    def apply(self, other):
        a, b = (other, self) if reflected else (self, other)
        return (logical if self._dtype.is_bool else bitwise)(a, b)
    return apply


def _eq(self, other):
    if other is None:
        return False
    return comparison_ops.tensor_equals(self, other)


def _ne(self, other):
    if other is None:
        return True
    return comparison_ops.tensor_not_equals(self, other)


def _invert(self):
    if self._dtype.is_bool:
        return comparison_ops.logical_not(self)
    return comparison_ops.bitwise_invert(self)


OPERATORS = {
    "__add__": _binary("add"), "__radd__": _binary("add", True),
    "__sub__": _binary("subtract"), "__rsub__": _binary("subtract", True),
    "__mul__": _binary("multiply"), "__rmul__": _binary("multiply", True),
    "__truediv__": _binary("divide"), "__rtruediv__": _binary("divide", True),
    "__floordiv__": _binary("floordiv"), "__rfloordiv__": _binary("floordiv", True),
    "__mod__": _binary("floormod"), "__rmod__": _binary("floormod", True),
    "__pow__": _binary("pow"), "__rpow__": _binary("pow", True),
    "__matmul__": _binary("matmul"), "__rmatmul__": _binary("matmul", True),
    "__neg__": lambda self: math_ops.negative(self),
    "__pos__": lambda self: self,
    "__abs__": lambda self: unary_ops.abs(self),
    "__lt__": _comparison("less"), "__le__": _comparison("less_equal"),
    "__gt__": _comparison("greater"), "__ge__": _comparison("greater_equal"),
    "__eq__": _eq, "__ne__": _ne,
    "__and__": _logical("and"), "__rand__": _logical("and", True),
    "__or__": _logical("or"), "__ror__": _logical("or", True),
    "__xor__": _logical("xor"), "__rxor__": _logical("xor", True),
    "__invert__": _invert,
    "__getitem__": lambda self, key: indexing_ops.getitem(self, key),
}

for _cls in (Tensor, Variable):
    for _name, _fn in OPERATORS.items():
        setattr(_cls, _name, _fn)
