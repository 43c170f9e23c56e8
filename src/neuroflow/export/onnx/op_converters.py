"""TensorFlow ops (as the traced graph names them) in ONNX: one small converter per op.

A converter is `convert(b, node, inputs, outputs)`: `b` is the `GraphBuilder`, `node`
the traced node's `(name, op, inputs, attrs)` tuple, `inputs` the ONNX names of its
inputs and `outputs` the names its outputs must get. The recurrent sequence ops are in
`recurrent.py`.
"""
import numpy as np

from ...framework import dtypes

__all__ = ["CONVERTERS", "onnx_dtype"]

_INT64_MAX, _INT64_MIN = np.iinfo(np.int64).max, np.iinfo(np.int64).min


def onnx_dtype(dtype):
    """The ONNX TensorProto enum of a neuroflow DType."""
    from onnx import helper
    return helper.np_dtype_to_tensor_dtype(np.dtype(dtypes.as_dtype(dtype).as_numpy_dtype))


def _same(onnx_op, **fixed):
    def convert(b, node, inputs, outputs):
        b.one(onnx_op, inputs, outputs[0], **fixed)
    return convert


def _attr(onnx_op, **renamed):
    """A unary op whose ONNX attributes are TF attributes under other names."""
    def convert(b, node, inputs, outputs):
        b.one(onnx_op, inputs, outputs[0], **{new: float(node[3][old]) for new, old in renamed.items()})
    return convert


def _square(b, node, inputs, outputs):
    b.one("Mul", [inputs[0], inputs[0]], outputs[0])


def _rsqrt(b, node, inputs, outputs):
    b.one("Reciprocal", [b.one("Sqrt", inputs)], outputs[0])


def _relu6(b, node, inputs, outputs):
    dtype = node[3]["T"].as_numpy_dtype
    b.one("Clip", [inputs[0], b.const(np.array(0, dtype), "zero"), b.const(np.array(6, dtype), "six")], outputs[0])


def _softmax(b, node, inputs, outputs):
    b.one("LogSoftmax" if node[1] == "LogSoftmax" else "Softmax", inputs, outputs[0], axis=node[3].get("axis", -1))


def _matmul(b, node, inputs, outputs):
    attrs, (a, w) = node[3], inputs
    for flag, name in (("transpose_a", 0), ("transpose_b", 1)):
        if attrs.get(flag) or attrs.get("adj_" + "xy"[name]) or attrs.get("adjoint_" + "ab"[name]):
            rank = attrs["_output_shapes"][0].rank
            perm = list(range(rank - 2)) + [rank - 1, rank - 2]
            if name == 0:
                a = b.one("Transpose", [a], perm=perm)
            else:
                w = b.one("Transpose", [w], perm=perm)
    b.one("MatMul", [a, w], outputs[0])


def _bias_add(b, node, inputs, outputs):
    if node[3].get("data_format", "NHWC") not in ("NHWC", "NWC", "NDHWC", None):
        raise ValueError(f"ONNX export: {node[0]} (BiasAdd) with data_format={node[3]['data_format']!r}; "
                         "only channels_last is supported.")
    b.one("Add", inputs, outputs[0])


def _reshape(b, node, inputs, outputs):
    shape = b.int_vector(node, "shape") if len(inputs) == 1 else b.one("Cast", [inputs[1]], to=7)  # 7: int64
    b.one("Reshape", [inputs[0], shape], outputs[0])


def _transpose(b, node, inputs, outputs):
    b.one("Transpose", inputs[:1], outputs[0], perm=list(node[3]["perm"]))


def _concat(b, node, inputs, outputs):
    b.one("Concat", inputs, outputs[0], axis=int(node[3]["axis"]))


def _pack(b, node, inputs, outputs):
    axis = int(node[3].get("axis", 0))
    b.one("Concat", [b.one("Unsqueeze", [x, b.int64s([axis], "axes")]) for x in inputs], outputs[0], axis=axis)


def _gather(b, node, inputs, outputs):
    if node[3].get("batch_dims", 0):
        raise ValueError(f"ONNX export: {node[0]} (GatherV2) with batch_dims={node[3]['batch_dims']} has no "
                         "ONNX Gather form; only batch_dims=0 is supported.")
    b.one("Gather", inputs[:2], outputs[0], axis=int(node[3].get("axis", 0)))


def _tile(b, node, inputs, outputs):
    b.one("Tile", [inputs[0], b.int_vector(node, "multiples", "multiples")], outputs[0])


def _broadcast_to(b, node, inputs, outputs):
    b.one("Expand", [inputs[0], b.int_vector(node, "shape")], outputs[0])


def _zeros_like(b, node, inputs, outputs):
    from onnx import helper
    zero = helper.make_tensor("value", onnx_dtype(node[3]["T"]), [1], [0])
    b.one("ConstantOfShape", [b.one("Shape", inputs)], outputs[0], value=zero)


def _cast(b, node, inputs, outputs):
    b.one("Cast", inputs, outputs[0], to=onnx_dtype(node[3]["DstT"]))


def _reduction(onnx_op):
    def convert(b, node, inputs, outputs):
        axis = node[3].get("axis")
        axes = range(b.shapes[inputs[0]].rank) if axis is None else np.atleast_1d(axis)
        b.reduce(onnx_op, inputs[0], [int(a) for a in axes], node[3].get("keep_dims", False), outputs[0])
    return convert


def _expand_dims(b, node, inputs, outputs):
    b.one("Unsqueeze", [inputs[0], b.int64s([int(node[3]["axis"])], "axes")], outputs[0])


def _squeeze(b, node, inputs, outputs):
    axes = node[3].get("axis") or node[3].get("squeeze_dims")
    args = [inputs[0]] + ([b.int64s(list(np.atleast_1d(axes)), "axes")] if axes not in (None, ()) else [])
    b.one("Squeeze", args, outputs[0])


def _strided_slice(b, node, inputs, outputs):
    key, rank = node[3]["key"], b.shapes[inputs[0]].rank
    if Ellipsis not in key:
        key = tuple(key) + (Ellipsis,)
    at = key.index(Ellipsis)
    used = sum(1 for k in key if k is not None and k is not Ellipsis)
    key = key[:at] + ((None, None, None),) * (rank - used) + key[at + 1:]
    starts, ends, axes, steps, squeeze, unsqueeze = [], [], [], [], [], []
    dim = out = 0
    for k in key:
        if k is None:
            unsqueeze.append(out)
            out += 1
            continue
        if type(k) is int:
            starts.append(k), ends.append(k + 1 if k != -1 else _INT64_MAX), steps.append(1)
            squeeze.append(dim)
        else:
            start, stop, step = k
            step = 1 if step is None else step
            starts.append(start if start is not None else (0 if step > 0 else _INT64_MAX))
            ends.append(stop if stop is not None else (_INT64_MAX if step > 0 else _INT64_MIN))
            steps.append(step)
            out += 1
        axes.append(dim)
        dim += 1
    x = b.one("Slice", [inputs[0], b.int64s(starts, "starts"), b.int64s(ends, "ends"), b.int64s(axes, "axes"),
                        b.int64s(steps, "steps")])
    if squeeze:
        x = b.one("Squeeze", [x, b.int64s(squeeze, "axes")])
    if unsqueeze:
        x = b.one("Unsqueeze", [x, b.int64s(unsqueeze, "axes")])
    b.one("Identity", [x], outputs[0])


def _reverse(b, node, inputs, outputs):
    axes = [int(a) for a in np.atleast_1d(node[3]["axis"])]
    b.one("Slice", [inputs[0], b.int64s([-1] * len(axes), "starts"), b.int64s([_INT64_MIN] * len(axes), "ends"),
                    b.int64s(axes, "axes"), b.int64s([-1] * len(axes), "steps")], outputs[0])


CONVERTERS = {
    "AddV2": _same("Add"), "Add": _same("Add"), "Sub": _same("Sub"), "Mul": _same("Mul"),
    "RealDiv": _same("Div"), "Div": _same("Div"), "Maximum": _same("Max"), "Minimum": _same("Min"),
    "Pow": _same("Pow"), "Neg": _same("Neg"), "Abs": _same("Abs"), "Exp": _same("Exp"), "Log": _same("Log"),
    "Sqrt": _same("Sqrt"), "Rsqrt": _rsqrt, "Square": _square, "Reciprocal": _same("Reciprocal"),
    "Tanh": _same("Tanh"), "Sigmoid": _same("Sigmoid"), "Relu": _same("Relu"), "Relu6": _relu6,
    "Elu": _same("Elu"), "Selu": _same("Selu"), "Softplus": _same("Softplus"), "Softsign": _same("Softsign"),
    "Erf": _same("Erf"), "LeakyRelu": _attr("LeakyRelu", alpha="alpha"), "Softmax": _softmax,
    "LogSoftmax": _softmax, "Identity": _same("Identity"), "StopGradient": _same("Identity"),
    "MatMul": _matmul, "BatchMatMulV2": _matmul, "BatchMatMul": _matmul, "BiasAdd": _bias_add,
    "Reshape": _reshape, "Transpose": _transpose, "ConcatV2": _concat, "Pack": _pack, "GatherV2": _gather,
    "Tile": _tile, "BroadcastTo": _broadcast_to, "ZerosLike": _zeros_like, "Cast": _cast,
    "Mean": _reduction("ReduceMean"), "Sum": _reduction("ReduceSum"), "Max": _reduction("ReduceMax"),
    "Min": _reduction("ReduceMin"), "Prod": _reduction("ReduceProd"), "ExpandDims": _expand_dims,
    "Squeeze": _squeeze, "StridedSlice": _strided_slice, "ReverseV2": _reverse,
}
