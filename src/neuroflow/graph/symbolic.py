"""`SymbolicTensor`: a tensor in a graph, whose value is known only when the graph runs.

While a `tf.function` is traced (or a `compat.v1` graph is built), ops return symbolic
tensors instead of values. Each is an output of one graph node. It has a static `shape`
(None for sizes known only when the graph runs, see `shape_inference`) and carries a
stand-in array of its dtype, which op wrappers inspect to validate their inputs; during a
trace from real arguments the stand-in holds the values of that first call.

>>> import neuroflow as tf
>>> @tf.function
... def f(x):
...     y = x * 2.0
...     print(y)            # Python's print sees the symbolic tensor, once, while tracing
...     return y
>>> _ = f(tf.constant([1.0, 2.0]))
Tensor("mul:0", shape=(2,), dtype=float32)
"""
import numpy as np

from ..framework.errors import OperatorNotAllowedInGraphError
from ..framework.convert import register_tensor_type
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from .default_session import default_session

__all__ = ["SymbolicTensor", "OperatorNotAllowedInGraphError", "stand_in"]


def stand_in(shape, dtype, xp=np):
    """A zero-memory array of `shape` and `dtype` (unknown dims count as 1)."""
    dims = tuple(1 if d is None else d for d in shape)
    return xp.broadcast_to(xp.zeros((), dtype=dtype.as_numpy_dtype), dims)


_CONTROL_FLOW_HINT = (
    "Its value is only known when the graph runs. Use tf.cond(pred, true_fn, false_fn) for a "
    "tensor-dependent branch and tf.while_loop(cond, body, loop_vars) for a tensor-dependent loop, "
    "or run the function eagerly with tf.config.run_functions_eagerly(True) to debug.")


class SymbolicTensor(Tensor):
    """The output `index` of graph node `node`.

    Attributes:
        graph: the graph the tensor belongs to.
        op: the node (operation) producing it.
        name: `"<node name>:<index>"`, as TensorFlow names graph tensors.
    """

    __slots__ = ("_graph", "_node", "_index", "_shape", "_alt")

    def __init__(self, graph, node, index, value, dtype, shape=None, alt=None):
        self._value = value
        self._dtype = dtype
        self._graph, self._node, self._index = graph, node, index
        self._shape = TensorShape(value.shape) if shape is None else shape
        self._alt = alt  # a second stand-in, only where some dimensions are unknown

    # --- what it is ---------------------------------------------------------------
    @property
    def shape(self):
        return self._shape

    @property
    def graph(self):
        return self._graph

    @property
    def op(self):
        return self._node

    @property
    def name(self):
        return f"{self._node.name}:{self._index}"

    @property
    def device(self):
        return ""

    def set_shape(self, shape):
        """Refines the static shape (unknown dimensions become known)."""
        shape = TensorShape(shape)
        if not self._shape.is_compatible_with(shape):
            raise ValueError(f"Tensor's shape {self._shape} is not compatible with supplied shape {shape}.")
        merged = self._shape.merge_with(shape)
        if merged.rank is not None and self._value.ndim != merged.rank:   # the rank was unknown until now
            self._value = stand_in(merged.as_list(), self._dtype)
            self._alt = None if merged.is_fully_defined() else \
                stand_in([2 if d is None else d for d in merged.as_list()], self._dtype)
        self._shape = merged

    def eval(self, feed_dict=None, session=None):
        """The value in `session` (default: the default compat.v1 session), as a NumPy value."""
        return (session or default_session()).run(self, feed_dict)

    # --- what needs a value ----------------------------------------------------------
    def numpy(self):
        raise NotImplementedError(
            f"numpy() is only available when eager execution is enabled: {self.name} is a symbolic "
            "tensor in a graph. Return it from the tf.function (or fetch it with Session.run) to "
            "get its value, or use tf.print to print it while the graph runs.")

    def __array__(self, dtype=None, copy=None):
        raise NotImplementedError(
            f"Cannot convert a symbolic tf.Tensor ({self.name}) to a numpy array. This error may "
            "indicate that you're trying to pass a Tensor to a NumPy call, which is not supported "
            "inside a tf.function: use the equivalent tf op instead.")

    def __bool__(self):
        raise OperatorNotAllowedInGraphError(
            f"Using a symbolic `tf.Tensor` ({self.name}) as a Python `bool` is not allowed in a "
            f"tf.function. {_CONTROL_FLOW_HINT}")

    def _scalar(self, kind):
        raise OperatorNotAllowedInGraphError(
            f"Cannot convert the symbolic tensor {self.name} to a Python {kind} in a tf.function. "
            f"{_CONTROL_FLOW_HINT}")

    def __index__(self):
        self._scalar("int")

    def __hash__(self):
        if self._graph.building_function:
            raise TypeError("Tensor is unhashable. Instead, use tensor.ref() as the key.")
        return id(self)  # compat.v1 graph tensors key feed_dicts, as in TensorFlow

    def __reduce__(self):
        raise TypeError(f"Cannot pickle the symbolic tensor {self.name}: it has no value.")

    def __str__(self):
        return f'Tensor("{self.name}", shape={self._shape}, dtype={self._dtype.name})'

    def __repr__(self):
        return f"<tf.Tensor '{self.name}' shape={self._shape} dtype={self._dtype.name}>"

    def __format__(self, spec):
        return format(str(self), spec)


register_tensor_type(SymbolicTensor)
