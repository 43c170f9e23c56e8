"""Tracing: running a Python function once with symbolic inputs to record its graph."""
from ..framework import nest
from ..framework.convert import convert_to_tensor
from ..framework.tensor import Tensor
from ..framework.variable import Variable
from .concrete_function import ConcreteFunction
from .graph import Graph, release_value
from .signature import is_tensor_argument
from .symbolic import SymbolicTensor
from .tensor_spec import TensorSpec

__all__ = ["trace", "graph_output", "release_values"]


def _leaf_names(args, kwargs, arg_names):
    names = []
    for i, arg in enumerate(args):
        base = arg_names[i] if i < len(arg_names) else f"args_{i}"
        names += [base] * len(nest.flatten(arg))
    for key in sorted(kwargs):
        names += [key] * len(nest.flatten(kwargs[key]))
    return names


def _input(graph, leaf, name):
    if isinstance(leaf, TensorSpec):
        return graph.placeholder(leaf.dtype, leaf.shape, leaf.name or name)
    tensor = leaf if isinstance(leaf, Tensor) else convert_to_tensor(leaf)
    return graph.placeholder(tensor._dtype, tensor._value.shape, name, tensor._value)


def graph_output(graph, value):
    """A returned value as a graph output: tensors of `graph`, reads of variables, Const nodes."""
    if isinstance(value, SymbolicTensor):
        return graph.capture(value)
    if isinstance(value, Variable):
        return graph.read_variable(value)
    if isinstance(value, Tensor):
        return graph.constant(value)
    return value


def trace(python_function, name, args, kwargs, arg_names=()):
    """Traces `python_function(*args, **kwargs)` into a new graph; returns its ConcreteFunction.

    Tensor arguments (tensors, NumPy arrays, TensorSpecs) become placeholders; everything
    else (Python values, variables, objects) is passed through unchanged.
    """
    graph = Graph(name)
    graph.building_function = True
    structure = [list(args), dict(kwargs)]
    leaves = nest.flatten(structure)
    names = _leaf_names(args, kwargs, arg_names)
    positions = [i for i, leaf in enumerate(leaves) if is_tensor_argument(leaf)]
    with graph.as_default():
        inputs = [_input(graph, leaf, names[i]) if i in positions else leaf for i, leaf in enumerate(leaves)]
        call_args, call_kwargs = nest.pack_sequence_as(structure, inputs)
        result = python_function(*call_args, **call_kwargs)
        outputs = [graph_output(graph, x) for x in nest.flatten(result)]
    structured = nest.pack_sequence_as(result, outputs) if nest.is_nested(result) else outputs[0]
    graph.outputs = [x for x in outputs if isinstance(x, SymbolicTensor)]
    release_values(graph)
    structured_inputs = nest.pack_sequence_as(structure, inputs)
    return ConcreteFunction(name, graph, (tuple(structured_inputs[0]), structured_inputs[1]), positions,
                            structured)


def release_values(graph):
    """Replaces the values a trace computed by zero-memory stand-ins (only shapes are kept)."""
    graph._watched.clear()
    for node in graph.nodes:
        for t in node.outputs:
            release_value(t)
        for attr in node.attrs.values():
            for sub in attr if isinstance(attr, (list, tuple)) else (attr,):
                if isinstance(sub, Graph):
                    release_values(sub)
