"""The ONNX graph being built: nodes, initializers, and the constant values converters read."""
import numpy as np

from ...framework.tensor_shape import TensorShape

__all__ = ["GraphBuilder", "onnx_module"]


def onnx_module():
    """The `onnx` package, or an ImportError naming the extra that installs it."""
    try:
        import onnx
    except ImportError:
        raise ImportError("ONNX export needs the `onnx` package. Install it with `pip install neuroflow[onnx]` "
                          "(which also brings onnxruntime, to run the exported model).") from None
    return onnx


class GraphBuilder:
    """Collects ONNX nodes and initializers under unique names.

    `constants` maps a tensor name to its NumPy value when it is known at export time
    (constants, variables), so converters can fold weights (e.g. reorder an LSTM's gates).
    """

    def __init__(self, opset):
        self.onnx = onnx_module()
        self.opset = opset
        self.nodes, self.initializers, self.constants = [], [], {}
        self.shapes = {}           # tensor name -> TensorShape, as traced
        self.batch_factors = {}    # (node name, attribute) -> per element: k when it is k * batch, else None
        self.batch_source = None   # the ONNX input whose first dimension is the batch
        self._batch = None
        self._used = set()

    def reserve(self, names):
        """Marks `names` (the traced graph's own tensor names) as taken."""
        self._used.update(names)

    def unique(self, hint):
        name, k = hint, 0
        while name in self._used:
            k += 1
            name = f"{hint}_{k}"
        self._used.add(name)
        return name

    def const(self, value, hint="const"):
        """An initializer holding `value`; returns its name."""
        value = np.asarray(value)
        name = self.unique(hint)
        self.initializers.append(self.onnx.numpy_helper.from_array(value, name))
        self.constants[name] = value
        self.shapes[name] = TensorShape(value.shape)
        return name

    def int64s(self, values, hint="shape"):
        return self.const(np.asarray(values, np.int64), hint)

    def add(self, op_type, inputs, outputs=None, hint=None, **attrs):
        """Adds one node; `outputs` are names, or an int (how many fresh names). Returns the output names."""
        if outputs is None or isinstance(outputs, int):
            base = self.unique(hint or op_type)
            outputs = [base] + [self.unique(f"{base}:{i}") for i in range(1, outputs or 1)]
        else:
            self.reserve(outputs)
        self.nodes.append(self.onnx.helper.make_node(op_type, list(inputs), list(outputs), name=outputs[0],
                                                     **{k: v for k, v in attrs.items() if v is not None}))
        return list(outputs)

    def one(self, op_type, inputs, output=None, **attrs):
        """`add` for a node with one output; returns that name."""
        return self.add(op_type, inputs, None if output is None else [output], **attrs)[0]

    def reduce(self, op_type, x, axes, keepdims, output=None):
        """A Reduce* node over `axes` (an attribute before opset 18, an input from 18 on; ReduceSum from 13)."""
        if self.opset >= 18 or op_type == "ReduceSum":
            return self.one(op_type, [x, self.int64s(axes, "axes")], output, keepdims=int(keepdims))
        return self.one(op_type, [x], output, axes=list(axes), keepdims=int(keepdims))

    def batch(self):
        """The batch size at run time, as a 1-element int64 tensor (made once)."""
        if self._batch is None:
            shape = self.one("Shape", [self.batch_source], hint="batch_shape")
            self._batch = self.one("Slice", [shape, self.int64s([0], "starts"), self.int64s([1], "ends")],
                                   hint="batch_size")
        return self._batch

    def int_vector(self, node, key, hint="shape"):
        """The int attribute `key` of a traced node as an int64 tensor; batch-sized entries are computed at run time."""
        return self.batch_sized([int(v) for v in node[3][key]], self.batch_factors.get((node[0], key)),
                                reshape=node[1] == "Reshape", hint=hint)

    def batch_sized(self, values, factors, reshape=False, hint="shape"):
        """`values` as an int64 tensor where entry i is factors[i] * batch when factors[i] is not None."""
        if factors is None:
            return self.int64s(values, hint)
        dynamic = [i for i, f in enumerate(factors) if f is not None]
        if reshape and len(dynamic) == 1 and -1 not in values:
            values[dynamic[0]] = -1  # the one batch-sized entry is the one Reshape can infer
            return self.int64s(values, hint)
        pieces = []
        for value, factor in zip(values, factors):
            if factor is None:
                pieces.append(self.int64s([value], hint))
            else:
                pieces.append(self.batch() if factor == 1 else self.one("Mul", [self.batch(), self.int64s([factor])]))
        return self.one("Concat", pieces, hint=hint, axis=0)
