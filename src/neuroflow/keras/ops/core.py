"""`keras.ops.core`: control flow, conversion, scatter/slice updates and loops (Keras 3's names).

>>> from neuroflow import keras
>>> keras.ops.fori_loop(0, 4, lambda i, total: total + i, 0)
<tf.Tensor: shape=(), dtype=int32, numpy=6>
>>> keras.ops.scatter([[0], [2]], [1.0, 5.0], (3,)).numpy()
array([1., 0., 5.], dtype=float32)
"""
import numpy as np

import neuroflow as tf

from ..backend.dtypes import standardize_dtype
from .numpy import _t

__all__ = ["cast", "convert_to_tensor", "convert_to_numpy", "is_tensor", "dtype", "shape", "saturate_cast",
           "cond", "switch", "while_loop", "fori_loop", "scan", "associative_scan", "map", "vectorized_map",
           "stop_gradient", "custom_gradient", "scatter", "scatter_update", "slice", "slice_update", "unstack"]


def cast(x, dtype):
    return tf.cast(_t(x), standardize_dtype(dtype))


def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    return _t(x, dtype)


def convert_to_numpy(x):
    return np.asarray(x.numpy() if hasattr(x, "numpy") else x)


def is_tensor(x):
    return isinstance(x, (tf.Tensor, tf.Variable))


def dtype(x):
    """The dtype of `x` as Keras' string name."""
    return standardize_dtype(_t(x).dtype)


def shape(x):
    """The static shape of `x` as a tuple (None for unknown dimensions)."""
    return tuple(_t(x).shape)


def saturate_cast(x, dtype):
    """Casts, clamping values to the target dtype's range first (no wrap-around)."""
    x, target = _t(x), tf.as_dtype(standardize_dtype(dtype))
    if target.is_integer and (x.dtype.is_floating or x.dtype.size > target.size or x.dtype.min < target.min):
        low = float(target.min) if x.dtype.is_floating else target.min
        high = float(target.max) if x.dtype.is_floating else target.max
        if not x.dtype.is_floating:
            low, high = max(low, x.dtype.min), min(high, x.dtype.max)
        x = tf.clip_by_value(x, tf.cast(low, x.dtype), tf.cast(high, x.dtype))
    return tf.cast(x, target)


def cond(pred, true_fn, false_fn):
    return tf.cond(pred, true_fn, false_fn)


def switch(index, branches, *operands):
    """Runs `branches[index](*operands)`; the index is clamped to the valid range, as Keras does."""
    index = tf.clip_by_value(tf.cast(_t(index), "int32"), 0, len(branches) - 1)
    return tf.switch_case(index, [lambda b=b: b(*operands) for b in branches])


def while_loop(cond, body, loop_vars, maximum_iterations=None):
    """`loop_vars` after `body` repeats while `cond` holds (tuples are passed unpacked, as Keras does)."""
    is_tuple = isinstance(loop_vars, (tuple, list))
    state = tuple(loop_vars) if is_tuple else (loop_vars,)

    def wrapped_cond(*args):
        return cond(*args)

    def wrapped_body(*args):
        out = body(*args)
        return tuple(out) if isinstance(out, (tuple, list)) else (out,)
    out = tf.while_loop(wrapped_cond, wrapped_body, state, maximum_iterations=maximum_iterations)
    out = tuple(out) if isinstance(out, (tuple, list)) else (out,)
    return out if is_tuple else out[0]


def fori_loop(lower, upper, body_fun, init_val):
    """`init_val` after `body_fun(i, value)` for i in [lower, upper)."""
    def body(i, value):
        return i + 1, body_fun(i, value)
    return tf.while_loop(lambda i, value: i < upper, body, (tf.constant(lower), init_val))[1]


def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    """JAX's scan: carry, y = f(carry, x) over the leading axis of `xs`; returns (carry, stacked ys)."""
    if xs is None:
        steps = [None] * int(length)
    else:
        leaves = tf.nest.flatten(xs)
        n = int(_t(leaves[0]).shape[0])
        steps = [tf.nest.pack_sequence_as(xs, [_t(leaf)[i] for leaf in leaves]) for i in range(n)]
    order = range(len(steps) - 1, -1, -1) if reverse else range(len(steps))
    carry, ys = init, [None] * len(steps)
    for i in order:
        carry, ys[i] = f(carry, steps[i])
    if not steps or ys[0] is None:
        return carry, None
    return carry, tf.nest.map_structure(lambda *parts: tf.stack(parts), *ys)


def associative_scan(f, elems, reverse=False, axis=0):
    """Inclusive scan of the associative `f` along `axis` (sequential here; results are the same)."""
    leaves = [_t(leaf) for leaf in tf.nest.flatten(elems)]
    n = int(leaves[0].shape[axis])
    index = range(n - 1, -1, -1) if reverse else range(n)
    out, carry = [None] * n, None
    for i in index:
        item = tf.nest.pack_sequence_as(elems, [tf.gather(leaf, i, axis=axis) for leaf in leaves])
        carry = item if carry is None else f(carry, item)
        out[i] = carry
    return tf.nest.map_structure(lambda *parts: tf.stack(parts, axis=axis), *out)


def map(f, xs):
    """`f` applied to each slice of `xs` along its leading axis, stacked."""
    return scan(lambda carry, x: (carry, f(x)), None, xs)[1]


def vectorized_map(function, elements):
    return map(function, elements)


def stop_gradient(variable):
    return tf.stop_gradient(variable)


def custom_gradient(f):
    return tf.custom_gradient(f)


def scatter(indices, values, shape):
    """A zero tensor of `shape` with `values` added at `indices` (duplicates accumulate)."""
    values = _t(values)
    return tf.scatter_nd(tf.cast(_t(indices), "int32"), values, [int(s) for s in shape])


def scatter_update(inputs, indices, updates, reduction=None):
    """`inputs` with the elements at `indices` replaced by `updates` (or combined by `reduction`)."""
    inputs, updates = _t(inputs), _t(updates)
    indices = tf.cast(_t(indices), "int32")
    if reduction is None:
        return tf.tensor_scatter_nd_update(inputs, indices, tf.cast(updates, inputs.dtype))
    if reduction == "add":
        return tf.tensor_scatter_nd_add(inputs, indices, tf.cast(updates, inputs.dtype))
    raise ValueError(f"scatter_update: reduction must be None or 'add'. Received: reduction={reduction!r}.")


def slice(inputs, start_indices, shape):
    return tf.slice(_t(inputs), [int(s) for s in start_indices], [int(s) for s in shape])


def slice_update(inputs, start_indices, updates):
    """`inputs` with the block starting at `start_indices` replaced by `updates`."""
    inputs, updates = _t(inputs), _t(updates)
    grids = np.meshgrid(*[np.arange(int(s), int(s) + n) for s, n in zip(start_indices, updates.shape)], indexing="ij")
    indices = np.stack([g.ravel() for g in grids], axis=-1).astype(np.int32)
    return tf.tensor_scatter_nd_update(inputs, indices, tf.reshape(tf.cast(updates, inputs.dtype), [-1]))


def unstack(x, num=None, axis=0):
    return tf.unstack(_t(x), num=num, axis=axis)
