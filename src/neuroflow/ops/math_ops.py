"""Elementwise arithmetic and `matmul`, each op's forward beside its gradient.

Binary ops broadcast their inputs like NumPy; their gradients sum back over the broadcast
axes (`sum_to_shape`). Integer division and modulo round toward negative infinity, as
Python's `//` and `%` do (`truncatediv`/`truncatemod` round toward zero, like C).

>>> import neuroflow as tf
>>> print(tf.add(3, 5))
tf.Tensor(8, shape=(), dtype=int32)
>>> tf.multiply(tf.constant([1.0, 2.0]), 3.0).numpy()
array([3., 6.], dtype=float32)
>>> tf.matmul([[1.0, 2.0]], [[3.0], [4.0]]).numpy()
array([[11.]], dtype=float32)
>>> (tf.constant([-7, 7]) // 2).numpy(), (tf.constant([-7, 7]) % 2).numpy()
(array([-4,  3], dtype=int32), array([1, 1], dtype=int32))
"""
from ..framework import errors
from ..framework.dtypes import as_dtype
from .registry import REGISTRY, op, binary_operands, as_tensor
from .shape_util import dims, sum_to_shape

__all__ = ["add", "subtract", "multiply", "divide", "truediv", "matmul", "negative", "cast",
           "square", "sqrt", "exp", "log", "floordiv", "floormod", "mod", "truncatediv",
           "truncatemod", "pow", "maximum", "minimum", "squared_difference", "add_n",
           "scalar_mul", "divide_no_nan", "multiply_no_nan", "xdivy", "xlogy", "xlog1py",
           "clip_by_value", "clip_by_norm", "clip_by_global_norm", "bitcast", "nextafter"]

FLOATING = "fc"        # dtype kinds: floating point or complex
REAL = "fiu"           # floats and (un)signed integers
NUMERIC = "fiuc"
_KIND_NAMES = {"f": "half, bfloat16, float32, float64", "c": "complex64, complex128",
               "i": "int8, int16, int32, int64", "u": "uint8, uint16, uint32, uint64", "b": "bool"}


def check_dtype(x, op_name, kinds):
    """`x` unchanged when its dtype kind is one of `kinds`, else TF's InvalidArgumentError.

    >>> import neuroflow as tf
    >>> tf.exp(tf.constant([1, 2]))
    Traceback (most recent call last):
    ...
    neuroflow.framework.errors.InvalidArgumentError: Exp: expects a tensor of dtype half, bfloat16, float32, float64, complex64, complex128; got int32 with shape (2,). Cast it first, e.g. tf.cast(x, tf.float32). [Op:Exp]
    """
    if x._dtype.kind not in kinds:
        allowed = ", ".join(_KIND_NAMES[k] for k in kinds)
        target = "float32" if "f" in kinds else "int32" if "i" in kinds else "bool"
        raise errors.InvalidArgumentError(
            None, op_name,
            f"{op_name}: expects a tensor of dtype {allowed}; got {x._dtype.name} with shape "
            f"{tuple(x.shape)}. Cast it first, e.g. tf.cast(x, tf.{target}). [Op:{op_name}]")
    return x


def checked_operands(op_name, x, y, kinds):
    """`binary_operands(op_name, x, y)`, whose common dtype must be of a kind in `kinds`."""
    x, y = binary_operands(op_name, x, y)
    return check_dtype(x, op_name, kinds), y


def _conj(x):
    """`x` conjugated when complex, else `x`: complex gradients follow TF's convention."""
    return _conj_op(x) if x.dtype.is_complex else x


def _to_inputs(ctx, dx, dy):
    """Per-input gradients of a broadcasting binary op, summed back to each input's shape."""
    x, y = ctx.inputs
    return (sum_to_shape(dx, dims(x)) if ctx.needs[0] else None,
            sum_to_shape(dy, dims(y)) if ctx.needs[1] else None)


# --- add, subtract, multiply, divide ------------------------------------------------------
@op("AddV2")
def _add(xp, x, y):
    return xp.add(x, y)


@_add.gradient
def _(ctx, dy):
    return _to_inputs(ctx, dy, dy)


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
    return _to_inputs(ctx, dy, -dy)


def subtract(x, y, name=None):
    """Returns `x - y` elementwise, with broadcasting.

    >>> import neuroflow as tf
    >>> tf.subtract([5, 7], 2).numpy()
    array([3, 5], dtype=int32)
    """
    return _subtract(*binary_operands("Sub", x, y))


@op("Mul")
def _multiply(xp, x, y):
    return xp.multiply(x, y)


@_multiply.gradient
def _(ctx, dy):
    x, y = ctx.inputs
    return _to_inputs(ctx, dy * _conj(y) if ctx.needs[0] else None,
                      _conj(x) * dy if ctx.needs[1] else None)


def multiply(x, y, name=None):
    """Returns `x * y` elementwise, with broadcasting.

    >>> import neuroflow as tf
    >>> tf.multiply([1.0, 2.0], [[1.0], [10.0]]).numpy()
    array([[ 1.,  2.],
           [10., 20.]], dtype=float32)
    """
    return _multiply(*binary_operands("Mul", x, y))


@op("RealDiv")
def _divide(xp, x, y):
    return xp.true_divide(x, y)


@_divide.gradient
def _(ctx, dy):
    x, y = ctx.inputs
    y = _conj(y)
    return _to_inputs(ctx, dy / y if ctx.needs[0] else None,
                      -dy * _conj(x) / (y * y) if ctx.needs[1] else None)


def divide(x, y, name=None):
    """Returns `x / y` elementwise. Integer inputs give float64 (int32) or float32 (int8/16), as in TF.

    >>> import neuroflow as tf
    >>> tf.divide(7, 2).numpy()
    np.float64(3.5)
    """
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
    return dy * (2 * _conj(ctx.inputs[0]))


def square(x, name=None):
    """Returns `x * x` elementwise."""
    return _square(as_tensor(x))


@op("Sqrt")
def _sqrt(xp, x):
    return xp.sqrt(x)


@_sqrt.gradient
def _(ctx, dy):
    return dy / (2 * _conj(ctx.output))


def sqrt(x, name=None):
    """Returns the elementwise square root (NaN for negative real inputs)."""
    return _sqrt(check_dtype(as_tensor(x), "Sqrt", FLOATING))


@op("Exp")
def _exp(xp, x):
    return xp.exp(x)


@_exp.gradient
def _(ctx, dy):
    return dy * _conj(ctx.output)


def exp(x, name=None):
    """Returns `e ** x` elementwise."""
    return _exp(check_dtype(as_tensor(x), "Exp", FLOATING))


@op("Log")
def _log(xp, x):
    return xp.log(x)


@_log.gradient
def _(ctx, dy):
    return dy / _conj(ctx.inputs[0])


def log(x, name=None):
    """Returns the natural logarithm elementwise (-inf at 0, NaN below)."""
    return _log(check_dtype(as_tensor(x), "Log", FLOATING))


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
    dtype = as_dtype(dtype)
    x = as_tensor(x)
    if x._dtype is dtype:
        return x if type(x).__name__ != "Variable" else x.read_value()
    if dtype.kind == "S" or x._dtype.kind == "S":
        raise errors.UnimplementedError(
            None, "Cast", f"Cast: casting {x._dtype.name} to {dtype.name} is not supported. "
            "Use tf.strings functions to convert strings and numbers. [Op:Cast]")
    return _cast(x, dtype=dtype)


@op("Bitcast", view=True)
def _bitcast(xp, x, dtype):
    old, new = x.dtype.itemsize, dtype.size
    if new < old:
        return xp.ascontiguousarray(x).view(dtype.as_numpy_dtype).reshape(x.shape + (old // new,))
    return xp.ascontiguousarray(x).view(dtype.as_numpy_dtype).reshape(x.shape[:-1] if new > old else x.shape)


def bitcast(input, type, name=None):
    """The same bytes read as dtype `type`, without copying.

    A narrower type adds a last axis of size old_size / new_size; a wider type needs a last
    axis of size new_size / old_size and removes it.

    >>> import neuroflow as tf
    >>> tf.bitcast(tf.constant(1.0), tf.int32).numpy()
    np.int32(1065353216)
    >>> tf.bitcast(tf.constant([1, 0], tf.uint8), tf.uint16).numpy()
    np.uint16(1)
    """
    x, dtype = as_tensor(input), as_dtype(type)
    old, new = x._dtype.size, dtype.size
    if new > old and (x.ndim == 0 or x.shape[-1] != new // old):
        raise errors.InvalidArgumentError(
            None, "Bitcast", f"Bitcast: to bitcast {x._dtype.name} {tuple(x.shape)} to the wider {dtype.name}, "
            f"the last dimension must be {new // old}. Reshape first. [Op:Bitcast]")
    return _bitcast(x, dtype=dtype)


@op("NextAfter")
def _next_after(xp, x1, x2):
    return xp.nextafter(x1, x2)


def nextafter(x1, x2, name=None):
    """The next representable value after `x1` in the direction of `x2`, elementwise.

    >>> import neuroflow as tf
    >>> float(tf.math.nextafter(1.0, 2.0)) > 1.0
    True
    """
    return _next_after(*checked_operands("NextAfter", x1, x2, "f"))


# --- matmul ----------------------------------------------------------------------------
@op("MatMul")
def _matmul(xp, a, b, transpose_a=False, transpose_b=False):
    if transpose_a:
        a = a.swapaxes(-1, -2)   # the array method: xp.swapaxes adds NumPy's Python dispatch
    if transpose_b:
        b = b.swapaxes(-1, -2)
    return xp.matmul(a, b)


@_matmul.gradient
def _(ctx, dy):
    a, b = ctx.inputs
    ta, tb = ctx.attrs.get("transpose_a", False), ctx.attrs.get("transpose_b", False)
    da = db = None
    if ctx.needs[0]:
        da = _product(b, dy, tb, True) if ta else _product(dy, b, False, not tb)
        da = sum_to_shape(da, dims(a))
    if ctx.needs[1]:
        db = _product(dy, a, True, ta) if tb else _product(a, dy, not ta, False)
        db = sum_to_shape(db, dims(b))
    return da, db


def _product(a, b, transpose_a, transpose_b):
    """The MatMul op on already-checked operands (gradients need no argument checks)."""
    if transpose_a or transpose_b:
        return _matmul(a, b, transpose_a=transpose_a, transpose_b=transpose_b)
    return _matmul(a, b)


def _check_matmul(a, b, transpose_a, transpose_b):
    sa, sb = dims(a), dims(b)
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
    if adjoint_a or adjoint_b:
        transpose_a, transpose_b = transpose_a or adjoint_a, transpose_b or adjoint_b
        a = _conj_op(a) if adjoint_a and a._dtype.is_complex else a
        b = _conj_op(b) if adjoint_b and b._dtype.is_complex else b
    _check_matmul(a, b, transpose_a, transpose_b)
    return _product(a, b, transpose_a, transpose_b)


@op("Conj")
def _conj_op(xp, x):
    return xp.conj(x)


@_conj_op.gradient
def _(ctx, dy):
    return _conj_op(dy)


# --- integer-style division: floordiv, floormod, truncatediv, truncatemod -----------------
def _check_divisor(xp, y):
    if y.dtype.kind in "iu" and (y == 0).any():
        raise ZeroDivisionError("Integer division by zero")


def _remainder_gradient(quotient):
    """The gradient of `x - y * quotient(x, y)`: the quotient is piecewise constant."""
    def gradient(ctx, dy):
        x, y = ctx.inputs
        return _to_inputs(ctx, dy, -dy * quotient(x, y) if ctx.needs[1] else None)
    return gradient


@op("FloorDiv")
def _floordiv(xp, x, y):
    if x.dtype.kind == "f":
        return xp.floor(x / y)
    _check_divisor(xp, y)
    return xp.floor_divide(x, y)


def floordiv(x, y, name=None):
    """`x // y`: division rounded toward negative infinity (not differentiable).

    >>> import neuroflow as tf
    >>> tf.math.floordiv([7, -7], 2).numpy()
    array([ 3, -4], dtype=int32)
    """
    return _floordiv(*checked_operands("FloorDiv", x, y, REAL))


@op("FloorMod")
def _floormod(xp, x, y):
    _check_divisor(xp, y)
    return xp.mod(x, y)


_floormod.gradient(_remainder_gradient(floordiv))


def floormod(x, y, name=None):
    """`x % y`: the remainder of floor division; it has the sign of `y`, as in Python.

    >>> import neuroflow as tf
    >>> tf.math.floormod([7, -7], 3).numpy()
    array([1, 2], dtype=int32)
    """
    return _floormod(*checked_operands("FloorMod", x, y, REAL))


mod = floormod


@op("TruncateDiv")
def _truncatediv(xp, x, y):
    if x.dtype.kind == "f":
        return xp.trunc(x / y)
    _check_divisor(xp, y)
    quotient = xp.floor_divide(x, y)
    return quotient + ((xp.mod(x, y) != 0) & ((x < 0) != (y < 0))).astype(x.dtype)


def truncatediv(x, y, name=None):
    """Division rounded toward zero, as in C (not differentiable).

    >>> import neuroflow as tf
    >>> tf.truncatediv([7, -7], 2).numpy()
    array([ 3, -3], dtype=int32)
    """
    return _truncatediv(*checked_operands("TruncateDiv", x, y, REAL))


@op("TruncateMod")
def _truncatemod(xp, x, y):
    _check_divisor(xp, y)
    return xp.fmod(x, y)


_truncatemod.gradient(_remainder_gradient(truncatediv))


def truncatemod(x, y, name=None):
    """The remainder of `truncatediv`; it has the sign of `x`, as C's `fmod`.

    >>> import neuroflow as tf
    >>> tf.truncatemod([7, -7], 3).numpy()
    array([ 1, -1], dtype=int32)
    """
    return _truncatemod(*checked_operands("TruncateMod", x, y, REAL))


# --- pow -----------------------------------------------------------------------------------
@op("Pow")
def _pow(xp, x, y):
    return xp.power(x, y)


@_pow.gradient
def _(ctx, dy):
    x, y = ctx.inputs
    dx = dz = None
    if ctx.needs[0]:
        dx = dy * _conj(y * _pow(x, y - 1))
    if ctx.needs[1]:
        if x.dtype.is_complex:
            log_x = log(x)
        else:  # d/dy x**y = x**y log(x), taken as 0 where x <= 0 (as TF does)
            positive = cast(x > 0, x.dtype)
            log_x = log(x * positive + (1 - positive)) * positive
        dz = dy * _conj(ctx.output * log_x)
    return _to_inputs(ctx, dx, dz)


def pow(x, y, name=None):  # noqa: A001 - TensorFlow's name
    """`x ** y` elementwise. Integers to negative integer powers are an error, as in TF.

    >>> import neuroflow as tf
    >>> tf.pow([2, 3], 2).numpy()
    array([4, 9], dtype=int32)
    >>> (tf.constant([4.0, 9.0]) ** 0.5).numpy()
    array([2., 3.], dtype=float32)
    """
    return _pow(*checked_operands("Pow", x, y, NUMERIC))


# --- maximum, minimum, squared_difference -------------------------------------------------
def _select_grads(ctx, dy, x_wins):
    """Gradients of max/min: `dy` flows to `x` where `x_wins` (ties go to x), else to `y`."""
    mask = cast(x_wins, dy.dtype)
    return _to_inputs(ctx, dy * mask if ctx.needs[0] else None,
                      dy * (1 - mask) if ctx.needs[1] else None)


@op("Maximum")
def _maximum(xp, x, y):
    return xp.maximum(x, y)


@_maximum.gradient
def _(ctx, dy):
    return _select_grads(ctx, dy, REGISTRY["GreaterEqual"].run(*ctx.inputs))


def maximum(x, y, name=None):
    """The larger of `x` and `y` elementwise, with broadcasting (NaN if either is NaN).

    >>> import neuroflow as tf
    >>> tf.maximum([1.0, 5.0], 3.0).numpy()
    array([3., 5.], dtype=float32)
    """
    return _maximum(*checked_operands("Maximum", x, y, REAL))


@op("Minimum")
def _minimum(xp, x, y):
    return xp.minimum(x, y)


@_minimum.gradient
def _(ctx, dy):
    return _select_grads(ctx, dy, REGISTRY["LessEqual"].run(*ctx.inputs))


def minimum(x, y, name=None):
    """The smaller of `x` and `y` elementwise, with broadcasting (NaN if either is NaN).

    >>> import neuroflow as tf
    >>> tf.minimum([1, 5], 3).numpy()
    array([1, 3], dtype=int32)
    """
    return _minimum(*checked_operands("Minimum", x, y, REAL))


@op("SquaredDifference")
def _squared_difference(xp, x, y):
    difference = x - y
    return (difference * difference.conj()) if difference.dtype.kind == "c" else difference * difference


@_squared_difference.gradient
def _(ctx, dy):
    x, y = ctx.inputs
    g = dy * (2 * _conj(x - y))
    return _to_inputs(ctx, g, -g)


def squared_difference(x, y, name=None):
    """`(x - y) * conj(x - y)` elementwise: the squared error, with broadcasting.

    >>> import neuroflow as tf
    >>> tf.math.squared_difference([1.0, 4.0], 2.0).numpy()
    array([1., 4.], dtype=float32)
    """
    return _squared_difference(*checked_operands("SquaredDifference", x, y, NUMERIC))


# --- add_n, scalar_mul ----------------------------------------------------------------------
@op("AddN")
def _add_n(xp, *arrays):
    if len(arrays) == 1:
        return arrays[0].copy()
    total = xp.add(arrays[0], arrays[1])
    for a in arrays[2:]:
        total += a
    return total


@_add_n.gradient
def _(ctx, dy):
    return (dy,) * len(ctx.inputs)


def add_n(inputs, name=None):
    """The elementwise sum of a list of tensors of one shape and dtype (no broadcasting).

    >>> import neuroflow as tf
    >>> tf.add_n([tf.ones([2]), tf.ones([2]), tf.constant([1.0, 2.0])]).numpy()
    array([3., 4.], dtype=float32)
    """
    if not isinstance(inputs, (list, tuple)) or not inputs:
        raise ValueError("add_n: inputs must be a non-empty list of tensors of the same dtype and "
                         f"shape. Received: {inputs!r}.")
    first = next((x for x in inputs if hasattr(x, "_dtype")), None)
    tensors = [as_tensor(x, None if first is None else first._dtype) for x in inputs]
    head = tensors[0]
    for t in tensors[1:]:
        if t._dtype is not head._dtype or tuple(t.shape) != tuple(head.shape):
            raise errors.InvalidArgumentError(
                None, "AddN",
                "AddN: all inputs must have the same dtype and shape; got "
                f"{', '.join(f'{x._dtype.name}{tuple(x.shape)}' for x in tensors)}. add_n does "
                "not broadcast: use tf.broadcast_to or tf.add for broadcasting sums. [Op:AddN]")
    return _add_n(*tensors)


def scalar_mul(scalar, x, name=None):
    """`scalar * x` where `scalar` is a 0-d value (a Python number or scalar tensor).

    >>> import neuroflow as tf
    >>> tf.math.scalar_mul(2.0, tf.constant([1.0, 3.0])).numpy()
    array([2., 6.], dtype=float32)
    """
    s, x = binary_operands("Mul", scalar, x)
    if s.ndim != 0:
        raise ValueError(f"scalar_mul: `scalar` must be a 0-d scalar, got shape {tuple(s.shape)}. "
                         "Use tf.multiply for elementwise products.")
    return _multiply(s, x)


# --- safe division and logarithms: 0 where the mask says "no contribution" ----------------
def _zero_where(xp, mask, value):
    return xp.where(mask, xp.zeros((), value.dtype), value)


@op("DivNoNan")
def _divide_no_nan(xp, x, y):
    if not y.ndim:  # one divisor (a mean's count): test it once instead of masking
        return x / y if y != 0 else xp.zeros(x.shape, xp.result_type(x, y))
    zero = y == 0
    return _zero_where(xp, zero, x / xp.where(zero, xp.ones((), y.dtype), y))


@_divide_no_nan.gradient
def _(ctx, dy):
    x, y = ctx.inputs
    return _to_inputs(ctx, _divide_no_nan(dy, y) if ctx.needs[0] else None,
                      dy * _divide_no_nan(_divide_no_nan(-x, y), y) if ctx.needs[1] else None)


def divide_no_nan(x, y, name=None):
    """`x / y`, but 0 wherever `y` is 0 (instead of inf or NaN).

    >>> import neuroflow as tf
    >>> tf.math.divide_no_nan([3.0, 3.0], [2.0, 0.0]).numpy()
    array([1.5, 0. ], dtype=float32)
    """
    return _divide_no_nan(*checked_operands("DivNoNan", x, y, FLOATING))


@op("MulNoNan")
def _multiply_no_nan(xp, x, y):
    zero = y == 0
    return _zero_where(xp, zero, x) * y


@_multiply_no_nan.gradient
def _(ctx, dy):
    x, y = ctx.inputs
    return _to_inputs(ctx, _multiply_no_nan(dy, y) if ctx.needs[0] else None,
                      _multiply_no_nan(x, dy) if ctx.needs[1] else None)


def multiply_no_nan(x, y, name=None):
    """`x * y`, but 0 wherever `y` is 0, even if `x` is inf or NaN.

    >>> import neuroflow as tf
    >>> tf.math.multiply_no_nan([float("inf"), 2.0], [0.0, 3.0]).numpy()
    array([0., 6.], dtype=float32)
    """
    return _multiply_no_nan(*checked_operands("MulNoNan", x, y, FLOATING))


def _where_x_nonzero(xp, x, y, f):
    """`f(x, y)` where `x != 0`, else 0; `y` is replaced by 1 where unused, so nothing overflows."""
    zero = x == 0
    return _zero_where(xp, zero, f(x, xp.where(zero, xp.ones((), y.dtype), y)))


def _nonzero(x):
    """1 where `x != 0`, else 0, in `x`'s dtype (used by the x*f(y) family's gradients)."""
    return cast(REGISTRY["NotEqual"].run(*binary_operands("NotEqual", x, 0)), x.dtype)


@op("Xdivy")
def _xdivy(xp, x, y):
    return _where_x_nonzero(xp, x, y, xp.true_divide)


@_xdivy.gradient
def _(ctx, dy):
    x, y = ctx.inputs
    return _to_inputs(ctx, dy * _xdivy(_nonzero(x), y) if ctx.needs[0] else None,
                      dy * _xdivy(-x, y * y) if ctx.needs[1] else None)


def xdivy(x, y, name=None):
    """`x / y`, but 0 wherever `x` is 0 (even where `y` is 0).

    >>> import neuroflow as tf
    >>> tf.math.xdivy([0.0, 1.0], [0.0, 4.0]).numpy()
    array([0.  , 0.25], dtype=float32)
    """
    return _xdivy(*checked_operands("Xdivy", x, y, FLOATING))


@op("Xlogy")
def _xlogy(xp, x, y):
    return _where_x_nonzero(xp, x, y, lambda a, b: a * xp.log(b))


@_xlogy.gradient
def _(ctx, dy):
    x, y = ctx.inputs
    return _to_inputs(ctx, dy * _xlogy(_nonzero(x), y) if ctx.needs[0] else None,
                      dy * _xdivy(x, y) if ctx.needs[1] else None)


def xlogy(x, y, name=None):
    """`x * log(y)`, but 0 wherever `x` is 0 (the convention `0 log 0 = 0` of entropies).

    >>> import neuroflow as tf
    >>> tf.math.xlogy([0.0, 2.0], [0.0, 1.0]).numpy()
    array([0., 0.], dtype=float32)
    """
    return _xlogy(*checked_operands("Xlogy", x, y, FLOATING))


@op("Xlog1py")
def _xlog1py(xp, x, y):
    return _where_x_nonzero(xp, x, y, lambda a, b: a * xp.log1p(b))


@_xlog1py.gradient
def _(ctx, dy):
    x, y = ctx.inputs
    return _to_inputs(ctx, dy * _xlog1py(_nonzero(x), y) if ctx.needs[0] else None,
                      dy * _xdivy(x, y + 1) if ctx.needs[1] else None)


def xlog1py(x, y, name=None):
    """`x * log1p(y)`, but 0 wherever `x` is 0.

    >>> import neuroflow as tf
    >>> tf.math.xlog1py([0.0, 2.0], [-1.0, 0.0]).numpy()
    array([0., 0.], dtype=float32)
    """
    return _xlog1py(*checked_operands("Xlog1py", x, y, FLOATING))


# --- clipping (compositions of the ops above, so their gradients come for free) -----------
def clip_by_value(t, clip_value_min, clip_value_max, name=None):
    """`t` with values below `clip_value_min` raised to it and above `clip_value_max` lowered to it.

    The gradient flows to `t` where it lies within the bounds (inclusive).

    >>> import neuroflow as tf
    >>> tf.clip_by_value([-2.0, 0.5, 3.0], -1.0, 1.0).numpy()
    array([-1. ,  0.5,  1. ], dtype=float32)
    """
    t = as_tensor(t)
    clipped = maximum(minimum(t, clip_value_max), clip_value_min)
    if tuple(clipped.shape) != tuple(t.shape):
        raise errors.InvalidArgumentError(
            None, "ClipByValue",
            f"clip_by_value: the bounds would broadcast t of shape {tuple(t.shape)} to the larger "
            f"shape {tuple(clipped.shape)}. Bounds must be scalars or broadcast to t's shape. "
            "[Op:ClipByValue]")
    return clipped


def clip_by_norm(t, clip_norm, axes=None, name=None):
    """`t` rescaled so that its L2 norm (over `axes`, all when None) is at most `clip_norm`.

    >>> import neuroflow as tf
    >>> tf.clip_by_norm([3.0, 4.0], 1.0).numpy()
    array([0.6, 0.8], dtype=float32)
    """
    from .reduction_ops import reduce_sum
    t = check_dtype(as_tensor(t), "ClipByNorm", "f")
    squares = reduce_sum(t * t, axis=axes, keepdims=True)
    positive = cast(squares > 0, t.dtype)   # a zero norm: leave t alone, with a finite gradient
    norm = sqrt(squares * positive + (1 - positive)) * positive
    return t * clip_norm / maximum(norm, clip_norm)


def clip_by_global_norm(t_list, clip_norm, use_norm=None, name=None):
    """Rescales a list of tensors together so their joint L2 norm is at most `clip_norm`.

    Returns `(clipped_list, global_norm)`; None entries stay None. This is the clipping
    optimizers apply with `global_clipnorm`.

    >>> import neuroflow as tf
    >>> clipped, norm = tf.clip_by_global_norm([tf.constant([3.0]), tf.constant([4.0])], 1.0)
    >>> [c.numpy() for c in clipped], norm.numpy()
    ([array([0.6], dtype=float32), array([0.8], dtype=float32)], np.float32(5.0))
    """
    from .reduction_ops import reduce_sum
    if not isinstance(t_list, (list, tuple)):
        raise TypeError(f"clip_by_global_norm: t_list must be a list or tuple of tensors, got {type(t_list)}.")
    tensors = [None if t is None else as_tensor(t) for t in t_list]
    present = [t for t in tensors if t is not None]
    if use_norm is None:
        use_norm = sqrt(add_n([reduce_sum(t * t) for t in present])) if present else 0.0
    use_norm = as_tensor(use_norm, present[0].dtype if present else None)
    scale = clip_norm / maximum(use_norm, clip_norm)
    return [None if t is None else t * cast(scale, t.dtype) for t in tensors], use_norm
