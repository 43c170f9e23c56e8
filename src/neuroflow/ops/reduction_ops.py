"""Reductions: `reduce_sum`, `reduce_max`, `reduce_logsumexp`, `argmax`, ... over `axis`, with `keepdims`.

`axis` is an int, a list of ints (negative counts from the end) or None for all axes.
Each reduction's gradient broadcasts the incoming gradient back over the reduced axes.

>>> import neuroflow as tf
>>> x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
>>> tf.reduce_sum(x).numpy(), tf.reduce_sum(x, axis=0).numpy()
(np.float32(10.0), array([4., 6.], dtype=float32))
>>> tf.reduce_mean(x, axis=1, keepdims=True).shape
TensorShape([2, 1])
>>> tf.reduce_max(x, axis=-1).numpy(), tf.argmax(x, axis=1).numpy()
(array([2., 4.], dtype=float32), array([1, 1]))
"""
import functools
import math

from ..framework import dtypes, errors
from ..framework.convert import convert_to_tensor
from ..framework.tensor import Tensor
from .array_ops import reshape, transpose
from .math_ops import FLOATING, NUMERIC, REAL, cast, check_dtype, exp, sqrt, square
from .registry import REGISTRY, op, as_tensor
from .scan_ops import cumprod
from .shape_util import dims, normalize_axis
from .unary_ops import abs  # noqa: A004 - tf.math.abs

__all__ = ["reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod", "reduce_std",
           "reduce_variance", "reduce_any", "reduce_all", "reduce_logsumexp",
           "reduce_euclidean_norm", "argmax", "argmin", "count_nonzero"]


def _keepdims_shape(shape, axes):
    return [1 if i in axes else d for i, d in enumerate(shape)]


def _broadcast_back(ctx, t):
    """`t`, shaped like the reduction's output, broadcast back to the input's shape."""
    x, axes = ctx.inputs[0], ctx.attrs["axis"]
    shape = dims(x)
    if None in shape:  # sizes known only when the graph runs
        full = REGISTRY["Shape"].run(x, out_type="int32")
        if not ctx.attrs["keepdims"] and dims(t):
            keep = convert_to_tensor([0 if i in axes else 1 for i in range(len(shape))], dtypes.int32)
            t = REGISTRY["Reshape"].run(t, full * keep + (1 - keep))
        return REGISTRY["BroadcastTo"].run(t, full)
    if not ctx.attrs["keepdims"] and dims(t):  # (a scalar broadcasts as it is)
        t = REGISTRY["Reshape"].run(t, shape=tuple(_keepdims_shape(shape, axes)))
    return REGISTRY["BroadcastTo"].run(t, shape=shape)


def _same_int(x):
    """The accumulator dtype that keeps integers in their dtype (NumPy would widen int32 to int64)."""
    return x.dtype if x.dtype.kind in "iu" else None


def _ragged_dispatch(reduce):
    """`reduce` that also takes a RaggedTensor, reduced by segments as TensorFlow dispatches it
    (see `ragged_reductions`); the dense path pays one type check."""
    @functools.wraps(reduce)
    def dispatch(input_tensor, axis=None, keepdims=False, name=None):
        if type(input_tensor) is not Tensor and hasattr(input_tensor, "with_flat_values"):
            from .ragged_reductions import ragged_reduce
            return ragged_reduce(reduce, input_tensor, axis, keepdims)
        return reduce(input_tensor, axis, keepdims, name)
    return dispatch


def _reduction(input_tensor, axis, op_name, kinds):
    """The input as a tensor of an accepted dtype, and `axis` as a tuple of non-negative ints."""
    x = check_dtype(as_tensor(input_tensor), op_name, kinds)
    return x, normalize_axis(axis, x.ndim, op_name)


# --- sum, mean ---------------------------------------------------------------------------
@op("Sum")
def _reduce_sum(xp, x, axis, keepdims):
    return x.sum(axis=axis, keepdims=keepdims, dtype=_same_int(x))


@_reduce_sum.gradient
def _(ctx, dy):
    return _broadcast_back(ctx, dy)


@_ragged_dispatch
def reduce_sum(input_tensor, axis=None, keepdims=False, name=None):
    """Sum of elements across `axis` (all axes when None). Booleans are not summable: cast first.

    >>> import neuroflow as tf
    >>> tf.reduce_sum([[1, 2], [3, 4]], axis=[0, 1]).numpy()
    np.int32(10)
    """
    x, axes = _reduction(input_tensor, axis, "Sum", NUMERIC)
    return _reduce_sum(x, axis=axes, keepdims=bool(keepdims))


@op("Mean")
def _reduce_mean(xp, x, axis, keepdims):
    result = xp.mean(x, axis=axis, keepdims=keepdims)   # float16 accumulates in float32
    return result if x.dtype.kind in "fc" else result.astype(x.dtype)  # ints: integer mean, as in TF


@_reduce_mean.gradient
def _(ctx, dy):
    x = ctx.inputs[0]
    count = 1
    for a in ctx.attrs["axis"]:
        count *= dims(x)[a] or 0
    if not count and None in dims(x):  # sizes known only when the graph runs
        count = cast(REGISTRY["Size"].run(x, out_type="int32"), dy.dtype) / \
            cast(REGISTRY["Size"].run(ctx.output, out_type="int32"), dy.dtype)
    return _broadcast_back(ctx, dy / count)  # divide the small tensor, then broadcast


@_ragged_dispatch
def reduce_mean(input_tensor, axis=None, keepdims=False, name=None):
    """Mean of elements across `axis` (all axes when None); integer tensors give an integer mean.

    >>> import neuroflow as tf
    >>> tf.reduce_mean([1, 2]).numpy()
    np.int32(1)
    """
    x, axes = _reduction(input_tensor, axis, "Mean", NUMERIC)
    return _reduce_mean(x, axis=axes, keepdims=bool(keepdims))


# --- max, min: the gradient is shared evenly among tied maxima, as in TF ----------------------
def _extremum(reduce):
    def forward(xp, x, axis, keepdims):
        if x.size == 0:   # an empty max is the lowest value, as in TF (-inf for floats)
            kind = dtypes.from_numpy(x.dtype)
            lowest = -math.inf if kind.is_floating else kind.min
            initial = lowest if reduce == "max" else -lowest if kind.is_floating else kind.max
            return getattr(xp, reduce)(x, axis=axis, keepdims=keepdims, initial=initial)
        return getattr(xp, reduce)(x, axis=axis, keepdims=keepdims)
    return forward


def _extremum_grad(ctx, dy):
    chosen = cast(REGISTRY["Equal"].run(ctx.inputs[0], _broadcast_back(ctx, ctx.output)), dy.dtype)
    count = reduce_sum(chosen, axis=ctx.attrs["axis"], keepdims=True)
    return _broadcast_back(ctx, dy) * (chosen / count)


_reduce_max = op("Max")(_extremum("max"))
_reduce_max.gradient(_extremum_grad)
_reduce_min = op("Min")(_extremum("min"))
_reduce_min.gradient(_extremum_grad)


@_ragged_dispatch
def reduce_max(input_tensor, axis=None, keepdims=False, name=None):
    """Maximum of elements across `axis`; its gradient is split evenly among tied maxima.

    >>> import neuroflow as tf
    >>> tf.reduce_max([[1, 5], [7, 2]], axis=0).numpy()
    array([7, 5], dtype=int32)
    """
    x, axes = _reduction(input_tensor, axis, "Max", REAL)
    return _reduce_max(x, axis=axes, keepdims=bool(keepdims))


@_ragged_dispatch
def reduce_min(input_tensor, axis=None, keepdims=False, name=None):
    """Minimum of elements across `axis`; its gradient is split evenly among tied minima.

    >>> import neuroflow as tf
    >>> tf.reduce_min([[1, 5], [7, 2]], axis=1).numpy()
    array([1, 2], dtype=int32)
    """
    x, axes = _reduction(input_tensor, axis, "Min", REAL)
    return _reduce_min(x, axis=axes, keepdims=bool(keepdims))


# --- prod ---------------------------------------------------------------------------------
@op("Prod")
def _reduce_prod(xp, x, axis, keepdims):
    return xp.prod(x, axis=axis, keepdims=keepdims, dtype=_same_int(x))


@_reduce_prod.gradient
def _(ctx, dy):
    # d prod / d x_i is the product of the *other* elements: exclusive cumulative products from
    # both ends, so zeros in x are handled exactly (no division by x).
    x = ctx.inputs[0]
    shape, axes = tuple(x.shape), ctx.attrs["axis"]
    perm = [i for i in range(len(shape)) if i not in axes] + list(axes)
    rows = reshape(transpose(x, perm), (-1, math.prod(shape[a] for a in axes)))
    others = cumprod(rows, axis=1, exclusive=True) * cumprod(rows, axis=1, exclusive=True, reverse=True)
    others = transpose(reshape(others, [shape[p] for p in perm]), [perm.index(i) for i in range(len(perm))])
    return _broadcast_back(ctx, dy) * others


@_ragged_dispatch
def reduce_prod(input_tensor, axis=None, keepdims=False, name=None):
    """Product of elements across `axis` (all axes when None).

    >>> import neuroflow as tf
    >>> tf.reduce_prod([[1.0, 2.0], [3.0, 4.0]], axis=1).numpy()
    array([ 2., 12.], dtype=float32)
    """
    x, axes = _reduction(input_tensor, axis, "Prod", NUMERIC)
    return _reduce_prod(x, axis=axes, keepdims=bool(keepdims))


# --- variance and standard deviation (compositions: their gradients come for free) -------
def _real_or_complex(input_tensor, fn_name):
    x = as_tensor(input_tensor)
    if not (x._dtype.is_floating or x._dtype.is_complex):
        raise TypeError(f"{fn_name}: input must be either real or complex. Received "
                        f"{x._dtype.name} input. Cast it first, e.g. tf.cast(x, tf.float32).")
    return x


def reduce_variance(input_tensor, axis=None, keepdims=False, name=None):
    """The (biased) variance across `axis`: the mean squared deviation from the mean.

    Complex inputs give the real variance of their magnitudes' deviations.

    >>> import neuroflow as tf
    >>> tf.math.reduce_variance([[1.0, 2.0], [3.0, 4.0]], axis=0).numpy()
    array([1., 1.], dtype=float32)
    """
    x = _real_or_complex(input_tensor, "reduce_variance")
    deviations = x - reduce_mean(x, axis=axis, keepdims=True)
    if x._dtype.is_complex:
        deviations = abs(deviations)
    return reduce_mean(square(deviations), axis=axis, keepdims=keepdims)


def reduce_std(input_tensor, axis=None, keepdims=False, name=None):
    """The (biased) standard deviation across `axis`: the square root of `reduce_variance`.

    >>> import neuroflow as tf
    >>> tf.math.reduce_std([[1.0, 2.0], [3.0, 4.0]]).numpy()
    np.float32(1.118034)
    """
    x = _real_or_complex(input_tensor, "reduce_std")
    return sqrt(reduce_variance(x, axis=axis, keepdims=keepdims))


# --- any, all (bool) ----------------------------------------------------------------------
@op("Any")
def _reduce_any(xp, x, axis, keepdims):
    return xp.any(x, axis=axis, keepdims=keepdims)


@op("All")
def _reduce_all(xp, x, axis, keepdims):
    return xp.all(x, axis=axis, keepdims=keepdims)


@_ragged_dispatch
def reduce_any(input_tensor, axis=None, keepdims=False, name=None):
    """Logical or of bool elements across `axis`.

    >>> import neuroflow as tf
    >>> tf.reduce_any([[True, False], [False, False]], axis=1).numpy()
    array([ True, False])
    """
    x, axes = _reduction(input_tensor, axis, "Any", "b")
    return _reduce_any(x, axis=axes, keepdims=bool(keepdims))


@_ragged_dispatch
def reduce_all(input_tensor, axis=None, keepdims=False, name=None):
    """Logical and of bool elements across `axis`.

    >>> import neuroflow as tf
    >>> tf.reduce_all([[True, False], [True, True]], axis=1).numpy()
    array([False,  True])
    """
    x, axes = _reduction(input_tensor, axis, "All", "b")
    return _reduce_all(x, axis=axes, keepdims=bool(keepdims))


# --- logsumexp ----------------------------------------------------------------------------
@op("LogSumExp")
def _reduce_logsumexp(xp, x, axis, keepdims):
    shift = xp.max(x, axis=axis, keepdims=True) if x.size else xp.zeros((1,) * x.ndim, x.dtype)
    shift = xp.where(xp.isfinite(shift), shift, xp.zeros((), x.dtype))   # all -inf rows stay -inf
    out = xp.log(xp.sum(xp.exp(x - shift), axis=axis, keepdims=True)) + shift
    return out if keepdims else xp.squeeze(out, axis=axis)


@_reduce_logsumexp.gradient
def _(ctx, dy):
    x = ctx.inputs[0]
    return _broadcast_back(ctx, dy) * exp(x - _broadcast_back(ctx, ctx.output))  # the softmax


def reduce_logsumexp(input_tensor, axis=None, keepdims=False, name=None):
    """`log(sum(exp(x)))` across `axis`, computed without overflow (shifted by the maximum).

    >>> import neuroflow as tf
    >>> tf.math.reduce_logsumexp([1000.0, 1000.0]).numpy()
    np.float32(1000.6932)
    """
    x, axes = _reduction(input_tensor, axis, "LogSumExp", FLOATING)
    return _reduce_logsumexp(x, axis=axes, keepdims=bool(keepdims))


# --- euclidean norm -----------------------------------------------------------------------
@op("EuclideanNorm")
def _reduce_euclidean_norm(xp, x, axis, keepdims):
    if x.dtype.kind in "iu":   # integers: the norm truncated to an integer, as in TF
        return xp.sqrt(xp.sum(x.astype("float64") ** 2, axis=axis, keepdims=keepdims)).astype(x.dtype)
    squares = (x * x.conj()).real if x.dtype.kind == "c" else x * x
    return xp.sqrt(xp.sum(squares, axis=axis, keepdims=keepdims)).astype(x.dtype, copy=False)


@_reduce_euclidean_norm.gradient
def _(ctx, dy):
    return _broadcast_back(ctx, dy) * (ctx.inputs[0] / _broadcast_back(ctx, ctx.output))


def reduce_euclidean_norm(input_tensor, axis=None, keepdims=False, name=None):
    """`sqrt(sum(x ** 2))` across `axis`; integer inputs give the truncated integer norm, as TF.

    >>> import neuroflow as tf
    >>> tf.math.reduce_euclidean_norm([[3.0, 4.0], [6.0, 8.0]], axis=1).numpy()
    array([ 5., 10.], dtype=float32)
    """
    x, axes = _reduction(input_tensor, axis, "EuclideanNorm", NUMERIC)
    return _reduce_euclidean_norm(x, axis=axes, keepdims=bool(keepdims))


# --- argmax, argmin, count_nonzero (not differentiable) -------------------------------------
def _index_dtype(output_type, op_name):
    dtype = dtypes.as_dtype(output_type)
    if dtype not in (dtypes.int32, dtypes.int64, dtypes.int16, dtypes.uint16):
        raise errors.InvalidArgumentError(
            None, op_name, f"{op_name}: output_type must be tf.int32 or tf.int64, got {dtype!r}. "
            f"[Op:{op_name}]")
    return dtype


def _arg_extremum(op_name, reduce):
    kernel = op(op_name)(lambda xp, x, axis, dtype: getattr(xp, reduce)(x, axis=axis).astype(dtype))

    def public(input, axis=None, output_type=dtypes.int64, name=None):
        x = check_dtype(as_tensor(input), op_name, REAL)
        if x.ndim == 0:
            raise errors.InvalidArgumentError(
                None, op_name, f"{op_name}: expects a tensor of rank >= 1, got a scalar. [Op:{op_name}]")
        (axis,) = normalize_axis(0 if axis is None else axis, x.ndim, op_name)
        if x.shape[axis] == 0:
            raise errors.InvalidArgumentError(
                None, op_name, f"{op_name}: reduction axis {axis} is empty in shape {tuple(x.shape)}. "
                f"[Op:{op_name}]")
        return kernel(x, axis=axis, dtype=_index_dtype(output_type, op_name).as_numpy_dtype)
    return public


argmax = _arg_extremum("ArgMax", "argmax")
argmax.__name__ = "argmax"
argmax.__doc__ = """The index of the largest value along `axis` (0 when None); the first one on ties.

    >>> import neuroflow as tf
    >>> tf.math.argmax([[1, 9, 9], [7, 2, 3]], axis=1).numpy()
    array([1, 0])
    """
argmin = _arg_extremum("ArgMin", "argmin")
argmin.__name__ = "argmin"
argmin.__doc__ = """The index of the smallest value along `axis` (0 when None); the first one on ties.

    >>> import neuroflow as tf
    >>> tf.math.argmin([[1, 9, 9], [7, 2, 3]], axis=1, output_type=tf.int32).numpy()
    array([0, 1], dtype=int32)
    """


@op("CountNonzero")
def _count_nonzero(xp, x, axis, keepdims, dtype):
    return xp.sum(x.astype(bool), axis=axis, keepdims=keepdims, dtype=dtype)


def count_nonzero(input, axis=None, keepdims=None, dtype=dtypes.int64, name=None):
    """How many elements across `axis` are nonzero (True, non-empty for strings), as `dtype`.

    >>> import neuroflow as tf
    >>> tf.math.count_nonzero([[0, 1], [2, 3]], axis=0).numpy()
    array([1, 2])
    """
    x = as_tensor(input)
    axes = normalize_axis(axis, x.ndim, "CountNonzero")
    return _count_nonzero(x, axis=axes, keepdims=bool(keepdims), dtype=dtypes.as_dtype(dtype).as_numpy_dtype)
