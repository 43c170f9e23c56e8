"""Tensors from values and shapes: `constant`, `zeros`, `ones`, `fill`, `range`, ...

>>> import neuroflow as tf
>>> print(tf.constant(4))
tf.Tensor(4, shape=(), dtype=int32)
>>> tf.zeros([3, 2, 4, 5]).shape
TensorShape([3, 2, 4, 5])
>>> tf.range(5).numpy()
array([0, 1, 2, 3, 4], dtype=int32)
"""
import numpy as np

from .. import backend
from ..framework import dtypes, errors
from ..framework.convert import convert_to_tensor
from ..framework.tensor import Tensor
from .array_ops import _shape_list
from .registry import op, as_tensor

__all__ = ["constant", "zeros", "ones", "zeros_like", "ones_like", "fill", "range"]


def constant(value, dtype=None, shape=None, name="Const"):
    """A tensor holding `value` (a Python value, NumPy array or tensor).

    With `shape`, a scalar (or single value) is broadcast to it and a value with the
    same number of elements is reshaped to it.

    >>> import neuroflow as tf
    >>> tf.constant(0.5, shape=[2, 2]).numpy()
    array([[0.5, 0.5],
           [0.5, 0.5]], dtype=float32)
    """
    if hasattr(value, "_dtype"):
        tensor = value.read_value() if hasattr(value, "read_value") else value
        if dtype is not None and tensor._dtype is not dtypes.as_dtype(dtype):
            from .math_ops import cast
            tensor = cast(tensor, dtype)
    else:
        tensor = convert_to_tensor(value, dtype=dtype)
    if shape is None:
        return tensor
    target = _shape_list(shape, "Const")
    array = tensor._value
    xp = backend.array_module(array)
    if array.size == 1:
        return Tensor(xp.full(target, array.reshape(()), dtype=array.dtype), tensor._dtype)
    if array.size == int(np.prod(target)):
        return Tensor(array.reshape(target), tensor._dtype)
    raise TypeError(
        f"Eager execution of tf.constant with unsupported shape. Tensor {array} (converted from "
        f"{value!r}) has {array.size} elements, but got `shape` {tuple(target)} with "
        f"{int(np.prod(target))} elements).")


def _filled(shape, fill_value, dtype, op_name):
    dtype = dtypes.as_dtype(dtype)
    target = _shape_list(shape, op_name)
    if any(d < 0 for d in target):
        raise errors.InvalidArgumentError(
            None, op_name, f"{op_name}: dimensions must be non-negative, got shape {list(target)}. "
            f"[Op:{op_name}]")
    xp = backend.current_module()
    return Tensor(xp.full(target, fill_value, dtype=dtype.as_numpy_dtype), dtype)


def zeros(shape, dtype=dtypes.float32, name=None, layout=None):
    """A tensor of `shape` filled with zeros (float32 by default)."""
    return _filled(shape, 0, dtype, "Zeros")


def ones(shape, dtype=dtypes.float32, name=None, layout=None):
    """A tensor of `shape` filled with ones (float32 by default)."""
    return _filled(shape, 1, dtype, "Ones")


def fill(dims, value, name=None, layout=None):
    """A tensor of shape `dims` filled with `value` (its dtype follows `value`)."""
    value = convert_to_tensor(value)
    return _filled(dims, value._value, value._dtype, "Fill")


@op("ZerosLike")
def _zeros_like(xp, x):
    return xp.zeros_like(x)


@op("OnesLike")
def _ones_like(xp, x):
    return xp.ones_like(x)


def zeros_like(input, dtype=None, name=None, layout=None):
    """Zeros with the shape (and, unless `dtype` is given, the dtype) of `input`."""
    x = as_tensor(input)
    if dtype is not None and dtypes.as_dtype(dtype) is not x._dtype:
        return zeros(x.shape, dtype)
    return _zeros_like(x)


def ones_like(input, dtype=None, name=None, layout=None):
    """Ones with the shape (and, unless `dtype` is given, the dtype) of `input`."""
    x = as_tensor(input)
    if dtype is not None and dtypes.as_dtype(dtype) is not x._dtype:
        return ones(x.shape, dtype)
    return _ones_like(x)


def range(start, limit=None, delta=1, dtype=None, name="range"):  # noqa: A001 - TF's name
    """Numbers from `start` up to (not including) `limit` in steps of `delta`.

    The dtype is int32 for Python ints and float32 when any argument is a float.

    >>> import neuroflow as tf
    >>> tf.range(3, 18, 3).numpy()
    array([ 3,  6,  9, 12, 15], dtype=int32)
    >>> tf.range(0.0, 1.0, 0.25).numpy()
    array([0.  , 0.25, 0.5 , 0.75], dtype=float32)
    """
    if limit is None:
        start, limit = 0, start
    values = [v.numpy() if hasattr(v, "numpy") else v for v in (start, limit, delta)]
    if values[2] == 0:
        raise errors.InvalidArgumentError(None, "Range", "Range: `delta` must not be 0. [Op:Range]")
    if dtype is None:
        kinds = [np.asarray(v).dtype.kind for v in values]
        dtype = dtypes.float32 if "f" in kinds else dtypes.int32
        for v in (start, limit, delta):
            if hasattr(v, "_dtype"):
                dtype = v._dtype
    dtype = dtypes.as_dtype(dtype)
    xp = backend.current_module()
    return Tensor(xp.arange(*values, dtype=dtype.as_numpy_dtype), dtype)
