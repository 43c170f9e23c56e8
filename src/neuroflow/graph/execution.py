"""Where code runs: `inside_function`, `init_scope` and `get_static_value`.

>>> import neuroflow as tf
>>> @tf.function
... def f():
...     with tf.init_scope():
...         print(tf.executing_eagerly())
...     print(tf.inside_function(), tf.get_static_value(tf.constant(2) * 3))
>>> f()
True
True 6
"""
import contextlib

import numpy as np

from ..framework.context import state
from ..framework.tensor import Tensor
from ..framework.variable import Variable
from .graph import CONST, STATEFUL_OPS, Node, concrete_attrs
from .symbolic import SymbolicTensor

__all__ = ["inside_function", "init_scope", "get_static_value"]


def inside_function():
    """True while a `tf.function` (or a TF1 graph) is being built."""
    return state.graph is not None


@contextlib.contextmanager
def init_scope():
    """Lifts the code inside out of any function being traced: it runs eagerly, once.

    Variables and constants made here are created at trace time and captured by the function,
    as TensorFlow does for initialization code.
    """
    graph, state.graph = state.graph, None
    try:
        yield
    finally:
        state.graph = graph


def get_static_value(tensor, partial=False):
    """The value of `tensor` as a NumPy array when it is known without running a graph, else None.

    Eager tensors give their value; inside a traced function, constants and the stateless ops
    computed only from constants give theirs. Variables give None (their value may change).

    >>> import neuroflow as tf
    >>> print(tf.get_static_value(tf.add(tf.constant(10), 20)))
    30
    >>> print(tf.get_static_value(tf.Variable(30)))
    None
    """
    if isinstance(tensor, Variable):
        return None
    if isinstance(tensor, SymbolicTensor):
        return _folded(tensor, depth=0)
    if isinstance(tensor, Tensor):
        return tensor.numpy()
    return None


def _folded(tensor, depth):
    """The constant value of a symbolic tensor, computed from the constants it depends on."""
    node = tensor._node
    if not isinstance(node, Node) or depth > 64:
        return None
    if node.op is CONST:
        return node.value
    op = node.op
    if getattr(op, "forward", None) is None or op.name in STATEFUL_OPS or getattr(op, "stateful", False):
        return None
    values = []
    for x in node.inputs:
        value = _folded(x, depth + 1) if isinstance(x, SymbolicTensor) else \
            (None if isinstance(x, Variable) else x.numpy())
        if value is None:
            return None
        values.append(value)
    try:
        out = op.forward(np, *values, **concrete_attrs(node.attrs, values))
    except Exception:  # noqa: BLE001 - a value we cannot compute is simply not static
        return None
    return out[tensor._index] if type(out) is tuple else out
