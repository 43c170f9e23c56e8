"""Shape manipulation: `reshape`, `transpose`, `concat`, `stack`, `split`, `tile`, `pad`, ...

Reshape, transpose, unstack, split and reverse return views of their input (no copy).

>>> import neuroflow as tf
>>> t = tf.range(6)
>>> tf.reshape(t, [2, -1]).shape
TensorShape([2, 3])
>>> tf.transpose(tf.reshape(t, [2, 3])).numpy()
array([[0, 3],
       [1, 4],
       [2, 5]], dtype=int32)
"""
import functools
import itertools
import math

import numpy as np

from .. import backend
from ..framework import dtypes, errors
from ..framework.convert import convert_to_tensor
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from .registry import REGISTRY, op, as_tensor
from .shape_util import dims, normalize_axis, runtime_shape, sum_to_shape

__all__ = ["shape_n", "broadcast_static_shape", "broadcast_dynamic_shape", "reshape", "transpose", "expand_dims", "squeeze", "broadcast_to", "identity",
           "stop_gradient", "shape", "rank", "size", "concat", "stack", "unstack", "split", "tile",
           "pad", "reverse", "reverse_sequence", "repeat", "meshgrid", "ensure_shape", "roll"]


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
def _reshape(xp, x, *runtime, shape=None):
    return x.reshape(shape if not runtime else tuple(runtime[0].tolist()))


@_reshape.gradient
def _(ctx, dy):
    x = ctx.inputs[0]
    back = reshape(dy, tuple(x.shape) if x.shape.is_fully_defined() else shape(x))
    return (back, None) if len(ctx.inputs) > 1 else back


def reshape(tensor, shape, name=None):
    """The same values in a new shape; one dimension may be -1 (inferred).

    In a graph, `shape` may be computed from tensors known only when it runs, e.g.
    `tf.reshape(x, [tf.shape(x)[0], -1])`.

    >>> import neuroflow as tf
    >>> tf.reshape(tf.range(6), [3, 2]).shape
    TensorShape([3, 2])
    >>> tf.reshape(tf.range(6), [4, -1])
    Traceback (most recent call last):
    ...
    neuroflow.framework.errors.InvalidArgumentError: Reshape: cannot reshape a tensor with 6 elements to shape [4, -1]: 6 is not divisible by 4. [Op:Reshape]
    """
    x = as_tensor(tensor)
    runtime = runtime_shape(shape)
    if runtime is not None:
        return _reshape(x, runtime)
    target = _shape_list(shape, "Reshape")
    if type(x) is Tensor or x.shape.is_fully_defined():
        size = x._value.size
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
        if tuple(x._value.shape) == target and type(x) is Tensor:
            return x
    return _reshape(x, shape=target)


def _regrouped(x, sources):
    """`x` reshaped so that dimension i of the result is x's dimension `sources[i]` (None: a new
    axis of length 1); sizes unknown while tracing are read when the graph runs."""
    shape = dims(x)
    target = tuple(1 if i is None else shape[i] for i in sources)
    if None not in target:
        return _reshape(x, shape=target)
    if target.count(None) == 1:
        return _reshape(x, shape=tuple(-1 if d is None else d for d in target))
    extended = concat([_shape(x, out_type="int32"), [1]], axis=0)
    indices = convert_to_tensor([len(shape) if i is None else i for i in sources], dtypes.int32)
    return _reshape(x, REGISTRY["GatherV2"].run(extended, indices, axis=0, batch_dims=0))


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
        result = REGISTRY["Conj"].run(result)
    return result


# --- expand_dims / squeeze ---------------------------------------------------------------
def expand_dims(input, axis, name=None):
    """Inserts a length-1 axis at `axis` (negative counts from the end of the result)."""
    x = as_tensor(input)
    shape = list(dims(x))
    axis = int(axis)
    if not -len(shape) - 1 <= axis <= len(shape):
        raise errors.InvalidArgumentError(
            None, "ExpandDims",
            f"ExpandDims: axis {axis} is out of range for a tensor of rank {len(shape)}; "
            f"use an axis in [{-len(shape) - 1}, {len(shape)}]. [Op:ExpandDims]")
    if axis < 0:
        axis += len(shape) + 1
    sources = list(range(len(shape)))
    sources.insert(axis, None)
    return _regrouped(x, sources)


def squeeze(input, axis=None, name=None):
    """Removes length-1 axes (only those in `axis` when given)."""
    x = as_tensor(input)
    shape = list(x.shape)
    if axis is None:
        kept = [i for i, d in enumerate(shape) if d != 1]
    else:
        axes = normalize_axis(axis, len(shape), "Squeeze")
        for a in axes:
            if shape[a] not in (1, None):   # (an unknown size is taken to be 1)
                raise errors.InvalidArgumentError(
                    None, "Squeeze",
                    f"Squeeze: cannot squeeze axis {a} of shape {x.shape}: its size is {shape[a]}, "
                    "not 1. [Op:Squeeze]")
        kept = [i for i in range(len(shape)) if i not in axes]
    if None in shape:
        return _regrouped(x, kept)
    return _reshape(x, shape=tuple(shape[i] for i in kept))


# --- broadcast_to ----------------------------------------------------------------------
@op("BroadcastTo", view=True)
def _broadcast_to(xp, x, *runtime, shape=None):
    shape = tuple(runtime[0].tolist()) if runtime else tuple(shape)
    return x if x.shape == shape else xp.broadcast_to(x, shape)


@_broadcast_to.gradient
def _(ctx, dy):
    back = sum_to_shape(dy, dims(ctx.inputs[0]))
    return (back, None) if len(ctx.inputs) > 1 else back


def broadcast_to(input, shape, name=None):
    """`input` broadcast to `shape` (a read-only view, no copy)."""
    runtime = runtime_shape(shape)
    if runtime is not None:
        return _broadcast_to(as_tensor(input), runtime)
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
@op("Size")
def _size(xp, x, *, out_type):
    """The dynamic number of elements (only graphs with unknown dimensions need it)."""
    return xp.asarray(x.size, dtype=out_type)


def shape(input, out_type=None, name=None):
    """The shape of `input` as an int32 tensor (a `Shape` node when a traced dimension is unknown)."""
    x = as_tensor(input)
    if x.shape.is_fully_defined():
        return convert_to_tensor(x.shape.as_list(), dtype=out_type or "int32")
    return _shape(x, out_type=np.dtype(getattr(out_type, "as_numpy_dtype", out_type or "int32")).name)


def broadcast_static_shape(shape_x, shape_y):
    """The broadcast of two `TensorShape`s (unknown dimensions stay unknown where they matter).

    >>> import neuroflow as tf
    >>> tf.broadcast_static_shape(tf.TensorShape([1, 2, 3]), tf.TensorShape([5, 1, 3]))
    TensorShape([5, 2, 3])
    """
    x, y = TensorShape(shape_x), TensorShape(shape_y)
    if x.rank is None or y.rank is None:
        return TensorShape(None)
    dims_x, dims_y = x.as_list(), y.as_list()
    width = max(len(dims_x), len(dims_y))
    dims_x, dims_y = [1] * (width - len(dims_x)) + dims_x, [1] * (width - len(dims_y)) + dims_y
    out = []
    for a, b in zip(dims_x, dims_y):
        if a is not None and b is not None and a != b and 1 not in (a, b):
            raise ValueError(f"Incompatible shapes for broadcasting: {x} and {y}")
        out.append(b if a == 1 else a if b == 1 else b if a is None else a)
    return TensorShape(out)


def broadcast_dynamic_shape(shape_x, shape_y):
    """The broadcast of two shapes given as integer vectors, as an integer vector."""
    x, y = as_tensor(shape_x), as_tensor(shape_y)
    try:
        out = np.broadcast_shapes(tuple(x.numpy().tolist()), tuple(y.numpy().tolist()))
    except ValueError:
        raise invalid_argument("BroadcastArgs", f"Incompatible shapes: {x.numpy().tolist()} vs. "
                               f"{y.numpy().tolist()}") from None
    return convert_to_tensor(list(out), dtype=x.dtype)


def shape_n(input, out_type=None, name=None):
    """The shapes of a list of tensors (`[tf.shape(t) for t in input]`).

    >>> import neuroflow as tf
    >>> [s.numpy().tolist() for s in tf.shape_n([tf.ones([2, 3]), tf.ones([4])])]
    [[2, 3], [4]]
    """
    return [shape(t, out_type=out_type) for t in input]


@op("Shape")
def _shape(xp, x, *, out_type):
    """The dynamic shape (only graphs with unknown dimensions need it; it has no gradient)."""
    return xp.asarray(x.shape, dtype=out_type)


def rank(input, name=None):
    """The number of axes of `input` as an int32 scalar tensor."""
    return convert_to_tensor(as_tensor(input).ndim, dtype="int32")


def size(input, out_type=None, name=None):
    """The number of elements of `input` as an int32 scalar tensor (read when the graph runs where
    some dimension is unknown while tracing)."""
    x = as_tensor(input)
    dtype = dtypes.as_dtype(out_type or dtypes.int32)
    if type(x) is not Tensor and not x.shape.is_fully_defined():
        return _size(x, out_type=np.dtype(dtype.as_numpy_dtype).name)
    return convert_to_tensor(math.prod(x.shape), dtype=dtype)


# --- shared helpers ----------------------------------------------------------------------
def invalid_argument(op_name, message):
    """An `InvalidArgumentError` whose message names the op, as TensorFlow's do."""
    return errors.InvalidArgumentError(None, op_name, f"{op_name}: {message} [Op:{op_name}]")


def _shape_text(shape):
    return "[" + ",".join("?" if d is None else str(d) for d in shape) + "]"


def _same_dtype(values, op_name):
    """`values` as tensors of one dtype: Python values adopt the first tensor's dtype."""
    if hasattr(values, "_dtype"):  # a tensor stands for the list of its rows
        values = list(values)
    dtype = next((v._dtype for v in values if hasattr(v, "_dtype")), None)
    tensors = [as_tensor(v, dtype) for v in values]
    if not tensors:
        raise ValueError(f"{op_name}: expected a non-empty list of tensors, got {values!r}.")
    for i, t in enumerate(tensors):
        if t._dtype is not tensors[0]._dtype:
            raise invalid_argument(
                op_name, f"cannot combine tensors of different dtypes: values[0] is {tensors[0]._dtype.name} "
                f"but values[{i}] is {t._dtype.name}. Cast them to one dtype with tf.cast first.")
    return tensors


def _one_axis(axis, ndim, op_name):
    return normalize_axis(int(axis), ndim, op_name)[0]


# --- concat / stack / unstack / split ----------------------------------------------------
@op("ConcatV2")
def _concat(xp, *values, axis):
    return xp.concatenate(values, axis=axis)


@_concat.gradient
def _(ctx, dy):
    axis = ctx.attrs["axis"]
    return tuple(_split(dy, sizes=tuple(x.shape[axis] for x in ctx.inputs), axis=axis))


def concat(values, axis, name="concat"):
    """Joins tensors along an existing `axis`; their other dimensions must agree.

    >>> import neuroflow as tf
    >>> tf.concat([[[1, 2]], [[3, 4]]], axis=0).numpy()
    array([[1, 2],
           [3, 4]], dtype=int32)
    >>> tf.concat([tf.zeros([2, 3]), tf.zeros([2, 1])], axis=-1).shape
    TensorShape([2, 4])
    """
    tensors = _same_dtype(values, "ConcatV2")
    if len(tensors) == 1:
        return identity(tensors[0])
    first = tuple(tensors[0].shape)
    if not first:
        raise invalid_argument("ConcatV2", "can't concatenate scalars (use tf.stack instead).")
    axis = _one_axis(axis, len(first), "ConcatV2")
    for i, t in enumerate(tensors[1:], 1):
        shape = tuple(t.shape)
        if len(shape) != len(first) or any(a != b for k, (a, b) in enumerate(zip(first, shape)) if k != axis):
            raise invalid_argument(
                "ConcatV2", f"shapes of values[0] {_shape_text(first)} and values[{i}] {_shape_text(shape)} "
                f"differ outside the concatenation axis {axis}: tensors may differ only along `axis`.")
    return _concat(*tensors, axis=axis)


@op("Pack")
def _stack(xp, *values, axis):
    return xp.stack(values, axis=axis)


@_stack.gradient
def _(ctx, dy):
    return tuple(unstack(dy, axis=ctx.attrs["axis"]))


def stack(values, axis=0, name="stack"):
    """Stacks rank-R tensors of one shape into a rank-(R+1) tensor along a new `axis`.

    >>> import neuroflow as tf
    >>> tf.stack([[1, 4], [2, 5], [3, 6]], axis=1).numpy()
    array([[1, 2, 3],
           [4, 5, 6]], dtype=int32)
    """
    tensors = _same_dtype(values, "Pack")
    first = tuple(tensors[0].shape)
    for i, t in enumerate(tensors[1:], 1):
        if tuple(t.shape) != first:
            raise invalid_argument(
                "Pack", f"shapes of all inputs must match: values[0].shape = {_shape_text(first)} != "
                f"values[{i}].shape = {_shape_text(t.shape)}. Use tf.concat to join tensors of different lengths.")
    return _stack(*tensors, axis=_one_axis(axis, len(first) + 1, "Pack"))


@op("Unpack", view=True)
def _unstack(xp, x, axis):
    return tuple(xp.moveaxis(x, axis, 0))


@_unstack.gradient
def _(ctx, *dys):
    return stack(dys, axis=ctx.attrs["axis"])


def unstack(value, num=None, axis=0, name="unstack"):
    """Splits `value` along `axis` into a list of tensors of one rank lower.

    >>> import neuroflow as tf
    >>> [t.numpy().tolist() for t in tf.unstack([[1, 2], [3, 4]], axis=1)]
    [[1, 3], [2, 4]]
    """
    x = as_tensor(value)
    if x.ndim == 0:
        raise ValueError(f"Unpack: cannot unstack a scalar tensor {x!r}; it has no axis to split.")
    axis = _one_axis(axis, x.ndim, "Unpack")
    if num is not None and num != x.shape[axis]:
        raise invalid_argument(
            "Unpack", f"input shape axis {axis} must equal num={num}, got shape {_shape_text(x.shape)}.")
    return list(_unstack(x, axis=axis))


@op("SplitV", view=True)
def _split(xp, x, sizes, axis):
    return tuple(xp.split(x, list(itertools.accumulate(sizes))[:-1], axis=axis))


@_split.gradient
def _(ctx, *dys):
    return concat(list(dys), axis=ctx.attrs["axis"])


def split(value, num_or_size_splits, axis=0, num=None, name="split"):
    """Splits `value` along `axis` into equal parts (an int) or parts of the given sizes.

    One size may be -1: it takes what the others leave.

    >>> import neuroflow as tf
    >>> [t.shape[1] for t in tf.split(tf.zeros([5, 30]), [4, -1, 11], axis=1)]
    [4, 15, 11]
    >>> len(tf.split(tf.zeros([5, 30]), 3, axis=1))
    3
    """
    x = as_tensor(value)
    axis = _one_axis(axis, x.ndim, "SplitV")
    length = x.shape[axis]
    splits = num_or_size_splits
    if hasattr(splits, "numpy"):
        splits = splits.numpy().tolist()
    if isinstance(splits, int):
        if splits <= 0 or length % splits:
            raise invalid_argument(
                "Split", f"number of ways to split should evenly divide the split dimension, but got "
                f"split_dim {axis} (size = {length}) and num_split {splits}.")
        sizes = (length // splits,) * splits
    else:
        sizes = [int(s) for s in splits]
        known = sum(s for s in sizes if s != -1)
        if sizes.count(-1) == 1 and known <= length:
            sizes[sizes.index(-1)] = length - known
        if sum(sizes) != length or any(s < 0 for s in sizes):
            raise invalid_argument(
                "SplitV", f"sizes {list(splits)} do not add up to the size {length} of axis {axis} "
                f"(shape {_shape_text(x.shape)}). Make them sum to {length}, or use -1 for one of them.")
    return list(_split(x, sizes=tuple(sizes), axis=axis))


# --- tile / pad / reverse / repeat -------------------------------------------------------
@op("Tile")
def _tile(xp, x, *runtime, multiples=None):
    return xp.tile(x, tuple(runtime[0].tolist()) if runtime else multiples)


@_tile.gradient
def _(ctx, dy):
    x = ctx.inputs[0]
    multiples = ctx.inputs[1] if len(ctx.inputs) > 1 else ctx.attrs["multiples"]
    sizes = tuple(x.shape) if x.shape.is_fully_defined() else shape(x)   # (read when the graph runs)
    interleaved = [d for i in range(x.ndim) for d in (multiples[i], sizes[i])]   # (m0, d0, m1, d1, ...)
    back = REGISTRY["Sum"].run(reshape(dy, interleaved), axis=tuple(range(0, 2 * x.ndim, 2)), keepdims=False)
    return (back, None) if len(ctx.inputs) > 1 else back


def tile(input, multiples, name=None):
    """Repeats `input` `multiples[i]` times along each axis i.

    >>> import neuroflow as tf
    >>> tf.tile([[1, 2]], [2, 2]).numpy()
    array([[1, 2, 1, 2],
           [1, 2, 1, 2]], dtype=int32)
    """
    x = as_tensor(input)
    runtime = runtime_shape(multiples)
    if runtime is not None:   # computed in the graph, e.g. [tf.shape(y)[0], 1]
        return _tile(x, runtime)
    multiples = _shape_list(multiples, "Tile")
    if len(multiples) != x.ndim or any(m < 0 for m in multiples):
        raise invalid_argument(
            "Tile", f"expected `multiples` to be {x.ndim} non-negative ints, one per axis of the input of "
            f"shape {_shape_text(x.shape)}, but got {list(multiples)}.")
    return _tile(x, multiples=multiples)


def _slices_for(paddings, shape):
    return tuple((lo, lo + n, 1) for (lo, _), n in zip(paddings, shape))


@op("PadV2")
def _pad(xp, x, paddings, constant_values):
    return xp.pad(x, paddings, constant_values=constant_values)


@_pad.gradient
def _(ctx, dy):
    return REGISTRY["StridedSlice"].run(dy, key=_slices_for(ctx.attrs["paddings"], ctx.inputs[0].shape))


@op("MirrorPad")
def _mirror_pad(xp, x, paddings, mode):
    return xp.pad(x, paddings, mode=mode.lower())


@_mirror_pad.gradient
def _(ctx, dy):
    return _mirror_pad_grad(dy, paddings=ctx.attrs["paddings"], mode=ctx.attrs["mode"])


def _along(ndim, axis, start, stop):
    """The index selecting `start:stop` on `axis` of an `ndim`-dimensional array."""
    key = [slice(None)] * ndim
    key[axis] = slice(start, stop)
    return tuple(key)


@op("MirrorPadGrad")
def _mirror_pad_grad(xp, dy, paddings, mode):
    """Folds the mirrored borders of `dy` back onto the elements they copied."""
    skip = 1 if mode == "REFLECT" else 0    # REFLECT does not repeat the edge element
    for axis, (lo, hi) in enumerate(paddings):
        n = dy.shape[axis] - lo - hi
        at = functools.partial(_along, dy.ndim, axis)
        core = dy[at(lo, lo + n)].copy()
        core[at(skip, skip + lo)] += xp.flip(dy[at(0, lo)], axis)
        core[at(n - skip - hi, n - skip)] += xp.flip(dy[at(lo + n, None)], axis)
        dy = core
    return dy


@_mirror_pad_grad.gradient
def _(ctx, ddx):
    return _mirror_pad(ddx, paddings=ctx.attrs["paddings"], mode=ctx.attrs["mode"])


def pad(tensor, paddings, mode="CONSTANT", constant_values=0, name=None):
    """Pads `tensor` with `paddings[i] = [before, after]` elements on each axis i.

    `mode` is "CONSTANT" (fill with `constant_values`), "REFLECT" (mirror without the
    edge) or "SYMMETRIC" (mirror including the edge).

    >>> import neuroflow as tf
    >>> t = tf.constant([[1, 2, 3], [4, 5, 6]])
    >>> tf.pad(t, [[1, 1], [2, 2]], "REFLECT").numpy()
    array([[6, 5, 4, 5, 6, 5, 4],
           [3, 2, 1, 2, 3, 2, 1],
           [6, 5, 4, 5, 6, 5, 4],
           [3, 2, 1, 2, 3, 2, 1]], dtype=int32)
    """
    x = as_tensor(tensor)
    mode = str(mode).upper()
    if hasattr(paddings, "numpy"):
        paddings = paddings.numpy()
    paddings = tuple((int(lo), int(hi)) for lo, hi in paddings)
    shape = tuple(x.shape)
    if len(paddings) != len(shape) or any(lo < 0 or hi < 0 for lo, hi in paddings):
        raise invalid_argument(
            "Pad", f"`paddings` must be {len(shape)} pairs of non-negative ints [before, after], one per "
            f"axis of the input of shape {_shape_text(shape)}, but got {[list(p) for p in paddings]}.")
    if mode == "CONSTANT":
        fill = as_tensor(constant_values, x._dtype)
        if fill._dtype is not x._dtype:
            raise invalid_argument("PadV2", f"`constant_values` has dtype {fill._dtype.name}, but the "
                                   f"tensor is {x._dtype.name}: cast one of them.")
        return _pad(x, paddings=paddings, constant_values=fill.numpy().item())
    if mode not in ("REFLECT", "SYMMETRIC"):
        raise ValueError(f"pad: unknown padding mode {mode!r}; use 'CONSTANT', 'REFLECT' or 'SYMMETRIC'.")
    limit = 0 if mode == "REFLECT" else 1
    for axis, ((lo, hi), n) in enumerate(zip(paddings, shape)):
        if max(lo, hi) > n - 1 + limit:
            raise invalid_argument(
                "MirrorPad", f"paddings {[lo, hi]} for axis {axis} must be at most {n - 1 + limit} in "
                f"{mode} mode (the axis has size {n}).")
    return _mirror_pad(x, paddings=paddings, mode=mode)


@op("ReverseV2", view=True)
def _reverse(xp, x, axis):
    return xp.flip(x, axis)


@_reverse.gradient
def _(ctx, dy):
    return _reverse(dy, axis=ctx.attrs["axis"])


def reverse(tensor, axis, name=None):
    """Reverses `tensor` along each axis in `axis` (a list of ints).

    >>> import neuroflow as tf
    >>> tf.reverse([[1, 2], [3, 4]], axis=[1]).numpy()
    array([[2, 1],
           [4, 3]], dtype=int32)
    """
    x = as_tensor(tensor)
    axes = normalize_axis(axis, x.ndim, "ReverseV2")
    if len(set(axes)) != len(axes):
        raise invalid_argument("ReverseV2", f"an axis is specified more than once in axis={list(axes)}.")
    return _reverse(x, axis=axes)


@op("ReverseSequence")
def _reverse_sequence(xp, x, lengths, *, seq_axis, batch_axis):
    n = x.shape[seq_axis]
    if xp.any(lengths > n) or xp.any(lengths < 0):
        raise invalid_argument("ReverseSequence", f"seq_lengths must be in [0, {n}] (the size of seq_axis "
                               f"{seq_axis}), got {lengths.tolist()}.")
    position = xp.arange(n).reshape([1] * seq_axis + [n] + [1] * (x.ndim - seq_axis - 1))
    length = lengths.reshape([1] * batch_axis + [-1] + [1] * (x.ndim - batch_axis - 1)).astype(position.dtype)
    index = xp.where(position < length, length - 1 - position, position)   # reverse the first `length`
    return xp.take_along_axis(x, xp.broadcast_to(index, x.shape), axis=seq_axis)


@_reverse_sequence.gradient
def _(ctx, dy):
    return _reverse_sequence(dy, ctx.inputs[1], **ctx.attrs), None


def reverse_sequence(input, seq_lengths, seq_axis=None, batch_axis=None, name=None):
    """Reverses the first `seq_lengths[i]` entries along `seq_axis` of each slice `i` along `batch_axis`.

    >>> import neuroflow as tf
    >>> tf.reverse_sequence([[1, 2, 3, 0], [4, 5, 0, 0]], [3, 2], seq_axis=1, batch_axis=0).numpy()
    array([[3, 2, 1, 0],
           [5, 4, 0, 0]], dtype=int32)

    Args:
        input: the tensor.
        seq_lengths: an int32/int64 vector with one length per slice along `batch_axis`.
        seq_axis: the axis reversed (required).
        batch_axis: the axis indexing the sequences (default 0).
    """
    x, lengths = as_tensor(input), as_tensor(seq_lengths)
    if seq_axis is None:
        raise ValueError("reverse_sequence: seq_axis must be given (the axis whose entries are reversed).")
    seq_axis = normalize_axis(seq_axis, x.ndim, "ReverseSequence")[0]
    batch_axis = normalize_axis(0 if batch_axis is None else batch_axis, x.ndim, "ReverseSequence")[0]
    if not lengths.dtype.is_integer or lengths.shape.rank != 1:
        raise invalid_argument("ReverseSequence", f"seq_lengths must be a vector of integers, got "
                               f"{lengths.dtype.name} of shape {lengths.shape}.")
    if seq_axis == batch_axis:
        raise invalid_argument("ReverseSequence", f"seq_axis and batch_axis must differ, both are {seq_axis}.")
    if None not in (x.shape[batch_axis], lengths.shape[0]) and x.shape[batch_axis] != lengths.shape[0]:
        raise invalid_argument("ReverseSequence", f"len(seq_lengths) != input.dims({batch_axis}), "
                               f"({lengths.shape[0]} vs. {x.shape[batch_axis]})")
    return _reverse_sequence(x, lengths, seq_axis=seq_axis, batch_axis=batch_axis)


def repeat(input, repeats, axis=None, name=None):
    """Repeats each element `repeats` times (an int or one count per element) along `axis`.

    With `axis=None` the input is flattened first.

    >>> import neuroflow as tf
    >>> tf.repeat([[1, 2], [3, 4]], repeats=[2, 3], axis=0).numpy()
    array([[1, 2],
           [1, 2],
           [3, 4],
           [3, 4],
           [3, 4]], dtype=int32)
    >>> tf.repeat([1, 2], 2).numpy()
    array([1, 1, 2, 2], dtype=int32)
    """
    from .indexing_ops import gather
    x = as_tensor(input)
    if axis is None:
        x, axis = reshape(x, [-1]), 0
    axis = _one_axis(axis, x.ndim, "Repeat")
    counts = np.asarray(repeats.numpy() if hasattr(repeats, "numpy") else repeats).reshape(-1)
    n = x.shape[axis]
    if counts.size not in (1, n) or (counts < 0).any():
        raise invalid_argument(
            "Repeat", f"`repeats` must be one non-negative count or {n} of them (the size of axis {axis}), "
            f"got {counts.tolist()}.")
    if counts.size == 1 and n:   # one count: broadcast a new axis after `axis` and merge the two
        shape = tuple(x.shape)
        spread = broadcast_to(expand_dims(x, axis + 1), shape[:axis + 1] + (int(counts[0]),) + shape[axis + 1:])
        return reshape(spread, shape[:axis] + (n * int(counts[0]),) + shape[axis + 1:])
    return gather(x, np.repeat(np.arange(n), counts), axis=axis)


# --- meshgrid / ensure_shape --------------------------------------------------------------
def meshgrid(*args, **kwargs):
    """Coordinate grids from 1-D tensors; `indexing="xy"` (default) swaps the first two axes.

    >>> import neuroflow as tf
    >>> X, Y = tf.meshgrid([1, 2, 3], [4, 5])
    >>> X.numpy(), Y.numpy()
    (array([[1, 2, 3],
           [1, 2, 3]], dtype=int32), array([[4, 4, 4],
           [5, 5, 5]], dtype=int32))
    """
    indexing = kwargs.pop("indexing", "xy")
    kwargs.pop("name", None)
    if kwargs:
        raise TypeError(f"meshgrid: unexpected keyword arguments {sorted(kwargs)}.")
    if indexing not in ("xy", "ij"):
        raise ValueError(f"meshgrid: indexing must be 'xy' or 'ij', got {indexing!r}.")
    if not args:
        return []
    vectors = [reshape(t, [-1]) for t in _same_dtype(args, "Meshgrid")]
    sizes = [v.shape[0] for v in vectors]
    axes = list(range(len(vectors)))
    if indexing == "xy" and len(vectors) > 1:
        axes[0], axes[1] = 1, 0
        sizes[0], sizes[1] = sizes[1], sizes[0]
    grids = []
    for v, a in zip(vectors, axes):
        shape = [1] * len(vectors)
        shape[a] = -1
        grids.append(broadcast_to(reshape(v, shape), sizes))
    return grids


def ensure_shape(x, shape, name=None):
    """`x` after checking that its shape is compatible with `shape` (None matches any size).

    While a graph is built (a `tf.function` trace), the result's static shape is `x`'s merged
    with `shape`, and the check runs each time the graph runs.

    >>> import neuroflow as tf
    >>> tf.ensure_shape(tf.zeros([2, 3]), [None, 3]).shape
    TensorShape([2, 3])
    >>> @tf.function(input_signature=[tf.TensorSpec([None, None])])
    ... def f(x):
    ...     y = tf.ensure_shape(x, [None, 3])
    ...     print(x.shape, "->", y.shape)
    ...     return y
    >>> _ = f.get_concrete_function()
    (None, None) -> (None, 3)
    >>> f(tf.zeros([2, 4]))
    Traceback (most recent call last):
    ...
    neuroflow.framework.errors.InvalidArgumentError: EnsureShape: Shape of tensor x [2,4] is not compatible with expected shape [?,3]. [Op:EnsureShape]
    """
    x = as_tensor(x)
    shape = TensorShape(shape)
    graph = getattr(x, "_graph", None)
    if not x.shape.is_compatible_with(shape):
        if graph is not None:   # known while tracing: TensorFlow's graph-construction error
            raise ValueError(f"EnsureShape: shape of tensor {x.name} {_shape_text(x.shape.as_list())} is not "
                             f"compatible with expected shape {_shape_text(shape.as_list())}.")
        raise invalid_argument(
            "EnsureShape", f"Shape of tensor {_shape_text(x.shape)} is not compatible with expected shape "
            f"{_shape_text(shape.as_list())}.")
    if graph is None or shape.rank is None or x.shape.merge_with(shape) == x.shape and x.shape.is_fully_defined():
        return x
    merged = x.shape.merge_with(shape)
    value = x._value
    if value.shape != tuple(d if d is not None else n for d, n in zip(merged.as_list(), value.shape)):
        xp = backend.array_module(value)
        value = xp.broadcast_to(xp.zeros((), value.dtype), tuple(1 if d is None else d for d in merged.as_list()))
    captured = graph.capture(x)
    return graph.add_recorded(_ensure_shape.op, [captured], {"shape": tuple(shape.as_list()), "tensor": x.name},
                              (value,), True, shapes=(merged,), recorded=[x])


@op("EnsureShape", view=True)
def _ensure_shape(xp, x, shape, tensor):
    if len(shape) != x.ndim or any(d is not None and d != n for d, n in zip(shape, x.shape)):
        raise invalid_argument("EnsureShape", f"Shape of tensor {tensor.split(':')[0]} {_shape_text(x.shape)} is "
                               f"not compatible with expected shape {_shape_text(shape)}.")
    return x


@_ensure_shape.gradient
def _(ctx, dy):
    return dy


@op("Roll")
def _roll(xp, x, shift, axis):
    return xp.roll(x, shift, axis)


@_roll.gradient
def _(ctx, dy):
    return _roll(dy, shift=tuple(-s for s in ctx.attrs["shift"]), axis=ctx.attrs["axis"])


def roll(input, shift, axis, name=None):
    """Rolls elements along `axis` by `shift` places (ints, or lists of equal length).

    Elements shifted past the end come back at the start, as with `np.roll`.

    >>> import neuroflow as tf
    >>> tf.roll([0, 1, 2, 3, 4], shift=2, axis=0).numpy()
    array([3, 4, 0, 1, 2], dtype=int32)
    >>> tf.roll([[1, 2], [3, 4]], shift=[1, -1], axis=[0, 1]).numpy()
    array([[4, 3],
           [2, 1]], dtype=int32)
    """
    x = as_tensor(input)
    shifts = tuple(int(s) for s in (shift if isinstance(shift, (list, tuple)) else [shift]))
    axes = normalize_axis(axis if isinstance(axis, (list, tuple)) else [axis], x.ndim, "Roll")
    if len(shifts) != len(axes):
        raise invalid_argument("Roll", f"shift {list(shifts)} and axis {list(axes)} must have the same length.")
    return _roll(x, shift=shifts, axis=tuple(axes))
