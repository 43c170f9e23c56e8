"""The compiler's view of a graph: values and a straight-line list of instructions.

`from_graph` turns a traced `Graph` into a `Program` that the passes rewrite in place
and `lowering` turns into Python source. Values are graph inputs (`param`), constants
(`const`), variables (`var`) or instruction results (`tmp`).
"""
from ..graph import CONST, PLACEHOLDER, STATEFUL_OPS, is_stateful
from ...framework.variable import Variable

__all__ = ["Value", "Instr", "Program", "from_graph", "has_side_effects", "is_pure", "static_shape", "is_static"]


def static_shape(tensor):
    """A graph tensor's static shape as a tuple (None for unknown dimensions), or None for unknown rank."""
    shape = tensor._shape
    return None if shape.rank is None else tuple(shape.as_list())


def is_static(shape):
    """Whether a value's shape is the same on every run (no unknown dimension)."""
    return shape is not None and None not in shape


class Value:
    """One array in the program: its static shape (None where it varies between runs), dtype
    (NumPy) and where it comes from."""

    __slots__ = ("kind", "name", "shape", "dtype", "const", "var", "buffer")

    def __init__(self, kind, name, shape, dtype, const=None, var=None):
        self.kind, self.name, self.shape, self.dtype = kind, name, shape, dtype
        self.const, self.var = const, var
        self.buffer = None   # set by buffer planning: the name of a preallocated array to write into

    def __repr__(self):
        return f"<{self.kind} {self.name} {self.dtype}{self.shape}>"


class Instr:
    """`outputs = op(*inputs, **attrs)`; `op` is a registry op or a fused pattern."""

    __slots__ = ("op", "inputs", "attrs", "outputs", "name", "single")

    def __init__(self, op, inputs, attrs, outputs, name, single=True):
        self.op, self.inputs, self.attrs, self.outputs, self.name = op, inputs, attrs, outputs, name
        self.single = single  # the op returns one array rather than a tuple

    def __repr__(self):
        return (f"{', '.join(v.name for v in self.outputs) or '_'} = {self.op.name}("
                f"{', '.join(v.name for v in self.inputs)})")


class Program:
    """Parameters, instructions in program order, and the values returned."""

    def __init__(self, name, params, instrs, results, device_module):
        self.name, self.params, self.instrs, self.results = name, params, instrs, results
        self.xp = device_module

    def __repr__(self):
        return "\n".join([f"program {self.name}({', '.join(p.name for p in self.params)})"]
                         + [f"  {i!r}" for i in self.instrs]
                         + [f"  return {', '.join(v.name for v in self.results)}"])


def has_side_effects(instr):
    """Assignments, prints and control flow with those inside: never removed or reordered."""
    return instr.op.name in STATEFUL_OPS or bool(instr.attrs.get("side_effects"))


def is_pure(instr):
    """Same inputs give the same outputs and nothing else happens: safe to fold and merge."""
    return not has_side_effects(instr) and not is_stateful(instr.op)


def from_graph(graph, device_module):
    """The graph as a `Program` (the graph itself is left unchanged)."""
    values = {}
    variables = {}

    def value_of(x):
        if isinstance(x, Variable):
            v = variables.get(id(x))
            if v is None:
                v = variables[id(x)] = Value("var", x.name, tuple(x._value.shape), x._value.dtype, var=x)
            return v
        return values[id(x)]

    params, instrs = [], []
    for node in graph.nodes:
        if node.op is PLACEHOLDER:
            t = node.outputs[0]
            values[id(t)] = v = Value("param", node.name, static_shape(t), t._value.dtype)
            params.append(v)
        elif node.op is CONST:
            t = node.outputs[0]
            values[id(t)] = Value("const", node.name, tuple(node.value.shape), node.value.dtype, const=node.value)
        else:
            outs = []
            for i, t in enumerate(node.outputs):
                name = node.name if len(node.outputs) == 1 else f"{node.name}_{i}"
                values[id(t)] = v = Value("tmp", name, static_shape(t), t._value.dtype)
                outs.append(v)
            instrs.append(Instr(node.op, [value_of(x) for x in node.inputs], dict(node.attrs), outs, node.name,
                                node.single))
    by_placeholder = {id(p): values[id(p)] for p in graph.inputs}
    params = [by_placeholder[id(p)] for p in graph.inputs]
    results = [values[id(t)] for t in graph.outputs]
    return Program(graph.name, params, instrs, results, device_module)
