"""Lowering: a compiled `Program` becomes straight-line Python source, compiled once.

Each instruction becomes one line: a NumPy call for the ops in `templates`, else a
call of the op's forward function. Constants, variables, forward functions and
preallocated buffers are bound in the function's namespace, so the source reads as
the plain NumPy program the graph computes. A local array is deleted (`del`) right after
the instruction that reads it last: a deep network then holds only the activations still
to be read, not every one it computed until it returns.
"""
import keyword
import re
import warnings

import numpy as np

from ...framework import dtypes
from .templates import TEMPLATES

__all__ = ["lower", "Executable"]

# Compiled programs run NumPy kernels like the eager ops do, and are as silent about
# log(0) or overflow as TensorFlow (see ops/registry.py).
_MODULE = "neuroflow.graph.generated"
warnings.filterwarnings("ignore", category=RuntimeWarning, module=r"neuroflow\.graph\.generated")


class Executable:
    """The compiled program: `run(*arrays)` returns a tuple of result arrays; `source` is its code."""

    def __init__(self, source, namespace, name):
        self.source = source
        self.namespace = namespace
        namespace.setdefault("__name__", _MODULE)  # NumPy's warnings are filtered by this name
        exec(compile(source, f"<neuroflow graph {name}>", "exec"), namespace)  # noqa: S102 - our own source
        self.run = namespace[name]

    def __repr__(self):
        return self.source


class _Namer:
    """Unique Python identifiers for values and namespace entries."""

    def __init__(self):
        self.taken = {"np", "dtypes"}

    def __call__(self, base):
        name = re.sub(r"\W", "_", base) or "v"
        if name[0].isdigit() or keyword.iskeyword(name):
            name = "_" + name
        candidate, i = name, 1
        while candidate in self.taken:
            candidate, i = f"{name}_{i}", i + 1
        self.taken.add(candidate)
        return candidate


def _literal(value):
    """Source text for attribute values that read back exactly, else None."""
    if value is None or isinstance(value, (bool, int, str)):
        return repr(value)
    if isinstance(value, float):
        return repr(value) if np.isfinite(value) else None
    if isinstance(value, (tuple, list)):
        items = [_literal(v) for v in value]
        if None in items:
            return None
        text = ", ".join(items)
        return f"({text},)" if isinstance(value, tuple) and len(items) == 1 else \
            (f"({text})" if isinstance(value, tuple) else f"[{text}]")
    if isinstance(value, dtypes.DType):
        return f"dtypes.{value.name}" if hasattr(dtypes, value.name) else None
    return None


def lower(program):
    """Python source for `program`, compiled into an `Executable`."""
    name = re.sub(r"\W", "_", program.name) or "graph"
    if name[0].isdigit():
        name = "_" + name
    namer = _Namer()
    namer.taken.add(name)
    namespace = {"np": program.xp, "dtypes": dtypes}
    text = {}

    def ref(value):
        if id(value) not in text:
            if value.kind == "const":
                const = namer(value.name)
                namespace[const] = value.const
                text[id(value)] = const
            elif value.buffer is not None:
                buffer = value.buffer
                if buffer.name is None:
                    buffer.name = namer(buffer.base)
                    namespace[buffer.name] = buffer.array
                text[id(value)] = buffer.name
            elif value.kind == "var":
                var = namer("var_" + value.name.rsplit(":", 1)[0])
                namespace[var] = value.var
                text[id(value)] = f"{var}._value"
            else:
                text[id(value)] = namer(value.name)
        return text[id(value)]

    params = [ref(p) for p in program.params]
    lines = [f"def {name}({', '.join(params)}):"]
    dying = _last_reads(program)
    for instr, dead in zip(program.instrs, dying):
        lines.extend("    " + line for line in _lines(instr, ref, namer, namespace))
        if dead:
            lines.append(f"    del {', '.join(ref(v) for v in dead)}")
    results = [ref(v) for v in program.results]
    lines.append(f"    return ({', '.join(results)}{',' if len(results) == 1 else ''})")
    return Executable("\n".join(lines) + "\n", namespace, name)


def _last_reads(program):
    """Per instruction, the local arrays it reads last (or writes and nobody reads): results, parameters,
    constants, variables and preallocated buffers excluded."""
    last = {}
    for i, instr in enumerate(program.instrs):
        for v in (*instr.outputs, *instr.inputs):
            if v.kind == "tmp" and v.buffer is None:
                last[id(v)] = (i, v)
    for v in program.results:
        last.pop(id(v), None)
    dying = [[] for _ in program.instrs]
    for i, v in last.values():
        dying[i].append(v)
    return dying


def _lines(instr, ref, namer, namespace):
    """The source lines of one instruction."""
    ins = [ref(v) for v in instr.inputs]
    outs = [ref(v) for v in instr.outputs]
    emit = getattr(instr.op, "emit", None) or TEMPLATES.get(instr.op.name)
    if emit is not None and len(outs) <= 1 and (instr.single or not outs):
        if outs and instr.outputs[0].buffer is not None:  # outs[0] names the buffer
            return emit(ins, instr.attrs, outs[0]).split("\n")
        code = emit(ins, instr.attrs, None)
        if code is not None:
            if _views_variable(instr):
                code += ".copy()"
            return [f"{outs[0]} = {code}"] if outs else code.split("\n")
    forward = namer(instr.op.name)
    namespace[forward] = instr.op.forward
    kwargs = []
    for key, value in instr.attrs.items():
        literal = _literal(value)
        if literal is None:
            literal = namer(f"{instr.name}_{key}")
            namespace[literal] = value
        kwargs.append(f"{key}={literal}")
    if outs and instr.outputs[0].buffer is not None:  # an op whose forward writes into `out=` (a fused conv)
        return [f"{forward}(np, {', '.join(ins + kwargs)}, out={outs[0]})"]
    call = f"{forward}(np, {', '.join(ins + kwargs)})"
    if _views_variable(instr):
        call = f"_unshared({call})"
        namespace["_unshared"] = _unshared
    if not outs:
        return [call]
    if instr.single:
        return [f"{outs[0]} = {call}"]
    return [f"{', '.join(outs)}{',' if len(outs) == 1 else ''} = {call}"]


_VIEWS = {"Reshape", "Transpose", "BroadcastTo"}


def _views_variable(instr):
    """A view of a variable's array would change when the variable is assigned: copy it (as eager does)."""
    return (instr.op.name in _VIEWS or getattr(instr.op, "view", False)) and \
        any(v.kind == "var" for v in instr.inputs)


def _unshared(out):
    return tuple(o.copy() for o in out) if type(out) is tuple else out.copy()
