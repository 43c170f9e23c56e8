"""`keras.ops.rearrange`: einops-style axis reshuffling ("b h w c -> b (h w) c").

>>> from neuroflow import keras
>>> x = keras.ops.reshape(keras.ops.arange(24), (2, 3, 4))
>>> keras.ops.rearrange(x, "b h w -> b (w h)").shape
TensorShape([2, 12])
>>> keras.ops.rearrange(keras.ops.ones((6, 5)), "(a b) c -> a c b", a=2).shape
TensorShape([2, 5, 3])
"""
import math
import re

import neuroflow as tf

from .numpy import _t

__all__ = ["rearrange"]

_TOKEN = re.compile(r"\(([^()]*)\)|(\w+)")


def _groups(side, pattern):
    groups = [[name] if name else group.split() for group, name in _TOKEN.findall(side)]
    leftover = _TOKEN.sub("", side).strip()
    if leftover:
        raise ValueError(f"rearrange: cannot parse {leftover!r} in pattern {pattern!r}. Use names and "
                         "parenthesised groups, e.g. 'b h w c -> b (h w) c'.")
    return groups


def rearrange(tensor, pattern, **axes_lengths):
    """Reorders, merges and splits axes as `pattern` says: names on the left label the input's
    axes (a parenthesised group splits one axis, with sizes from `axes_lengths`); the right side
    gives their new order, and a group there merges axes into one."""
    x = _t(tensor)
    left, arrow, right = pattern.partition("->")
    if not arrow:
        raise ValueError(f"rearrange: the pattern needs '->' between input and output axes. Received: {pattern!r}")
    inputs, outputs = _groups(left, pattern), _groups(right, pattern)
    if len(inputs) != x.ndim:
        raise ValueError(f"rearrange: the pattern names {len(inputs)} input axes but the tensor has shape "
                         f"{tuple(x.shape)}.")
    sizes = {}
    for group, dim in zip(inputs, x.shape):
        unknown = [name for name in group if name not in axes_lengths]
        known = math.prod(int(axes_lengths[name]) for name in group if name in axes_lengths)
        if len(unknown) > 1:
            raise ValueError(f"rearrange: cannot infer the sizes of {unknown} in group {group}; pass all but one "
                             "of them as keyword arguments.")
        if dim % known or (not unknown and known != dim):
            raise ValueError(f"rearrange: group {group} of sizes {[axes_lengths.get(n) for n in group]} does not "
                             f"split an axis of size {dim}.")
        sizes.update({name: int(axes_lengths.get(name, dim // known)) for name in group})
    flat_in = [name for group in inputs for name in group]
    flat_out = [name for group in outputs for name in group]
    if sorted(flat_in) != sorted(flat_out):
        raise ValueError(f"rearrange: the output axes {flat_out} must be the input axes {flat_in} in some order.")
    x = tf.reshape(x, [sizes[name] for name in flat_in])
    x = tf.transpose(x, [flat_in.index(name) for name in flat_out])
    return tf.reshape(x, [math.prod(sizes[name] for name in group) for group in outputs])
