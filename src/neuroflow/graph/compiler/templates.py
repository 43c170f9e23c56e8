"""How common ops read as NumPy source: one small emitter per op.

An emitter gets the input expressions, the op's attributes and `out` (the name of a
preallocated buffer to write into, or None) and returns a Python expression (when
`out` is None) or a statement writing into `out`; it returns None when it cannot
express that case, and the lowering falls back to calling the op's forward.
Each emitter must compute exactly what the op's forward computes.
"""

__all__ = ["TEMPLATES", "OUT_TEMPLATES", "ELEMENTWISE"]


def _call(function, ins, out, extra=""):
    args = ", ".join(ins) + extra
    return f"np.{function}({args}, out={out})" if out else f"np.{function}({args})"


def _ufunc(function):
    return lambda ins, attrs, out: _call(function, ins, out)


def _relu(ins, attrs, out):
    return _call("maximum", [ins[0], "0"], out)


def _relu_grad(ins, attrs, out):
    return _call("multiply", [ins[0], f"({ins[1]} > 0)"], out)


def _matmul(ins, attrs, out):
    a, b = ins
    if attrs.get("transpose_a"):
        a = f"{a}.swapaxes(-1, -2)"
    if attrs.get("transpose_b"):
        b = f"{b}.swapaxes(-1, -2)"
    return _call("matmul", [a, b], out)


def _reduce(ufunc):
    """`np.<ufunc>.reduce`: the C-level reduction, without `np.sum`'s Python wrapper."""
    def emit(ins, attrs, out):
        return _call(f"{ufunc}.reduce", ins, out, f", axis={attrs['axis']!r}, keepdims={attrs['keepdims']!r}")
    return emit


def _reshape(ins, attrs, out):  # (a shape computed when the graph runs calls the forward)
    return None if out or attrs.get("shape") is None else f"np.reshape({ins[0]}, {attrs['shape']!r})"


def _transpose(ins, attrs, out):
    return None if out else f"np.transpose({ins[0]}, {attrs['perm']!r})"


def _broadcast_to(ins, attrs, out):
    return None if out or attrs.get("shape") is None else f"np.broadcast_to({ins[0]}, {attrs['shape']!r})"


def _copy(ins, attrs, out):
    return f"np.copyto({out}, {ins[0]})" if out else f"{ins[0]}.copy()"


def _ones_like(ins, attrs, out):
    return None if out else f"np.ones_like({ins[0]})"


def _zeros_like(ins, attrs, out):
    return None if out else f"np.zeros_like({ins[0]})"


def _cast(ins, attrs, out):
    dtype = attrs["dtype"]
    if dtype.kind not in "biuf":
        return None
    if out:
        return f"np.copyto({out}, {ins[0]}, casting='unsafe')"
    return f"{ins[0]}.astype(np.{dtype.as_numpy_dtype.__name__})"


def _softmax(ins, attrs, out):
    x, axis = ins[0], attrs["axis"]
    if not out:
        return None
    return (f"np.subtract({x}, np.maximum.reduce({x}, axis={axis!r}, keepdims=True), out={out})\n"
            f"np.exp({out}, out={out})\n"
            f"np.true_divide({out}, np.add.reduce({out}, axis={axis!r}, keepdims=True), out={out})")


def _assign(function):
    def emit(ins, attrs, out):
        if function == "copyto":
            return f"np.copyto({ins[0]}, {ins[1]})"
        return f"np.{function}({ins[0]}, {ins[1]}, out={ins[0]})"
    return emit


TEMPLATES = {
    "AddV2": _ufunc("add"), "Sub": _ufunc("subtract"), "Mul": _ufunc("multiply"),
    "RealDiv": _ufunc("true_divide"), "Neg": _ufunc("negative"), "Exp": _ufunc("exp"),
    "Log": _ufunc("log"), "Sqrt": _ufunc("sqrt"), "Square": _ufunc("square"),
    "Relu": _relu, "ReluGrad": _relu_grad, "MatMul": _matmul, "Sum": _reduce("add"),
    "Reshape": _reshape, "Transpose": _transpose, "BroadcastTo": _broadcast_to,
    "Identity": _copy, "ReadVariableOp": _copy, "OnesLike": _ones_like, "ZerosLike": _zeros_like,
    "Maximum": _ufunc("maximum"), "Minimum": _ufunc("minimum"), "Less": _ufunc("less"),
    "Greater": _ufunc("greater"), "LessEqual": _ufunc("less_equal"), "GreaterEqual": _ufunc("greater_equal"),
    "Equal": _ufunc("equal"), "NotEqual": _ufunc("not_equal"), "Abs": _ufunc("abs"), "Sign": _ufunc("sign"),
    "Sin": _ufunc("sin"), "Cos": _ufunc("cos"), "Tanh": _ufunc("tanh"), "Expm1": _ufunc("expm1"),
    "Log1p": _ufunc("log1p"), "Floor": _ufunc("floor"), "Ceil": _ufunc("ceil"), "Rint": _ufunc("rint"),
    "Pow": _ufunc("power"), "Cast": _cast, "Softmax": _softmax,
    "AssignVariableOp": _assign("copyto"), "AssignAddVariableOp": _assign("add"),
    "AssignSubVariableOp": _assign("subtract"),
}

# Ops whose emitter can write into a preallocated buffer (`out=`).
OUT_TEMPLATES = frozenset(name for name, emit in TEMPLATES.items() if not name.startswith("Assign")
                          and name not in ("Cast",) and emit(["a", "b"], {"axis": (0,), "keepdims": False}, "o"))
OUT_TEMPLATES |= {"Cast"}

# Elementwise ops: their output has the broadcast shape of the inputs, and NumPy lets `out`
# be one of the inputs.
ELEMENTWISE = frozenset({"AddV2", "Sub", "Mul", "RealDiv", "Neg", "Exp", "Log", "Sqrt", "Square", "Relu",
                         "ReluGrad", "Maximum", "Minimum", "Abs", "Sign", "Sin", "Cos", "Tanh", "Expm1",
                         "Log1p", "Floor", "Ceil", "Rint", "Pow"})
