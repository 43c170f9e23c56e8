"""Tensors from values and shapes: `constant`, `zeros`, `ones`, `fill`, `range`, ...

>>> import neuroflow as tf
>>> print(tf.constant(4))
tf.Tensor(4, shape=(), dtype=int32)
>>> tf.zeros([3, 2, 4, 5]).shape
TensorShape([3, 2, 4, 5])
>>> tf.range(5).numpy()
array([0, 1, 2, 3, 4], dtype=int32)
"""
import builtins

import numpy as np

from .. import backend
from ..framework import dtypes, errors
from ..framework.convert import convert_to_tensor
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from .array_ops import _shape_list, broadcast_to, concat, expand_dims, reshape, shape
from .math_ops import cast
from .registry import op, as_tensor
from .shape_util import is_symbolic, runtime_shape

__all__ = ["constant", "zeros", "ones", "zeros_like", "ones_like", "fill", "range", "eye", "linspace",
           "one_hot"]


def constant(value, dtype=None, shape=None, name="Const"):
    """A tensor holding `value` (a Python value, NumPy array or tensor).

    With `shape`, a scalar (or single value) is broadcast to it and a value with the
    same number of elements is reshaped to it.

    >>> import neuroflow as tf
    >>> tf.constant(0.5, shape=[2, 2]).numpy()
    array([[0.5, 0.5],
           [0.5, 0.5]], dtype=float32)
    """
    if getattr(value, "_graph", None) is not None:
        raise TypeError(f"tf.constant: expected any non-tensor type, but got the symbolic tensor {value.name}: "
                        "a constant's value must be known when it is created. Use the tensor itself, or "
                        "tf.identity(x) for a copy.")
    if hasattr(value, "_dtype"):
        tensor = value.read_value() if hasattr(value, "read_value") else value
        if dtype is not None and tensor._dtype is not dtypes.as_dtype(dtype):
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


@op("Fill")
def _fill(xp, dims, value):
    return xp.full(tuple(dims.tolist()), value, dtype=value.dtype)


@_fill.gradient
def _(ctx, dy):
    from .reduction_ops import reduce_sum  # the reductions import this module's ops
    return None, reduce_sum(dy)


def _filled(shape, fill_value, dtype, op_name):
    dtype = dtypes.as_dtype(dtype)
    runtime = runtime_shape(shape)
    if runtime is not None:   # a shape computed in the graph, e.g. tf.zeros(tf.shape(x))
        value = fill_value if hasattr(fill_value, "_dtype") else convert_to_tensor(fill_value, dtype)
        return _fill(runtime, value)
    if hasattr(shape, "as_list") and not shape.is_fully_defined() or \
            isinstance(shape, (list, tuple)) and any(d is None for d in shape):
        raise ValueError(f"Cannot convert a partially known TensorShape {TensorShape(shape)} to a Tensor "
                         f"({op_name}). Inside a tf.function, read sizes unknown while tracing with "
                         "tf.shape(x), e.g. tf.zeros(tf.shape(x)) or tf.zeros([tf.shape(x)[0], 3]).")
    target = _shape_list(shape, op_name)
    if any(d < 0 for d in target):
        raise errors.InvalidArgumentError(
            None, op_name, f"{op_name}: dimensions must be non-negative, got shape {list(target)}. "
            f"[Op:{op_name}]")
    if dtype is dtypes.string:
        if fill_value != 0:
            raise errors.InvalidArgumentError(None, op_name, f"{op_name}: string tensors have no 'one'. Use "
                                              f"tf.fill(shape, value) for a tensor of one string. [Op:{op_name}]")
        fill_value = b""  # zeros of strings are empty strings, as in TensorFlow
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
    value = as_tensor(value)
    if is_symbolic(value) and runtime_shape(dims) is None:  # a value known only when the graph runs
        return _fill(convert_to_tensor(np.asarray(_shape_list(dims, "Fill"), np.int32)), value)
    return _filled(dims, value if is_symbolic(value) else value._value, value._dtype, "Fill")


@op("ZerosLike")
def _zeros_like(xp, x):
    if x.dtype == object:  # strings: the empty string, as TensorFlow
        return xp.full(x.shape, b"", dtype=object)
    return xp.zeros_like(x)


@op("OnesLike")
def _ones_like(xp, x):
    if x.dtype == object:
        raise errors.InvalidArgumentError(None, "OnesLike", "OnesLike: string tensors have no 'one'. "
                                          "Use tf.fill(shape, value) for a tensor of one string. [Op:OnesLike]")
    return xp.ones_like(x)


def zeros_like(input, dtype=None, name=None, layout=None):
    """Zeros with the shape (and, unless `dtype` is given, the dtype) of `input`."""
    x = as_tensor(input)
    if dtype is not None and dtypes.as_dtype(dtype) is not x._dtype:
        return zeros(shape(x), dtype)
    return _zeros_like(x)


def ones_like(input, dtype=None, name=None, layout=None):
    """Ones with the shape (and, unless `dtype` is given, the dtype) of `input`."""
    x = as_tensor(input)
    if dtype is not None and dtypes.as_dtype(dtype) is not x._dtype:
        return ones(shape(x), dtype)
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
    if any(is_symbolic(v) for v in (start, limit, delta)):  # bounds known when the graph runs
        dtype = dtypes.as_dtype(dtype or next(v._dtype for v in (start, limit, delta) if is_symbolic(v)))
        start, limit, delta = [cast(v, dtype) if hasattr(v, "_dtype") else convert_to_tensor(v, dtype)
                               for v in (start, limit, delta)]
        return _range(start, limit, delta)
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


@op("Range")
def _range(xp, start, limit, delta):
    return xp.arange(start, limit, delta, dtype=start.dtype)


def eye(num_rows, num_columns=None, batch_shape=None, dtype=dtypes.float32, name=None):
    """An identity matrix (ones on the diagonal), optionally repeated over `batch_shape`.

    >>> import neuroflow as tf
    >>> tf.eye(2, 3, dtype=tf.int32).numpy()
    array([[1, 0, 0],
           [0, 1, 0]], dtype=int32)
    >>> tf.eye(2, batch_shape=[3]).shape
    TensorShape([3, 2, 2])
    """
    dtype = dtypes.as_dtype(dtype)
    rows = int(num_rows)
    cols = rows if num_columns is None else int(num_columns)
    batch = () if batch_shape is None else _shape_list(batch_shape, "Eye")
    if rows < 0 or cols < 0 or any(d < 0 for d in batch):
        raise errors.InvalidArgumentError(
            None, "Eye", f"Eye: sizes must be non-negative, got num_rows={rows}, num_columns={cols}, "
            f"batch_shape={list(batch)}. [Op:Eye]")
    xp = backend.current_module()
    matrix = xp.eye(rows, cols, dtype=dtype.as_numpy_dtype)
    return Tensor(xp.broadcast_to(matrix, batch + (rows, cols)).copy() if batch else matrix, dtype)


def linspace(start, stop, num, name=None, axis=0):
    """`num` evenly spaced values from `start` to `stop` (both included) along `axis`.

    `start` and `stop` may be tensors: they broadcast, and the values run along `axis`.
    Integer endpoints give float64 values, as in TensorFlow.

    >>> import neuroflow as tf
    >>> tf.linspace(10.0, 12.0, 3).numpy()
    array([10., 11., 12.], dtype=float32)
    >>> tf.linspace([0.0, 5.0], [10.0, 40.0], 5, axis=-1).numpy()
    array([[ 0.  ,  2.5 ,  5.  ,  7.5 , 10.  ],
           [ 5.  , 13.75, 22.5 , 31.25, 40.  ]], dtype=float32)
    """
    from .indexing_ops import slice as slice_   # indexing_ops imports this module
    first = as_tensor(start)
    if first._dtype.is_integer:
        first = cast(first, dtypes.float64 if first._dtype.size >= 4 else dtypes.float32)
    last = as_tensor(stop, first._dtype)
    if last._dtype.is_integer:
        last = cast(last, first._dtype)
    num = int(num)
    if num < 0:
        raise errors.InvalidArgumentError(None, "LinSpace", f"LinSpace: num must be >= 0, got {num}. "
                                          "[Op:LinSpace]")
    shape = np.broadcast_shapes(tuple(first.shape), tuple(last.shape))
    axis = int(axis) % (len(shape) + 1)
    first = expand_dims(broadcast_to(first, shape), axis)
    last = expand_dims(broadcast_to(last, shape), axis)
    pieces = [first]
    if num > 2:
        along_axis = [-1 if i == axis else 1 for i in builtins.range(len(shape) + 1)]
        steps = reshape(range(1, num - 1, dtype=first._dtype), along_axis)
        pieces.append(first + (last - first) / (num - 1) * steps)
    if num > 1:
        pieces.append(last)
    values = concat(pieces, axis)
    if num == 0:
        size = [-1] * (len(shape) + 1)
        size[axis] = 0
        values = slice_(values, [0] * len(size), size)
    return values


@op("OneHot")
def _one_hot(xp, indices, depth, on_value, off_value, axis, dtype):
    hot = indices[..., None] == xp.arange(depth)      # out-of-range indices match nothing
    out = xp.where(hot, on_value, off_value).astype(dtype.as_numpy_dtype)
    return xp.moveaxis(out, -1, axis)


def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None):
    """A new axis of length `depth` holding `on_value` at each index and `off_value` elsewhere.

    Indices outside `[0, depth)` give a row of `off_value`.

    >>> import neuroflow as tf
    >>> tf.one_hot([0, 2, -1], 3).numpy()
    array([[1., 0., 0.],
           [0., 0., 1.],
           [0., 0., 0.]], dtype=float32)
    """
    x = as_tensor(indices)
    if x._dtype not in (dtypes.uint8, dtypes.int8, dtypes.int32, dtypes.int64):
        raise TypeError(f"one_hot: indices must be uint8, int8, int32 or int64, got {x._dtype.name}. "
                        "Cast them with tf.cast(indices, tf.int32).")
    given = {k: as_tensor(v, dtype) for k, v in (("on_value", on_value), ("off_value", off_value))
             if v is not None}
    kinds = {t._dtype for t in given.values()}
    if len(kinds) > 1:
        raise TypeError(f"one_hot: dtype {given['on_value']._dtype.name} of on_value does not match "
                        f"dtype {given['off_value']._dtype.name} of off_value.")
    dtype = dtypes.as_dtype(dtype) if dtype is not None else (kinds.pop() if kinds else dtypes.float32)
    for k, t in given.items():
        if t._dtype is not dtype:
            raise TypeError(f"one_hot: dtype {t._dtype.name} of {k} does not match dtype parameter {dtype.name}.")
    on = given["on_value"].numpy().item() if "on_value" in given else 1
    off = given["off_value"].numpy().item() if "off_value" in given else 0
    axis = -1 if axis is None else int(axis)
    if not -1 <= axis <= x.ndim:
        raise errors.InvalidArgumentError(
            None, "OneHot", f"OneHot: expected axis to be -1 or between [0, {x.ndim}), but received: "
            f"{axis}. [Op:OneHot]")
    return _one_hot(x, depth=int(depth), on_value=on, off_value=off, axis=axis, dtype=dtype)
