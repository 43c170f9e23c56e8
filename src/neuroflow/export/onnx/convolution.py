"""Convolutions and pooling (channels last, as TensorFlow runs them) as ONNX's channels-first ops.

TensorFlow's `Conv2D` reads NHWC inputs and HWIO kernels; ONNX's `Conv` reads NCHW and
OIHW. The input is transposed to channels first around each op (ONNX Runtime removes
back-to-back transposes), and the constant kernels are transposed at export time.
A depthwise kernel `(H, W, C, M)` is a grouped convolution with `C` groups of `M`.
Padding is the traced op's explicit `pads` (`((top, bottom), (left, right))`).
"""
import numpy as np

__all__ = ["CONVOLUTION_CONVERTERS"]


def _onnx_pads(pads):
    return [int(p[0]) for p in pads] + [int(p[1]) for p in pads]


def _channels_first(b, x, spatial):
    return b.one("Transpose", [x], perm=[0, spatial + 1] + list(range(1, spatial + 1)))


def _channels_last(b, y, spatial, output):
    b.one("Transpose", [y], output, perm=[0] + list(range(2, spatial + 2)) + [1])


def _conv(b, node, inputs, outputs):
    attrs = node[3]
    shape = b.shapes[inputs[1]].as_list()
    spatial = len(shape) - 2
    kernel = b.constants.get(inputs[1])
    perm = [spatial + 1, spatial] + list(range(spatial))  # HWIO -> OIHW
    groups = b.shapes[inputs[0]].as_list()[-1] // shape[-2]
    if node[1] == "DepthwiseConv2dNative":
        if kernel is None:
            raise ValueError(f"ONNX export: {node[0]} (DepthwiseConv2dNative) needs a constant or variable kernel.")
        h, w, channels, multiplier = kernel.shape
        weight = b.const(kernel.reshape(h, w, channels * multiplier).transpose(2, 0, 1)[:, None], f"{node[0]}/weight")
        groups = channels
    elif kernel is not None:
        weight = b.const(np.asarray(kernel).transpose(perm), f"{node[0]}/weight")
    else:  # a kernel computed in the graph (e.g. Conv1D's, expanded to 2-D)
        weight = b.one("Transpose", [inputs[1]], perm=perm)
    x = _channels_first(b, inputs[0], spatial)
    y = b.one("Conv", [x, weight], kernel_shape=list(shape[:spatial]),
              strides=[int(s) for s in attrs["strides"]], dilations=[int(d) for d in attrs["dilations"]],
              pads=_onnx_pads(attrs["pads"]), group=int(groups))
    _channels_last(b, y, spatial, outputs[0])


def _conv_transpose(b, node, inputs, outputs):
    """`Conv2DBackpropInput(dy, w, sizes=...)` (a transposed convolution) as ONNX's ConvTranspose."""
    attrs = node[3]
    shape = b.shapes[inputs[1]].as_list()  # (*kernel, output channels, input channels)
    spatial = len(shape) - 2
    perm = [spatial + 1, spatial] + list(range(spatial))  # -> (input channels, output channels, *kernel)
    kernel = b.constants.get(inputs[1])
    weight = b.const(np.asarray(kernel).transpose(perm), f"{node[0]}/weight") if kernel is not None else \
        b.one("Transpose", [inputs[1]], perm=perm)
    strides, dilations = [int(s) for s in attrs["strides"]], [int(d) for d in attrs["dilations"]]
    sizes, pads = list(attrs["sizes"])[:spatial], attrs["pads"]
    inner = b.shapes[inputs[0]].as_list()[1:1 + spatial]
    extra = [size - (stride * (n - 1) + (k - 1) * d + 1 - p[0] - p[1])
             for size, stride, n, k, d, p in zip(sizes, strides, inner, shape[:spatial], dilations, pads)]
    x = _channels_first(b, inputs[0], spatial)
    y = b.one("ConvTranspose", [x, weight], kernel_shape=list(shape[:spatial]), strides=strides, dilations=dilations,
              pads=_onnx_pads(pads), output_padding=extra if any(extra) else None)
    _channels_last(b, y, spatial, outputs[0])


def _pool(onnx_op):
    def convert(b, node, inputs, outputs):
        attrs = node[3]
        spatial = len(attrs["ksize"])
        if any(d != 1 for d in attrs.get("dilations", ())) and onnx_op == "AveragePool":
            raise ValueError(f"ONNX export: {node[0]} (AvgPool) with dilations has no ONNX AveragePool form.")
        extra = {"count_include_pad": 0} if onnx_op == "AveragePool" else \
            {"dilations": [int(d) for d in attrs.get("dilations", (1,) * spatial)]}
        x = _channels_first(b, inputs[0], spatial)
        y = b.one(onnx_op, [x], kernel_shape=[int(k) for k in attrs["ksize"]],
                  strides=[int(s) for s in attrs["strides"]], pads=_onnx_pads(attrs["pads"]), **extra)
        _channels_last(b, y, spatial, outputs[0])
    return convert


CONVOLUTION_CONVERTERS = {"Conv2D": _conv, "Conv3D": _conv, "DepthwiseConv2dNative": _conv,
                          "Conv2DBackpropInput": _conv_transpose, "Conv3DBackpropInputV2": _conv_transpose,
                          "MaxPool": _pool("MaxPool"), "MaxPool3D": _pool("MaxPool"),
                          "AvgPool": _pool("AveragePool"), "AvgPool3D": _pool("AveragePool")}
