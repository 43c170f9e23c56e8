"""Convolution fusion: `Conv2D/Conv3D -> AddV2(bias) [-> Relu]` becomes one instruction.

A convolution layer's forward is three ops, each a full pass over a large activation.
Fused (TensorFlow's grappler makes the same `_FusedConv2D`), the bias and the ReLU are
applied to each chunk of the convolution's output right after its matrix product, while
the chunk is still in cache. The convolution's and the addition's results must have no
other use (gradients read the ReLU's output, which the fused instruction still produces),
and the ops must follow each other in the program, so no variable changes in between.
A convolution with nothing to fuse becomes the same instruction without bias and ReLU, so
that it too writes its result into a buffer the planner reuses (see `buffers`), not into a
fresh array each call.
"""
from ...ops.conv_ops import conv_bias_relu
from .fusion import _uses  # how often each value is read (results count double)
from .ir import Instr

__all__ = ["run", "FusedConv"]


class FusedConv:
    """The op of a fused convolution: `forward(xp, x, kernel, bias, ...)` is `conv_bias_relu`, which
    can write into a preallocated `out` array (see `buffers`)."""

    grad = None
    view = False
    stateful = False
    writes_out = True

    def __init__(self, name):
        self.name = name

    @staticmethod
    def forward(xp, x, w, bias, strides, dilations, pads, relu, out=None):
        return conv_bias_relu(xp, x, w, bias, strides, dilations, pads, relu, out)


def _bias_of(add, conv_out):
    """The 1-D bias `add` adds to `conv_out` along the channels, or None."""
    if add.op.name != "AddV2" or len(add.inputs) != 2 or add.outputs[0].shape != conv_out.shape:
        return None
    other = add.inputs[1] if add.inputs[0] is conv_out else add.inputs[0] if add.inputs[1] is conv_out else None
    if other is None or other is conv_out or other.shape != conv_out.shape[-1:] or other.dtype != conv_out.dtype:
        return None
    return other


def run(program):
    uses = _uses(program)
    position = {id(instr): i for i, instr in enumerate(program.instrs)}
    consumer = {}
    for instr in program.instrs:
        for v in instr.inputs:
            consumer.setdefault(id(v), instr)
    replaced, absorbed = {}, set()
    for instr in program.instrs:
        if instr.op.name not in ("Conv2D", "Conv3D") or id(instr) in absorbed:
            continue
        conv_out = instr.outputs[0]
        add = consumer.get(id(conv_out))
        bias = _bias_of(add, conv_out) if uses.get(id(conv_out)) == 1 and add is not None and \
            position[id(add)] == position[id(instr)] + 1 else None
        if bias is None:  # fused with nothing, it still writes into a planned buffer
            replaced[id(instr)] = Instr(FusedConv(f"_Fused{instr.op.name}"), list(instr.inputs),
                                        {**instr.attrs, "bias": None, "relu": False}, [conv_out], instr.name)
            continue
        last, relu = add, False
        after = consumer.get(id(add.outputs[0]))
        if uses.get(id(add.outputs[0])) == 1 and after is not None and after.op.name == "Relu" \
                and position[id(after)] == position[id(add)] + 1:
            last, relu = after, True
        fused = Instr(FusedConv(f"_Fused{instr.op.name}"), [*instr.inputs, bias], {**instr.attrs, "relu": relu},
                      [last.outputs[0]], last.name)
        replaced[id(last)] = fused
        absorbed.update({id(instr), id(add)} if relu else {id(instr)})
    program.instrs = [replaced.get(id(i), i) for i in program.instrs if id(i) not in absorbed]
    return program
