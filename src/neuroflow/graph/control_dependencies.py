"""Ordering in graphs: `tf.control_dependencies`, `tf.group`, `tf.no_op` and `tf.tuple`.

In a graph, an op runs only when something fetched needs it. `with tf.control_dependencies(ops):`
makes every op created inside the block need `ops` first; `tf.group(*ops)` is one op that needs
them all; `tf.tuple(tensors, control_inputs)` returns the tensors gated on the inputs.
Executing eagerly every op runs at once, so these do nothing (callables passed to
`control_dependencies` are called, as TensorFlow does).

>>> import neuroflow as tf
>>> g = tf.Graph()
>>> with g.as_default():
...     v = tf.Variable(0.0)
...     update = v.assign_add(1.0)
...     with tf.control_dependencies([update]):
...         read = tf.identity(v)
>>> sess = tf.compat.v1.Session(graph=g)
>>> _ = sess.run(v.initializer)
>>> sess.run(read), sess.run(read)      # each fetch of `read` runs `update` first
(np.float32(1.0), np.float32(2.0))
"""
import builtins
import contextlib

from ..framework import nest
from ..ops.array_ops import identity
from ..ops.registry import state

__all__ = ["control_dependencies", "group", "no_op", "tuple", "NOOP"]


class _NoOp:
    """The op of `tf.group`/`tf.no_op` nodes: nothing to compute, only what it needs to run first."""
    name = "NoOp"
    grad = None
    view = False


NOOP = _NoOp()


def control_dependencies(control_inputs):
    """A context manager: ops created inside it run only after `control_inputs` have run.

    Args:
        control_inputs: operations or tensors (None clears the dependencies of enclosing
            blocks). Executing eagerly, callables among them are called and the rest ignored.

    Returns:
        A context manager.
    """
    graph = state.graph
    if graph is None:
        for item in control_inputs or ():
            if callable(item) and not hasattr(item, "_dtype"):
                item()
        return contextlib.nullcontext()
    return graph.control_dependencies(None if control_inputs is None else nest.flatten(list(control_inputs)))


def group(*inputs, name=None):
    """An operation that runs all `inputs` (operations or tensors) and outputs nothing.

    Executing eagerly everything has already run: returns None.
    """
    graph = state.graph
    if graph is None:
        return None
    with graph.control_dependencies(nest.flatten(list(inputs))):
        return graph.add_node(NOOP, [], {}, (), name or "NoOp")


def no_op(name=None):
    """An operation that does nothing (useful with control dependencies)."""
    return group(name=name)


def tuple(tensors, control_inputs=None, name=None):  # noqa: A001 - TensorFlow's name
    """`tensors` gated on each other and on `control_inputs`: fetching any of the results runs all.

    >>> import neuroflow as tf
    >>> tf.tuple([tf.constant(1), tf.constant(2)])   # eagerly: the tensors themselves
    [<tf.Tensor: shape=(), dtype=int32, numpy=1>, <tf.Tensor: shape=(), dtype=int32, numpy=2>]

    Raises:
        ValueError: if `tensors` holds no tensor.
    """
    if not any(t is not None for t in tensors):
        raise ValueError(f"tf.tuple: `tensors` must contain at least one Tensor, got {list(tensors)!r}.")
    if control_inputs is not None and not isinstance(control_inputs, (list, builtins.tuple)):
        raise TypeError(f"tf.tuple: `control_inputs` must be a list of operations or tensors, got "
                        f"{type(control_inputs).__name__}.")
    if state.graph is None:
        return list(tensors)
    gate = group(*[t for t in tensors if t is not None], *(control_inputs or ()))
    with control_dependencies([gate]):
        return [None if t is None else identity(t) for t in tensors]
