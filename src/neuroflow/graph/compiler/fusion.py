"""Fusion: chains of instructions become one instruction computing in a single array.

A chain starts at any op the templates can write with `out=` (a matmul, an elementwise
op, a softmax) and continues through elementwise ops that alone consume the previous
result and keep its shape and dtype: `MatMul -> AddV2(bias) -> Relu` (a dense layer) or
`Mul -> AddV2 -> Exp`. The fused instruction writes the first result into its output
array and updates it in place for each later step, so a chain of n ops allocates one
array (none after buffer planning) instead of n.
"""
from .templates import ELEMENTWISE, OUT_TEMPLATES, TEMPLATES

__all__ = ["run", "FusedChain"]

_ACC = -1  # a step argument meaning "the chain's running result"


class FusedChain:
    """The op of a fused chain: `steps` of (template op name, attrs, arguments)."""

    grad = None
    view = False
    fused = True

    def __init__(self, steps):
        self.steps = steps
        self.name = "Fused" + "".join(f"_{name}" for name, _, _ in steps)

    def emit(self, ins, attrs, out):
        """In place into `out` when given, else one nested expression."""
        code, lines = None, []
        for name, step_attrs, args in self.steps:
            args = [code if a == _ACC and out is None else out if a == _ACC else ins[a] for a in args]
            if out is None:
                code = TEMPLATES[name](args, step_attrs, None)
            else:
                lines.append(TEMPLATES[name](args, step_attrs, out))
        return code if out is None else "\n".join(lines)

    def forward(self, xp, *arrays, **attrs):
        raise NotImplementedError("fused chains only run as generated source")

    def may_overwrite(self, index):
        """Whether the chain's result may be written over input `index` (see `buffers`): every step is
        elementwise and only the first reads that input, before anything is written."""
        return all(name in ELEMENTWISE for name, _, _ in self.steps) and \
            all(index not in args for _, _, args in self.steps[1:])


def _uses(program):
    counts = {}
    for instr in program.instrs:
        for v in instr.inputs:
            counts[id(v)] = counts.get(id(v), 0) + 1
    for v in program.results:
        counts[id(v)] = counts.get(id(v), 0) + 2  # results must stay visible
    return counts


def _starts_chain(instr):
    return (instr.op.name in OUT_TEMPLATES and len(instr.outputs) == 1 and instr.single
            and TEMPLATES[instr.op.name](["a", "b"], instr.attrs, None) is not None)


def _continues(instr, acc):
    if instr.op.name not in ELEMENTWISE or len(instr.outputs) != 1:
        return False
    out = instr.outputs[0]
    return out.shape == acc.shape and out.dtype == acc.dtype and sum(v is acc for v in instr.inputs) == 1


def run(program):
    uses = _uses(program)
    consumer = {}
    for instr in program.instrs:
        for v in instr.inputs:
            consumer[id(v)] = instr
    fused, absorbed, claimed = {}, set(), set()  # last instr -> fused; the others; all in chains
    for instr in program.instrs:
        if id(instr) in claimed or not _starts_chain(instr):
            continue
        chain, acc = [instr], instr.outputs[0]
        while uses.get(id(acc)) == 1 and _continues(consumer.get(id(acc)), acc) \
                and id(consumer[id(acc)]) not in claimed:
            chain.append(consumer[id(acc)])
            acc = chain[-1].outputs[0]
        if len(chain) > 1:
            fused[id(chain[-1])] = _fuse(chain)
            absorbed.update(id(i) for i in chain[:-1])
            claimed.update(id(i) for i in chain)
    program.instrs = [fused.get(id(i), i) for i in program.instrs if id(i) not in absorbed]
    return program


def _fuse(chain):
    from .ir import Instr
    inputs, steps = [], []
    index = {}

    def arg(v):
        if id(v) not in index:
            index[id(v)] = len(inputs)
            inputs.append(v)
        return index[id(v)]
    previous = None
    for instr in chain:
        args = [_ACC if previous is not None and v is previous else arg(v) for v in instr.inputs]
        steps.append((instr.op.name, instr.attrs, args))
        previous = instr.outputs[0]
    return Instr(FusedChain(steps), inputs, {}, [chain[-1].outputs[0]], chain[-1].name)
