"""Helpers gradients share: undo broadcasting, normalize axes."""
from ..framework import dtypes, errors
from ..framework.convert import convert_to_tensor
from ..framework.tensor import Tensor
from ..framework.variable import Variable
from .registry import REGISTRY  # ops by name: these helpers sit below the op modules

__all__ = ["sum_to_shape", "normalize_axis", "dims", "is_symbolic", "runtime_shape", "check_broadcastable"]


def dims(tensor):
    """The shape of a tensor as a tuple (fast for eager tensors, whose array knows it)."""
    if type(tensor) is Tensor or isinstance(tensor, Variable):
        return tensor._value.shape
    return tuple(tensor.shape)


def is_symbolic(x):
    """Whether `x` is a graph tensor, whose value is known only when the graph runs."""
    return isinstance(x, Tensor) and type(x) is not Tensor


def runtime_shape(shape):
    """A requested shape holding graph tensors (`tf.shape(x)`, `[tf.shape(x)[0], 2]`) as one int
    graph tensor, computed when the graph runs; None for shapes known now."""
    if is_symbolic(shape):
        return shape if shape._dtype in (dtypes.int32, dtypes.int64) else _int32(shape)
    if isinstance(shape, (list, tuple)) and any(is_symbolic(d) for d in shape):
        return REGISTRY["ConcatV2"].run(*[REGISTRY["Reshape"].run(_int32(d), shape=(1,)) for d in shape], axis=0)
    return None


def check_broadcastable(*shapes):
    """Raises ValueError unless static `shapes` (None: a size known only when the graph runs)
    can broadcast together; an unknown size is taken to fit."""
    rank = max((len(s) for s in shapes), default=0)
    for axis in range(1, rank + 1):
        sizes = {s[-axis] for s in shapes if len(s) >= axis and s[-axis] not in (None, 1)}
        if len(sizes) > 1:
            raise ValueError(f"shapes {[tuple(s) for s in shapes]} cannot be broadcast together")


def _int32(d):
    if is_symbolic(d):
        return d if d._dtype is dtypes.int32 else REGISTRY["Cast"].run(d, dtype=dtypes.int32)
    return convert_to_tensor(-1 if d is None else int(d), dtype=dtypes.int32)


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
    ones = tuple(lead + i for i, d in enumerate(shape) if d == 1 and grad_shape[lead + i] != 1)
    if ones:   # kept as axes of length 1, so no reshape is needed (which unknown sizes would prevent)
        grad = REGISTRY["Sum"].run(grad, axis=ones, keepdims=True)
    return REGISTRY["Sum"].run(grad, axis=tuple(range(lead)), keepdims=False) if lead else grad


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
