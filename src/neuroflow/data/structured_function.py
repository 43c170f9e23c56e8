"""`StructuredFunction`: a user function given to `map`/`filter`/`scan`, traced once as a graph.

The function is traced with `tf.function` semantics for the dataset's `element_spec`
(symbolic tensors: Python control flow on a tensor raises TensorFlow's
`OperatorNotAllowedInGraphError`; `print` runs once, at trace time). Elements then run
through the graph without touching the eager/tracing state, so worker threads never see a
graph that another thread is tracing:

- when every input shape is known, through the compiled NumPy program (each running call
  holds its own copy, because a compiled program reuses its buffers across calls: copies
  are kept and reused by whichever thread runs next);
- otherwise through the graph's ops one by one, which works for every actual shape.

>>> import neuroflow as tf
>>> from neuroflow.data.structured_function import StructuredFunction
>>> f = StructuredFunction(lambda x: x * 2, "map", tf.TensorSpec([], tf.int32))
>>> f.output_spec
TensorSpec(shape=(), dtype=tf.int32, name=None)
>>> f.run_flat((tf.constant(4)._value,))
(array(8, dtype=int32),)
"""
import numpy as np

from .. import backend
from ..autograph.conversion import convert
from ..framework import errors, nest
from ..framework.convert import convert_to_tensor
from ..framework.sparse_tensor import SparseTensorSpec
from ..framework.tensor import Tensor
from ..framework.variable import Variable
from ..graph.compiler import compile_graph
from ..graph.graph import CONST, PLACEHOLDER, concrete_attrs
from ..graph.tensor_spec import TensorSpec
from ..graph.tracing import trace
from ..ops.array_ops import stack
from ..ops.registry import state
from .structure import DatasetSpec, RaggedTensorSpec, is_structure

__all__ = ["StructuredFunction", "call_with_element"]


def call_with_element(func, element):
    """TensorFlow's calling convention: a tuple element is spread over the arguments."""
    if type(element) is tuple:
        return func(*element)
    return func(element)


def _as_output(value, top=True):
    """A returned value with its leaves as tensors (tf.data's rule: a returned list becomes a tuple,
    lists inside tuples and dicts are values, converted to one tensor each)."""
    if isinstance(value, list) and top:
        value = tuple(value)
    if isinstance(value, list):  # one tensor; a list holding tensors is stacked, as TensorFlow packs it
        if any(isinstance(v, (Tensor, Variable, list)) for v in value):
            return stack([_as_output(v, False) for v in value])
        return convert_to_tensor(value)
    if isinstance(value, dict):
        return type(value)((k, _as_output(v, False)) for k, v in value.items())
    if isinstance(value, tuple):
        items = [_as_output(v, False) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
    if isinstance(value, Variable):
        return value.read_value()
    return value if isinstance(value, Tensor) else convert_to_tensor(value)


class StructuredFunction:
    """`func` traced for `input_spec`; `run_flat(arrays)` computes one call on flat arrays.

    Args:
        func: the user's Python function.
        transformation: the dataset method's name, for error messages (e.g. "map").
        input_spec: the element spec; a tuple spec is spread over positional arguments.
        extra_args: leading specs passed before the element (e.g. `scan`'s state).
    """

    def __init__(self, func, transformation, input_spec, extra_args=()):
        if not callable(func):
            raise TypeError(f"`{transformation}` expects a callable, received {func!r} "
                            f"(of type {type(func).__name__}).")
        if any(isinstance(s, DatasetSpec) for s in nest.flatten(input_spec)):
            raise TypeError(f"`{transformation}` cannot trace a function of dataset-valued elements "
                            f"({input_spec}); use flat_map or interleave for those.")
        if any(isinstance(s, RaggedTensorSpec) for s in nest.flatten(input_spec)):
            raise TypeError(f"`{transformation}` cannot trace a function of RaggedTensor elements ({input_spec}) "
                            "yet: apply it before ragged_batch, or use padded_batch for dense batches.")
        if any(isinstance(s, SparseTensorSpec) for s in nest.flatten(input_spec)):
            raise TypeError(f"`{transformation}` cannot trace a function of SparseTensor elements ({input_spec}) "
                            "yet: apply it before sparse_batch, or use padded_batch for dense batches.")
        self.transformation = transformation
        args = tuple(extra_args) + (tuple(input_spec) if type(input_spec) is tuple else (input_spec,))
        name = f"Dataset_{transformation}_" + getattr(func, "__name__", "function").replace("<lambda>", "lambda")
        saved_tapes = state.tapes
        state.tapes = []
        try:
            converted = convert(func)   # AutoGraph, as TensorFlow applies it to dataset functions
            concrete = trace(lambda *a: _as_output(converted(*a)), name, args, {})
        finally:
            state.tapes = saved_tapes
        self.graph = concrete.graph
        outputs = concrete.structured_outputs
        self.output_spec = nest.map_structure(lambda t: TensorSpec(t.shape, t.dtype), outputs) \
            if is_structure(outputs) else TensorSpec(outputs.shape, outputs.dtype)
        self._output_dtypes = [s.dtype for s in nest.flatten(self.output_spec)]
        self._output_slots = _output_slots(concrete)
        self._compilable = all(s.is_fully_defined() for s in nest.flatten(args))
        self._programs = []  # idle compiled copies

    def run_flat(self, arrays):
        """The flat output arrays for flat input `arrays`."""
        try:
            if self._compilable:
                try:
                    run = self._programs.pop()  # list.pop/append are atomic: no two threads share a copy
                except IndexError:
                    run = compile_graph(self.graph).run
                try:
                    results = run(*arrays)
                finally:
                    self._programs.append(run)
            else:
                results = _interpret(self.graph, arrays)
        except (ValueError, TypeError, IndexError, ArithmeticError, np.linalg.LinAlgError) as error:
            raise errors.InvalidArgumentError(
                None, self.transformation, f"The `{self.transformation}` function failed on an element: "
                f"{type(error).__name__}: {error}") from error
        if self._output_slots is not None:
            results = [results[i] for i in self._output_slots]
        return tuple(r if type(r) is np.ndarray else np.asarray(r) for r in results)


def _output_slots(concrete):
    """Indices into graph.outputs for each flat output leaf (None when they coincide)."""
    outputs = concrete.graph.outputs
    flat = nest.flatten(concrete.structured_outputs)
    index = {id(t): i for i, t in enumerate(outputs)}
    slots = [index[id(t)] for t in flat]
    return None if slots == list(range(len(outputs))) else slots


def _interpret(graph, arrays):
    """Runs `graph` node by node on arrays, calling each op's forward function (any input shapes)."""
    xp = backend.current_module() if not arrays else backend.array_module(arrays[0])
    env = {id(p): a for p, a in zip(graph.inputs, arrays)}
    for node in graph.nodes:
        if node.op is PLACEHOLDER:
            continue
        if node.op is CONST:
            env[id(node.outputs[0])] = node.value
            continue
        args = [x._value if isinstance(x, Variable) else env[id(x)] for x in node.inputs]
        result = node.op.forward(xp, *args, **concrete_attrs(node.attrs, args))
        results = result if type(result) is tuple else (result,)
        for symbolic, value in zip(node.outputs, results):
            env[id(symbolic)] = value
    return [env[id(t)] for t in graph.outputs]
