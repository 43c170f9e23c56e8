"""Elementwise functions of one tensor: `abs`, `sign`, trigonometry, `sigmoid`, `erf`, rounding, ...

Each op is one line of registration: the op's name, its forward on backend arrays, and its
gradient `grad(x, y, dy)` in terms of the input `x`, the output `y` and the incoming gradient
`dy` (for complex inputs `x` and `y` arrive conjugated, TensorFlow's convention). The
decorated function below it only carries the public signature and documentation.
Activations whose derivative is cheapest from their output (`tanh`, `sigmoid`, `rsqrt`,
`reciprocal`) use fused `*Grad` ops, like `ReluGrad`.

>>> import neuroflow as tf
>>> tf.abs(tf.constant([-1.5, 2.0])).numpy()
array([1.5, 2. ], dtype=float32)
>>> tf.math.round([0.5, 1.5, 2.5, -0.5]).numpy()   # half to even, like TensorFlow
array([ 0.,  2.,  2., -0.], dtype=float32)
"""
import functools
import math

import numpy as np

from .creation_ops import zeros_like
from .math_ops import (FLOATING, NUMERIC, REAL, _conj, _conj_op, _to_inputs, check_dtype,
                       checked_operands, divide_no_nan, exp, negative)
from .registry import op, as_tensor, binary_operands

__all__ = ["abs", "sign", "reciprocal", "reciprocal_no_nan", "rsqrt", "expm1", "log1p",
           "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh",
           "asinh", "acosh", "atanh", "sigmoid", "log_sigmoid", "softplus", "softsign",
           "erf", "erfc", "round", "floor", "ceil", "rint", "real", "imag", "conj", "complex"]


def _kernel(op_name, forward, grad=None):
    """Registers op `op_name`: `forward(xp, x)` on arrays, gradient `grad(x, y, dy)` (None: not differentiable)."""
    kernel = op(op_name)(forward)
    if grad is not None:
        kernel.gradient(lambda ctx, dy: grad(_conj(ctx.inputs[0]), _conj(ctx.output), dy))
    return kernel


def _unary(op_name, forward, grad=None, kinds=FLOATING):
    """Registers op `op_name` (see `_kernel`); returns a decorator making a documented stub
    `f(x, name=None)` its public function, which accepts the dtype kinds `kinds` (others raise
    InvalidArgumentError, as in TF) and, as TensorFlow's dispatch does, maps over a RaggedTensor's values."""
    kernel = _kernel(op_name, forward, grad)

    def define(stub):
        @functools.wraps(stub)
        def public(x, name=None):
            try:
                x = as_tensor(x)
            except ValueError:
                if hasattr(x, "with_flat_values"):  # a RaggedTensor: the op maps over its values
                    return x.with_flat_values(public(x.flat_values))
                raise
            return kernel(check_dtype(x, op_name, kinds))
        return public
    return define


def _with_grad_op(op_name, forward, grad_of_grad):
    """A fused `*Grad` op `forward(xp, dy, y)` whose own gradient is `grad_of_grad(dy, y, g)`."""
    kernel = op(op_name)(forward)
    kernel.gradient(lambda ctx, g: grad_of_grad(*ctx.inputs, g))
    return kernel


# --- sign, abs, reciprocal, rsqrt -----------------------------------------------------------
@_unary("Sign", lambda xp, x: xp.sign(x), lambda x, y, dy: zeros_like(x), NUMERIC)
def sign(x, name=None):
    """-1, 0 or 1 by the sign of `x` (`x / |x|` for complex); its gradient is zero.

    >>> import neuroflow as tf
    >>> tf.sign([-2, 0, 3]).numpy()
    array([-1,  0,  1], dtype=int32)
    """


def _abs_grad(x, y, dy):
    if x.dtype.is_complex:   # |z| is real: its gradient is dy * z / |z| (x arrives conjugated)
        return _complex(dy, zeros_like(dy)) * sign(_conj(x))
    return dy * sign(x)


@_unary("Abs", lambda xp, x: xp.abs(x), _abs_grad, NUMERIC)
def abs(x, name=None):  # noqa: A001 - TensorFlow's name
    """The absolute value elementwise.

    >>> import neuroflow as tf
    >>> tf.abs([-2, 3]).numpy()
    array([2, 3], dtype=int32)
    """


_reciprocal_grad = _with_grad_op(
    "ReciprocalGrad", lambda xp, dy, y: -dy * y * y,
    lambda dy, y, g: (_reciprocal_grad(g, y), -2 * g * dy * y))


@_unary("Reciprocal", lambda xp, x: 1 / x, lambda x, y, dy: _reciprocal_grad(dy, y))
def reciprocal(x, name=None):
    """`1 / x` elementwise.

    >>> import neuroflow as tf
    >>> tf.math.reciprocal([2.0, 4.0]).numpy()
    array([0.5 , 0.25], dtype=float32)
    """


def reciprocal_no_nan(x, name=None):
    """`1 / x`, but 0 where `x` is 0.

    >>> import neuroflow as tf
    >>> tf.math.reciprocal_no_nan([2.0, 0.0]).numpy()
    array([0.5, 0. ], dtype=float32)
    """
    x = as_tensor(x)
    return divide_no_nan(1, x)


_rsqrt_grad = _with_grad_op(
    "RsqrtGrad", lambda xp, dy, y: -0.5 * dy * y * y * y,
    lambda dy, y, g: (_rsqrt_grad(g, y), -1.5 * g * dy * y * y))


@_unary("Rsqrt", lambda xp, x: 1 / xp.sqrt(x), lambda x, y, dy: _rsqrt_grad(dy, y))
def rsqrt(x, name=None):
    """`1 / sqrt(x)` elementwise.

    >>> import neuroflow as tf
    >>> tf.math.rsqrt([4.0, 16.0]).numpy()
    array([0.5 , 0.25], dtype=float32)
    """


# --- exp and log relatives (exp, log, sqrt and square live in math_ops) -------------------
@_unary("Expm1", lambda xp, x: xp.expm1(x), lambda x, y, dy: dy * (y + 1))
def expm1(x, name=None):
    """`exp(x) - 1`, accurate for small `x`.

    >>> import neuroflow as tf
    >>> float(tf.math.expm1(1e-10)) > 0
    True
    """


@_unary("Log1p", lambda xp, x: xp.log1p(x), lambda x, y, dy: dy / (1 + x))
def log1p(x, name=None):
    """`log(1 + x)`, accurate for small `x`.

    >>> import neuroflow as tf
    >>> tf.math.log1p([0.0, 1.0]).numpy()
    array([0.       , 0.6931472], dtype=float32)
    """


# --- trigonometric and hyperbolic functions -------------------------------------------------
@_unary("Sin", lambda xp, x: xp.sin(x), lambda x, y, dy: dy * cos(x))
def sin(x, name=None):
    """Sine elementwise (radians).

    >>> import neuroflow as tf
    >>> tf.sin([0.0]).numpy()
    array([0.], dtype=float32)
    """


@_unary("Cos", lambda xp, x: xp.cos(x), lambda x, y, dy: -dy * sin(x))
def cos(x, name=None):
    """Cosine elementwise (radians).

    >>> import neuroflow as tf
    >>> tf.cos([0.0]).numpy()
    array([1.], dtype=float32)
    """


@_unary("Tan", lambda xp, x: xp.tan(x), lambda x, y, dy: dy * (1 + y * y))
def tan(x, name=None):
    """Tangent elementwise (radians).

    >>> import neuroflow as tf
    >>> tf.tan([0.0]).numpy()
    array([0.], dtype=float32)
    """


@_unary("Asin", lambda xp, x: xp.arcsin(x), lambda x, y, dy: dy * rsqrt(1 - x * x))
def asin(x, name=None):
    """Inverse sine elementwise, in [-pi/2, pi/2] (NaN outside [-1, 1]).

    >>> import neuroflow as tf
    >>> tf.asin([0.0]).numpy()
    array([0.], dtype=float32)
    """


@_unary("Acos", lambda xp, x: xp.arccos(x), lambda x, y, dy: -dy * rsqrt(1 - x * x))
def acos(x, name=None):
    """Inverse cosine elementwise, in [0, pi] (NaN outside [-1, 1]).

    >>> import neuroflow as tf
    >>> tf.acos([1.0]).numpy()
    array([0.], dtype=float32)
    """


@_unary("Atan", lambda xp, x: xp.arctan(x), lambda x, y, dy: dy / (1 + x * x))
def atan(x, name=None):
    """Inverse tangent elementwise, in (-pi/2, pi/2).

    >>> import neuroflow as tf
    >>> tf.atan([0.0]).numpy()
    array([0.], dtype=float32)
    """


@op("Atan2")
def _atan2(xp, y, x):
    return xp.arctan2(y, x)


@_atan2.gradient
def _(ctx, g):
    y, x = ctx.inputs
    scale = g / (x * x + y * y)
    return _to_inputs(ctx, x * scale, -y * scale)


def atan2(y, x, name=None):
    """The angle of the point `(x, y)` from the x axis, in [-pi, pi], with broadcasting.

    >>> import neuroflow as tf
    >>> tf.atan2([1.0, -1.0], 0.0).numpy()
    array([ 1.5707964, -1.5707964], dtype=float32)
    """
    return _atan2(*checked_operands("Atan2", y, x, "f"))


@_unary("Sinh", lambda xp, x: xp.sinh(x), lambda x, y, dy: dy * cosh(x))
def sinh(x, name=None):
    """Hyperbolic sine elementwise.

    >>> import neuroflow as tf
    >>> tf.sinh([0.0]).numpy()
    array([0.], dtype=float32)
    """


@_unary("Cosh", lambda xp, x: xp.cosh(x), lambda x, y, dy: dy * sinh(x))
def cosh(x, name=None):
    """Hyperbolic cosine elementwise.

    >>> import neuroflow as tf
    >>> tf.cosh([0.0]).numpy()
    array([1.], dtype=float32)
    """


_tanh_grad = _with_grad_op(
    "TanhGrad", lambda xp, dy, y: dy * (1 - y * y),
    lambda dy, y, g: (_tanh_grad(g, y), -2 * g * dy * y))


@_unary("Tanh", lambda xp, x: xp.tanh(x), lambda x, y, dy: _tanh_grad(dy, y))
def tanh(x, name=None):
    """Hyperbolic tangent elementwise, in (-1, 1).

    >>> import neuroflow as tf
    >>> tf.tanh([0.0, 100.0]).numpy()
    array([0., 1.], dtype=float32)
    """


@_unary("Asinh", lambda xp, x: xp.arcsinh(x), lambda x, y, dy: dy / cosh(y))
def asinh(x, name=None):
    """Inverse hyperbolic sine elementwise.

    >>> import neuroflow as tf
    >>> tf.asinh([0.0]).numpy()
    array([0.], dtype=float32)
    """


@_unary("Acosh", lambda xp, x: xp.arccosh(x), lambda x, y, dy: dy / sinh(y))
def acosh(x, name=None):
    """Inverse hyperbolic cosine elementwise (NaN below 1).

    >>> import neuroflow as tf
    >>> tf.acosh([1.0]).numpy()
    array([0.], dtype=float32)
    """


@_unary("Atanh", lambda xp, x: xp.arctanh(x), lambda x, y, dy: dy / (1 - x * x))
def atanh(x, name=None):
    """Inverse hyperbolic tangent elementwise (NaN outside [-1, 1]).

    >>> import neuroflow as tf
    >>> tf.atanh([0.0]).numpy()
    array([0.], dtype=float32)
    """


# --- sigmoid and its relatives ------------------------------------------------------------
def _sigmoid_forward(xp, x):
    """`1 / (1 + e)` for x >= 0 and `e / (1 + e)` for x < 0, with `e = exp(-|x|)` in (0, 1] (never
    overflows): the numerator is `max(e, x >= 0)`. Four passes over two arrays, in place."""
    if x.dtype.kind == "c":
        return 1 / (1 + xp.exp(-x))
    e = xp.copysign(x, -1)         # -|x|
    xp.exp(e, out=e)
    y = xp.add(e, 1)
    return xp.divide(xp.maximum(e, x >= 0, out=e), y, out=y)


_sigmoid_grad = _with_grad_op(
    "SigmoidGrad", lambda xp, dy, y: dy * y * (1 - y),
    lambda dy, y, g: (_sigmoid_grad(g, y), g * dy * (1 - 2 * y)))


@_unary("Sigmoid", _sigmoid_forward, lambda x, y, dy: _sigmoid_grad(dy, y))
def sigmoid(x, name=None):
    """The logistic function `1 / (1 + exp(-x))`, computed without overflow.

    >>> import neuroflow as tf
    >>> tf.sigmoid([0.0, -1000.0]).numpy()
    array([0.5, 0. ], dtype=float32)
    """


_softplus = _kernel("Softplus", lambda xp, x: xp.maximum(x, 0) + xp.log1p(xp.exp(-xp.abs(x))),
                    lambda x, y, dy: dy * sigmoid(x))


def softplus(features, name=None):
    """`log(exp(x) + 1)`, computed without overflow: a smooth relu.

    >>> import neuroflow as tf
    >>> tf.math.softplus([0.0, 100.0]).numpy()
    array([  0.6931472, 100.       ], dtype=float32)
    """
    return _softplus(check_dtype(as_tensor(features), "Softplus", "f"))


def log_sigmoid(x, name=None):
    """`log(sigmoid(x))`, computed as `-softplus(-x)` so it is finite for very negative `x`.

    >>> import neuroflow as tf
    >>> tf.math.log_sigmoid([0.0, -1000.0]).numpy()
    array([-6.931472e-01, -1.000000e+03], dtype=float32)
    """
    return negative(softplus(negative(check_dtype(as_tensor(x), "LogSigmoid", "f"))))


_softsign = _kernel("Softsign", lambda xp, x: x / (1 + xp.abs(x)),
                    lambda x, y, dy: dy / ((1 + abs(x)) * (1 + abs(x))))


def softsign(features, name=None):
    """`x / (1 + |x|)` elementwise.

    >>> import neuroflow as tf
    >>> tf.math.softsign([1.0, -3.0]).numpy()
    array([ 0.5 , -0.75], dtype=float32)
    """
    return _softsign(check_dtype(as_tensor(features), "Softsign", "f"))


# --- erf and erfc ----------------------------------------------------------------------------
# |x| <= 2: erf(x) = x * P(x²);  |x| > 2: erfc(|x|) = exp(-x²) / |x| * Q(1/|x|).
# P and Q are smooth, so Chebyshev interpolants of them (fitted once, to Python's `math.erf`)
# are accurate to double precision with 24 terms; float32 keeps only the terms it can see.
def _chebyshev_fit(f, n=24):
    """Coefficients of the degree-(n-1) Chebyshev interpolant of `f` on [-1, 1]."""
    theta = np.pi * (np.arange(n) + 0.5) / n
    values = np.array([f(u) for u in np.cos(theta)])
    coefficients = 2 / n * np.cos(np.outer(np.arange(n), theta)) @ values
    coefficients[0] /= 2
    return coefficients


def _p(u):
    """P at t = x² = 2(u + 1) in [0, 4]: erf(x) / x."""
    x = math.sqrt(2 * (u + 1))
    return math.erf(x) / x


def _q(u):
    """Q at v = 1/x = (u + 1) / 4 in (0, 1/2]: erfc(x) * x * exp(x²)."""
    x = 4 / (u + 1)
    if x <= 20:
        return math.erfc(x) * x * math.exp(x * x)
    total, term = 0.0, 1.0   # out here exp(x²) overflows, but the asymptotic series is exact
    for n in range(15):
        total, term = total + term, -term * (2 * n + 1) / (2 * x * x)
    return total / math.sqrt(math.pi)


@functools.cache
def _erf_coefficients(dtype):
    """(P, Q) coefficients as Python floats, without the terms below `dtype`'s precision."""
    tolerance = float(np.finfo(dtype).eps) / 4

    def trimmed(c):
        tail = np.cumsum(np.abs(c[::-1]))[::-1]   # tail[k] = sum of |c[k:]|
        return c[:max(int((tail >= tolerance).sum()), 2)].tolist()  # floats keep float32 float32
    return trimmed(_chebyshev_fit(_p)), trimmed(_chebyshev_fit(_q))


def _clenshaw(xp, coefficients, u):
    """Σ c_k T_k(u), by Clenshaw's recurrence (in place: three buffers, no allocation per term)."""
    two_u = u + u
    b1, b2, scratch = xp.full_like(u, coefficients[-1]), xp.zeros_like(u), xp.empty_like(u)
    for c in coefficients[-2:0:-1]:
        xp.multiply(two_u, b1, out=scratch)      # b_k = 2u b_{k+1} - b_{k+2} + c_k
        scratch -= b2
        scratch += c
        b1, b2, scratch = scratch, b1, b2
    b1 *= u
    b1 -= b2
    b1 += coefficients[0]
    return b1


def _erf_forward(xp, x, complement=False):
    """erf(x), or erfc(x) when `complement`: P everywhere, then Q on the (usually few) |x| > 2."""
    p, q = _erf_coefficients(x.dtype)
    a = xp.abs(x)
    near = xp.minimum(a, 2)
    out = xp.asarray(x * _clenshaw(xp, p, near * near * 0.5 - 1))   # an array even for 0-d x
    if complement:
        xp.subtract(1, out, out=out)
    far = a > 2
    if far.any():
        b = xp.minimum(a[far], 30)          # erf and erfc are flat beyond 30: nothing overflows
        tail = xp.exp(-b * b) / b * _clenshaw(xp, q, 4 / b - 1)   # erfc(|x|)
        negative = x[far] < 0
        if complement:
            out[far] = xp.where(negative, 2 - tail, tail)
        else:
            out[far] = xp.where(negative, tail - 1, 1 - tail)
    return out


def _erf_slope(x):
    """d erf / dx = 2/sqrt(pi) exp(-x²)."""
    return (2 / math.sqrt(math.pi)) * exp(-(x * x))


@_unary("Erf", _erf_forward, lambda x, y, dy: dy * _erf_slope(x), "f")
def erf(x, name=None):
    """The Gauss error function `2/sqrt(pi) * integral_0^x exp(-t²) dt`, elementwise.

    >>> import neuroflow as tf
    >>> tf.math.erf([0.0, 1.0, 10.0]).numpy()
    array([0.       , 0.8427008, 1.       ], dtype=float32)
    """


@_unary("Erfc", lambda xp, x: _erf_forward(xp, x, complement=True),
        lambda x, y, dy: -dy * _erf_slope(x), "f")
def erfc(x, name=None):
    """The complementary error function `1 - erf(x)`, accurate where it is tiny.

    >>> import neuroflow as tf
    >>> tf.math.erfc(tf.constant([0.0, 10.0], tf.float64)).numpy()
    array([1.00000000e+00, 2.08848758e-45])
    """


# --- rounding (not differentiable) ---------------------------------------------------------
@_unary("Round", lambda xp, x: xp.round(x), kinds=REAL)
def round(x, name=None):  # noqa: A001 - TensorFlow's name
    """Rounds to the nearest integer, halves to even ("banker's rounding"), as TensorFlow.

    >>> import neuroflow as tf
    >>> tf.round([0.5, 1.5, -2.5, 2.6]).numpy()
    array([ 0.,  2., -2.,  3.], dtype=float32)
    """


@_unary("Floor", lambda xp, x: xp.floor(x), kinds="f")
def floor(x, name=None):
    """The largest integer not greater than `x`, elementwise.

    >>> import neuroflow as tf
    >>> tf.floor([1.5, -1.5]).numpy()
    array([ 1., -2.], dtype=float32)
    """


@_unary("Ceil", lambda xp, x: xp.ceil(x), kinds="f")
def ceil(x, name=None):
    """The smallest integer not less than `x`, elementwise.

    >>> import neuroflow as tf
    >>> tf.math.ceil([1.5, -1.5]).numpy()
    array([ 2., -1.], dtype=float32)
    """


@_unary("Rint", lambda xp, x: xp.rint(x), kinds="f")
def rint(x, name=None):
    """The nearest integer, halves to even (same values as `round` for floats).

    >>> import neuroflow as tf
    >>> tf.math.rint([0.5, 1.5]).numpy()
    array([0., 2.], dtype=float32)
    """


# --- complex numbers -----------------------------------------------------------------------
@op("Complex")
def _complex(xp, real, imag):
    real, imag = xp.broadcast_arrays(real, imag)
    out = xp.empty(real.shape, dtype="complex64" if real.dtype == "float32" else "complex128")
    out.real, out.imag = real, imag
    return out


@_complex.gradient
def _(ctx, dy):
    return _to_inputs(ctx, _real(dy), _imag(dy))


def complex(real, imag, name=None):  # noqa: A001 - TensorFlow's name
    """The complex tensor `real + imag * 1j` (float32 parts give complex64, float64 complex128).

    >>> import neuroflow as tf
    >>> tf.complex(1.0, 2.0).numpy()
    np.complex64(1+2j)
    """
    real, imag = binary_operands("Complex", real, imag)
    if real._dtype.name not in ("float32", "float64"):
        raise TypeError(f"complex: `real` and `imag` must be float32 or float64 tensors, got "
                        f"{real._dtype.name}. Cast them first, e.g. tf.cast(x, tf.float32).")
    return _complex(real, imag)


@op("Real", view=True)
def _real(xp, x):
    return xp.real(x)


@_real.gradient
def _(ctx, dy):
    return _complex(dy, zeros_like(dy))


@op("Imag", view=True)
def _imag(xp, x):
    return xp.imag(x)


@_imag.gradient
def _(ctx, dy):
    return _complex(zeros_like(dy), dy)


def real(input, name=None):
    """The real part of a complex tensor; a real tensor is returned unchanged.

    >>> import neuroflow as tf
    >>> tf.math.real(tf.complex(1.0, 2.0)).numpy()
    np.float32(1.0)
    """
    x = as_tensor(input)
    return _real(x) if x._dtype.is_complex else x


def imag(input, name=None):
    """The imaginary part of a complex tensor; zeros for a real tensor.

    >>> import neuroflow as tf
    >>> tf.math.imag(tf.complex(1.0, 2.0)).numpy()
    np.float32(2.0)
    """
    x = as_tensor(input)
    return _imag(x) if x._dtype.is_complex else zeros_like(x)


def conj(x, name=None):
    """The complex conjugate; a real tensor is returned unchanged.

    >>> import neuroflow as tf
    >>> tf.math.conj(tf.complex(1.0, 2.0)).numpy()
    np.complex64(1-2j)
    """
    x = as_tensor(x)
    if x._dtype.is_complex:
        return _conj_op(x)
    return check_dtype(x, "Conj", NUMERIC)
