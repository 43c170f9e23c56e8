"""Shape manipulation: `reshape`, `transpose`, `expand_dims`, `squeeze`, `broadcast_to`, ...

Reshape and transpose return views of their input (no copy).

>>> import neuroflow as tf
>>> t = tf.range(6)
>>> tf.reshape(t, [2, -1]).shape
TensorShape([2, 3])
>>> tf.transpose(tf.reshape(t, [2, 3])).numpy()
array([[0, 3],
       [1, 4],
       [2, 5]], dtype=int32)
"""
import math

from ..framework import errors
from .registry import op, as_tensor
from .shape_util import normalize_axis

__all__ = ["reshape", "transpose", "expand_dims", "squeeze", "broadcast_to", "identity",
           "stop_gradient", "shape", "rank", "size"]


def _shape_list(shape, op_name):
    """A requested shape (list, tuple, TensorShape or int tensor) as a tuple of ints."""
    if hasattr(shape, "numpy"):
        shape = shape.numpy().tolist()
    elif hasattr(shape, "as_list"):
        shape = shape.as_list()
    if isinstance(shape, int):
        shape = [shape]
    try:
        return tuple(-1 if d is None else int(d) for d in shape)
    except (TypeError, ValueError):
        raise errors.InvalidArgumentError(
            None, op_name, f"{op_name}: shape must be a list of ints, got {shape!r}. [Op:{op_name}]") from None


# --- reshape ---------------------------------------------------------------------------
@op("Reshape", view=True)
def _reshape(xp, x, shape):
    return xp.reshape(x, shape)


@_reshape.gradient
def _(ctx, dy):
    return reshape(dy, tuple(ctx.inputs[0].shape))


def reshape(tensor, shape, name=None):
    """The same values in a new shape; one dimension may be -1 (inferred).

    >>> import neuroflow as tf
    >>> tf.reshape(tf.range(6), [3, 2]).shape
    TensorShape([3, 2])
    >>> tf.reshape(tf.range(6), [4, -1])
    Traceback (most recent call last):
    ...
    neuroflow.framework.errors.InvalidArgumentError: Reshape: cannot reshape a tensor with 6 elements to shape [4, -1]: 6 is not divisible by 4. [Op:Reshape]
    """
    x = as_tensor(tensor)
    target = _shape_list(shape, "Reshape")
    size = x._value.size if hasattr(x, "_value") else None
    if size is not None:
        known = math.prod(d for d in target if d != -1)
        unknown = target.count(-1)
        if unknown > 1 or (unknown == 0 and known != size) or (unknown == 1 and (known == 0 or size % known)):
            why = (f"only one dimension may be -1" if unknown > 1 else
                   f"{size} is not divisible by {known}" if unknown else
                   f"the requested shape has {known} elements")
            raise errors.InvalidArgumentError(
                None, "Reshape",
                f"Reshape: cannot reshape a tensor with {size} elements to shape {list(target)}: "
                f"{why}. [Op:Reshape]")
        if tuple(x._value.shape) == target and type(x).__name__ == "Tensor":
            return x
    return _reshape(x, shape=target)


# --- transpose -------------------------------------------------------------------------
@op("Transpose", view=True)
def _transpose(xp, x, perm):
    return xp.transpose(x, perm)


@_transpose.gradient
def _(ctx, dy):
    perm = ctx.attrs["perm"]
    inverse = [0] * len(perm)
    for i, p in enumerate(perm):
        inverse[p] = i
    return _transpose(dy, perm=tuple(inverse))


def transpose(a, perm=None, conjugate=False, name="transpose"):
    """Permutes the axes of `a` (reverses them when `perm` is None)."""
    x = as_tensor(a)
    ndim = x.ndim
    if perm is None:
        perm = tuple(range(ndim - 1, -1, -1))
    else:
        perm = _shape_list(perm, "Transpose")
        if sorted(p % ndim if ndim else p for p in perm) != list(range(ndim)):
            raise errors.InvalidArgumentError(
                None, "Transpose",
                f"Transpose: perm {list(perm)} is not a permutation of the {ndim} axes of a tensor "
                f"of shape {x.shape}. [Op:Transpose]")
        perm = tuple(p % ndim for p in perm)
    result = _transpose(x, perm=perm)
    if conjugate and x._dtype.is_complex:
        from .math_ops import _conj_op
        result = _conj_op(result)
    return result


# --- expand_dims / squeeze ---------------------------------------------------------------
def expand_dims(input, axis, name=None):
    """Inserts a length-1 axis at `axis` (negative counts from the end of the result)."""
    x = as_tensor(input)
    shape = list(x.shape)
    axis = int(axis)
    if not -len(shape) - 1 <= axis <= len(shape):
        raise errors.InvalidArgumentError(
            None, "ExpandDims",
            f"ExpandDims: axis {axis} is out of range for a tensor of rank {len(shape)}; "
            f"use an axis in [{-len(shape) - 1}, {len(shape)}]. [Op:ExpandDims]")
    if axis < 0:
        axis += len(shape) + 1
    shape.insert(axis, 1)
    return _reshape(x, shape=tuple(shape))


def squeeze(input, axis=None, name=None):
    """Removes length-1 axes (only those in `axis` when given)."""
    x = as_tensor(input)
    shape = list(x.shape)
    if axis is None:
        keep = [d for d in shape if d != 1]
    else:
        axes = normalize_axis(axis, len(shape), "Squeeze")
        for a in axes:
            if shape[a] != 1:
                raise errors.InvalidArgumentError(
                    None, "Squeeze",
                    f"Squeeze: cannot squeeze axis {a} of shape {x.shape}: its size is {shape[a]}, "
                    "not 1. [Op:Squeeze]")
        keep = [d for i, d in enumerate(shape) if i not in axes]
    return _reshape(x, shape=tuple(keep))


# --- broadcast_to ----------------------------------------------------------------------
@op("BroadcastTo", view=True)
def _broadcast_to(xp, x, shape):
    return xp.broadcast_to(x, shape)


@_broadcast_to.gradient
def _(ctx, dy):
    from .shape_util import sum_to_shape
    return sum_to_shape(dy, tuple(ctx.inputs[0].shape))


def broadcast_to(input, shape, name=None):
    """`input` broadcast to `shape` (a read-only view, no copy)."""
    return _broadcast_to(as_tensor(input), shape=_shape_list(shape, "BroadcastTo"))


# --- identity and stop_gradient --------------------------------------------------------
@op("Identity")
def _identity(xp, x):
    return x.copy() if hasattr(x, "copy") else x


@_identity.gradient
def _(ctx, dy):
    return dy


def identity(input, name=None):
    """A tensor with the same value as `input` (a snapshot when `input` is a Variable)."""
    return _identity(as_tensor(input))


@op("StopGradient", view=True)
def _stop_gradient(xp, x):
    return x


def stop_gradient(input, name=None):
    """`input` unchanged, but gradients do not flow through it.

    >>> import neuroflow as tf
    >>> x = tf.Variable(2.0)
    >>> with tf.GradientTape() as tape:
    ...     y = x * tf.stop_gradient(x)
    >>> tape.gradient(y, x).numpy()
    np.float32(2.0)
    """
    return _stop_gradient(as_tensor(input))


# --- shape queries (not differentiable) -----------------------------------------------------
def shape(input, out_type=None, name=None):
    """The shape of `input` as an int32 tensor."""
    from .creation_ops import constant
    return constant(list(as_tensor(input).shape), dtype=out_type or "int32")


def rank(input, name=None):
    """The number of axes of `input` as an int32 scalar tensor."""
    from .creation_ops import constant
    return constant(as_tensor(input).ndim, dtype="int32")


def size(input, out_type=None, name=None):
    """The number of elements of `input` as an int32 scalar tensor."""
    from .creation_ops import constant
    return constant(math.prod(as_tensor(input).shape), dtype=out_type or "int32")
