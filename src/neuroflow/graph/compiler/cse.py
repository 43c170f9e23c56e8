"""Common-subexpression elimination: an instruction repeating an earlier one reuses its outputs.

Two pure instructions are the same when they apply the same op, with the same
attributes, to the same inputs — where a variable input also counts the assignments
made to it so far, so reads on either side of an update are never merged. Small
constants with equal values count as the same input.
"""
from .ir import is_pure

__all__ = ["run"]

_ASSIGNS = {"AssignVariableOp", "AssignAddVariableOp", "AssignSubVariableOp"}


def _input_key(value, versions):
    if value.kind == "const" and value.const.size <= 64:
        return ("const", str(value.dtype), value.shape, value.const.tobytes())
    return (id(value), versions.get(id(value), 0))


def _attr_key(attrs):
    try:
        key = tuple(sorted(attrs.items()))
        hash(key)
        return key
    except TypeError:
        return tuple(sorted((k, id(v)) for k, v in attrs.items()))


def run(program):
    same = {}       # id(value) -> the earlier value it equals
    seen = {}
    versions = {}   # id(variable value) -> assignments so far
    kept = []
    for instr in program.instrs:
        instr.inputs = [same.get(id(v), v) for v in instr.inputs]
        if instr.op.name in _ASSIGNS:
            target = id(instr.inputs[0])
            versions[target] = versions.get(target, 0) + 1
        if not is_pure(instr):
            kept.append(instr)
            continue
        key = (instr.op.name, id(instr.op), tuple(_input_key(v, versions) for v in instr.inputs),
               _attr_key(instr.attrs))
        earlier = seen.get(key)
        if earlier is None:
            seen[key] = instr
            kept.append(instr)
        else:
            for mine, theirs in zip(instr.outputs, earlier.outputs):
                same[id(mine)] = theirs
    program.instrs = kept
    program.results = [same.get(id(v), v) for v in program.results]
    return program
