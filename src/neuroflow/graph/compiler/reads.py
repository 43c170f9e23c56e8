"""Variable reads without copies: a read of a variable that is not assigned later reads it in place.

`ReadVariableOp` copies so that later assignments cannot change a value already read.
When no assignment to the variable follows in the program and the read is not
returned, the copy is unnecessary and the variable's array is used directly.
"""
__all__ = ["run"]

_ASSIGNS = {"AssignVariableOp", "AssignAddVariableOp", "AssignSubVariableOp"}


def run(program):
    assigned_after = set()
    replaced = {}
    results = {id(v) for v in program.results}
    for instr in reversed(program.instrs):
        if instr.op.name in _ASSIGNS:
            assigned_after.add(id(instr.inputs[0]))
        elif instr.op.name == "ReadVariableOp" and id(instr.inputs[0]) not in assigned_after \
                and id(instr.outputs[0]) not in results:
            replaced[id(instr.outputs[0])] = instr.inputs[0]
    if replaced:
        program.instrs = [i for i in program.instrs if not (i.outputs and id(i.outputs[0]) in replaced)]
        for instr in program.instrs:
            instr.inputs = [replaced.get(id(v), v) for v in instr.inputs]
    return program
