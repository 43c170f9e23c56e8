"""`Session`: runs parts of a TensorFlow 1 graph — `sess.run(fetches, feed_dict)`.

The lecture's data-flow story: first assemble a graph, then execute it.

>>> import neuroflow as tf
>>> g = tf.compat.v1.Graph()
>>> with g.as_default():
...     a = tf.add(3, 5)
...     x = tf.compat.v1.placeholder(tf.float32, shape=[None])
...     y = x * 2.0
>>> print(a)
Tensor("add:0", shape=(), dtype=int32)
>>> with tf.compat.v1.Session(graph=g) as sess:
...     print(sess.run(a))
...     print(sess.run({"double": y}, feed_dict={x: [1.0, 2.0]}))
8
{'double': array([2., 4.], dtype=float32)}
"""
import numpy as np

from ...framework import errors, nest
from ...framework.tensor import Tensor
from ...framework.tensor_shape import TensorShape
from ...framework.variable import Variable
from ...graph.graph import Node
from ...graph.replay import replay, outside_graph
from ...graph.symbolic import SymbolicTensor
from .graph_mode import get_default_graph
from ...graph.default_session import default_session, push, remove
from .gradients import SPECIAL_OPS

__all__ = ["Session", "InteractiveSession", "default_session"]

class Session:
    """Runs operations and evaluates tensors of a graph.

    Args:
        target, config: accepted for compatibility (everything runs in this process).
        graph: the graph to run (default: the default graph).
    """

    def __init__(self, target="", graph=None, config=None):
        self.graph = graph if graph is not None else get_default_graph()
        self._initialized = set()   # ids of graph variables initialized in this session
        self._closed = False

    # --- running -----------------------------------------------------------------------
    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        """Evaluates `fetches` (a tensor, operation, variable, name, or a list/dict/tuple of them).

        Args:
            fetches: what to compute; operations (such as a training step) return None.
            feed_dict: {placeholder (or any tensor, or its name): value}.

        Returns:
            NumPy values in the structure of `fetches`.
        """
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        flat = [self._resolve(f) for f in nest.flatten(fetches)]
        feeds = self._feeds(feed_dict or {})
        targets = [f for f in flat if isinstance(f, (SymbolicTensor, Node))]
        with outside_graph():
            values = iter(replay(self.graph, feeds, targets, side_effects=False, on_node=self._check_node,
                                 special=SPECIAL_OPS))
            results = []
            for f in flat:
                if isinstance(f, SymbolicTensor):
                    results.append(_numpy(next(values)))
                elif isinstance(f, Variable):
                    self._check_initialized(f)
                    results.append(f.numpy())
                elif isinstance(f, _Constant):
                    results.append(_numpy(f.tensor))
                else:
                    results.append(None)
        if not nest.is_nested(fetches):
            return results[0]
        return nest.pack_sequence_as(fetches, results)

    def _resolve(self, fetch):
        if isinstance(fetch, str):
            return (self.graph.get_tensor_by_name(fetch) if ":" in fetch else
                    self.graph.get_operation_by_name(fetch))
        if isinstance(fetch, (SymbolicTensor, Node)):
            graph = fetch.graph if isinstance(fetch, SymbolicTensor) else _graph_of(fetch, self.graph)
            if graph is not self.graph:
                raise ValueError(
                    f"Fetch argument {fetch!r} cannot be interpreted as a Tensor. ({fetch!r} is not an "
                    f"element of this graph.) Build it in the session's graph, or create the Session "
                    "with `graph=` the graph it belongs to.")
            return fetch
        if isinstance(fetch, Variable):
            return fetch
        if isinstance(fetch, Tensor):
            return _Constant(fetch)
        raise TypeError(f"Fetch argument {fetch!r} has invalid type {type(fetch)}, must be a string or "
                        "Tensor. (Can not convert a {type(fetch).__name__} into a Tensor or Operation.)")

    def _feeds(self, feed_dict):
        feeds = {}
        for key, value in feed_dict.items():
            tensor = self.graph.get_tensor_by_name(key) if isinstance(key, str) else key
            if not isinstance(tensor, SymbolicTensor) or tensor.graph is not self.graph:
                raise TypeError(f"The feed_dict key {key!r} is not a tensor of this session's graph. "
                                "Feed placeholders created in the graph the Session runs.")
            array = np.asarray(value.numpy() if hasattr(value, "numpy") else value,
                               dtype=tensor.dtype.as_numpy_dtype)
            if not tensor.shape.is_compatible_with(TensorShape(array.shape)):
                raise ValueError(f"Cannot feed value of shape {array.shape} for Tensor {tensor.name}, "
                                 f"which has shape {tensor.shape}. Reshape the value to match.")
            feeds[id(tensor)] = Tensor(array, tensor.dtype)
        return feeds

    def _check_node(self, node, env):
        assigns = node.type == "AssignVariableOp"
        for i, x in enumerate(node.inputs):
            if isinstance(x, Variable) and not (assigns and i == 0):
                self._check_initialized(x)
        if assigns:
            self._initialized.add(id(node.inputs[0]))

    def _check_initialized(self, variable):
        if id(variable) in self.graph.initializers and id(variable) not in self._initialized:
            name = variable.name[:-2]
            raise errors.FailedPreconditionError(
                None, name,
                f"Attempting to use uninitialized value {name}. Run the variable initializers first: "
                "sess.run(tf.compat.v1.global_variables_initializer()).")

    # --- lifetime ---------------------------------------------------------------------
    def close(self):
        self._closed = True

    def as_default(self):
        """Context manager making this the session `eval()` and `run()` use."""
        return _AsDefault(self)

    def __enter__(self):
        """Makes this the default session and its graph the default graph (ops inside build it)."""
        self._graph_context = self.graph.as_default()
        self._graph_context.__enter__()
        push(self)
        return self

    def __exit__(self, *exc):
        remove(self)
        self._graph_context.__exit__(*exc)
        self.close()
        return False


class InteractiveSession(Session):
    """A Session that makes itself the default on creation (for shells and notebooks)."""

    def __init__(self, target="", graph=None, config=None):
        super().__init__(target, graph, config)
        push(self)

    def close(self):
        remove(self)
        super().close()


class _AsDefault:
    def __init__(self, session):
        self.session = session

    def __enter__(self):
        push(self.session)
        return self.session

    def __exit__(self, *exc):
        remove(self.session)
        return False


class _Constant:
    """An eager tensor fetched from a session: its value."""

    def __init__(self, tensor):
        self.tensor = tensor


def _graph_of(node, default):
    if node.outputs:
        return node.outputs[0].graph
    for x in node.inputs:
        if isinstance(x, SymbolicTensor):
            return x.graph
    for c in node.control_inputs:
        return _graph_of(c, default)
    return default


def _numpy(value):
    return value.numpy() if hasattr(value, "numpy") else value
