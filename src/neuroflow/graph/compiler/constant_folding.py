"""Constant folding: compute at compile time what depends only on constants (and on shapes).

A pure instruction whose inputs are all constants is run once now and its outputs
become constants. `OnesLike`/`ZerosLike` depend only on their input's shape, which is
known, so they fold too where it is static — which folds, for example, the seed of a gradient and
everything computed from it alone.

Zeros propagate as well (TensorFlow's arithmetic optimizer does the same): a product
with an all-zero constant is zero, adding zeros changes nothing. Gradients of unused
outputs of multi-output ops arrive as zeros, so the work they would cause disappears.
(A product of zeros with inf or nan gives zeros here, where eager execution gives nan.)

`DivNoNan` by a constant without zeros (a mean's count) is a plain division.
"""
from ... import backend
from ...ops.registry import REGISTRY
from ...ops.tensor_list_ops import TensorList
from .ir import is_pure, is_static

__all__ = ["run", "SHAPE_ONLY"]

SHAPE_ONLY = {"OnesLike": "ones", "ZerosLike": "zeros"}


def _fold(instr, xp):
    if instr.op.name in SHAPE_ONLY:
        v = instr.inputs[0]
        if not is_static(v.shape):
            return None
        return (getattr(xp, SHAPE_ONLY[instr.op.name])(v.shape, dtype=v.dtype),)
    if not all(v.kind == "const" for v in instr.inputs):
        return None
    out = instr.op.forward(xp, *[v.const for v in instr.inputs], **instr.attrs)
    return out if type(out) is tuple else (out,)


_ZERO_IF_ANY = {"Mul", "MatMul", "ReluGrad"}       # a zero input makes the output zero
_ZERO_IF_FIRST = {"RealDiv", "Neg", "Sum", "Mean"}   # a zero first input makes the output zero
_IDENTITY_IF_ZERO = {"AddV2": (0, 1), "Sub": (1,)}  # input positions whose zeros can be dropped


def _is_zero(value):
    return value.kind == "const" and value.const.dtype.kind in "fc" and not value.const.any()


def _simplify(instr, xp):
    """('zeros', None), ('same', value) or None for an instruction that zeros make trivial."""
    name, inputs = instr.op.name, instr.inputs
    if len(instr.outputs) != 1:
        return None
    out = instr.outputs[0]
    if not is_static(out.shape):
        return None
    if (name in _ZERO_IF_ANY and any(_is_zero(v) for v in inputs)) or \
            (name in _ZERO_IF_FIRST and inputs and _is_zero(inputs[0])):
        return "zeros", xp.zeros(out.shape, out.dtype)
    for position in _IDENTITY_IF_ZERO.get(name, ()):
        other = inputs[1 - position]
        if _is_zero(inputs[position]) and other.shape == out.shape and other.dtype == out.dtype:
            return "same", other
    return None


def run(program):
    kept, same = [], {}
    for instr in program.instrs:
        instr.inputs = [same.get(id(v), v) for v in instr.inputs]
        if instr.op.name == "DivNoNan" and instr.inputs[1].kind == "const" and instr.inputs[1].const.all():
            instr.op = REGISTRY["RealDiv"]
        simplified = _simplify(instr, program.xp) if is_pure(instr) else None
        if simplified is not None:
            kind, value = simplified
            if kind == "zeros":
                out = instr.outputs[0]
                out.kind, out.const = "const", value
            else:
                same[id(instr.outputs[0])] = value
            continue
        folded = None
        if is_pure(instr) and hasattr(instr.op, "forward") and not getattr(instr.op, "fused", False):
            folded = _fold(instr, program.xp)
        if folded is None or len(folded) != len(instr.outputs) or any(isinstance(a, TensorList) for a in folded):
            kept.append(instr)   # (tensor lists are not arrays: they stay computed)
            continue
        for value, array in zip(instr.outputs, folded):
            value.kind, value.const = "const", backend.array_module(array).asarray(array)
    program.instrs = kept
    program.results = [same.get(id(v), v) for v in program.results]
    return program
