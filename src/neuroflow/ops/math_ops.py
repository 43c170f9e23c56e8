"""Elementwise arithmetic and `matmul`, each op's forward beside its gradient.

>>> import neuroflow as tf
>>> print(tf.add(3, 5))
tf.Tensor(8, shape=(), dtype=int32)
>>> tf.multiply(tf.constant([1.0, 2.0]), 3.0).numpy()
array([3., 6.], dtype=float32)
>>> tf.matmul([[1.0, 2.0]], [[3.0], [4.0]]).numpy()
array([[11.]], dtype=float32)
"""
from ..framework import errors
from .registry import op, binary_operands, as_tensor
from .shape_util import sum_to_shape

__all__ = ["add", "subtract", "multiply", "divide", "truediv", "matmul", "negative", "cast",
           "square", "sqrt", "exp", "log"]


# --- add, subtract, multiply, divide ------------------------------------------------------
@op("AddV2")
def _add(xp, x, y):
    return xp.add(x, y)


@_add.gradient
def _(ctx, dy):
    x, y = ctx.inputs
    return sum_to_shape(dy, x.shape), sum_to_shape(dy, y.shape)


def add(x, y, name=None):
    """Returns `x + y` elementwise, with broadcasting.

    >>> import neuroflow as tf
    >>> tf.add([1, 2], 10).numpy()
    array([11, 12], dtype=int32)
    """
    return _add(*binary_operands("AddV2", x, y))


@op("Sub")
def _subtract(xp, x, y):
    return xp.subtract(x, y)


@_subtract.gradient
def _(ctx, dy):
    x, y = ctx.inputs
    return sum_to_shape(dy, x.shape), sum_to_shape(-dy, y.shape)


def subtract(x, y, name=None):
    """Returns `x - y` elementwise, with broadcasting."""
    return _subtract(*binary_operands("Sub", x, y))


@op("Mul")
def _multiply(xp, x, y):
    return xp.multiply(x, y)


@_multiply.gradient
def _(ctx, dy):
    x, y = ctx.inputs
    return (sum_to_shape(dy * y, x.shape) if ctx.needs[0] else None,
            sum_to_shape(dy * x, y.shape) if ctx.needs[1] else None)


def multiply(x, y, name=None):
    """Returns `x * y` elementwise, with broadcasting."""
    return _multiply(*binary_operands("Mul", x, y))


@op("RealDiv")
def _divide(xp, x, y):
    return xp.true_divide(x, y)


@_divide.gradient
def _(ctx, dy):
    x, y = ctx.inputs
    return (sum_to_shape(dy / y, x.shape) if ctx.needs[0] else None,
            sum_to_shape(-dy * x / (y * y), y.shape) if ctx.needs[1] else None)


def divide(x, y, name=None):
    """Returns `x / y` elementwise. Integer inputs give float64 (int32) or float32 (int8/16), as in TF."""
    x, y = binary_operands("RealDiv", x, y)
    if not (x._dtype.is_floating or x._dtype.is_complex):
        target = "float64" if x._dtype.size >= 4 else "float32"
        x, y = cast(x, target), cast(y, target)
    return _divide(x, y)


truediv = divide


@op("Neg")
def _negative(xp, x):
    return xp.negative(x)


@_negative.gradient
def _(ctx, dy):
    return -dy


def negative(x, name=None):
    """Returns `-x` elementwise."""
    return _negative(as_tensor(x))


# --- a few unary functions every gradient needs ------------------------------------------
@op("Square")
def _square(xp, x):
    return xp.square(x)


@_square.gradient
def _(ctx, dy):
    return dy * (2 * ctx.inputs[0])


def square(x, name=None):
    """Returns `x * x` elementwise."""
    return _square(as_tensor(x))


@op("Sqrt")
def _sqrt(xp, x):
    return xp.sqrt(x)


@_sqrt.gradient
def _(ctx, dy):
    return dy / (2 * ctx.output)


def sqrt(x, name=None):
    """Returns the elementwise square root."""
    return _sqrt(as_tensor(x))


@op("Exp")
def _exp(xp, x):
    return xp.exp(x)


@_exp.gradient
def _(ctx, dy):
    return dy * ctx.output


def exp(x, name=None):
    """Returns `e ** x` elementwise."""
    return _exp(as_tensor(x))


@op("Log")
def _log(xp, x):
    return xp.log(x)


@_log.gradient
def _(ctx, dy):
    return dy / ctx.inputs[0]


def log(x, name=None):
    """Returns the natural logarithm elementwise."""
    return _log(as_tensor(x))


# --- cast ------------------------------------------------------------------------------
@op("Cast")
def _cast(xp, x, dtype):
    return x.astype(dtype.as_numpy_dtype, copy=False)


@_cast.gradient
def _(ctx, dy):
    source = ctx.inputs[0]._dtype
    if not (source.is_floating or source.is_complex):
        return None
    return cast(dy, source)


def cast(x, dtype, name=None):
    """Casts `x` to `dtype` (floats to ints truncate toward zero, as in TensorFlow).

    >>> import neuroflow as tf
    >>> tf.cast([1.7, -1.7], tf.int32).numpy()
    array([ 1, -1], dtype=int32)
    """
    from ..framework.dtypes import as_dtype
    dtype = as_dtype(dtype)
    x = as_tensor(x)
    if x._dtype is dtype:
        return x if type(x).__name__ != "Variable" else x.read_value()
    if dtype.kind == "S" or x._dtype.kind == "S":
        raise errors.UnimplementedError(
            None, "Cast", f"Cast: casting {x._dtype.name} to {dtype.name} is not supported. "
            "Use tf.strings functions to convert strings and numbers. [Op:Cast]")
    return _cast(x, dtype=dtype)


# --- matmul ----------------------------------------------------------------------------
@op("MatMul")
def _matmul(xp, a, b, transpose_a=False, transpose_b=False):
    if transpose_a:
        a = xp.swapaxes(a, -1, -2)
    if transpose_b:
        b = xp.swapaxes(b, -1, -2)
    return xp.matmul(a, b)


@_matmul.gradient
def _(ctx, dy):
    a, b = ctx.inputs
    ta, tb = ctx.attrs.get("transpose_a", False), ctx.attrs.get("transpose_b", False)
    da = db = None
    if ctx.needs[0]:
        da = matmul(b, dy, transpose_a=tb, transpose_b=True) if ta else \
            matmul(dy, b, transpose_b=not tb)
        da = sum_to_shape(da, a.shape)
    if ctx.needs[1]:
        db = matmul(dy, a, transpose_a=True, transpose_b=ta) if tb else \
            matmul(a, dy, transpose_a=not ta)
        db = sum_to_shape(db, b.shape)
    return da, db


def _check_matmul(a, b, transpose_a, transpose_b):
    sa, sb = a._value.shape if hasattr(a, "_value") else tuple(a.shape), \
        b._value.shape if hasattr(b, "_value") else tuple(b.shape)
    if len(sa) < 2 or len(sb) < 2:
        raise errors.InvalidArgumentError(
            None, "MatMul",
            f"MatMul: both arguments must have rank >= 2, got shapes {tuple(sa)} and {tuple(sb)}. "
            "Use tf.reshape or tf.expand_dims to make a vector a matrix, or tf.linalg.matvec. [Op:MatMul]")
    inner_a = sa[-2] if transpose_a else sa[-1]
    inner_b = sb[-1] if transpose_b else sb[-2]
    if inner_a is not None and inner_b is not None and inner_a != inner_b:
        hint = " Did you mean to transpose the second argument?" if \
            (sb[-2] if transpose_b else sb[-1]) == inner_a else ""
        raise errors.InvalidArgumentError(
            None, "MatMul",
            f"MatMul: cannot multiply shapes {tuple(sa)} and {tuple(sb)}: inner dimensions "
            f"{inner_a} and {inner_b} differ.{hint} [Op:MatMul]")


def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False,
           a_is_sparse=False, b_is_sparse=False, output_type=None, name=None):
    """Matrix product `a @ b` over the last two axes (leading axes broadcast as batch).

    >>> import neuroflow as tf
    >>> tf.matmul(tf.ones([2, 3]), tf.ones([3, 4])).shape
    TensorShape([2, 4])
    """
    a, b = binary_operands("MatMul", a, b)
    transpose_a = transpose_a or adjoint_a
    transpose_b = transpose_b or adjoint_b
    if adjoint_a and a._dtype.is_complex:
        a = _conj_op(a)
    if adjoint_b and b._dtype.is_complex:
        b = _conj_op(b)
    _check_matmul(a, b, transpose_a, transpose_b)
    if transpose_a or transpose_b:
        return _matmul(a, b, transpose_a=transpose_a, transpose_b=transpose_b)
    return _matmul(a, b)


@op("Conj")
def _conj_op(xp, x):
    return xp.conj(x)


@_conj_op.gradient
def _(ctx, dy):
    return _conj_op(dy)
