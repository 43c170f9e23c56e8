"""Reductions: `reduce_sum`, `reduce_mean`, ... over `axis`, with `keepdims`.

>>> import neuroflow as tf
>>> x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
>>> tf.reduce_sum(x).numpy(), tf.reduce_sum(x, axis=0).numpy()
(np.float32(10.0), array([4., 6.], dtype=float32))
>>> tf.reduce_mean(x, axis=1, keepdims=True).shape
TensorShape([2, 1])
"""
from .registry import op, as_tensor
from .shape_util import normalize_axis

__all__ = ["reduce_sum", "reduce_mean"]


def _keepdims_shape(shape, axes):
    return [1 if i in axes else d for i, d in enumerate(shape)]


def _grad_to_input(ctx, dy):
    """`dy` of a reduction, reshaped with kept dims and broadcast to the input's shape."""
    from .array_ops import reshape, broadcast_to
    x = ctx.inputs[0]
    shape = tuple(x.shape)
    axes = ctx.attrs["axis"]
    if not ctx.attrs["keepdims"]:
        dy = reshape(dy, _keepdims_shape(shape, axes))
    return broadcast_to(dy, shape)


@op("Sum")
def _reduce_sum(xp, x, axis, keepdims):
    return xp.sum(x, axis=axis, keepdims=keepdims)


@_reduce_sum.gradient
def _(ctx, dy):
    return _grad_to_input(ctx, dy)


def reduce_sum(input_tensor, axis=None, keepdims=False, name=None):
    """Sum of elements across `axis` (all axes when None). Booleans are not summable: cast first."""
    x = as_tensor(input_tensor)
    axes = normalize_axis(axis, x.ndim, "Sum")
    return _reduce_sum(x, axis=axes, keepdims=bool(keepdims))


@op("Mean")
def _reduce_mean(xp, x, axis, keepdims):
    result = xp.mean(x, axis=axis, keepdims=keepdims, dtype=x.dtype if x.dtype.kind in "fc" else None)
    return result if x.dtype.kind in "fc" else result.astype(x.dtype)  # ints: integer mean, as in TF


@_reduce_mean.gradient
def _(ctx, dy):
    x = ctx.inputs[0]
    count = 1
    for a in ctx.attrs["axis"]:
        count *= x.shape[a]
    return _grad_to_input(ctx, dy) / count


def reduce_mean(input_tensor, axis=None, keepdims=False, name=None):
    """Mean of elements across `axis` (all axes when None); integer tensors give an integer mean."""
    x = as_tensor(input_tensor)
    axes = normalize_axis(axis, x.ndim, "Mean")
    return _reduce_mean(x, axis=axes, keepdims=bool(keepdims))
