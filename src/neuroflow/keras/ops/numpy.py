"""`keras.ops.numpy`: Keras 3's NumPy-like functions, as thin faces over neuroflow's ops.

They follow NumPy's argument names and Keras' dtype rules (`keras.backend.result_type`):
mixed inputs are promoted rather than refused, integer inputs to float math give `floatx()`,
and reductions take `axis=None` to mean every axis. Each is differentiable wherever the op
under it is.

>>> from neuroflow import keras
>>> ops = keras.ops
>>> ops.add(ops.arange(3), 0.5).numpy()
array([0.5, 1.5, 2.5], dtype=float32)
>>> ops.mean(ops.reshape(ops.arange(6), (2, 3)), axis=1).numpy()
array([1., 4.], dtype=float32)
"""
import builtins
import math as _math

import numpy as np

import neuroflow as tf

from ..backend.config import floatx
from ..backend.dtypes import result_type, standardize_dtype

__all__ = [
    "abs", "absolute", "add", "all", "allclose", "amax", "amin", "angle", "any", "append", "arange",
    "arccos", "arccosh", "arcsin", "arcsinh", "arctan", "arctan2", "arctanh", "argmax", "argmin",
    "argpartition", "argsort", "array", "array_split", "average", "bartlett", "bincount", "bitwise_and",
    "bitwise_invert", "bitwise_left_shift", "bitwise_not", "bitwise_or", "bitwise_right_shift",
    "bitwise_xor", "blackman", "broadcast_to", "cbrt", "ceil", "clip", "concatenate", "conj",
    "conjugate", "copy", "corrcoef", "cos", "cosh", "count_nonzero", "cross", "cumprod", "cumsum",
    "deg2rad", "diag", "diagflat", "diagonal", "diff", "digitize", "divide", "divide_no_nan", "dot",
    "dsplit", "vsplit", "dstack", "einsum", "empty", "empty_like", "equal", "exp", "exp2", "expand_dims", "expm1",
    "eye", "fabs", "flip", "fliplr", "flipud", "floor", "floor_divide", "fmax", "fmin", "fmod", "full",
    "full_like", "gcd", "geomspace", "get_item", "greater", "greater_equal", "hamming", "hanning",
    "heaviside", "histogram", "hsplit", "hstack", "hypot", "identity", "imag", "inner", "isclose",
    "isfinite", "isin", "isinf", "isnan", "isneginf", "isposinf", "isreal", "kaiser", "kron", "lcm",
    "ldexp", "left_shift", "less", "less_equal", "linspace", "log", "log10", "log1p", "log2",
    "logaddexp", "logaddexp2", "logical_and", "logical_not", "logical_or", "logical_xor", "logspace",
    "matmul", "max", "maximum", "mean", "median", "meshgrid", "min", "minimum", "mod", "moveaxis",
    "multiply", "nan_to_num", "nanargmax", "nanargmin", "nancumprod", "nancumsum", "nanmax", "nanmean",
    "nanmin", "nanprod", "nanstd", "nansum", "nanvar", "ndim", "negative", "nonzero", "not_equal",
    "ones", "ones_like", "outer", "pad", "percentile", "power", "prod", "ptp", "quantile", "rad2deg",
    "ravel", "real", "reciprocal", "repeat", "reshape", "right_shift", "roll", "rot90", "round",
    "searchsorted", "select", "sign", "signbit", "sin", "sinc", "sinh", "size", "slogdet", "sort",
    "split", "sqrt", "square", "squeeze", "stack", "std", "subtract", "sum", "swapaxes", "take",
    "take_along_axis", "tan", "tanh", "tensordot", "tile", "trace", "transpose", "trapezoid", "tri",
    "tril", "triu", "true_divide", "trunc", "unravel_index", "vander", "var", "vdot", "vstack",
    "where", "zeros", "zeros_like", "nanmedian", "nanpercentile", "nanquantile", "correlate", "i0",
    "nextafter", "view", "unique", "vectorize",
]


# --- conversions ---------------------------------------------------------------------------
def _t(x, dtype=None):
    """`x` as a tensor (of `dtype` when given); Python floats become floatx, as in Keras."""
    if dtype is not None:
        dtype = standardize_dtype(dtype)
        if isinstance(x, (tf.Tensor, tf.Variable)):
            return x if x.dtype.name == dtype else tf.cast(x, dtype)
        return tf.convert_to_tensor(np.asarray(x, dtype=tf.as_dtype(dtype).as_numpy_dtype))
    if isinstance(x, float) or (isinstance(x, (list, tuple)) and np.asarray(x).dtype == np.float64):
        return tf.convert_to_tensor(np.asarray(x, dtype=floatx()))
    return tf.convert_to_tensor(x)


def _dtype_of(x):
    if isinstance(x, (bool, int, float)):
        return type(x)
    return getattr(x, "dtype", None) if hasattr(x, "dtype") else _t(x).dtype


def _binary_operands(x1, x2):
    dtype = result_type(_dtype_of(x1), _dtype_of(x2))
    return _t(x1, dtype), _t(x2, dtype)


def _float(x):
    """`x` as a floating tensor: integers and bools become floatx, floats keep their width."""
    x = _t(x)
    return x if x.dtype.is_floating or x.dtype.is_complex else tf.cast(x, floatx())


def _axes(axis):
    return list(axis) if isinstance(axis, (list, tuple)) else axis


def _binary(fn):
    def apply(x1, x2):
        return fn(*_binary_operands(x1, x2))
    return apply


def _float_binary(fn):
    def apply(x1, x2):
        x1, x2 = _binary_operands(x1, x2)
        return fn(_float(x1), _float(x2))
    return apply


# --- elementwise ----------------------------------------------------------------------------
def abs(x):
    """|x| elementwise (dtype kept)."""
    return tf.abs(_t(x))


absolute = fabs = abs
add = _binary(tf.add)
subtract = _binary(tf.subtract)
multiply = _binary(tf.multiply)
maximum = fmax = _binary(tf.maximum)
minimum = fmin = _binary(tf.minimum)
mod = _binary(tf.math.floormod)
fmod = _binary(tf.math.truncatemod)
floor_divide = _binary(tf.math.floordiv)
equal = _binary(tf.equal)
not_equal = _binary(tf.not_equal)
greater = _binary(tf.greater)
greater_equal = _binary(tf.greater_equal)
less = _binary(tf.less)
less_equal = _binary(tf.less_equal)
divide = true_divide = _float_binary(tf.divide)
divide_no_nan = _float_binary(tf.math.divide_no_nan)
arctan2 = _float_binary(tf.atan2)
bitwise_and = _binary(tf.bitwise.bitwise_and)
bitwise_or = _binary(tf.bitwise.bitwise_or)
bitwise_xor = _binary(tf.bitwise.bitwise_xor)
bitwise_left_shift = left_shift = _binary(tf.bitwise.left_shift)
bitwise_right_shift = right_shift = _binary(tf.bitwise.right_shift)


def _logical(fn):
    def apply(x1, x2):
        return fn(tf.cast(_t(x1), "bool"), tf.cast(_t(x2), "bool"))
    return apply


logical_and = _logical(tf.logical_and)
logical_or = _logical(tf.logical_or)
logical_xor = _logical(tf.math.logical_xor)


def logical_not(x):
    """`not x` elementwise (any dtype; nonzero is True)."""
    return tf.logical_not(tf.cast(_t(x), "bool"))


def bitwise_invert(x):
    """`~x` of an integer tensor."""
    return tf.bitwise.invert(_t(x))


bitwise_not = bitwise_invert


def _float_unary(fn):
    def apply(x):
        return fn(_float(x))
    return apply


sqrt = _float_unary(tf.sqrt)
exp = _float_unary(tf.exp)
expm1 = _float_unary(tf.math.expm1)
log = _float_unary(tf.math.log)
log1p = _float_unary(tf.math.log1p)
sin, cos, tan = _float_unary(tf.sin), _float_unary(tf.cos), _float_unary(tf.tan)
sinh, cosh, tanh = _float_unary(tf.sinh), _float_unary(tf.cosh), _float_unary(tf.tanh)
arcsin, arccos, arctan = _float_unary(tf.asin), _float_unary(tf.acos), _float_unary(tf.atan)
arcsinh, arccosh, arctanh = _float_unary(tf.asinh), _float_unary(tf.acosh), _float_unary(tf.atanh)
reciprocal = _float_unary(tf.math.reciprocal)
log2 = _float_unary(lambda x: tf.math.log(x) / _math.log(2.0))
log10 = _float_unary(lambda x: tf.math.log(x) / _math.log(10.0))
exp2 = _float_unary(lambda x: tf.exp(x * _math.log(2.0)))
cbrt = _float_unary(lambda x: tf.sign(x) * tf.pow(tf.abs(x), 1.0 / 3.0))
deg2rad = _float_unary(lambda x: x * (_math.pi / 180.0))
rad2deg = _float_unary(lambda x: x * (180.0 / _math.pi))


def sinc(x):
    """sin(πx)/(πx), with sinc(0) = 1."""
    x = _float(x)
    safe = tf.where(tf.equal(x, 0.0), tf.ones_like(x), x)
    return tf.where(tf.equal(x, 0.0), tf.ones_like(x), tf.sin(_math.pi * safe) / (_math.pi * safe))


def _keep_int(fn):
    def apply(x):
        x = _t(x)
        return x if x.dtype.is_integer or x.dtype == tf.bool else fn(x)
    return apply


ceil, floor = _float_unary(tf.math.ceil), _float_unary(tf.math.floor)
trunc = _keep_int(lambda x: tf.sign(x) * tf.math.floor(tf.abs(x)))


def round(x, decimals=0):
    """Rounds half to even, to `decimals` places (negative: to tens, hundreds...)."""
    x = _t(x)
    if x.dtype.is_integer:
        if decimals >= 0:
            return x
        factor = tf.cast(10 ** -decimals, x.dtype)
        return tf.cast(tf.round(tf.cast(x, "float64") / float(factor)), x.dtype) * factor
    factor = 10.0 ** decimals
    return tf.round(x * factor) / factor if decimals else tf.round(x)


def negative(x):
    return tf.negative(_t(x))


def sign(x):
    return tf.sign(_t(x))


def signbit(x):
    """True where the sign bit is set: negative numbers and -0.0."""
    x = _t(x)
    if not x.dtype.is_floating:
        return tf.less(x, 0)
    negative_zero = tf.logical_and(tf.equal(x, 0.0), tf.less(1.0 / x, 0.0))  # 1 / -0.0 is -inf
    return tf.logical_or(tf.less(x, 0.0), negative_zero)


def square(x):
    x = _t(x)
    return tf.square(tf.cast(x, "int32") if x.dtype == tf.bool else x)


def power(x1, x2):
    """x1 ** x2 elementwise with Keras' promotion."""
    return tf.pow(*_binary_operands(x1, x2))


def hypot(x1, x2):
    x1, x2 = _binary_operands(x1, x2)
    return tf.sqrt(tf.square(_float(x1)) + tf.square(_float(x2)))


def logaddexp(x1, x2):
    """log(exp(x1) + exp(x2)), computed without overflow."""
    x1, x2 = _binary_operands(x1, x2)
    x1, x2 = _float(x1), _float(x2)
    big = tf.maximum(x1, x2)
    return big + tf.math.log1p(tf.exp(-tf.abs(x1 - x2)))


def logaddexp2(x1, x2):
    """log2(2**x1 + 2**x2)."""
    x1, x2 = _binary_operands(x1, x2)
    ln2 = _math.log(2.0)
    return logaddexp(_float(x1) * ln2, _float(x2) * ln2) / ln2


def heaviside(x1, x2):
    """0 where x1 < 0, x2 where x1 == 0, 1 where x1 > 0."""
    x1, x2 = _binary_operands(x1, x2)
    x1, x2 = _float(x1), _float(x2)
    return tf.where(tf.less(x1, 0.0), tf.zeros_like(x1), tf.where(tf.greater(x1, 0.0), tf.ones_like(x1), x2 + 0 * x1))


def ldexp(x1, x2):
    """x1 * 2**x2."""
    x1 = _float(x1)
    return x1 * tf.pow(tf.constant(2.0, x1.dtype), tf.cast(_t(x2), x1.dtype))


def gcd(x1, x2):
    """Greatest common divisor of integer tensors (Euclid's algorithm, vectorized)."""
    a, b = _binary_operands(x1, x2)
    a, b = tf.abs(a), tf.abs(b)
    a, b = tf.broadcast_to(a, tf.shape(a + b)), tf.broadcast_to(b, tf.shape(a + b))

    def body(a, b):
        nonzero = tf.not_equal(b, 0)
        safe = tf.where(nonzero, b, tf.ones_like(b))
        return tf.where(nonzero, b, a), tf.where(nonzero, tf.math.floormod(a, safe), b)
    a, b = tf.while_loop(lambda a, b: tf.reduce_any(tf.not_equal(b, 0)), body, (a, b))
    return a


def lcm(x1, x2):
    """Least common multiple of integer tensors."""
    x1, x2 = _binary_operands(x1, x2)
    g = gcd(x1, x2)
    return tf.abs(x1 * x2) // tf.where(tf.equal(g, 0), tf.ones_like(g), g)


def isnan(x):
    x = _t(x)
    return tf.math.is_nan(x) if x.dtype.is_floating else tf.zeros_like(x, dtype="bool")


def isinf(x):
    x = _t(x)
    return tf.math.is_inf(x) if x.dtype.is_floating else tf.zeros_like(x, dtype="bool")


def isfinite(x):
    x = _t(x)
    return tf.math.is_finite(x) if x.dtype.is_floating else tf.ones_like(x, dtype="bool")


def isposinf(x):
    x = _t(x)
    return tf.logical_and(isinf(x), tf.greater(x, 0)) if x.dtype.is_floating else isinf(x)


def isneginf(x):
    x = _t(x)
    return tf.logical_and(isinf(x), tf.less(x, 0)) if x.dtype.is_floating else isinf(x)


def isreal(x):
    x = _t(x)
    return tf.equal(tf.math.imag(x), 0) if x.dtype.is_complex else tf.ones_like(x, dtype="bool")


def real(x):
    x = _t(x)
    return tf.math.real(x) if x.dtype.is_complex else x


def imag(x):
    x = _t(x)
    return tf.math.imag(x) if x.dtype.is_complex else tf.zeros_like(x)


def conj(x):
    x = _t(x)
    return tf.math.conj(x) if x.dtype.is_complex else x


conjugate = conj


def angle(x):
    """The complex argument (0 or π for real numbers)."""
    x = _t(x)
    if x.dtype.is_complex:
        return tf.atan2(tf.math.imag(x), tf.math.real(x))
    x = _float(x)
    return tf.atan2(tf.zeros_like(x), x)


def clip(x, x_min, x_max):
    """Limits `x` to [x_min, x_max]; bool inputs become int32, as in Keras."""
    x = _t(x)
    if x.dtype == tf.bool:
        x = tf.cast(x, "int32")
    return tf.clip_by_value(x, tf.cast(x_min, x.dtype), tf.cast(x_max, x.dtype))


def nan_to_num(x, nan=0.0, posinf=None, neginf=None):
    """Replaces NaN by `nan` and ±inf by `posinf`/`neginf` (default: the dtype's extremes)."""
    x = _t(x)
    if not x.dtype.is_floating:
        return x
    big = x.dtype.max
    x = tf.where(tf.math.is_nan(x), tf.cast(nan, x.dtype), x)
    x = tf.where(tf.equal(x, np.inf), tf.cast(big if posinf is None else posinf, x.dtype), x)
    return tf.where(tf.equal(x, -np.inf), tf.cast(-big if neginf is None else neginf, x.dtype), x)


def isclose(x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False):
    """|x1 - x2| <= atol + rtol * |x2| elementwise (NumPy's rule)."""
    x1, x2 = _binary_operands(x1, x2)
    close = tf.less_equal(tf.abs(x1 - x2), tf.cast(atol, x1.dtype) + tf.cast(rtol, x1.dtype) * tf.abs(x2)) \
        if x1.dtype.is_floating else tf.equal(x1, x2)
    close = tf.logical_or(close, tf.equal(x1, x2))  # equal infinities
    if equal_nan and x1.dtype.is_floating:
        close = tf.logical_or(close, tf.logical_and(tf.math.is_nan(x1), tf.math.is_nan(x2)))
    return close


def allclose(x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False):
    return tf.reduce_all(isclose(x1, x2, rtol, atol, equal_nan))


# --- reductions ---------------------------------------------------------------------------
def sum(x, axis=None, keepdims=False):
    """Sum over `axis`; small ints and bools sum as int32, as in Keras."""
    x = _t(x)
    if x.dtype.name in ("bool", "int8", "int16", "uint8", "uint16"):
        x = tf.cast(x, "int32")
    return tf.reduce_sum(x, axis=_axes(axis), keepdims=keepdims)


def prod(x, axis=None, keepdims=False, dtype=None):
    x = _t(x)
    if dtype is not None:
        x = tf.cast(x, standardize_dtype(dtype))
    elif x.dtype.name in ("bool", "int8", "int16", "uint8", "uint16"):
        x = tf.cast(x, "int32")
    return tf.reduce_prod(x, axis=_axes(axis), keepdims=keepdims)


def mean(x, axis=None, keepdims=False):
    """Arithmetic mean; integer inputs give floatx."""
    return tf.reduce_mean(_float(x), axis=_axes(axis), keepdims=keepdims)


def var(x, axis=None, keepdims=False):
    return tf.math.reduce_variance(_float(x), axis=_axes(axis), keepdims=keepdims)


def std(x, axis=None, keepdims=False):
    return tf.math.reduce_std(_float(x), axis=_axes(axis), keepdims=keepdims)


def _extremum(reduce, pick):
    def apply(x, axis=None, keepdims=False, initial=None):
        x = _t(x)
        out = reduce(x, axis=_axes(axis), keepdims=keepdims)
        return out if initial is None else pick(out, tf.cast(initial, out.dtype))
    return apply


max = amax = _extremum(tf.reduce_max, tf.maximum)
min = amin = _extremum(tf.reduce_min, tf.minimum)


def all(x, axis=None, keepdims=False):
    """Logical and over `axis` (nonzero counts as True)."""
    return tf.reduce_all(tf.cast(_t(x), "bool"), axis=_axes(axis), keepdims=keepdims)


def any(x, axis=None, keepdims=False):
    """Logical or over `axis` (nonzero counts as True)."""
    return tf.reduce_any(tf.cast(_t(x), "bool"), axis=_axes(axis), keepdims=keepdims)


def ptp(x, axis=None, keepdims=False):
    """max - min over `axis` ("peak to peak")."""
    return max(x, axis, keepdims) - min(x, axis, keepdims)


def _arg(fn):
    def apply(x, axis=None, keepdims=False):
        x = _t(x)
        if axis is None:
            out = fn(tf.reshape(x, [-1]), axis=0, output_type="int32")
            return tf.reshape(out, [1] * x.ndim) if keepdims else out
        out = fn(x, axis=axis, output_type="int32")
        return tf.expand_dims(out, axis) if keepdims else out
    return apply


argmax, argmin = _arg(tf.argmax), _arg(tf.argmin)


def count_nonzero(x, axis=None):
    return tf.math.count_nonzero(_t(x), axis=_axes(axis), dtype="int32")


def average(x, axis=None, weights=None):
    """Weighted mean over `axis` (plain mean without weights); weights broadcast along `axis`."""
    x = _float(x)
    if weights is None:
        return mean(x, axis)
    x, w = _binary_operands(x, weights)
    if axis is not None and w.ndim == 1 and x.ndim > 1:
        shape = [1] * x.ndim
        shape[axis] = -1
        w = tf.reshape(w, shape)
    return tf.reduce_sum(x * w, axis=axis) / tf.reduce_sum(w * tf.ones_like(x), axis=axis)


def _nan_reduction(reduce, fill):
    def apply(x, axis=None, keepdims=False):
        x = _t(x)
        if x.dtype.is_floating:
            x = tf.where(tf.math.is_nan(x), tf.cast(fill(x.dtype), x.dtype), x)
        return reduce(x, axis=axis, keepdims=keepdims)
    return apply


nansum = _nan_reduction(sum, lambda d: 0)
nanprod = _nan_reduction(prod, lambda d: 1)
nanmax = _nan_reduction(max, lambda d: -np.inf)
nanmin = _nan_reduction(min, lambda d: np.inf)
nanargmax = _nan_reduction(argmax, lambda d: -np.inf)
nanargmin = _nan_reduction(argmin, lambda d: np.inf)


def nanmean(x, axis=None, keepdims=False):
    """Mean ignoring NaNs."""
    x = _float(x)
    valid = tf.logical_not(tf.math.is_nan(x))
    total = tf.reduce_sum(tf.where(valid, x, tf.zeros_like(x)), axis=_axes(axis), keepdims=keepdims)
    return total / tf.reduce_sum(tf.cast(valid, x.dtype), axis=_axes(axis), keepdims=keepdims)


def nanvar(x, axis=None, keepdims=False):
    """Variance ignoring NaNs."""
    x = _float(x)
    valid = tf.logical_not(tf.math.is_nan(x))
    centered = tf.where(valid, x - nanmean(x, axis, keepdims=True), tf.zeros_like(x))
    count = tf.reduce_sum(tf.cast(valid, x.dtype), axis=_axes(axis), keepdims=keepdims)
    return tf.reduce_sum(tf.square(centered), axis=_axes(axis), keepdims=keepdims) / count


def nanstd(x, axis=None, keepdims=False):
    return tf.sqrt(nanvar(x, axis, keepdims))


def _nan_scan(scan, fill):
    def apply(x, axis=None, dtype=None):
        x = _t(x, dtype)
        if x.dtype.is_floating:
            x = tf.where(tf.math.is_nan(x), tf.cast(fill, x.dtype), x)
        return scan(x, axis=axis)
    return apply


def cumsum(x, axis=None, dtype=None):
    """Running sum along `axis` (over the flattened input when `axis` is None)."""
    x = _t(x, dtype)
    if x.dtype == tf.bool:
        x = tf.cast(x, "int32")
    return tf.cumsum(tf.reshape(x, [-1]), axis=0) if axis is None else tf.cumsum(x, axis=axis)


def cumprod(x, axis=None, dtype=None):
    """Running product along `axis` (over the flattened input when `axis` is None)."""
    x = _t(x, dtype)
    if x.dtype == tf.bool:
        x = tf.cast(x, "int32")
    return tf.math.cumprod(tf.reshape(x, [-1]), axis=0) if axis is None else tf.math.cumprod(x, axis=axis)


nancumsum, nancumprod = _nan_scan(cumsum, 0), _nan_scan(cumprod, 1)


def quantile(x, q, axis=None, method="linear", keepdims=False):
    """The `q`-th quantiles (0 <= q <= 1) along `axis`, interpolated by `method` as NumPy does.

    Methods: "linear", "lower", "higher", "midpoint", "nearest". NaNs propagate. The result's
    leading axes are `q`'s, then the axes not reduced.
    """
    x = _float(x)
    q = _t(q, x.dtype.name)
    axes = sorted(a % x.ndim for a in (range(x.ndim) if axis is None else
                                       axis if isinstance(axis, (list, tuple)) else [axis]))
    kept = [a for a in range(x.ndim) if a not in axes]
    rows = tf.reshape(tf.transpose(x, kept + axes), [-1, int(np.prod([x.shape[a] for a in axes], dtype=int))])
    ordered = tf.sort(rows, axis=-1)
    last = int(rows.shape[-1]) - 1
    position = tf.reshape(q, [-1]) * last
    low = tf.math.floor(position)
    frac = position - low
    high = tf.minimum(low + 1, last)
    if method == "lower":
        high, frac = low, tf.zeros_like(frac)
    elif method == "higher":
        low, frac = tf.math.ceil(position), tf.zeros_like(frac)
    elif method == "midpoint":
        frac = tf.where(tf.equal(frac, 0.0), frac, tf.fill(tf.shape(frac), tf.cast(0.5, frac.dtype)))
    elif method == "nearest":
        low, frac = tf.round(position), tf.zeros_like(frac)
    elif method != "linear":
        raise ValueError("quantile: method must be one of 'linear', 'lower', 'higher', 'midpoint', "
                         f"'nearest'. Received: method={method!r}.")
    lo = tf.gather(ordered, tf.cast(low, "int32"), axis=1)
    hi = tf.gather(ordered, tf.cast(high, "int32"), axis=1)
    out = lo + (hi - lo) * frac                                   # (rows, len(q))
    has_nan = tf.reduce_any(tf.math.is_nan(rows), axis=-1, keepdims=True)
    out = tf.transpose(tf.where(has_nan, tf.fill(tf.shape(out), tf.cast(np.nan, out.dtype)), out))
    out_shape = [1 if a in axes else x.shape[a] for a in range(x.ndim)] if keepdims else [x.shape[a] for a in kept]
    return tf.reshape(out, list(q.shape) + out_shape)


def percentile(x, q, axis=None, method="linear", keepdims=False):
    """The `q`-th percentiles (0 <= q <= 100); see `quantile`."""
    return quantile(x, _float(q) / 100.0, axis, method, keepdims)


def median(x, axis=None, keepdims=False):
    return quantile(x, 0.5, axis=axis, keepdims=keepdims)


def _nan_ignoring_quantile(x, q, axis, method, keepdims):
    x = _float(x)
    if axis is None:
        values = x.numpy().ravel()
        return tf.constant(np.nanquantile(values, np.asarray(q), method=method, keepdims=keepdims).astype(
            x.dtype.as_numpy_dtype))
    return tf.constant(np.nanquantile(x.numpy(), np.asarray(q), axis=axis, method=method,
                                      keepdims=keepdims).astype(x.dtype.as_numpy_dtype))


def nanquantile(x, q, axis=None, method="linear", keepdims=False):
    """Quantiles ignoring NaNs (eager only: computed by NumPy, not differentiable)."""
    return _nan_ignoring_quantile(x, q, axis, method, keepdims)


def nanpercentile(x, q, axis=None, method="linear", keepdims=False):
    """Percentiles ignoring NaNs (eager only)."""
    return _nan_ignoring_quantile(x, np.asarray(q) / 100.0, axis, method, keepdims)


def nanmedian(x, axis=None, keepdims=False):
    """Median ignoring NaNs (eager only)."""
    return _nan_ignoring_quantile(x, 0.5, axis, "linear", keepdims)


# --- creation -----------------------------------------------------------------------------
def _shape(shape):
    return [int(s) for s in shape] if isinstance(shape, (list, tuple)) else [int(shape)]


def zeros(shape, dtype=None):
    return tf.zeros(_shape(shape), dtype=standardize_dtype(dtype))


def ones(shape, dtype=None):
    return tf.ones(_shape(shape), dtype=standardize_dtype(dtype))


empty = zeros


def full(shape, fill_value, dtype=None):
    dtype = standardize_dtype(dtype)
    return tf.fill(_shape(shape), tf.cast(_t(fill_value), dtype)) if not isinstance(fill_value, (list, tuple)) \
        else tf.broadcast_to(_t(fill_value, dtype), _shape(shape))


def zeros_like(x, dtype=None):
    x = _t(x)
    return tf.zeros_like(x, dtype=standardize_dtype(dtype) if dtype else x.dtype)


def ones_like(x, dtype=None):
    x = _t(x)
    return tf.ones_like(x, dtype=standardize_dtype(dtype) if dtype else x.dtype)


empty_like = zeros_like


def full_like(x, fill_value, dtype=None):
    x = _t(x)
    dtype = standardize_dtype(dtype) if dtype else x.dtype.name
    return tf.broadcast_to(_t(fill_value, dtype), tf.shape(x))


def arange(start, stop=None, step=None, dtype=None):
    """Evenly spaced values in [start, stop); Keras' dtype: int32 for ints, floatx for floats."""
    if stop is None:
        start, stop = 0, start
    step = 1 if step is None else step
    if dtype is None:
        dtype = result_type(*[_dtype_of(v) for v in (start, stop, step)])
    dtype = standardize_dtype(dtype)
    values = np.arange(_scalar(start), _scalar(stop), _scalar(step)).astype(tf.as_dtype(dtype).as_numpy_dtype)
    return tf.constant(values)


def _scalar(value):
    return value.numpy().item() if hasattr(value, "numpy") else value


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    """`num` evenly spaced values from `start` to `stop` (inclusive when `endpoint`)."""
    dtype = standardize_dtype(dtype) if dtype else result_type(_dtype_of(start), _dtype_of(stop), float)
    start, stop = _float(start), _float(stop)
    div = (num - 1) if endpoint else num
    step = (stop - start) / builtins.max(div, 1)
    steps = tf.cast(tf.range(num), start.dtype)
    shape = [-1] + [1] * start.ndim
    values = tf.expand_dims(start, 0) + tf.reshape(steps, shape) * tf.expand_dims(step, 0)
    if endpoint and num > 1:
        values = tf.concat([values[:-1], tf.expand_dims(stop + 0 * start, 0)], axis=0)
    if axis != 0:
        values = moveaxis(values, 0, axis)
    values = tf.cast(values, dtype) if not tf.as_dtype(dtype).is_integer else tf.cast(tf.math.floor(values), dtype)
    return (values, step) if retstep else values


def logspace(start, stop, num=50, endpoint=True, base=10, dtype=None, axis=0):
    """`base ** linspace(start, stop)`."""
    exponent = linspace(start, stop, num, endpoint, dtype=None, axis=axis)
    return tf.cast(tf.pow(tf.cast(base, exponent.dtype), exponent),
                   standardize_dtype(dtype) if dtype else exponent.dtype)


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    """Numbers spaced evenly on a log scale from `start` to `stop`."""
    start, stop = _float(start), _float(stop)
    out = tf.exp(linspace(tf.math.log(start), tf.math.log(stop), num, endpoint, axis=axis))
    return tf.cast(out, standardize_dtype(dtype)) if dtype else out


def eye(N, M=None, k=0, dtype=None):
    return tri(N, M, k, dtype) - tri(N, M, k - 1, dtype)


def identity(n, dtype=None):
    return eye(n, dtype=dtype)


def tri(N, M=None, k=0, dtype=None):
    """Ones on and below the k-th diagonal of an N x M matrix."""
    M = N if M is None else M
    rows = tf.reshape(tf.range(N), [-1, 1])
    return tf.cast(tf.greater_equal(rows + k, tf.reshape(tf.range(M), [1, -1])), standardize_dtype(dtype))


def tril(x, k=0):
    x = _t(x)
    mask = tri(x.shape[-2], x.shape[-1], k, dtype="bool")
    return tf.where(mask, x, tf.zeros_like(x))


def triu(x, k=0):
    x = _t(x)
    mask = tri(x.shape[-2], x.shape[-1], k - 1, dtype="bool")
    return tf.where(mask, tf.zeros_like(x), x)


def array(x, dtype=None):
    return _t(x, dtype)


def copy(x):
    return tf.identity(_t(x))


def _window(n, fn):
    n = int(_scalar(n))
    if n <= 1:
        return tf.ones([builtins.max(n, 0)], floatx())
    i = np.arange(n, dtype=np.float64)
    return tf.constant(fn(i, n).astype(floatx()))


def bartlett(x):
    """The Bartlett (triangular) window of length `x`."""
    return _window(x, lambda i, n: 1 - np.abs(2 * i / (n - 1) - 1))


def blackman(x):
    return _window(x, lambda i, n: 0.42 - 0.5 * np.cos(2 * np.pi * i / (n - 1)) + 0.08 * np.cos(4 * np.pi * i / (n - 1)))


def hamming(x):
    return _window(x, lambda i, n: 0.54 - 0.46 * np.cos(2 * np.pi * i / (n - 1)))


def hanning(x):
    return _window(x, lambda i, n: 0.5 - 0.5 * np.cos(2 * np.pi * i / (n - 1)))


def kaiser(x, beta):
    return _window(x, lambda i, n: np.i0(beta * np.sqrt(1 - (2 * i / (n - 1) - 1) ** 2)) / np.i0(beta))


# --- shapes -------------------------------------------------------------------------------
def reshape(x, newshape):
    return tf.reshape(_t(x), _shape(newshape) if not isinstance(newshape, tf.Tensor) else newshape)


def ravel(x):
    return tf.reshape(_t(x), [-1])


def transpose(x, axes=None):
    return tf.transpose(_t(x), perm=axes)


def swapaxes(x, axis1, axis2):
    x = _t(x)
    perm = list(range(x.ndim))
    perm[axis1], perm[axis2] = perm[axis2], perm[axis1]
    return tf.transpose(x, perm)


def moveaxis(x, source, destination):
    """Moves axes `source` to positions `destination` (ints or sequences), keeping the others' order."""
    x = _t(x)
    src = [s % x.ndim for s in (source if isinstance(source, (list, tuple)) else [source])]
    dst = [d % x.ndim for d in (destination if isinstance(destination, (list, tuple)) else [destination])]
    order = [a for a in range(x.ndim) if a not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return tf.transpose(x, order)


def expand_dims(x, axis):
    x = _t(x)
    for a in sorted(a % (x.ndim + len(axis)) for a in axis) if isinstance(axis, (list, tuple)) else [axis]:
        x = tf.expand_dims(x, a)
    return x


def squeeze(x, axis=None):
    return tf.squeeze(_t(x), axis=_axes(axis))


def ndim(x):
    return _t(x).ndim


def size(x):
    return tf.size(_t(x), out_type="int32")


def broadcast_to(x, shape):
    return tf.broadcast_to(_t(x), _shape(shape))


def _same_dtype(xs):
    xs = list(xs)
    dtype = result_type(*[_dtype_of(x) for x in xs])
    return [_t(x, dtype) for x in xs]


def concatenate(xs, axis=0):
    if axis is None:
        return tf.concat([ravel(x) for x in _same_dtype(xs)], axis=0)
    return tf.concat(_same_dtype(xs), axis=axis)


def stack(x, axis=0):
    return tf.stack(_same_dtype(x), axis=axis)


def append(x1, x2, axis=None):
    return concatenate([x1, x2], axis=axis)


def hstack(xs):
    xs = _same_dtype(xs)
    return tf.concat(xs, axis=0 if xs[0].ndim == 1 else 1)


def vstack(xs):
    """Concatenates along the first axis (1-D inputs are joined end to end, as Keras does)."""
    return tf.concat(_same_dtype(xs), axis=0)


def dstack(xs):
    def three(x):
        return tf.reshape(x, [1, -1, 1]) if x.ndim < 2 else (tf.expand_dims(x, -1) if x.ndim == 2 else x)
    return tf.concat([three(x) for x in _same_dtype(xs)], axis=2)


def split(x, indices_or_sections, axis=0):
    """Splits into equal sections (an int) or at the given indices (a list), as NumPy."""
    x = _t(x)
    n = x.shape[axis]
    if isinstance(indices_or_sections, int):
        if n % indices_or_sections:
            raise ValueError(f"split: an axis of size {n} does not divide into {indices_or_sections} equal "
                             "sections. Use array_split for unequal sections.")
        return tf.split(x, indices_or_sections, axis=axis)
    bounds = [0] + [builtins.min(int(i), n) for i in indices_or_sections] + [n]
    return tf.split(x, [builtins.max(b - a, 0) for a, b in zip(bounds[:-1], bounds[1:])], axis=axis)


def array_split(x, indices_or_sections, axis=0):
    """Like `split`, but an int need not divide the axis: the first sections get one more."""
    x = _t(x)
    n, k = x.shape[axis], int(indices_or_sections)
    sizes = [n // k + (1 if i < n % k else 0) for i in range(k)]
    return tf.split(x, sizes, axis=axis)


def hsplit(x, indices_or_sections):
    return split(x, indices_or_sections, axis=0 if _t(x).ndim == 1 else 1)


def vsplit(x, indices_or_sections):
    return split(x, indices_or_sections, axis=0)


def dsplit(x, indices_or_sections):
    return split(x, indices_or_sections, axis=2)


def flip(x, axis=None):
    x = _t(x)
    axes = list(range(x.ndim)) if axis is None else (list(axis) if isinstance(axis, (list, tuple)) else [axis])
    return tf.reverse(x, axes)


def fliplr(x):
    return flip(x, 1)


def flipud(x):
    return flip(x, 0)


def rot90(array, k=1, axes=(0, 1)):
    """Rotates by 90° k times in the plane of `axes` (counter-clockwise from the first to the second)."""
    x = _t(array)
    k %= 4
    a, b = axes
    if k == 0:
        return x
    if k == 2:
        return flip(flip(x, a), b)
    x = swapaxes(x, a, b)
    return flip(x, b) if k == 3 else flip(x, a)


def roll(x, shift, axis=None):
    x = _t(x)
    if axis is None:
        return tf.reshape(tf.roll(tf.reshape(x, [-1]), shift, 0), tf.shape(x))
    return tf.roll(x, shift, axis)


def tile(x, repeats):
    x = _t(x)
    repeats = _shape(repeats)
    if len(repeats) > x.ndim:
        x = tf.reshape(x, [1] * (len(repeats) - x.ndim) + list(x.shape))
    return tf.tile(x, [1] * (x.ndim - len(repeats)) + repeats)


def repeat(x, repeats, axis=None):
    return tf.repeat(_t(x), repeats, axis=axis)


def pad(x, pad_width, mode="constant", constant_values=None):
    """Pads with `pad_width` ([(before, after)] per axis, or one pair for all); modes constant/reflect/symmetric."""
    x = _t(x)
    widths = np.broadcast_to(np.asarray(pad_width, dtype=np.int64).reshape(-1, 2) if np.ndim(pad_width) < 2
                             else np.asarray(pad_width, dtype=np.int64), (x.ndim, 2)).tolist()
    if mode == "constant":
        return tf.pad(x, widths, constant_values=0 if constant_values is None else constant_values)
    if constant_values is not None:
        raise ValueError(f"pad: constant_values is only allowed with mode='constant'. Received: mode={mode!r}.")
    return tf.pad(x, widths, mode=mode.upper())


def diagonal(x, offset=0, axis1=0, axis2=1):
    """The `offset` diagonal of the matrices in the plane of (axis1, axis2), as the last axis."""
    x = moveaxis(_t(x), [axis1, axis2], [-2, -1])
    return tf.linalg.diag_part(x, k=offset)


def diag(x, k=0):
    """A 1-D input becomes a diagonal matrix; a 2-D input gives its k-th diagonal."""
    x = _t(x)
    if x.ndim == 1:
        return tf.linalg.diag(x, k=k)
    if x.ndim == 2:
        return tf.linalg.diag_part(x, k=k)
    raise ValueError(f"diag: expects a 1-D or 2-D input. Received: shape={tuple(x.shape)}.")


def diagflat(x, k=0):
    return tf.linalg.diag(ravel(x), k=k)


def trace(x, offset=0, axis1=0, axis2=1):
    x = _t(x)
    if x.dtype.name in ("bool", "int8", "int16", "uint8", "uint16"):
        x = tf.cast(x, "int32")
    return tf.reduce_sum(diagonal(x, offset, axis1, axis2), axis=-1)


def diff(a, n=1, axis=-1):
    """The n-th discrete difference along `axis`."""
    x = _t(a)
    for _ in range(n):
        length = x.shape[axis]
        x = tf.gather(x, tf.range(1, length), axis=axis) - tf.gather(x, tf.range(0, length - 1), axis=axis)
    return x


def meshgrid(*x, indexing="xy"):
    return tf.meshgrid(*[_t(v) for v in x], indexing=indexing)


def get_item(x, key):
    return _t(x)[key]


def take(x, indices, axis=None):
    """Elements of `x` at `indices` along `axis` (of the flattened `x` when None); negative indices wrap."""
    x = _t(x)
    indices = _t(indices)
    if axis is None:
        x, axis = tf.reshape(x, [-1]), 0
    n = x.shape[axis]
    if indices.dtype.is_integer:
        indices = tf.where(tf.less(indices, 0), indices + tf.cast(n, indices.dtype), indices)
    return tf.gather(x, indices, axis=axis)


def take_along_axis(x, indices, axis=None):
    """`x`'s elements picked per position along `axis` by `indices` (which broadcast with `x`)."""
    x, indices = _t(x), _t(indices)
    if axis is None:
        return take(x, indices)
    axis %= x.ndim
    indices = tf.where(tf.less(indices, 0), indices + tf.cast(x.shape[axis], indices.dtype), indices)
    shape = [builtins.max(a, b) for a, b in zip(x.shape, indices.shape)]
    x_shape, i_shape = list(shape), list(shape)
    x_shape[axis], i_shape[axis] = x.shape[axis], indices.shape[axis]
    x, indices = tf.broadcast_to(x, x_shape), tf.broadcast_to(indices, i_shape)
    x = moveaxis(x, axis, -1)
    indices = moveaxis(indices, axis, -1)
    out = tf.gather(x, indices, axis=x.ndim - 1, batch_dims=x.ndim - 1)
    return moveaxis(out, -1, axis)


def where(condition, x1=None, x2=None):
    """Elementwise choice; with only `condition`, the indices of its nonzero elements (as `nonzero`)."""
    condition = tf.cast(_t(condition), "bool")
    if x1 is None and x2 is None:
        return nonzero(condition)
    if x1 is None or x2 is None:
        raise ValueError("where: pass both x1 and x2, or neither.")
    x1, x2 = _binary_operands(x1, x2)
    return tf.where(condition, x1, x2)


def nonzero(x):
    """A tuple of int32 index tensors, one per axis, of the nonzero elements (NumPy's form)."""
    x = _t(x)
    indices = tf.cast(tf.where(tf.cast(x, "bool")), "int32")
    return tuple(tf.unstack(indices, num=x.ndim, axis=1)) if x.ndim else (indices,)


def select(condlist, choicelist, default=0):
    """The element of the first choice whose condition holds, else `default`."""
    out = _t(default, result_type(*[_dtype_of(c) for c in choicelist]))
    for cond, choice in reversed(list(zip(condlist, choicelist))):
        cond, choice = tf.cast(_t(cond), "bool"), _t(choice, out.dtype.name)
        out = tf.where(cond, choice, out)
    return out


def sort(x, axis=-1):
    return tf.sort(_t(x), axis=axis)


def argsort(x, axis=-1):
    x = _t(x)
    if axis is None:
        return tf.argsort(tf.reshape(x, [-1]), stable=True)
    return tf.argsort(x, axis=axis, stable=True)


def argpartition(x, kth, axis=-1):
    """Indices that partition `x` around its `kth` smallest element (here: a full stable argsort,
    which is one valid partition)."""
    return argsort(x, axis)


def searchsorted(sorted_sequence, values, side="left"):
    """Where `values` would be inserted into the 1-D `sorted_sequence`."""
    seq, vals = _binary_operands(sorted_sequence, values)
    if seq.ndim != 1:
        raise ValueError(f"searchsorted: sorted_sequence must be 1-D. Received: shape={tuple(seq.shape)}.")
    flat = tf.reshape(vals, [1, -1])
    out = tf.searchsorted(tf.reshape(seq, [1, -1]), flat, side=side)
    return tf.reshape(out, tf.shape(vals))


def digitize(x, bins):
    """The index of the bin (of increasing `bins`) each element of `x` falls in, as `np.digitize`."""
    return searchsorted(bins, x, side="right")


def unravel_index(indices, shape):
    """Flat indices as a tuple of coordinate tensors for an array of `shape`."""
    indices = _t(indices)
    coords = []
    for dim in reversed(_shape(shape)):
        coords.append(tf.math.floormod(indices, dim))
        indices = tf.math.floordiv(indices, dim)
    return tuple(reversed(coords))


def isin(x1, x2, assume_unique=False, invert=False):
    """True where an element of `x1` occurs anywhere in `x2`."""
    x1, x2 = _binary_operands(x1, x2)
    found = tf.reduce_any(tf.equal(tf.expand_dims(x1, -1), tf.reshape(x2, [-1])), axis=-1)
    return tf.logical_not(found) if invert else found


def bincount(x, weights=None, minlength=0, sparse=False):
    """Counts of each value in the non-negative integer tensor `x` (weighted sums with `weights`)."""
    if sparse:
        raise ValueError("bincount: sparse=True is not supported; neuroflow returns dense counts.")
    x = _t(x)
    w = None if weights is None else _t(weights)
    dtype = w.dtype if w is not None else x.dtype
    return tf.math.bincount(x, weights=w, minlength=minlength, dtype=dtype)


def histogram(x, bins=10, range=None):
    """Counts of `x` in `bins` equal-width bins over `range` (default: x's min and max); returns (counts, edges)."""
    x = _float(ravel(x))
    lo, hi = (tf.reduce_min(x), tf.reduce_max(x)) if range is None else (_t(range[0], x.dtype), _t(range[1], x.dtype))
    edges = linspace(lo, hi, bins + 1, dtype=x.dtype.name)
    inside = tf.logical_and(tf.greater_equal(x, lo), tf.less_equal(x, hi))
    index = tf.clip_by_value(tf.cast(tf.math.floor((x - lo) / (hi - lo) * bins), "int32"), 0, bins - 1)
    counts = tf.math.bincount(tf.boolean_mask(index, inside), minlength=bins, maxlength=bins)
    return tf.cast(counts, x.dtype), edges


# --- products -----------------------------------------------------------------------------
def matmul(x1, x2):
    """Matrix product with NumPy's rules for 1-D operands; integer inputs give int32 (as Keras)."""
    x1, x2 = _binary_operands(x1, x2)
    if x1.dtype.name in ("bool", "int8", "int16", "uint8", "uint16"):
        x1, x2 = tf.cast(x1, "int32"), tf.cast(x2, "int32")
    if x1.ndim == 1 and x2.ndim == 1:
        return tf.reduce_sum(x1 * x2)
    if x1.ndim == 1:
        return tf.squeeze(tf.matmul(tf.expand_dims(x1, 0), x2), -2)
    if x2.ndim == 1:
        return tf.squeeze(tf.matmul(x1, tf.expand_dims(x2, -1)), -1)
    return tf.matmul(x1, x2)


def dot(x1, x2):
    """NumPy's dot: a product over the last axis of x1 and the second-to-last of x2."""
    x1, x2 = _binary_operands(x1, x2)
    if x1.ndim == 0 or x2.ndim == 0:
        return x1 * x2
    if x2.ndim == 1:
        return tf.tensordot(x1, x2, [[x1.ndim - 1], [0]])
    return tf.tensordot(x1, x2, [[x1.ndim - 1], [x2.ndim - 2]])


def vdot(x1, x2):
    x1, x2 = _binary_operands(x1, x2)
    return tf.reduce_sum(conj(ravel(x1)) * ravel(x2))


def inner(x1, x2):
    x1, x2 = _binary_operands(x1, x2)
    if x1.ndim == 0 or x2.ndim == 0:
        return x1 * x2
    return tf.tensordot(x1, x2, [[x1.ndim - 1], [x2.ndim - 1]])


def outer(x1, x2):
    x1, x2 = _binary_operands(x1, x2)
    return tf.reshape(x1, [-1, 1]) * tf.reshape(x2, [1, -1])


def tensordot(x1, x2, axes=2):
    x1, x2 = _binary_operands(x1, x2)
    return tf.tensordot(x1, x2, axes)


def einsum(subscripts, *operands, **kwargs):
    return tf.einsum(subscripts, *_same_dtype(operands))


def kron(x1, x2):
    """The Kronecker product."""
    x1, x2 = _binary_operands(x1, x2)
    nd = builtins.max(x1.ndim, x2.ndim)
    a = tf.reshape(x1, [1] * (nd - x1.ndim) + list(x1.shape))
    b = tf.reshape(x2, [1] * (nd - x2.ndim) + list(x2.shape))
    expanded_a = tf.reshape(a, [d for s in a.shape for d in (s, 1)])
    expanded_b = tf.reshape(b, [d for s in b.shape for d in (1, s)])
    return tf.reshape(expanded_a * expanded_b, [p * q for p, q in zip(a.shape, b.shape)])


def cross(x1, x2, axisa=-1, axisb=-1, axisc=-1, axis=None):
    """The cross product of 3-vectors (2-vectors are extended with a zero z)."""
    if axis is not None:
        axisa = axisb = axisc = axis
    x1, x2 = _binary_operands(x1, x2)
    a, b = moveaxis(x1, axisa, -1), moveaxis(x2, axisb, -1)
    if a.shape[-1] == 2:
        a = tf.concat([a, tf.zeros_like(a[..., :1])], -1)
    if b.shape[-1] == 2:
        b = tf.concat([b, tf.zeros_like(b[..., :1])], -1)
    a0, a1, a2 = tf.unstack(a, 3, axis=-1)
    b0, b1, b2 = tf.unstack(b, 3, axis=-1)
    return moveaxis(tf.stack([a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0], -1), -1, axisc)


def vander(x, N=None, increasing=False):
    """The Vandermonde matrix of the 1-D `x`: columns are powers of x."""
    x = _t(x)
    n = x.shape[0] if N is None else N
    powers = tf.cast(tf.range(n), x.dtype)
    if not increasing:
        powers = tf.reverse(powers, [0])
    return tf.pow(tf.expand_dims(x, -1), powers)


def trapezoid(y, x=None, dx=1.0, axis=-1):
    """The integral of `y` (sampled at `x`, or with spacing `dx`) by the trapezoidal rule."""
    y = _float(y)
    n = y.shape[axis]
    first = tf.gather(y, tf.range(0, n - 1), axis=axis)
    second = tf.gather(y, tf.range(1, n), axis=axis)
    widths = diff(_float(x), axis=axis if _t(x).ndim > 1 else -1) if x is not None else dx
    if x is not None and _t(x).ndim == 1 and y.ndim > 1:
        shape = [1] * y.ndim
        shape[axis] = -1
        widths = tf.reshape(widths, shape)
    return tf.reduce_sum((first + second) * widths / 2.0, axis=axis)


def corrcoef(x):
    """Pearson correlation coefficients of the rows of `x`."""
    x = _float(x)
    centered = x - tf.reduce_mean(x, axis=-1, keepdims=True)
    cov = tf.matmul(centered, centered, transpose_b=True)
    d = tf.sqrt(tf.linalg.diag_part(cov))
    return tf.clip_by_value(cov / tf.expand_dims(d, 0) / tf.expand_dims(d, 1), -1.0, 1.0)


def slogdet(x):
    """(sign, log|det|) of square matrices."""
    return tuple(tf.linalg.slogdet(_float(x)))


def correlate(x1, x2, mode="valid"):
    """The cross-correlation of two 1-D sequences (NumPy's `correlate`: c[k] = sum_n x1[n+k] * x2[n])."""
    if mode not in ("valid", "same", "full"):
        raise ValueError(f"correlate: mode must be 'valid', 'same' or 'full'. Received: mode={mode!r}.")
    a, v = _binary_operands(x1, x2)
    a, v = _float(a), _float(v)
    n, m = int(a.shape[0]), int(v.shape[0])
    padded = tf.pad(a, [[m - 1, m - 1]])
    windows = tf.gather(padded, np.arange(n + m - 1)[:, None] + np.arange(m)[None, :])
    full = tf.linalg.matvec(windows, conj(v))
    if mode == "full":
        return full
    if mode == "same":
        start = (m - 1) // 2 if n >= m else n // 2
        return full[start:start + builtins.max(n, m)]
    return full[m - 1:n] if n >= m else full[n - 1:m]


def i0(x):
    """The modified Bessel function of the first kind, order 0 (power series, accurate for |x| < ~40)."""
    x = _float(x)
    half_sq = tf.square(tf.cast(x, "float64") / 2.0)
    term, total = tf.ones_like(half_sq), tf.ones_like(half_sq)
    for k in range(1, 120):
        term = term * half_sq / float(k * k)
        total = total + term
    return tf.cast(total, x.dtype)


def nextafter(x1, x2):
    """The next representable float after x1 toward x2."""
    x1, x2 = _binary_operands(_float(x1), _float(x2))
    return tf.math.nextafter(x1, x2)


def view(x, dtype=None):
    """The same bytes read as `dtype` (the last axis scales by the ratio of item sizes)."""
    x = _t(x)
    if dtype is None:
        return x
    target = tf.as_dtype(standardize_dtype(dtype))
    old, new = x.dtype.size, target.size
    if new < old:
        out = tf.bitcast(x, target)
        return tf.reshape(out, list(x.shape[:-1]) + [x.shape[-1] * (old // new)]) if x.ndim else out
    if new > old:
        if x.ndim == 0 or x.shape[-1] % (new // old):
            raise ValueError(f"view: the last axis ({tuple(x.shape)}) must be divisible by {new // old} to view "
                             f"{x.dtype.name} as {target.name}.")
        x = tf.reshape(x, list(x.shape[:-1]) + [x.shape[-1] // (new // old), new // old])
    return tf.bitcast(x, target)


def unique(x, sorted=True, return_index=False, return_inverse=False, return_counts=False, axis=None,
           size=None, fill_value=None):
    """The unique elements of the flattened `x` (sorted by default), with NumPy's optional extras.

    `size` pads (with `fill_value`, default the first unique value) or truncates to a fixed
    length, as JAX's `unique` does.
    """
    if axis is not None:
        raise ValueError("unique: axis must be None here: neuroflow finds unique elements of the flattened input.")
    flat = ravel(x)
    values, inverse, counts = tf.unique_with_counts(flat)
    if sorted:
        order = tf.argsort(values, stable=True)
        values, counts = tf.gather(values, order), tf.gather(counts, order)
        inverse = tf.gather(tf.argsort(order, stable=True), inverse)
    k = values.shape[0]
    positions = tf.range(flat.shape[0])
    first = tf.reduce_min(tf.where(tf.equal(tf.expand_dims(inverse, 0), tf.reshape(tf.range(k), [-1, 1])),
                                   positions, flat.shape[0]), axis=1)
    if size is not None:
        fill = values[:1] if fill_value is None else _t([fill_value], values.dtype.name)

        def fit(t, pad):
            return t[:size] if k >= size else tf.concat([t, tf.tile(pad, [size - k])], 0)
        values, first, counts = fit(values, fill), fit(first, tf.zeros([1], first.dtype)), fit(counts, tf.zeros([1], counts.dtype))
    outputs = [values] + [t for t, wanted in ((first, return_index), (tf.reshape(inverse, tf.shape(_t(x))), return_inverse),
                                           (counts, return_counts)) if wanted]
    return outputs[0] if len(outputs) == 1 else tuple(outputs)


def vectorize(pyfunc, *, excluded=None, signature=None):
    """`pyfunc` applied elementwise over broadcast inputs (over core dimensions with `signature`).

    With `signature="(n),(n)->()"`, each input's trailing core axes go to `pyfunc` whole and the
    leading axes are looped over; without one, `pyfunc` sees scalars.
    """
    excluded = set(excluded or ())
    core_in, core_out = _parse_signature(signature)

    def apply(*args):
        tensors = [i for i in range(len(args)) if i not in excluded]
        cores = core_in or [0] * len(tensors)
        loops = [_t(args[i]) for i in tensors]
        loop_shape = np.broadcast_shapes(*[tuple(t.shape[:t.ndim - c]) for t, c in zip(loops, cores)])
        loops = [tf.broadcast_to(t, list(loop_shape) + list(t.shape[t.ndim - c:])) for t, c in zip(loops, cores)]
        count = int(np.prod(loop_shape, dtype=int))
        flat = [tf.reshape(t, [count] + list(t.shape[len(loop_shape):])) for t in loops]
        results = []
        for j in range(count):
            call = list(args)
            for i, t in zip(tensors, flat):
                call[i] = t[j]
            results.append(_t(pyfunc(*call)))
        out = tf.stack(results) if results else tf.zeros([0], floatx())
        return tf.reshape(out, list(loop_shape) + list(out.shape[1:]))
    return apply


def _parse_signature(signature):
    if signature is None:
        return None, None
    inputs, _, outputs = signature.replace(" ", "").partition("->")
    groups = [g for g in inputs.split("),(")]
    return [0 if g.strip("()") == "" else len(g.strip("()").split(",")) for g in groups], outputs
