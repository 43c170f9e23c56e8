"""`ConcreteFunction`: one trace of a `tf.function`, a graph plus its compiled program.

>>> import neuroflow as tf
>>> @tf.function
... def f(x, y):
...     return tf.nn.relu(x @ y + 1.0)
>>> cf = f.get_concrete_function(tf.TensorSpec([2, 3]), tf.TensorSpec([3, 1]))
>>> cf
<ConcreteFunction f(x, y) -> float32(2, 1)>
>>> [op.type for op in cf.graph.get_operations()]
['Placeholder', 'Placeholder', 'MatMul', 'Const', 'AddV2', 'Relu']
>>> cf(tf.ones([2, 3]), tf.ones([3, 1])).numpy()
array([[4.],
       [4.]], dtype=float32)
"""
from ..framework import nest
from ..framework.convert import convert_to_tensor
from ..framework.tensor import Tensor
from ..framework.variable import Variable
from ..ops.registry import state
from .replay import replay
from .tensor_spec import TensorSpec

__all__ = ["ConcreteFunction", "call_observers"]

# Functions called with each ConcreteFunction that runs compiled (tf.summary.trace_on adds one).
call_observers = []


class ConcreteFunction:
    """A traced graph callable with tensors of its input signature.

    Attributes:
        graph: the `Graph` (`.get_operations()`, `.inputs`, `.outputs`, `print(graph)`).
        structured_outputs: what the Python function returned, with symbolic tensors.
        structured_input_signature: `(args, kwargs)` with `TensorSpec`s for tensor arguments.
    """

    def __init__(self, name, graph, structured_inputs, tensor_positions, structured_outputs):
        self.name = name
        self.graph = graph
        self._structured_inputs = structured_inputs  # (args, kwargs) with placeholders
        self._positions = tensor_positions          # flat indices of the tensor arguments
        self.structured_outputs = structured_outputs
        self._out_template = nest.flatten(structured_outputs)
        self._out_slots = [i for i, x in enumerate(self._out_template) if _is_graph_tensor(x)]
        self._single = len(self._out_template) == 1 and not nest.is_nested(structured_outputs) \
            and self._out_slots == [0]
        self._out_dtypes = [t._dtype for t in graph.outputs]
        # A flat dict of output tensors (e.g. a Keras step's logs): {key: index in the flat
        # outputs}, so each call builds the dict directly instead of re-walking the structure.
        self._out_dict_index = None
        if type(structured_outputs) is dict and len(self._out_slots) == len(structured_outputs) and \
                not any(nest.is_nested(v) for v in structured_outputs.values()):
            self._out_dict_index = nest.pack_sequence_as(structured_outputs, range(len(structured_outputs)))
        self._arity = len(tensor_positions) if tensor_positions == list(range(len(tensor_positions))) \
            and len(nest.flatten(structured_inputs)) == len(tensor_positions) else -1
        self._compiled = None
        self._run = None

    # --- what it is --------------------------------------------------------------------
    @property
    def inputs(self):
        return list(self.graph.inputs)

    @property
    def outputs(self):
        return list(self.graph.outputs)

    @property
    def variables(self):
        return tuple(self.graph.variables.values())

    @property
    def trainable_variables(self):
        return tuple(v for v in self.graph.variables.values() if v.trainable)

    @property
    def structured_input_signature(self):
        return nest.map_structure(_spec_of, self._structured_inputs)

    @property
    def output_shapes(self):
        return nest.map_structure(lambda t: t.shape if _is_graph_tensor(t) else None, self.structured_outputs)

    @property
    def output_dtypes(self):
        return nest.map_structure(lambda t: t.dtype if _is_graph_tensor(t) else None, self.structured_outputs)

    def pretty_printed_signature(self, verbose=True):
        """The signature as text: `f(x: TensorSpec(...), ...) -> ...`."""
        args = ", ".join(f"{p._node.name}: {_spec_of(p)}" for p in self.graph.inputs)
        outs = nest.map_structure(lambda t: _spec_of(t) if _is_graph_tensor(t) else t, self.structured_outputs)
        return f"{self.name}({args}) -> {outs}"

    @property
    def source(self):
        """The Python program this function compiles to (after the graph passes)."""
        return self._program().source

    def __repr__(self):
        args = ", ".join(p._node.name for p in self.graph.inputs)
        outs = ", ".join(f"{t._dtype.name}{tuple(t._shape.as_list()) if t._shape.rank is not None else '(?)'}"
                         .replace(",)", ")") for t in self.graph.outputs)
        return f"<ConcreteFunction {self.name}({args}) -> {outs}>"

    # --- calling -------------------------------------------------------------------------
    def __call__(self, *args, **kwargs):
        leaves = nest.flatten([list(args), kwargs])
        if len(leaves) == len(nest.flatten(self._structured_inputs)):
            tensors = [leaves[i] for i in self._positions]
        else:  # TensorFlow also accepts just the tensor arguments, in order
            tensors = leaves
        return self._call_flat(self._check(tensors))

    def _call_matched(self, args, kwargs):
        """Calls with arguments whose cache key matched this trace: no checks needed."""
        if kwargs or len(args) != self._arity:
            leaves = nest.flatten([list(args), kwargs])
            args = [leaves[i] for i in self._positions]
        return self._call_flat([t if type(t) is Tensor or isinstance(t, Tensor) else convert_to_tensor(t)
                                for t in args])

    def _check(self, tensors):
        from .signature import bind_tensors
        return bind_tensors(self.name, self.graph.inputs, tensors)

    def _call_flat(self, tensors):
        """Runs the graph on tensors matching `graph.inputs`; returns the structured outputs."""
        if state.graph is not None or state.tapes:
            graph = self.graph
            outputs = replay(graph, {id(p): t for p, t in zip(graph.inputs, tensors)}, graph.outputs)
        else:
            if call_observers:  # tf.summary.trace_on collects the graphs that run
                for observe in call_observers:
                    observe(self)
            run = self._run or self._program().run
            arrays = run(*[t._value for t in tensors])
            if self._single:
                return Tensor(arrays[0], self._out_dtypes[0])
            outputs = [Tensor(a, d) for a, d in zip(arrays, self._out_dtypes)]
        if self._single:
            return outputs[0]
        if self._out_dict_index is not None:
            return {key: outputs[i] for key, i in self._out_dict_index.items()}
        flat = list(self._out_template)
        for slot, value in zip(self._out_slots, outputs):
            flat[slot] = value
        return nest.pack_sequence_as(self.structured_outputs, flat)

    def _program(self):
        if self._compiled is None:
            from .compiler import compile_graph
            self._compiled = compile_graph(self.graph)
            self._run = self._compiled.run
        return self._compiled


def _is_graph_tensor(x):
    return hasattr(x, "_node")


def _spec_of(x):
    if _is_graph_tensor(x):
        return TensorSpec(x.shape, x.dtype, x._node.name)
    if isinstance(x, Variable):
        return x
    return x
