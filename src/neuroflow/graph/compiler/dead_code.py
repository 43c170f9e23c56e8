"""Dead-code elimination: drop instructions whose results nothing uses.

Assignments, prints and control flow containing them always stay; everything else
stays only if a result of the program, or a kept instruction, reads its outputs.
"""
from .ir import has_side_effects

__all__ = ["run"]


def run(program):
    live = {id(v) for v in program.results}
    kept = []
    for instr in reversed(program.instrs):
        if has_side_effects(instr) or any(id(v) in live for v in instr.outputs):
            kept.append(instr)
            live.update(id(v) for v in instr.inputs)
    program.instrs = kept[::-1]
    return program
