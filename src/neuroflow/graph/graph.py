"""`Graph`: operations (nodes) connected by tensors (edges), in program order.

A graph is what tracing a `tf.function`, or building a `compat.v1` model, produces: every
op called while the graph is the default one adds a node instead of computing a value.
Nodes are kept in the order the program ran them, so stateful nodes (variable
assignments, `tf.print`) keep their order when the graph runs.

>>> import neuroflow as tf
>>> g = tf.Graph()
>>> with g.as_default():
...     x = tf.compat.v1.placeholder(tf.float32, shape=[None, 2], name="x")
...     y = tf.nn.relu(x * 2.0)
>>> y
<tf.Tensor 'Relu:0' shape=(None, 2) dtype=float32>
>>> [op.type for op in g.get_operations()]
['Placeholder', 'Const', 'Mul', 'Relu']
>>> print(g)
graph
  x = Placeholder() -> float32(None, 2)
  Const = Const() -> float32()
  mul = Mul(x, Const) -> float32(None, 2)
  Relu = Relu(mul) -> float32(None, 2)
"""
import contextlib
import sys

from .. import backend
from ..framework import dtypes
from ..framework.name_scope import current_scope
from ..framework.tensor_shape import TensorShape
from ..framework.variable import Variable
from ..ops.registry import state
from . import variable_ops
from .shape_inference import infer, widened
from .symbolic import SymbolicTensor, stand_in
from .default_session import default_session

__all__ = ["Graph", "Node", "as_node", "release_value", "is_stateful", "STATEFUL_OPS", "PLACEHOLDER", "CONST",
           "concrete_attrs"]

# Ops with effects beyond their outputs: never folded, merged or removed.
STATEFUL_OPS = {"AssignVariableOp", "AssignAddVariableOp", "AssignSubVariableOp", "PrintV2"}

_ASSIGN_TYPES = ("AssignVariableOp", "AssignAddVariableOp", "AssignSubVariableOp")

# TensorFlow's default node names for the ops Python operators create.
_NODE_NAMES = {"AddV2": "add", "Sub": "sub", "Mul": "mul", "RealDiv": "truediv", "FloorDiv": "floordiv",
               "FloorMod": "mod", "Pow": "pow", "Neg": "Neg"}


# While a function is traced from real arguments, outputs holding at least this many bytes are
# watched, and their arrays released once nothing outside the graph can read them. The watched
# outputs are checked when their bytes have grown by a quarter and at least _CHECK_BYTES since the
# last check, so a trace whose arrays all stay reachable (a tape holds them) checks O(log n) times.
_RELEASE_BYTES = 1 << 18
_CHECK_BYTES = 1 << 25
# References a watched output has when only the graph holds it: its node's `outputs`, the watch
# entry, the loop's name for it and `sys.getrefcount`'s argument (plus one per node reading it).
_GRAPH_ONLY_REFERENCES = 4
_REFCOUNTS = sys.implementation.name == "cpython"


def is_stateful(op):
    """True for ops whose effect is not just their outputs (assignments, printing, random draws)."""
    name = op.name
    return name in STATEFUL_OPS or getattr(op, "stateful", False)  # random draws declare stateful=True


class _Placeholder:
    """The op of graph inputs: fed a value when the graph runs."""
    name = "Placeholder"
    grad = None
    view = False


class _Const:
    """The op of constants captured by a graph."""
    name = "Const"
    grad = None
    view = False


PLACEHOLDER, CONST = _Placeholder(), _Const()


class Node:
    """One operation of a graph: `op` applied to `inputs` (tensors or variables) with `attrs`.

    TensorFlow calls these `tf.Operation`: `.type` is the op's name (`"MatMul"`), `.name`
    the node's unique name in its graph, `.outputs` its symbolic result tensors.
    """

    __slots__ = ("op", "name", "inputs", "attrs", "outputs", "value", "single", "control_inputs", "scope",
                 "__weakref__")

    def __init__(self, op, name, inputs, attrs):
        self.op, self.name, self.inputs, self.attrs = op, name, inputs, attrs
        self.scope = current_scope()  # the tf.name_scope it was built in ('dense/'): GraphDefs group by it
        self.outputs = ()
        self.value = None    # the array of a Const node
        self.single = True   # whether the op's forward returns one array (else a tuple)
        self.control_inputs = ()  # nodes that must run first (compat.v1 `group`)

    @property
    def type(self):
        return self.op.name

    @property
    def graph(self):
        return self.outputs[0]._graph if self.outputs else None

    def run(self, feed_dict=None, session=None):
        """Runs this operation in `session` (default: the default compat.v1 session)."""
        (session or default_session()).run(self, feed_dict)

    def __repr__(self):
        return f"<tf.Operation '{self.name}' type={self.type}>"


def release_value(tensor):
    """Replaces the array a trace computed for `tensor` by a zero-memory stand-in of its shape and dtype."""
    value = tensor._value
    if value.strides and any(value.strides):
        tensor._value = stand_in(value.shape, tensor._dtype, backend.array_module(value))


def as_node(x):
    """The graph node of an operation or a symbolic tensor (None for anything else)."""
    if isinstance(x, Node):
        return x
    node = getattr(x, "_node", None)
    return node if isinstance(node, Node) else None


def _input_name(x):
    return x.name[:-2] if isinstance(x, Variable) else (x._node.name if x._index == 0 else x.name)


class Graph:
    """A data-flow graph: nodes (operations) whose edges are symbolic tensors.

    Use `g.as_default()` to add ops to it (`compat.v1` style); `tf.function` builds one
    per trace. `get_operations()` lists the nodes in program order; `print(g)` shows them.
    """

    def __init__(self, name="graph", outer=None):
        self.name = name
        self.outer = outer              # the enclosing graph of a control-flow branch
        self.nodes = []
        self.inputs = []                # placeholders, in argument order
        self.outputs = []               # the tensors a function graph returns
        self.captures = {}              # id(outer tensor) -> (outer tensor, inner placeholder)
        self.variables = {}             # id -> every variable the graph reads or writes
        self.created_variables = []     # variables created while this graph was default
        self.building_function = False  # True for tf.function traces, False for compat.v1 graphs
        self.initializers = {}          # id(variable created here) -> its initial value
        self._consts = {}               # id(eager tensor) -> (tensor, its Const output)
        self._control = []              # open control_dependencies blocks: lists of nodes, None = cleared
        self._names = {}
        self._version = 0               # bumped by each change, so cached programs see edits
        self._watched = {}              # id(output) -> [output holding a large array, nodes reading it]
        self._watched_bytes = [0, _CHECK_BYTES]   # the watched arrays' bytes; the bytes that trigger a check

    # --- building -------------------------------------------------------------------
    def unique_name(self, base):
        """`base`, or `base_1`, `base_2`, ... if taken (TensorFlow's naming)."""
        count = self._names.get(base)
        self._names[base] = 0 if count is None else count + 1
        if count is None:
            return base
        name = f"{base}_{count + 1}"
        return name if name not in self._names else self.unique_name(name)

    def add_node(self, op, inputs, attrs, values, name=None, shapes=None, alts=None):
        """Appends a node whose outputs have stand-in `values` (arrays); returns the node."""
        node = Node(op, self.unique_name(name or _NODE_NAMES.get(op.name, op.name)), inputs, attrs)
        if self._control:
            node.control_inputs = self._current_control()
        if shapes is None:   # static shapes are the stand-ins' shapes
            shapes = alts = (None,) * len(values)
        else:                # where some size is unknown, a second stand-in differing in it
            alts = tuple(widened(v, s) if a is None and s is not None and s.rank == v.ndim and
                         not s.is_fully_defined() else a
                         for v, s, a in zip(values, shapes, alts or (None,) * len(values)))
        node.outputs = tuple(SymbolicTensor(self, node, i, v, dtypes.from_numpy(v.dtype), s, a)
                             for i, (v, s, a) in enumerate(zip(values, shapes, alts)))
        self.nodes.append(node)
        self._version += 1
        if self.building_function and _REFCOUNTS:
            self._release_unreachable(node)
        return node

    def _release_unreachable(self, node):
        """Frees the arrays a trace computed for outputs no Python code can pass to an op any more.

        A trace from real arguments runs every op on real arrays (see `shape_inference`); kept
        until the trace ends, a deep network's would all be alive at once. An output that only
        the graph's own nodes still reference (CPython's reference count tells) can never be an
        op's input again, so its array is replaced by its stand-in at once, as `tracing.release_values`
        does for every output when the trace ends.
        """
        watched = self._watched
        for x in node.inputs:
            entry = watched.get(id(x))
            if entry is not None:
                entry[1] += 1
        large = [t for t in node.outputs if getattr(t._value, "nbytes", 0) >= _RELEASE_BYTES and any(t._value.strides)]
        if not large:
            return
        size = self._watched_bytes
        size[0] += sum(t._value.nbytes for t in large)
        if size[0] >= size[1]:
            for key, entry in list(watched.items()):
                tensor = entry[0]
                if sys.getrefcount(tensor) == _GRAPH_ONLY_REFERENCES + entry[1]:
                    size[0] -= tensor._value.nbytes
                    release_value(tensor)
                    del watched[key]
            size[1] = size[0] + max(_CHECK_BYTES, size[0] // 4)
        for t in large:
            watched[id(t)] = [t, 0]

    def placeholder(self, dtype, shape, name="Placeholder", value=None, alt=None):
        """A graph input of `dtype` and `shape`; `value` is the array it traces with, if known.

        Where `shape` has unknown dimensions, `alt` is a second stand-in differing in them
        (see `shape_inference`); by default, `value` widened there.
        """
        dtype = dtypes.as_dtype(dtype)
        shape = TensorShape(shape)
        if value is None:
            value = stand_in(shape.as_list() if shape.rank is not None else [], dtype)
        if alt is None and shape.rank is not None and not shape.is_fully_defined() and value.ndim == shape.rank:
            alt = widened(value, shape)
        node = Node(PLACEHOLDER, self.unique_name(name), [], {"dtype": dtype, "shape": shape})
        node.outputs = (SymbolicTensor(self, node, 0, value, dtype, shape, alt),)
        self.nodes.append(node)
        self.inputs.append(node.outputs[0])
        self._version += 1
        return node.outputs[0]

    def constant(self, tensor):
        """The Const node output holding eager `tensor` (one node per captured tensor)."""
        entry = self._consts.get(id(tensor))
        if entry is not None:
            return entry[1]
        node = Node(CONST, self.unique_name("Const"), [], {"dtype": tensor._dtype})
        node.value = tensor._value
        node.outputs = (SymbolicTensor(self, node, 0, tensor._value, tensor._dtype),)
        self.nodes.append(node)
        self._consts[id(tensor)] = (tensor, node.outputs[0])
        self._version += 1
        return node.outputs[0]

    def capture(self, tensor):
        """`tensor` as an input of this graph: itself, a Const, a variable, or a captured placeholder."""
        if isinstance(tensor, SymbolicTensor):
            if tensor._graph is self:
                return tensor
            entry = self.captures.get(id(tensor))
            if entry is None:
                if self.outer is None:
                    raise ValueError(
                        f"Tensor {tensor.name} belongs to another graph ({tensor._graph.name}) and "
                        f"cannot be used in graph {self.name}. Build all ops of a computation in the "
                        "same graph (inside one `with graph.as_default():` block or one tf.function).")
                if tensor._graph is not self.outer:
                    self.outer.capture(tensor)
                inner = self.placeholder(tensor._dtype, tensor._shape, "capture", tensor._value, tensor._alt)
                self.inputs.pop()  # captures are not arguments
                entry = self.captures[id(tensor)] = (tensor, inner)
            return entry[1]
        if isinstance(tensor, Variable):
            self.variables.setdefault(id(tensor), tensor)
            return tensor
        return self.constant(tensor)

    def add_op(self, op, inputs, attrs):
        """Adds a node running registry `op`; returns its output(s) as eager execution would."""
        captured = [self.capture(x) for x in inputs]
        if op.name in STATEFUL_OPS:
            values, single, shapes, alts = (), False, None, None
        else:
            # A random op infers its shapes on a copy of its generator: tracing draws nothing.
            infer_attrs = {k: v.inference_copy() if hasattr(v, "inference_copy") else v for k, v in attrs.items()} \
                if getattr(op, "stateful", False) else attrs
            (values, single), shapes, alts = infer(op, captured, infer_attrs)
            attrs = _rank_polymorphic(captured, attrs)
        return self.add_recorded(op, captured, attrs, values, single, shapes, alts, inputs)

    def add_recorded(self, op, inputs, attrs, values, single, shapes=None, alts=None, recorded=None):
        """Appends a node for captured `inputs` and records it on active tapes; returns its outputs.

        Tapes record the `recorded` inputs (the tensors as the caller passed them, before
        capturing), so the tensors a tape watches are the ones it finds.
        """
        node = self.add_node(op, inputs, attrs, values, shapes=shapes, alts=alts)
        node.single = single
        outputs = node.outputs
        if state.tapes and op.grad is not None:
            for tape in state.tapes:
                tape._record(op, recorded if recorded is not None else inputs, attrs, outputs)
        return outputs[0] if single else outputs

    # --- ordering ----------------------------------------------------------------------
    @contextlib.contextmanager
    def control_dependencies(self, control_inputs):
        """Context manager: ops created inside run only after `control_inputs` (ops or tensors).

        A variable stands for its latest assignment (`v.assign_add(1.0)` returns `v`); eager
        values have already been computed and are skipped. `None` clears the dependencies of
        the enclosing blocks for the ops inside.
        """
        if control_inputs is None:
            block = None
        else:
            block = []
            for item in control_inputs:
                node = as_node(item) if not isinstance(item, Variable) else self._last_assignment(item)
                if node is None:
                    if hasattr(item, "_dtype"):
                        continue  # an eager value has already been computed
                    raise TypeError(f"Control input must be an Operation or a Tensor: {item!r}.")
                block.append(node)
        self._control.append(block)
        try:
            yield
        finally:
            self._control.pop()

    def _last_assignment(self, variable):
        """The latest node assigning `variable`: what `v.assign*()`, which returns `v`, stands for."""
        for node in reversed(self.nodes):
            if node.type in _ASSIGN_TYPES and node.inputs and node.inputs[0] is variable:
                return node
        return None

    def _current_control(self):
        nodes = []
        for block in reversed(self._control):
            if block is None:
                break
            nodes[:0] = block
        return tuple(dict.fromkeys(nodes))

    # --- variables ---------------------------------------------------------------------
    def read_variable(self, variable):
        """`variable.read_value()` while this graph is built: a node reading it in program order."""
        return variable_ops.read_variable(variable)

    def assign_variable(self, variable, value, method):
        """`variable.assign*(value)` while this graph is built: an in-place assignment node."""
        return variable_ops.assign_variable(variable, value, method)

    def initial_value(self, value):
        """(value now, initializer to record) for a variable created while this graph is built.

        Initial values are computed eagerly at once (TensorFlow's `init_scope`), so creating a
        variable inside a tf.function, e.g. a Keras layer building its weights, works.
        """
        from .replay import evaluate, outside_graph
        if callable(value) or isinstance(value, Variable):
            with outside_graph():
                value = value() if callable(value) else value.read_value()
        if isinstance(value, SymbolicTensor):
            return evaluate(value, "The initial value of a tf.Variable created in a graph"), value
        return value, value

    def variable_created(self, variable, initializer):
        """Records a variable created while this graph was built (and how to initialize it)."""
        self.created_variables.append(variable)
        self.initializers[id(variable)] = initializer

    def run_in_session(self, fetch, feed_dict=None, session=None):
        """`fetch`'s value in `session` (default: the default compat.v1 session): `Variable.eval`."""
        return (session or default_session()).run(fetch, feed_dict)

    # --- default graph ---------------------------------------------------------------
    @contextlib.contextmanager
    def as_default(self):
        """Context manager making this the graph that ops are added to."""
        saved_graph, saved_tapes = state.graph, state.tapes
        state.graph, state.tapes = self, []
        try:
            yield self
        finally:
            state.graph, state.tapes = saved_graph, saved_tapes

    # --- reading ---------------------------------------------------------------------
    def get_operations(self):
        """The nodes, in the order they were added."""
        return list(self.nodes)

    def get_operation_by_name(self, name):
        for node in self.nodes:
            if node.name == name:
                return node
        raise KeyError(f"The name {name!r} refers to an Operation not in the graph.")

    def get_tensor_by_name(self, name):
        op_name, _, index = name.partition(":")
        node = self.get_operation_by_name(op_name)
        return node.outputs[int(index or 0)]

    def as_graph_def(self):
        """A `GraphDef`-like listing: `.node` holds one entry per node (name, op, input, attr)."""
        return GraphDef([NodeDef(n.name, n.type, [_input_name(x) for x in n.inputs],
                                 {k: v for k, v in n.attrs.items() if not isinstance(v, (list, tuple))
                                  or all(not isinstance(i, Graph) for i in v)})
                         for n in self.nodes])

    def __str__(self):
        lines = [self.name]
        for n in self.nodes:
            args = ", ".join(_input_name(x) for x in n.inputs)
            attrs = ", ".join(f"{k}={_attr_text(v)}" for k, v in n.attrs.items()
                              if n.type not in ("Placeholder", "Const"))
            outs = ", ".join(f"{t._dtype.name}{_shape_text(t._shape)}" for t in n.outputs)
            text = f"  {n.name} = {n.type}({args}{', ' if args and attrs else ''}{attrs})"
            lines.append(text + (f" -> {outs}" if outs else ""))
        return "\n".join(lines)

    def __repr__(self):
        return f"<neuroflow Graph {self.name!r} with {len(self.nodes)} ops>"

    def to_dot(self):
        """The graph in Graphviz's DOT language: nodes are operations, edges are tensors."""
        from .visualize import to_dot
        return to_dot(self)

    def to_svg(self):
        """The graph drawn as SVG (needs Graphviz's `dot` program)."""
        from .visualize import to_svg
        return to_svg(self)


class _AllAxes:
    """The `axis` of a reduction over every axis of a tensor whose rank is unknown until it is fed."""

    def __repr__(self):
        return "all"


ALL_AXES = _AllAxes()


def _rank_polymorphic(inputs, attrs):
    """`attrs` with an all-axes `axis` marked as such when the input's rank is unknown (compat.v1)."""
    axis = attrs.get("axis")
    if inputs and isinstance(axis, tuple) and isinstance(inputs[0], SymbolicTensor) \
            and inputs[0]._shape.rank is None and axis == tuple(range(inputs[0]._value.ndim)):
        return {**attrs, "axis": ALL_AXES}
    return attrs


def concrete_attrs(attrs, args):
    """`attrs` with `ALL_AXES` resolved against the actual first input."""
    if attrs.get("axis") is ALL_AXES:
        return {**attrs, "axis": tuple(range(args[0].ndim))}
    return attrs


def _shape_text(shape):
    dims = shape.as_list() if shape.rank is not None else None
    return "(unknown)" if dims is None else "(" + ", ".join(str(d) for d in dims) + ")"


def _attr_text(value):
    if isinstance(value, dtypes.DType):
        return value.name
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, Graph) for v in value):
        return "[" + ", ".join(v.name for v in value) + "]"
    if isinstance(value, Graph):
        return value.name
    return repr(value)


class NodeDef:
    """One node of a `GraphDef` listing."""

    __slots__ = ("name", "op", "input", "attr")

    def __init__(self, name, op, input, attr):
        self.name, self.op, self.input, self.attr = name, op, input, attr

    def __repr__(self):
        inputs = "".join(f'\n  input: "{i}"' for i in self.input)
        return f'node {{\n  name: "{self.name}"\n  op: "{self.op}"{inputs}\n}}'


class GraphDef:
    """A listing of a graph's nodes (`graph.as_graph_def()`)."""

    def __init__(self, node):
        self.node = node

    def __repr__(self):
        return "\n".join(repr(n) for n in self.node)

    __str__ = __repr__
