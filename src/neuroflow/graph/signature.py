"""Matching call arguments to a trace: cache keys, and checking tensors against input specs."""
import numpy as np

from ..framework import dtypes
from ..framework.convert import TENSOR_TYPES, convert_to_tensor
from ..framework.tensor import Tensor
from ..framework.variable import Variable
from .tensor_spec import TensorSpec

__all__ = ["is_tensor_argument", "cache_key", "bind_tensors", "shape_text"]


def is_tensor_argument(x):
    """Arguments traced as graph inputs: tensors, NumPy arrays and TensorSpecs (not variables)."""
    return isinstance(x, (Tensor, np.ndarray, TensorSpec))


def _key(x):
    t = type(x)
    if t is Tensor:
        return x._dtype, x._value.shape
    if t is list or t is tuple:
        return t, tuple([_key(i) for i in x])
    if t is float or t is int or t is bool or t is str or x is None:  # Python values, by value
        return t, x
    if t is dict:
        return dict, tuple(sorted(((k, _key(v)) for k, v in x.items()), key=repr))
    if isinstance(x, Variable):
        return Variable, id(x)
    if isinstance(x, Tensor):
        return x._dtype, tuple(x._value.shape)
    if isinstance(x, np.ndarray):
        return dtypes.from_numpy(x.dtype), x.shape
    if isinstance(x, TensorSpec):
        return x.dtype, tuple(x.shape.as_list()) if x.shape.rank is not None else None
    if isinstance(x, tuple) and hasattr(x, "_fields"):
        return t, tuple([_key(i) for i in x])
    try:
        hash(x)
    except TypeError:
        return "id", id(x)
    return t, x


def cache_key(args, kwargs):
    """A hashable key: tensor arguments by dtype and shape, Python values by value (TensorFlow's rule)."""
    if not kwargs:
        return tuple([_key(a) for a in args]), ()
    return tuple([_key(a) for a in args]), tuple(sorted((k, _key(v)) for k, v in kwargs.items()))


def shape_text(shape):
    return "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def bind_tensors(name, placeholders, values):
    """`values` as tensors matching `placeholders`' dtypes and shapes; TypeError when they can't."""
    if len(values) != len(placeholders):
        raise TypeError(
            f"{name}() expects {len(placeholders)} tensor argument(s) "
            f"({', '.join(p._node.name for p in placeholders)}) but received {len(values)}. "
            "Call it with the same arguments as the trace it came from.")
    tensors = []
    for p, v in zip(placeholders, values):
        if not (type(v) in TENSOR_TYPES or isinstance(v, Tensor)):
            try:
                v = convert_to_tensor(v, dtype=p._dtype)
            except (TypeError, ValueError):
                v = convert_to_tensor(v)
        shape = v.shape
        if v._dtype is not p._dtype or not p._shape.is_compatible_with(shape) or \
                (p._shape.rank is not None and shape.rank != p._shape.rank):
            raise TypeError(
                f"Binding inputs to tf.function `{name}` failed: argument `{p._node.name}` must be a "
                f"{p._dtype.name} tensor of shape {p._shape}, but received a {v._dtype.name} tensor of "
                f"shape {shape}. Pass a tensor of that shape and dtype (tf.cast converts dtypes), or "
                "call the tf.function itself, which traces a new graph for new shapes.")
        tensors.append(v)
    return tensors
