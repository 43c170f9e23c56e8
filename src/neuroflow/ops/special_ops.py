"""Special functions as ops (`tf.math.special`, `tf.math.lgamma`, `igamma`, `betainc`, ...).

Each op evaluates its kernel from `special_functions.py` in float64 and returns the input's
dtype; gradients are written with these same public ops (d/dx I0 = I1, d lgamma = digamma, ...),
so they compose to any order. Where TensorFlow defines no gradient (the order `a` of polygamma,
`x` of zeta, `a` and `b` of betainc) there is none here either; TensorFlow's gradient of igamma
in `a` is not implemented (None).

>>> import neuroflow as tf
>>> tf.math.special.bessel_i0([-1., -0.5, 0.5, 1.]).numpy()
array([1.2660658, 1.0634834, 1.0634834, 1.2660658], dtype=float32)
>>> tf.math.lgamma([0.5, 3.0]).numpy()
array([0.5723649, 0.6931472], dtype=float32)
"""
import math

import numpy as np

from ..framework import errors
from . import special_functions as sf
from .comparison_ops import equal
from .creation_ops import ones_like, zeros_like
from .indexing_ops import where
from .math_ops import _to_inputs, check_dtype, checked_operands, exp, log
from .registry import op, as_tensor
from .shape_util import dims, sum_to_shape
from .unary_ops import _unary, cos, log1p, sign, sin

__all__ = ["bessel_i0", "bessel_i0e", "bessel_i1", "bessel_i1e", "bessel_j0", "bessel_j1", "bessel_y0",
           "bessel_y1", "bessel_k0", "bessel_k0e", "bessel_k1", "bessel_k1e", "dawsn", "expint",
           "fresnel_cos", "fresnel_sin", "spence", "lgamma", "digamma", "polygamma", "zeta", "igamma",
           "igammac", "betainc", "erfinv", "erfcinv", "ndtri"]


def _host(fn):
    """A forward `(xp, *arrays)` computing `fn` in float64 on the host, back in the input's dtype."""
    def forward(xp, *arrays):
        host = [np.asarray(a.get() if hasattr(a, "get") else a, np.float64) for a in arrays]
        with np.errstate(all="ignore"):
            out = np.asarray(fn(*host), np.float64)
        return xp.asarray(out.astype(arrays[-1].dtype, copy=False))
    return forward


def _special(op_name, fn, grad):
    """A floating unary special function: op `op_name` with gradient `grad(x, y, dy)`."""
    return _unary(op_name, _host(fn), grad, "f")


# --- Bessel functions -----------------------------------------------------------------------
@_special("BesselI0e", sf.bessel_i0e, lambda x, y, dy: dy * (bessel_i1e(x) - sign(x) * y))
def bessel_i0e(x, name=None):
    """exp(-|x|) I0(x), the exponentially scaled modified Bessel function of order 0."""


@_special("BesselI1e", sf.bessel_i1e,
          lambda x, y, dy: dy * where(equal(x, zeros_like(x)), 0.5 * ones_like(x),
                                      bessel_i0e(x) - y * (sign(x) + 1 / x)))
def bessel_i1e(x, name=None):
    """exp(-|x|) I1(x), the exponentially scaled modified Bessel function of order 1."""


@_special("BesselI0", lambda v: sf.bessel_i0e(v) * np.exp(np.abs(v)), lambda x, y, dy: dy * bessel_i1(x))
def bessel_i0(x, name=None):
    """I0(x), the modified Bessel function of the first kind of order 0."""


@_special("BesselI1", lambda v: sf.bessel_i1e(v) * np.exp(np.abs(v)),
          lambda x, y, dy: dy * where(equal(x, zeros_like(x)), 0.5 * ones_like(x), bessel_i0(x) - y / x))
def bessel_i1(x, name=None):
    """I1(x), the modified Bessel function of the first kind of order 1."""


@_special("BesselK0e", sf.bessel_k0e, lambda x, y, dy: dy * (y - bessel_k1e(x)))
def bessel_k0e(x, name=None):
    """exp(x) K0(x), the exponentially scaled modified Bessel function of the second kind, order 0."""


@_special("BesselK1e", sf.bessel_k1e, lambda x, y, dy: dy * (y * (1 - 1 / x) - bessel_k0e(x)))
def bessel_k1e(x, name=None):
    """exp(x) K1(x), the exponentially scaled modified Bessel function of the second kind, order 1."""


@_special("BesselK0", lambda v: sf.bessel_k0e(v) * np.exp(-v), lambda x, y, dy: -dy * bessel_k1(x))
def bessel_k0(x, name=None):
    """K0(x), the modified Bessel function of the second kind of order 0 (x > 0)."""


@_special("BesselK1", lambda v: sf.bessel_k1e(v) * np.exp(-v), lambda x, y, dy: -dy * (bessel_k0(x) + y / x))
def bessel_k1(x, name=None):
    """K1(x), the modified Bessel function of the second kind of order 1 (x > 0)."""


@_special("BesselJ0", sf.bessel_j0, lambda x, y, dy: -dy * bessel_j1(x))
def bessel_j0(x, name=None):
    """J0(x), the Bessel function of the first kind of order 0."""


@_special("BesselJ1", sf.bessel_j1,
          lambda x, y, dy: dy * where(equal(x, zeros_like(x)), 0.5 * ones_like(x), bessel_j0(x) - y / x))
def bessel_j1(x, name=None):
    """J1(x), the Bessel function of the first kind of order 1."""


@_special("BesselY0", sf.bessel_y0, lambda x, y, dy: -dy * bessel_y1(x))
def bessel_y0(x, name=None):
    """Y0(x), the Bessel function of the second kind of order 0 (x > 0)."""


@_special("BesselY1", sf.bessel_y1, lambda x, y, dy: dy * (bessel_y0(x) - y / x))
def bessel_y1(x, name=None):
    """Y1(x), the Bessel function of the second kind of order 1 (x > 0)."""


# --- other integrals ------------------------------------------------------------------------
@_special("Dawsn", sf.dawsn, lambda x, y, dy: dy * (1 - 2 * x * y))
def dawsn(x, name=None):
    """Dawson's integral exp(-x^2) * integral_0^x exp(t^2) dt."""


@_special("Expint", sf.expint, lambda x, y, dy: dy * exp(x) / x)
def expint(x, name=None):
    """The exponential integral Ei(x)."""


@_special("FresnelCos", sf.fresnel_cos, lambda x, y, dy: dy * cos((math.pi / 2) * x * x))
def fresnel_cos(x, name=None):
    """The Fresnel cosine integral C(x) = integral_0^x cos(pi t^2 / 2) dt."""


@_special("FresnelSin", sf.fresnel_sin, lambda x, y, dy: dy * sin((math.pi / 2) * x * x))
def fresnel_sin(x, name=None):
    """The Fresnel sine integral S(x) = integral_0^x sin(pi t^2 / 2) dt."""


@_special("Spence", sf.spence,
          lambda x, y, dy: dy * where(equal(x, ones_like(x)), -ones_like(x), log(x) / (1 - x)))
def spence(x, name=None):
    """Spence's function integral_1^x log(t) / (1 - t) dt, x >= 0."""


# --- the gamma family -----------------------------------------------------------------------
@_special("Lgamma", sf.lgamma, lambda x, y, dy: dy * digamma(x))
def lgamma(x, name=None):
    """log|Gamma(x)|.

    >>> import neuroflow as tf
    >>> tf.math.lgamma([1.0, 10.0]).numpy()
    array([ 0.      , 12.801827], dtype=float32)
    """


@_special("Digamma", sf.digamma, lambda x, y, dy: dy * polygamma(ones_like(x), x))
def digamma(x, name=None):
    """psi(x), the derivative of lgamma."""


def _binary_special(op_name, fn, grad):
    """A floating two-argument special function `f(a, x)`, broadcasting; `grad(a, x, y, dy)`
    gives (d/da or None, d/dx)."""
    kernel = op(op_name)(_host(fn))

    @kernel.gradient
    def _(ctx, dy):
        a, x = ctx.inputs
        da, dx = grad(a, x, ctx.output, dy)
        return _to_inputs(ctx, da, dx)

    def public(a, x, name=None):
        a, x = checked_operands(op_name, a, x, "f")
        return kernel(a, x)
    return public


polygamma = _binary_special("Polygamma", sf.polygamma,
                            lambda a, x, y, dy: (None, dy * polygamma(a + 1, x)))
polygamma.__doc__ = """psi^(a)(x): the a-th derivative of digamma (a a non-negative integer, as a float)."""

zeta = _binary_special("Zeta", sf.zeta, lambda x, q, y, dy: (None, -dy * x * zeta(x + 1, q)))
zeta.__doc__ = """The Hurwitz zeta function zeta(x, q) = sum_k (k + q)^-x, x > 1."""


def _igamma_dx(a, x):
    return exp(-x + (a - 1) * log(x) - lgamma(a))


igamma = _binary_special("Igamma", sf.igamma, lambda a, x, y, dy: (None, dy * _igamma_dx(a, x)))
igamma.__doc__ = """The regularized lower incomplete gamma function P(a, x).

>>> import neuroflow as tf
>>> tf.math.igamma(1.0, [1.0, 2.0]).numpy()
array([0.63212055, 0.86466473], dtype=float32)
"""

igammac = _binary_special("Igammac", sf.igammac, lambda a, x, y, dy: (None, -dy * _igamma_dx(a, x)))
igammac.__doc__ = """The regularized upper incomplete gamma function Q(a, x) = 1 - P(a, x)."""


@op("Betainc")
def _betainc(xp, a, b, x):
    return _host(sf.betainc)(xp, a, b, x)


@_betainc.gradient
def _(ctx, dy):
    a, b, x = ctx.inputs
    dx = dy * exp((a - 1) * log(x) + (b - 1) * log1p(-x) + lgamma(a + b) - lgamma(a) - lgamma(b))
    return None, None, sum_to_shape(dx, dims(x))


def betainc(a, b, x, name=None):
    """The regularized incomplete beta function I_x(a, b) (gradient in x only, as TensorFlow).

    >>> import neuroflow as tf
    >>> tf.math.betainc(2.0, 3.0, 0.5).numpy()
    np.float32(0.6875)
    """
    a = check_dtype(as_tensor(a), "Betainc", "f")
    b, x = as_tensor(b, a.dtype), as_tensor(x, a.dtype)
    if not (a.dtype == b.dtype == x.dtype):
        raise errors.InvalidArgumentError(
            None, "Betainc", f"Betainc: a, b and x must share one dtype; got {a.dtype.name}, {b.dtype.name} "
            f"and {x.dtype.name}. Cast them with tf.cast. [Op:Betainc]")
    return _betainc(a, b, x)


# --- inverse error functions, normal distribution ----------------------------------------------
@_special("Erfinv", sf.erfinv, lambda x, y, dy: dy * (math.sqrt(math.pi) / 2) * exp(y * y))
def erfinv(x, name=None):
    """The inverse error function: erf(erfinv(x)) = x on (-1, 1)."""


@_special("Erfcinv", sf.erfcinv, lambda x, y, dy: -dy * (math.sqrt(math.pi) / 2) * exp(y * y))
def erfcinv(x, name=None):
    """The inverse complementary error function on (0, 2)."""


@_special("Ndtri", lambda p: -math.sqrt(2) * sf.erfcinv(2 * p),
          lambda x, y, dy: dy * math.sqrt(2 * math.pi) * exp(y * y / 2))
def ndtri(x, name=None):
    """The inverse of the standard normal CDF (the probit function)."""
