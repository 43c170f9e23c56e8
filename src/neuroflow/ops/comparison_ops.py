"""Comparisons, logical and bitwise ops, and float tests (`is_nan`, ...): none is differentiable.

Each op is registered in one line (its name and forward on arrays); the decorated function
below it carries the public signature and documentation. Results are bool tensors, except
for the bitwise ops, which keep their integer dtype.

>>> import neuroflow as tf
>>> tf.less([1, 5], 3).numpy()
array([ True, False])
>>> x = tf.constant([1.0, 2.0])
>>> (x == [1.0, 3.0]).numpy(), x == [1.0, 2.0, 3.0]   # shapes that cannot broadcast: False
(array([ True, False]), <tf.Tensor: shape=(), dtype=bool, numpy=False>)
"""
import functools

from .creation_ops import constant
from .math_ops import REAL, check_dtype
from .registry import op, binary_operands
from .unary_ops import _unary   # one tensor: unary_ops' helper, with no gradient

__all__ = ["less", "greater", "less_equal", "greater_equal", "equal", "not_equal",
           "logical_and", "logical_or", "logical_xor", "logical_not",
           "is_nan", "is_inf", "is_finite"]


def _binary(op_name, forward, kinds=None):
    """Registers op `op_name` (`forward(xp, x, y)`); decorates a documented stub into its public function."""
    kernel = op(op_name)(forward)

    def define(stub):
        @functools.wraps(stub)
        def public(x, y, name=None):
            x, y = binary_operands(op_name, x, y)
            return kernel(x if kinds is None else check_dtype(x, op_name, kinds), y)
        public.kernel = kernel
        return public
    return define


# --- comparisons ------------------------------------------------------------------------------
@_binary("Less", lambda xp, x, y: xp.less(x, y), REAL)
def less(x, y, name=None):
    """`x < y` elementwise, with broadcasting.

    >>> import neuroflow as tf
    >>> tf.less([1, 2, 3], 2).numpy()
    array([ True, False, False])
    """


@_binary("Greater", lambda xp, x, y: xp.greater(x, y), REAL)
def greater(x, y, name=None):
    """`x > y` elementwise, with broadcasting.

    >>> import neuroflow as tf
    >>> tf.greater([1, 2, 3], 2).numpy()
    array([False, False,  True])
    """


@_binary("LessEqual", lambda xp, x, y: xp.less_equal(x, y), REAL)
def less_equal(x, y, name=None):
    """`x <= y` elementwise, with broadcasting.

    >>> import neuroflow as tf
    >>> tf.less_equal([1, 2, 3], 2).numpy()
    array([ True,  True, False])
    """


@_binary("GreaterEqual", lambda xp, x, y: xp.greater_equal(x, y), REAL)
def greater_equal(x, y, name=None):
    """`x >= y` elementwise, with broadcasting.

    >>> import neuroflow as tf
    >>> tf.greater_equal([1, 2, 3], 2).numpy()
    array([False,  True,  True])
    """


@_binary("Equal", lambda xp, x, y: xp.equal(x, y))
def equal(x, y, name=None):
    """`x == y` elementwise, with broadcasting (any dtype, strings included).

    >>> import neuroflow as tf
    >>> tf.equal([1, 2, 3], 2).numpy()
    array([False,  True, False])
    """


@_binary("NotEqual", lambda xp, x, y: xp.not_equal(x, y))
def not_equal(x, y, name=None):
    """`x != y` elementwise, with broadcasting.

    >>> import neuroflow as tf
    >>> tf.not_equal([1, 2, 3], 2).numpy()
    array([ True, False,  True])
    """


def _broadcastable(a, b):
    return all(m == n or m == 1 or n == 1 or m is None or n is None
               for m, n in zip(reversed(tuple(a)), reversed(tuple(b))))


def _equality(kernel, incompatible):
    def compare(self, other):
        x, y = binary_operands(kernel.name, self, other)
        if not _broadcastable(x.shape, y.shape):
            return constant(incompatible)
        return kernel(x, y)
    return compare


tensor_equals = _equality(equal.kernel, False)
tensor_equals.__doc__ = """`self == other` for tensors (TF2): elementwise, or a scalar False when the shapes cannot broadcast."""
tensor_not_equals = _equality(not_equal.kernel, True)
tensor_not_equals.__doc__ = """`self != other` for tensors (TF2): elementwise, or a scalar True when the shapes cannot broadcast."""


# --- logical ops on bool tensors ----------------------------------------------------------
@_binary("LogicalAnd", lambda xp, x, y: xp.logical_and(x, y), "b")
def logical_and(x, y, name=None):
    """`x and y` elementwise on bool tensors (`x & y`).

    >>> import neuroflow as tf
    >>> tf.logical_and([True, True], [True, False]).numpy()
    array([ True, False])
    """


@_binary("LogicalOr", lambda xp, x, y: xp.logical_or(x, y), "b")
def logical_or(x, y, name=None):
    """`x or y` elementwise on bool tensors (`x | y`).

    >>> import neuroflow as tf
    >>> tf.logical_or([False, False], [True, False]).numpy()
    array([ True, False])
    """


@_binary("LogicalXor", lambda xp, x, y: xp.logical_xor(x, y), "b")
def logical_xor(x, y, name=None):
    """Exclusive or elementwise on bool tensors (`x ^ y`).

    >>> import neuroflow as tf
    >>> tf.math.logical_xor([True, True], [True, False]).numpy()
    array([False,  True])
    """


@_unary("LogicalNot", lambda xp, x: xp.logical_not(x), kinds="b")
def logical_not(x, name=None):
    """`not x` elementwise on a bool tensor (`~x`).

    >>> import neuroflow as tf
    >>> tf.logical_not([True, False]).numpy()
    array([False,  True])
    """


# --- bitwise ops on integer tensors (`tf.bitwise`; `& | ^ ~` on integer tensors) -------------
@_binary("BitwiseAnd", lambda xp, x, y: xp.bitwise_and(x, y), "iu")
def bitwise_and(x, y, name=None):
    """Bitwise `x & y` of integer tensors.

    >>> import neuroflow as tf
    >>> (tf.constant([12, 10]) & 6).numpy()
    array([4, 2], dtype=int32)
    """


@_binary("BitwiseOr", lambda xp, x, y: xp.bitwise_or(x, y), "iu")
def bitwise_or(x, y, name=None):
    """Bitwise `x | y` of integer tensors.

    >>> import neuroflow as tf
    >>> (tf.constant([12, 10]) | 1).numpy()
    array([13, 11], dtype=int32)
    """


@_binary("BitwiseXor", lambda xp, x, y: xp.bitwise_xor(x, y), "iu")
def bitwise_xor(x, y, name=None):
    """Bitwise `x ^ y` of integer tensors.

    >>> import neuroflow as tf
    >>> (tf.constant([12, 10]) ^ 6).numpy()
    array([10, 12], dtype=int32)
    """


@_unary("Invert", lambda xp, x: xp.invert(x), kinds="iu")
def invert(x, name=None):
    """Bitwise `~x` of an integer tensor.

    >>> import neuroflow as tf
    >>> (~tf.constant([0, 5])).numpy()
    array([-1, -6], dtype=int32)
    """


bitwise_invert = invert


@_binary("LeftShift", lambda xp, x, y: xp.left_shift(x, y), "iu")
def left_shift(x, y, name=None):
    """`x << y` of integer tensors.

    >>> from neuroflow.ops.comparison_ops import left_shift
    >>> left_shift([1, 3], 2).numpy()
    array([ 4, 12], dtype=int32)
    """


@_binary("RightShift", lambda xp, x, y: xp.right_shift(x, y), "iu")
def right_shift(x, y, name=None):
    """`x >> y` of integer tensors (arithmetic: the sign is kept).

    >>> from neuroflow.ops.comparison_ops import right_shift
    >>> right_shift([-8, 12], 2).numpy()
    array([-2,  3], dtype=int32)
    """


# --- floating-point tests -------------------------------------------------------------------
@_unary("IsNan", lambda xp, x: xp.isnan(x), kinds="f")
def is_nan(x, name=None):
    """True where `x` is NaN.

    >>> import neuroflow as tf
    >>> tf.math.is_nan([1.0, float("nan")]).numpy()
    array([False,  True])
    """


@_unary("IsInf", lambda xp, x: xp.isinf(x), kinds="f")
def is_inf(x, name=None):
    """True where `x` is +inf or -inf.

    >>> import neuroflow as tf
    >>> tf.math.is_inf([1.0, float("-inf")]).numpy()
    array([False,  True])
    """


@_unary("IsFinite", lambda xp, x: xp.isfinite(x), kinds="f")
def is_finite(x, name=None):
    """True where `x` is neither inf nor NaN.

    >>> import neuroflow as tf
    >>> tf.math.is_finite([1.0, float("inf"), float("nan")]).numpy()
    array([ True, False, False])
    """
