"""`tf.math` functions composed of other ops: polyval, lbeta, bucketize, monotonicity tests,
accumulate_n and cumulative_logsumexp. Their gradients come from the ops they are made of.

>>> import neuroflow as tf
>>> tf.math.polyval([2, 1, 0], 3).numpy()  # 2 * 3**2 + 1 * 3 + 0
np.int32(21)
>>> tf.math.bucketize([-5.0, 10000.0, 150.0, 10.0, 5.0, 100.0], boundaries=[0.0, 10.0, 100.0]).numpy()
array([0, 3, 3, 2, 1, 3], dtype=int32)
"""
import numpy as np

from ..framework import dtypes, errors
from ..framework.convert import convert_to_tensor
from .array_ops import reshape, stop_gradient
from .comparison_ops import greater, greater_equal
from .math_ops import add_n, exp, log
from .reduction_ops import reduce_all, reduce_max, reduce_sum
from .registry import as_tensor
from .scan_ops import cumsum
from .sort_ops import searchsorted
from .special_ops import lgamma

__all__ = ["polyval", "lbeta", "bucketize", "is_non_decreasing", "is_strictly_increasing", "accumulate_n",
           "cumulative_logsumexp", "histogram_fixed_width_bins", "histogram_fixed_width"]


def polyval(coeffs, x, name=None):
    """The polynomial `coeffs[0] * x**(n-1) + ... + coeffs[n-1]`, by Horner's rule.

    Args:
        coeffs: a list of tensors (or numbers), highest degree first.
        x: the point(s) at which to evaluate.
    """
    if not isinstance(coeffs, (list, tuple)):
        raise ValueError(f"Argument coeffs must be list type. Received type {type(coeffs)}.")
    x = as_tensor(x)
    if not coeffs:
        return convert_to_tensor(0, x.dtype) * x * 0
    result = as_tensor(coeffs[0], x.dtype)
    for c in coeffs[1:]:
        result = as_tensor(c, x.dtype) + result * x
    return result


def lbeta(x, name=None):
    """log|B(x)| along the last axis: sum(lgamma(x)) - lgamma(sum(x)) (an empty axis gives 0).

    >>> import neuroflow as tf
    >>> tf.math.lbeta([[1.0, 2.0], [3.0, 4.0]]).numpy()
    array([-0.6931472, -4.0943446], dtype=float32)
    """
    x = as_tensor(x)
    if x.shape.rank and x.shape[-1] == 0:
        return reduce_sum(x, -1)
    return reduce_sum(lgamma(x), -1) - lgamma(reduce_sum(x, -1))


def bucketize(input, boundaries, name=None):
    """For each value, the index of the bucket it falls in: `boundaries[i-1] <= v < boundaries[i]`.

    Args:
        input: a numeric tensor.
        boundaries: a sorted list of floats.

    Returns:
        An int32 tensor of `input`'s shape.
    """
    if not isinstance(boundaries, (list, tuple)):
        raise TypeError(f"Expected list for attr boundaries, got {type(boundaries).__name__}.")
    if any(b > a for a, b in zip(boundaries[1:], boundaries[:-1])):
        raise errors.InvalidArgumentError(None, "Bucketize", "Bucketize: boundaries must be sorted. [Op:Bucketize]")
    x = as_tensor(input)
    flat = reshape(x, [-1])
    edges = convert_to_tensor([float(b) for b in boundaries], x.dtype if x.dtype.is_floating else dtypes.float32)
    values = flat if x.dtype.is_floating else convert_to_tensor(flat.numpy().astype("float32"))
    return reshape(searchsorted(edges, values, side="right"), x.shape.as_list())


def _monotone(x, strict, name):
    x = reshape(as_tensor(x), [-1])
    if not (x.dtype.is_floating or x.dtype.is_integer):
        raise TypeError(f"{name}: expected a numeric tensor, got {x.dtype.name}.")
    if x.shape[0] < 2:
        return convert_to_tensor(True)
    step = (greater if strict else greater_equal)(x[1:], x[:-1])
    return reduce_all(step)


def is_non_decreasing(x, name=None):
    """True when every element of the flattened `x` is >= the one before."""
    return _monotone(x, False, "is_non_decreasing")


def is_strictly_increasing(x, name=None):
    """True when every element of the flattened `x` is > the one before."""
    return _monotone(x, True, "is_strictly_increasing")


def accumulate_n(inputs, shape=None, tensor_dtype=None, name=None):
    """The element-wise sum of a list of tensors of one shape and dtype (TF's `add_n`)."""
    if not inputs:
        raise ValueError("accumulate_n: inputs must be a non-empty list of tensors.")
    total = add_n(inputs)
    if tensor_dtype is not None and total.dtype != dtypes.as_dtype(tensor_dtype):
        raise TypeError(f"accumulate_n: the inputs are {total.dtype.name}, not {dtypes.as_dtype(tensor_dtype).name}.")
    if shape is not None and total.shape.as_list() != list(shape):
        raise ValueError(f"accumulate_n: the inputs have shape {total.shape}, not {list(shape)}.")
    return total


def cumulative_logsumexp(x, axis=0, exclusive=False, reverse=False, name=None):
    """log(cumsum(exp(x))) along `axis`, computed stably (shifted by the maximum)."""
    x = as_tensor(x)
    shift = stop_gradient(reduce_max(x, axis=axis, keepdims=True))
    return log(cumsum(exp(x - shift), axis=axis, exclusive=exclusive, reverse=reverse)) + shift


def histogram_fixed_width_bins(values, value_range, nbins=100, dtype=dtypes.int32, name=None):
    """The bin (0 .. nbins-1) of each value for `nbins` equal bins over `value_range`; values
    outside the range fall in the first or last bin."""
    values = as_tensor(values)
    low, high = (float(v) for v in np.ravel(as_tensor(value_range).numpy()))
    scaled = (values.numpy().astype(np.float64) - low) / (high - low) * nbins
    bins = np.clip(np.floor(scaled), 0, nbins - 1).astype(dtypes.as_dtype(dtype).as_numpy_dtype)
    return convert_to_tensor(bins)


def histogram_fixed_width(values, value_range, nbins=100, dtype=dtypes.int32, name=None):
    """Counts of `values` in `nbins` equal bins over `value_range` (outliers count in the end bins).

    >>> import neuroflow as tf
    >>> tf.histogram_fixed_width([-1.0, 0.0, 1.5, 2.0, 5.0, 15], [0.0, 5.0], nbins=5).numpy()
    array([2, 1, 1, 0, 2], dtype=int32)
    """
    bins = histogram_fixed_width_bins(values, value_range, nbins).numpy().ravel()
    return convert_to_tensor(np.bincount(bins, minlength=nbins).astype(dtypes.as_dtype(dtype).as_numpy_dtype))
