"""Indexing: `t[...]`, `slice`, `strided_slice`, `gather`, `gather_nd`, `boolean_mask`, `where`, scatters.

`t[key]` accepts what TensorFlow accepts: ints (negative count from the end), slices with
steps, `...`, `tf.newaxis` and scalar int tensors; a boolean mask selects with
`boolean_mask`. Basic indexing returns a view; its gradient scatters into zeros.

>>> import neuroflow as tf
>>> t = tf.constant([[1, 2, 3], [4, 5, 6]])
>>> t[1, ::-1].numpy()
array([6, 5, 4], dtype=int32)
>>> t[:, tf.newaxis, -1].shape
TensorShape([2, 1])
>>> t[t > 2].numpy()
array([3, 4, 5, 6], dtype=int32)
"""
import math
import numbers

import numpy as np

from ..framework import dtypes
from ..framework.tensor import Tensor
from .array_ops import invalid_argument, reshape, _shape_list, _shape_text
from .comparison_ops import equal
from .creation_ops import zeros, zeros_like
from .math_ops import cast
from .reduction_ops import reduce_sum
from .registry import op, as_tensor, binary_operands, state
from .shape_util import dims, normalize_axis, sum_to_shape

__all__ = ["getitem", "slice", "strided_slice", "gather", "gather_nd", "boolean_mask", "where",
           "tensor_scatter_nd_update", "tensor_scatter_nd_add", "tensor_scatter_nd_sub", "tensor_scatter_nd_max",
           "tensor_scatter_nd_min", "scatter_nd"]

_builtin_slice = slice
_INDEX_ERROR = ("Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and scalar "
                "tf.int32/tf.int64 tensors are valid indices")


# --- basic indexing: one view op, its gradient scatters into zeros -------------------------
# A key is stored as a hashable tuple: ints, None (new axis), Ellipsis and (start, stop, step)
# triples standing for slices.
def _numpy_key(key):
    key = tuple(_builtin_slice(*k) if type(k) is tuple else k for k in key)
    return key if Ellipsis in key else key + (Ellipsis,)  # arrays, never NumPy scalars


@op("StridedSlice", view=True)
def _strided_slice(xp, x, key):
    return x[_numpy_key(key)]


@_strided_slice.gradient
def _(ctx, dy):
    return _strided_slice_grad(dy, shape=tuple(ctx.inputs[0].shape), key=ctx.attrs["key"])


@op("StridedSliceGrad")
def _strided_slice_grad(xp, dy, shape, key):
    dx = xp.zeros(shape, dtype=dy.dtype)
    dx[_numpy_key(key)] = dy
    return dx


@_strided_slice_grad.gradient
def _(ctx, ddx):
    return _strided_slice(ddx, key=ctx.attrs["key"])


def _index(value):
    """A Python int from an int, NumPy integer or scalar integer tensor; TypeError otherwise."""
    if isinstance(value, numbers.Integral):
        return int(value)
    dtype = getattr(value, "dtype", None)
    kind = getattr(dtype, "kind", None)
    if kind in ("i", "u") and len(getattr(value, "shape", ())) == 0:
        return int(value.numpy() if hasattr(value, "numpy") else value)
    raise TypeError(f"{_INDEX_ERROR}, got {value!r}")


def _checked_key(key, shape):
    """`key` (a TF slice spec) as a hashable tuple, checked against `shape`."""
    entries = []
    for k in key:
        if isinstance(k, _builtin_slice):
            bounds = tuple(None if v is None else _index(v) for v in (k.start, k.stop, k.step))
            if bounds[2] == 0:
                raise invalid_argument("StridedSlice", "slice step cannot be zero: use a positive or "
                                       "negative step, e.g. t[::-1].")
            entries.append(bounds)
        elif k is None or k is Ellipsis:
            entries.append(k)
        else:
            entries.append(_index(k))
    if entries.count(Ellipsis) > 1:
        raise invalid_argument("StridedSlice", "multiple ellipses in slice spec not allowed.")
    used = sum(1 for k in entries if k is not None and k is not Ellipsis)
    if used > len(shape):
        raise invalid_argument(
            "StridedSlice", f"index out of range using input dim {len(shape)}; input has only {len(shape)} "
            f"dims (shape {_shape_text(shape)}).")
    ellipsis = entries.index(Ellipsis) if Ellipsis in entries else len(entries)
    dim = 0
    for i, k in enumerate(entries):
        if i == ellipsis:
            dim = len(shape) - sum(1 for e in entries[i + 1:] if e is not None)
        elif type(k) is int:
            n = shape[dim]
            if n is not None and not -n <= k < n:
                raise invalid_argument(
                    "StridedSlice", f"slice index {k} of dimension {dim} out of bounds: the dimension has "
                    f"size {n} (shape {_shape_text(shape)}), so use an index in [{-n}, {n}).")
            entries[i] = k % n if n else k
            dim += 1
        elif k is not None:
            dim += 1
    return tuple(entries)


def getitem(tensor, key):
    """`tensor[key]`, TensorFlow's indexing (installed as `Tensor.__getitem__`).

    >>> import neuroflow as tf
    >>> t = tf.reshape(tf.range(24), [2, 3, 4])
    >>> t[-1, 1:, ::2].numpy()
    array([[16, 18],
           [20, 22]], dtype=int32)
    >>> t[..., 0].shape
    TensorShape([2, 3])
    >>> t[tf.constant([0, 1])]
    Traceback (most recent call last):
    ...
    TypeError: Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and scalar tf.int32/tf.int64 tensors are valid indices, got <tf.Tensor: ...>

    As in TensorFlow, a list is read like a tuple (`t[[0, 1]]` is `t[0, 1]`), and a bool
    tensor or array selects with `tf.boolean_mask`.
    """
    x = as_tensor(tensor)
    if isinstance(key, bool) or getattr(getattr(key, "dtype", None), "kind", None) == "b":
        return boolean_mask(x, key)
    key = tuple(key) if isinstance(key, (tuple, list)) else (key,)
    if key and hasattr(key[0], "_node") and key[0].shape.rank == 0:   # an index known when the graph runs
        head = gather(x, key[0], axis=0)
        return getitem(head, key[1:]) if len(key) > 1 else head
    return _strided_slice(x, key=_checked_key(key, tuple(x.shape)))


def slice(input_, begin, size, name=None):  # noqa: A001 - TF's name
    """The block of `input_` starting at `begin` with extent `size` (-1: to the end).

    >>> import neuroflow as tf
    >>> t = tf.constant([[[1, 1, 1], [2, 2, 2]], [[3, 3, 3], [4, 4, 4]], [[5, 5, 5], [6, 6, 6]]])
    >>> tf.slice(t, [1, 0, 0], [1, 2, 3]).numpy()
    array([[[3, 3, 3],
            [4, 4, 4]]], dtype=int32)
    """
    x = as_tensor(input_)
    begin, size = _shape_list(begin, "Slice"), _shape_list(size, "Slice")
    shape = tuple(x.shape)
    if len(begin) != len(shape) or len(size) != len(shape):
        raise invalid_argument(
            "Slice", f"expected `begin` and `size` to have {len(shape)} entries (the rank of the input of "
            f"shape {_shape_text(shape)}), but got {list(begin)} and {list(size)}.")
    key = []
    for i, (b, s, n) in enumerate(zip(begin, size, shape)):
        s = n - b if s == -1 else s
        if not 0 <= b <= n:
            raise invalid_argument("Slice", f"expected begin[{i}] in [0, {n}], but got {b}.")
        if not 0 <= s <= n - b:
            raise invalid_argument("Slice", f"expected size[{i}] in [0, {n - b}], but got {s}.")
        key.append((b, b + s, 1))
    return _strided_slice(x, key=tuple(key))


def strided_slice(input_, begin, end, strides=None, begin_mask=0, end_mask=0, ellipsis_mask=0,
                  new_axis_mask=0, shrink_axis_mask=0, var=None, name=None):
    """NumPy-style slicing spelled out: bit i of each mask modifies entry i of begin/end/strides.

    >>> import neuroflow as tf
    >>> t = tf.reshape(tf.range(12), [3, 4])
    >>> tf.strided_slice(t, [0, 3], [3, 0], [2, -1], end_mask=1).numpy()   # t[0::2, 3:0:-1]
    array([[ 3,  2,  1],
           [11, 10,  9]], dtype=int32)
    """
    begin, end = _shape_list(begin, "StridedSlice"), _shape_list(end, "StridedSlice")
    strides = (1,) * len(begin) if strides is None else _shape_list(strides, "StridedSlice")
    key = []
    for i, (b, e, s) in enumerate(zip(begin, end, strides)):
        bit = 1 << i
        if ellipsis_mask & bit:
            key.append(Ellipsis)
        elif new_axis_mask & bit:
            key.append(None)
        elif shrink_axis_mask & bit:
            key.append(b)
        else:
            key.append(_builtin_slice(None if begin_mask & bit else b, None if end_mask & bit else e, s))
    return getitem(input_, tuple(key))


# --- gather: gradient scatter-adds into zeros --------------------------------------------
def _batch_grid(xp, batch_shape, extra):
    """Aranges over the batch axes, shaped to broadcast against indices with `extra` more axes."""
    b = len(batch_shape)
    return tuple(xp.arange(n).reshape((1,) * j + (n,) + (1,) * (b - 1 - j + extra))
                 for j, n in enumerate(batch_shape))


def _gather_perm(b, k, p, ndim):
    """Axis order taking (batch, indices, pre-axis, post) to gather's (batch, pre-axis, indices, post)."""
    return (tuple(range(b)) + tuple(range(b + k, b + k + p)) + tuple(range(b, b + k))
            + tuple(range(b + k + p, ndim)))


@op("GatherV2")
def _gather(xp, params, indices, axis, batch_dims):
    try:
        return _gathered(xp, params, indices, axis, batch_dims)
    except IndexError:  # only in graphs: eager calls check the bounds first, with TensorFlow's message
        _check_bounds(np.asarray(indices.get() if hasattr(indices, "get") else indices), params.shape[axis],
                      "GatherV2")
        raise


def _gathered(xp, params, indices, axis, batch_dims):
    if batch_dims == 0:
        out = xp.take(params, indices, axis=axis)
        return out if isinstance(out, xp.ndarray) else xp.array(out, dtype=params.dtype)  # 0-d object/str
    b, k = batch_dims, indices.ndim - batch_dims
    moved = xp.moveaxis(params, axis, b)            # batch, gathered axis, pre, post
    picked = moved[_batch_grid(xp, params.shape[:b], k) + (indices,)]
    return xp.transpose(picked, _gather_perm(b, k, axis - b, picked.ndim))


@_gather.gradient
def _(ctx, dy):
    params, indices = ctx.inputs
    return _gather_grad(dy, indices, shape=tuple(params.shape), **ctx.attrs), None


@op("GatherGrad")
def _gather_grad(xp, dy, indices, shape, axis, batch_dims):
    """Sums each slice of `dy` into the row of `shape` it was gathered from."""
    b, k = batch_dims, indices.ndim - batch_dims
    perm = _gather_perm(b, k, axis - b, dy.ndim)
    picked = xp.transpose(dy, np.argsort(perm))
    moved = xp.zeros(shape[:b] + (shape[axis],) + shape[b:axis] + shape[axis + 1:], dtype=dy.dtype)
    xp.add.at(moved, _batch_grid(xp, shape[:b], k) + (indices,), picked)
    return xp.moveaxis(moved, b, axis)


@_gather_grad.gradient
def _(ctx, ddx):
    attrs = ctx.attrs
    return _gather(ddx, ctx.inputs[1], axis=attrs["axis"], batch_dims=attrs["batch_dims"]), None


def _integer_indices(indices, op_name):
    i = as_tensor(indices)
    if not i._dtype.is_integer:
        raise invalid_argument(op_name, f"indices must be int32 or int64, got {i._dtype.name}: "
                               "cast them with tf.cast(indices, tf.int32).")
    return i


def _host(t):
    """The values of an eager tensor as a NumPy array; None for a symbolic (traced) one."""
    return np.asarray(t) if type(t) is Tensor else None


def gather(params, indices, validate_indices=None, axis=None, batch_dims=0, name=None):
    """Slices of `params` along `axis` at `indices`: output shape is
    `params.shape[:axis] + indices.shape[batch_dims:] + params.shape[axis+1:]`.

    >>> import neuroflow as tf
    >>> tf.gather([10, 20, 30, 40], [3, 0, 0]).numpy()
    array([40, 10, 10], dtype=int32)
    >>> tf.gather([[1, 2], [3, 4]], [[1, 0], [0, 0]], axis=1, batch_dims=1).numpy()
    array([[2, 1],
           [3, 3]], dtype=int32)
    """
    p = as_tensor(params)
    i = _integer_indices(indices, "GatherV2")
    if batch_dims < 0:
        batch_dims += i.ndim
    axis = batch_dims if axis is None else normalize_axis(int(axis), p.ndim, "GatherV2")[0]
    if not 0 <= batch_dims <= min(axis, i.ndim) or tuple(p.shape[:batch_dims]) != tuple(i.shape[:batch_dims]):
        raise invalid_argument(
            "GatherV2", f"batch_dims={batch_dims} must be at most axis={axis} and the rank of indices, and "
            f"params {_shape_text(p.shape)} and indices {_shape_text(i.shape)} must agree on their first "
            f"{batch_dims} dimensions.")
    if state.graph is None:  # in a graph, as in TensorFlow's, bad indices fail only if the gather runs
        _check_bounds(_host(i), p.shape[axis], "GatherV2")
    return _gather(p, i, axis=axis, batch_dims=batch_dims)


def _check_bounds(values, limit, op_name):
    if values is None or limit is None or not values.size or (values.min() >= 0 and values.max() < limit):
        return
    bad = np.argwhere((values < 0) | (values >= limit))
    if bad.size:
        where = ",".join(str(j) for j in bad[0])
        raise invalid_argument(op_name, f"indices[{where}] = {values[tuple(bad[0])]} is not in [0, {limit}).")


def _linear_indices(params_shape, indices, op_name):
    """`indices[..., :]` (coordinates into the leading axes of `params_shape`) as flat offsets."""
    depth = indices.shape[-1]
    if depth > len(params_shape):
        raise invalid_argument(
            op_name, f"index innermost dimension length must be <= params rank; saw: {depth} vs. "
            f"{len(params_shape)} (indices {_shape_text(indices.shape)}, params {_shape_text(params_shape)}).")
    inner = params_shape[:depth]
    values = _host(indices)
    if values is not None and values.size:
        bad = np.argwhere(((values < 0) | (values >= np.array(inner, dtype=np.int64))).any(axis=-1))
        if bad.size:
            where = ",".join(str(j) for j in bad[0])
            raise invalid_argument(
                op_name, f"indices[{where}] = {values[tuple(bad[0])].tolist()} does not index into param "
                f"shape {_shape_text(params_shape)}.")
    strides = [math.prod(inner[j + 1:]) for j in range(depth)]
    flat = reduce_sum(indices * as_tensor(strides, indices._dtype), axis=-1)
    return flat, math.prod(inner)


def gather_nd(params, indices, batch_dims=0, name=None):
    """Gathers slices of `params` addressed by the coordinates in the last axis of `indices`.

    >>> import neuroflow as tf
    >>> tf.gather_nd([[1, 2], [3, 4]], [[1, 0], [0, 1]]).numpy()
    array([3, 2], dtype=int32)
    >>> tf.gather_nd([[1, 2], [3, 4]], [[1]]).numpy()
    array([[3, 4]], dtype=int32)
    """
    p = as_tensor(params)
    i = _integer_indices(indices, "GatherNd")
    shape = tuple(p.shape)
    b = int(batch_dims)
    if i.ndim < 1 or not 0 <= b < i.ndim or shape[:b] != tuple(i.shape[:b]):
        raise invalid_argument(
            "GatherNd", f"indices {_shape_text(i.shape)} must have rank >= 1 and share the first "
            f"batch_dims={b} dimensions with params {_shape_text(shape)}.")
    flat, count = _linear_indices(shape[b:], i, "GatherNd")
    depth = i.shape[-1]
    rows = reshape(p, shape[:b] + (count,) + shape[b + depth:])
    return _gather(rows, flat, axis=b, batch_dims=b)


def boolean_mask(tensor, mask, axis=None, name="boolean_mask"):
    """The elements (or slices, from `axis` on) of `tensor` where `mask` is True, flattened.

    >>> import neuroflow as tf
    >>> tf.boolean_mask([[1, 2], [3, 4], [5, 6]], [True, False, True]).numpy()
    array([[1, 2],
           [5, 6]], dtype=int32)
    """
    x = as_tensor(tensor)
    m = as_tensor(mask, dtypes.bool)
    axis = 0 if axis is None else normalize_axis(int(axis), x.ndim, "BooleanMask")[0]
    shape, k = tuple(x.shape), m.ndim
    if k == 0:
        raise ValueError("boolean_mask: mask cannot be scalar. Pass one boolean per element or row.")
    if not m._dtype.is_bool:
        raise TypeError(f"boolean_mask: mask must be a bool tensor, got {m._dtype.name}. "
                        "Build it with a comparison, e.g. t > 0.")
    if shape[axis:axis + k] != tuple(m.shape):
        raise invalid_argument(
            "BooleanMask", f"mask of shape {_shape_text(m.shape)} does not match dimensions {axis}.."
            f"{axis + k - 1} of the tensor of shape {_shape_text(shape)}.")
    rows = reshape(x, shape[:axis] + (-1,) + shape[axis + k:])
    return _gather(rows, reshape(where(reshape(m, [-1])), [-1]), axis=axis, batch_dims=0)


# --- where --------------------------------------------------------------------------------
@op("Where")
def _where_indices(xp, condition):
    return xp.argwhere(condition).astype(xp.int64)


@op("SelectV2")
def _select(xp, condition, x, y):
    return xp.where(condition, x, y)


@_select.gradient
def _(ctx, dy):
    condition, x, y = ctx.inputs
    zeros = zeros_like(dy)
    return (None,
            sum_to_shape(_select(condition, dy, zeros), x.shape) if ctx.needs[1] else None,
            sum_to_shape(_select(condition, zeros, dy), y.shape) if ctx.needs[2] else None)


def where(condition, x=None, y=None, name=None):
    """With `x` and `y`: elements of `x` where `condition` is True, else of `y` (broadcasting).
    Alone: the coordinates of the True (non-zero) elements, an int64 tensor `[n, rank]`.

    >>> import neuroflow as tf
    >>> tf.where([True, False, True], 1.0, 0.0).numpy()
    array([1., 0., 1.], dtype=float32)
    >>> tf.where([[True, False], [False, True]]).numpy()
    array([[0, 0],
           [1, 1]])
    """
    if x is None and y is None:
        return _where_indices(as_tensor(condition))
    if x is None or y is None:
        raise ValueError("where: pass both `x` and `y`, or neither (to get the indices of True elements).")
    c = as_tensor(condition, dtypes.bool)
    if not c._dtype.is_bool:
        raise invalid_argument("SelectV2", f"condition must be a bool tensor, got {c._dtype.name}: compare "
                               "first, e.g. tf.where(t > 0, x, y).")
    x, y = binary_operands("SelectV2", x, y)
    shapes = [tuple(t.shape) for t in (c, x, y)]
    try:
        if None not in sum(shapes, ()):
            np.broadcast_shapes(*shapes)
    except ValueError:
        raise invalid_argument(
            "SelectV2", f"condition {_shape_text(c.shape)}, x {_shape_text(x.shape)} and y "
            f"{_shape_text(y.shape)} cannot be broadcast to one shape.") from None
    return _select(c, x, y)


# --- scatters -----------------------------------------------------------------------------
def _nd_key(indices):
    return tuple(indices[..., j] for j in range(indices.shape[-1]))


@op("TensorScatterUpdate")
def _scatter_update(xp, tensor, indices, updates):
    out = tensor.copy()
    out[_nd_key(indices)] = updates
    return out


@_scatter_update.gradient
def _(ctx, dy):
    _, indices, updates = ctx.inputs
    return (_scatter_update(dy, indices, zeros_like(updates)) if ctx.needs[0] else None, None,
            gather_nd(dy, indices) if ctx.needs[2] else None)


@op("TensorScatterAdd")
def _scatter_add(xp, tensor, indices, updates):
    out = tensor.copy()
    xp.add.at(out, _nd_key(indices), updates)
    return out


@_scatter_add.gradient
def _(ctx, dy):
    return dy, None, gather_nd(dy, ctx.inputs[1]) if ctx.needs[2] else None


def _scatter_with(ufunc_name):
    """A scatter forward that combines `updates` into a copy of `tensor` with `xp.<ufunc_name>.at`."""
    def forward(xp, tensor, indices, updates):
        out = tensor.copy()
        getattr(xp, ufunc_name).at(out, _nd_key(indices), updates)
        return out
    return forward


_scatter_sub = op("TensorScatterSub")(_scatter_with("subtract"))


@_scatter_sub.gradient
def _(ctx, dy):
    return dy, None, -gather_nd(dy, ctx.inputs[1]) if ctx.needs[2] else None


_scatter_max = op("TensorScatterMax")(_scatter_with("maximum"))
_scatter_min = op("TensorScatterMin")(_scatter_with("minimum"))


def _scatter_extreme_gradient(ctx, dy):
    """TensorFlow's: the gradient goes to the elements equal to the result, split among ties."""
    x, indices, y = ctx.inputs
    x_hits = cast(equal(x, ctx.output), dy._dtype)
    y_hits = cast(equal(y, gather_nd(ctx.output, indices)), dy._dtype)
    hits = x_hits + _scatter_add(zeros_like(x_hits), indices, y_hits)
    return dy * x_hits / hits, None, gather_nd(dy / hits, indices) * y_hits


_scatter_max.gradient(_scatter_extreme_gradient)
_scatter_min.gradient(_scatter_extreme_gradient)


def _scatter_operands(tensor, indices, updates, op_name):
    t = as_tensor(tensor)
    i = _integer_indices(indices, op_name)
    u = as_tensor(updates, t._dtype)
    shape = tuple(t.shape)
    if i.ndim < 1:
        raise invalid_argument(op_name, f"indices must have rank >= 1, got shape {_shape_text(i.shape)}.")
    _linear_indices(shape, i, op_name)   # validates depth and bounds
    expected = tuple(i.shape[:-1]) + shape[i.shape[-1]:]
    if tuple(u.shape) != expected or u._dtype is not t._dtype:
        raise invalid_argument(
            op_name, f"updates must have shape indices.shape[:-1] + tensor.shape[indices.shape[-1]:] = "
            f"{_shape_text(expected)} and dtype {t._dtype.name}, got {_shape_text(u.shape)} {u._dtype.name}.")
    return t, i, u


def tensor_scatter_nd_update(tensor, indices, updates, name=None):
    """A copy of `tensor` with the slices at `indices` replaced by `updates`.

    >>> import neuroflow as tf
    >>> tf.tensor_scatter_nd_update([1, 2, 3, 4], [[1], [3]], [9, 8]).numpy()
    array([1, 9, 3, 8], dtype=int32)
    """
    return _scatter_update(*_scatter_operands(tensor, indices, updates, "TensorScatterUpdate"))


def tensor_scatter_nd_add(tensor, indices, updates, name=None):
    """A copy of `tensor` with `updates` added at `indices` (repeated indices add up).

    >>> import neuroflow as tf
    >>> tf.tensor_scatter_nd_add([1, 2, 3, 4], [[1], [1]], [10, 5]).numpy()
    array([ 1, 17,  3,  4], dtype=int32)
    """
    return _scatter_add(*_scatter_operands(tensor, indices, updates, "TensorScatterAdd"))


def tensor_scatter_nd_sub(tensor, indices, updates, name=None):
    """A copy of `tensor` with `updates` subtracted at `indices`."""
    return _scatter_sub(*_scatter_operands(tensor, indices, updates, "TensorScatterSub"))


def tensor_scatter_nd_max(tensor, indices, updates, name=None):
    """A copy of `tensor` where each slice at `indices` is the maximum of itself and `updates`.

    >>> import neuroflow as tf
    >>> tf.tensor_scatter_nd_max([0, 0, 0, 0], [[1], [1], [3]], [5, 7, -2]).numpy()
    array([0, 7, 0, 0], dtype=int32)
    """
    return _scatter_max(*_scatter_operands(tensor, indices, updates, "TensorScatterMax"))


def tensor_scatter_nd_min(tensor, indices, updates, name=None):
    """A copy of `tensor` where each slice at `indices` is the minimum of itself and `updates`."""
    return _scatter_min(*_scatter_operands(tensor, indices, updates, "TensorScatterMin"))


def scatter_nd(indices, updates, shape, name=None):
    """Zeros of `shape` with `updates` added at `indices`.

    >>> import neuroflow as tf
    >>> tf.scatter_nd([[0], [2]], [5.0, 7.0], [4]).numpy()
    array([5., 0., 7., 0.], dtype=float32)
    """
    u = as_tensor(updates)
    return tensor_scatter_nd_add(zeros(shape, u._dtype), indices, u)
