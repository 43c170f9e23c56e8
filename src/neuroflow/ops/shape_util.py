"""Helpers gradients share: undo broadcasting, normalize axes."""
from ..framework import errors
from ..framework.tensor import Tensor
from ..framework.variable import Variable
from .registry import REGISTRY  # ops by name: these helpers sit below the op modules

__all__ = ["sum_to_shape", "normalize_axis", "dims"]


def dims(tensor):
    """The shape of a tensor as a tuple (fast for eager tensors, whose array knows it)."""
    if type(tensor) is Tensor or isinstance(tensor, Variable):
        return tensor._value.shape
    return tuple(tensor.shape)


def sum_to_shape(grad, shape):
    """Sums `grad` over the axes that broadcasting expanded, giving a tensor of `shape`.

    The gradient of a broadcasting op w.r.t. an input of `shape` is the output gradient
    summed over the broadcast axes.
    """
    shape = tuple(shape)
    grad_shape = dims(grad)
    if grad_shape == shape:
        return grad
    lead = len(grad_shape) - len(shape)
    axes = tuple(range(lead)) + tuple(
        lead + i for i, d in enumerate(shape) if d == 1 and grad_shape[lead + i] != 1)
    summed = REGISTRY["Sum"].run(grad, axis=axes, keepdims=False) if axes else grad
    return summed if dims(summed) == shape else REGISTRY["Reshape"].run(summed, shape=shape)


def normalize_axis(axis, ndim, op_name):
    """`axis` (int, or None for all) as a tuple of non-negative ints, checked against `ndim`."""
    if axis is None:
        return tuple(range(ndim))
    if hasattr(axis, "numpy"):
        axis = axis.numpy()
        axis = axis.tolist() if hasattr(axis, "tolist") else axis
    axes = axis if isinstance(axis, (list, tuple)) else (axis,)
    out = []
    for a in axes:
        a = int(a)
        if not -max(ndim, 1) <= a < max(ndim, 1):
            raise errors.InvalidArgumentError(
                None, op_name,
                f"{op_name}: axis {a} is out of range for a tensor of rank {ndim}; "
                f"use an axis in [{-max(ndim, 1)}, {max(ndim, 1)}). [Op:{op_name}]")
        out.append(a % ndim if ndim else 0)
    return tuple(out)
