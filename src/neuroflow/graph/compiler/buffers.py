"""Buffer planning: results of instructions go into arrays allocated once, reused across steps.

Each value an instruction can write with `out=` gets a preallocated buffer of its shape
and dtype. A buffer is free again after the last use of every value living in it
(views such as reshapes keep their base alive), so one buffer serves many values, and
elementwise ops whose input dies with them write in place. Values the program
returns, and anything they view, always get fresh arrays: callers keep those. So do values
whose shape varies between runs (an unknown batch size, the result of `tf.boolean_mask`):
only static shapes that are known equal share memory.
"""
import collections

from .ir import is_static
from .templates import ELEMENTWISE, OUT_TEMPLATES

__all__ = ["run", "Buffer"]

_VIEW_OPS = {"Reshape", "Transpose", "BroadcastTo", "StopGradient"}


class Buffer:
    """One preallocated array; `name` is given by the lowering."""

    __slots__ = ("array", "base", "name")

    def __init__(self, array, base):
        self.array, self.base, self.name = array, base, None


def _writes_out(instr):
    emit = getattr(instr.op, "emit", None)
    return (instr.op.name in OUT_TEMPLATES or emit is not None) and len(instr.outputs) == 1 and instr.single


def _views(instr):
    return instr.op.name in _VIEW_OPS or getattr(instr.op, "view", False)


def run(program):
    xp = program.xp
    root = {}      # id(value) -> the value whose memory it views
    for instr in program.instrs:
        if _views(instr) and instr.inputs:
            base = root.get(id(instr.inputs[0]), instr.inputs[0])
            for v in instr.outputs:
                root[id(v)] = base
    last = {}
    for i, instr in enumerate(program.instrs):
        for v in instr.inputs:
            last[id(root.get(id(v), v))] = i
    returned = {id(root.get(id(v), v)) for v in program.results}
    free = collections.defaultdict(list)
    for i, instr in enumerate(program.instrs):
        dying = {id(b): b for b in (root.get(id(v), v) for v in instr.inputs)
                 if b.buffer is not None and last.get(id(b)) == i}.values()
        if instr.op.name in ELEMENTWISE:  # ufuncs may write over an input that dies here
            _release(dying, free)
            dying = ()
        if _writes_out(instr):
            out = instr.outputs[0]
            if id(out) not in returned and id(out) in last and is_static(out.shape):
                key = (out.shape, str(out.dtype))
                out.buffer = free[key].pop() if free[key] else Buffer(xp.empty(out.shape, out.dtype), "buffer")
        _release(dying, free)
    return program


def _release(values, free):
    for v in values:
        free[(v.shape, str(v.dtype))].append(v.buffer)
