"""A traced `Graph` as TensorFlow's `GraphDef` protocol buffer: what TensorBoard draws and SavedModels hold.

Nodes keep their TensorFlow op names (`MatMul`, `AddV2`, `Relu`) and are named
`<name scope>/<node name>`, so TensorBoard's graph dashboard folds each Keras layer
(and each `tf.name_scope`) into one box, as it does for TensorFlow's graphs. Attributes
follow TensorFlow's OpDefs: `T` (the input dtype), `dtype`/`shape` of placeholders,
`value` of constants, the op's own attributes (`transpose_a`, `keep_dims`, ...) and
`_output_shapes`, which TensorBoard prints on the edges. A variable becomes a
`VarHandleOp` node named by its path, read through a `ReadVariableOp` beside each
op that uses it.

The message class is passed in, or taken from the `tensorboard` package; any class
with TensorFlow's `GraphDef` schema works (TensorFlow's own, TensorBoard's copy).

>>> import neuroflow as tf
>>> @tf.function
... def layer(x):
...     with tf.name_scope("dense"):
...         return tf.nn.relu(tf.matmul(x, tf.ones([2, 3])))
>>> graph = layer.get_concrete_function(tf.TensorSpec([None, 2])).graph
>>> graph_def = to_graph_def(graph)
>>> [(n.name, n.op) for n in graph_def.node]
[('x', 'Placeholder'), ('dense/Const', 'Const'), ('dense/MatMul', 'MatMul'), ('dense/Relu', 'Relu')]
>>> graph_def.node[2].attr["T"].type == tf.float32.as_datatype_enum
True
"""
import numpy as np

from ..framework import dtypes
from ..framework.tensor_shape import TensorShape
from ..framework.variable import Variable
from .tf_op_defs import OP_DEFS, REQUIRED

__all__ = ["to_graph_def", "graph_nodes", "set_tensor_proto", "to_function_def"]

# neuroflow's keyword names where TensorFlow's OpDef names the attribute differently.
_ATTR_NAMES = {"keepdims": "keep_dims"}
_OP_ATTR_NAMES = {("ArgMax", "dtype"): "output_type", ("ArgMin", "dtype"): "output_type"}  # per op
_COVERED = {("Cast", "dtype")}  # neuroflow attributes a TensorFlow attribute above already states (DstT)
_RESOURCE_OPS = {"ReadVariableOp", "AssignVariableOp", "AssignAddVariableOp", "AssignSubVariableOp"}
_DT_RESOURCE = 20


def _graph_def_class():
    try:
        from tensorboard.compat.proto.graph_pb2 import GraphDef
    except ImportError:
        raise ImportError("Writing a GraphDef needs the `tensorboard` package's protocol buffers. "
                          "Install them with `pip install neuroflow[tensorboard]`.") from None
    return GraphDef


def _variable_path(variable):
    return getattr(variable, "path", None) or variable.name.split(":")[0]


def _dtype_attrs(node):
    if node.type in ("Placeholder", "Const"):
        return {"dtype": node.outputs[0]._dtype}
    if node.type == "Cast" and node.inputs:
        return {"SrcT": node.inputs[0].dtype, "DstT": node.outputs[0]._dtype}
    if node.type == "ReadVariableOp":
        return {"dtype": node.inputs[0].dtype}
    if node.inputs:
        return {"T": node.inputs[0].dtype}
    return {}


def graph_nodes(graph):
    """The graph as TensorFlow nodes: `(name, op, inputs, attrs)` tuples in program order.

    `attrs` maps TensorFlow attribute names to Python values (a `DType`, a `TensorShape`,
    a bool/int/float/str, a list of those, or a NumPy array for a constant's `value`).
    """
    full = {id(n): n.scope + n.name for n in graph.nodes}
    variables, reads, nodes = {}, [], []
    for node in graph.nodes:
        name = full[id(node)]
        inputs = []
        for x in node.inputs:
            if isinstance(x, Variable):
                handle = variables.get(id(x))
                if handle is None:  # named by its path, made unique when two variables share one
                    handle = _variable_path(x)
                    taken = set(variables.values())
                    handle = next(f"{handle}_{n}" if n else handle for n in range(len(taken) + 1)
                                  if (f"{handle}_{n}" if n else handle) not in taken)
                    variables[id(x)] = handle
                    nodes.append((handle, "VarHandleOp", [], {
                        "dtype": x.dtype, "shape": TensorShape(x.shape), "shared_name": handle,
                        "_output_shapes": [TensorShape([])]}))
                if node.type in _RESOURCE_OPS:
                    inputs.append(handle)
                else:  # TensorFlow reads a variable beside each op that uses it
                    read = f"{name}/ReadVariableOp" + (f"_{len(reads)}" if reads else "")
                    reads.append((read, "ReadVariableOp", [handle], {
                        "dtype": x.dtype, "_output_shapes": [TensorShape(x.shape)]}))
                    inputs.append(read)
            else:
                source = full[id(x._node)]
                inputs.append(source if x._index == 0 else f"{source}:{x._index}")
        inputs += ["^" + full[id(c)] for c in getattr(node, "control_inputs", ())]
        attrs = _dtype_attrs(node)
        if node.type == "Placeholder":
            attrs["shape"] = node.attrs.get("shape", node.outputs[0]._shape)
        elif node.type == "Const":
            attrs["value"] = np.asarray(node.value)
        else:
            for key, value in node.attrs.items():
                if (node.type, key) not in _COVERED:
                    attrs.setdefault(_OP_ATTR_NAMES.get((node.type, key)) or _ATTR_NAMES.get(key, key), value)
        if node.outputs:
            attrs["_output_shapes"] = [t._shape for t in node.outputs]
        nodes.extend(reads)
        reads.clear()
        nodes.append((name, node.type, inputs, attrs))
    return nodes


def _set_attr(attr, value):
    """Fills the `AttrValue` message `attr` from a Python value; False when it has no AttrValue form."""
    if isinstance(value, type) and issubclass(value, np.generic):  # a NumPy scalar type (ArgMax's dtype)
        value = dtypes.as_dtype(value)
    if isinstance(value, dtypes.DType):
        attr.type = value.as_datatype_enum
    elif isinstance(value, (bool, np.bool_)):
        attr.b = bool(value)
    elif isinstance(value, (int, np.integer)):
        attr.i = int(value)
    elif isinstance(value, (float, np.floating)):
        attr.f = float(value)
    elif isinstance(value, (str, bytes)):
        attr.s = value.encode() if isinstance(value, str) else value
    elif isinstance(value, TensorShape):
        _set_shape(attr.shape, value)
    elif isinstance(value, np.ndarray):
        set_tensor_proto(attr.tensor, value)
    elif isinstance(value, (list, tuple)):
        return _set_list(attr, value)
    else:
        return False
    return True


def _set_list(attr, values):
    field = attr.list
    field.SetInParent()  # an empty list is still a list
    for v in values:
        if isinstance(v, TensorShape):
            _set_shape(field.shape.add(), v)
        elif isinstance(v, dtypes.DType):
            field.type.append(v.as_datatype_enum)
        elif isinstance(v, (bool, np.bool_)):
            field.b.append(bool(v))
        elif isinstance(v, (int, np.integer)):
            field.i.append(int(v))
        elif isinstance(v, (float, np.floating)):
            field.f.append(float(v))
        elif isinstance(v, str):
            field.s.append(v.encode())
        else:
            return False
    return True


def _set_shape(proto, shape):
    shape = TensorShape(shape)
    if shape.rank is None:
        proto.unknown_rank = True
        return
    proto.SetInParent()
    for d in shape.as_list():
        proto.dim.add(size=-1 if d is None else d)


# A scalar goes in its dtype's repeated field, as TensorFlow's make_tensor_proto puts it.
_SCALAR_FIELDS = {np.dtype(np.float32): "float_val", np.dtype(np.float64): "double_val",
                  np.dtype(np.int32): "int_val", np.dtype(np.int64): "int64_val", np.dtype(np.bool_): "bool_val"}


def set_tensor_proto(proto, array):
    """Fills the `TensorProto` `proto` with `array`: strings as `string_val`, a scalar in its
    dtype's `*_val` field, other numbers as raw little-endian bytes."""
    if array.dtype.kind in "SUO":
        proto.dtype = dtypes.string.as_datatype_enum
        proto.string_val.extend(v if isinstance(v, bytes) else str(v).encode() for v in array.reshape(-1))
    else:
        proto.dtype = dtypes.from_numpy(array.dtype).as_datatype_enum
        field = _SCALAR_FIELDS.get(array.dtype) if array.ndim == 0 else None
        if field is not None:
            getattr(proto, field).append(array.item())
            proto.tensor_shape.SetInParent()
            return
        proto.tensor_content = np.ascontiguousarray(array).astype(array.dtype.newbyteorder("<")).tobytes()
    _set_shape(proto.tensor_shape, array.shape)


def to_graph_def(graph, graph_def_class=None):
    """`graph` as a `GraphDef` message (TensorFlow op names, attributes and name scopes).

    Args:
        graph: a `tf.Graph`, e.g. `f.get_concrete_function(...).graph`.
        graph_def_class: the `GraphDef` message class to build; default: TensorBoard's
            (`pip install neuroflow[tensorboard]`).

    Returns:
        A `GraphDef` message (`.node[i].name`, `.op`, `.input`, `.attr`).
    """
    graph_def = (graph_def_class or _graph_def_class())()
    graph_def.versions.producer = 2474  # tf.version.GRAPH_DEF_VERSION of TensorFlow 2.21
    for name, op_type, inputs, attrs in graph_nodes(graph):
        node = graph_def.node.add(name=name, op=op_type, input=inputs)
        for key, value in attrs.items():
            if value is not None and not _set_attr(node.attr[key], value):
                del node.attr[key]  # a Python-only attribute (a callable, a structure)
    return graph_def


# --- FunctionDefs (SavedModel function libraries) ------------------------------------------------
# TensorFlow input arguments that neuroflow keeps as attributes, by the attribute holding the value.
ATTR_INPUTS = {"reduction_indices": "axis", "dim": "axis", "dimension": "axis", "axis": "axis", "shape": "shape",
               "perm": "perm", "multiples": "multiples", "paddings": "paddings", "begin": "begin", "size": "size"}


# neuroflow attributes TensorFlow's op fixes (its OpDef has no such attribute): the value it implies.
IMPLIED_ATTRS = {"Softmax": {"axis": -1}, "LogSoftmax": {"axis": -1}}


# 2-D convolution and pooling ops: neuroflow keeps spatial strides/dilations and explicit pads
# (NHWC); TensorFlow's OpDefs take 4-element strides/ksize/dilations and a padding mode.
SPATIAL_OPS = ("Conv2D", "DepthwiseConv2dNative", "MaxPool", "AvgPool")


def _spatial_attrs(op, node_name, attrs):
    """Rewrites a conv/pool node's neuroflow attributes as TensorFlow's (in place)."""
    def nhwc(values):
        return [1, *values, 1]

    attrs["strides"] = nhwc(attrs["strides"])
    if "ksize" in attrs:
        attrs["ksize"] = nhwc(attrs["ksize"])
    dilations = tuple(attrs.pop("dilations", (1, 1)))
    if op.startswith(("Conv", "Depthwise")):
        attrs["dilations"] = nhwc(dilations)
    elif any(d != 1 for d in dilations):
        raise ValueError(f"Op {op} (node '{node_name}') uses dilations {dilations}; TensorFlow's {op} has none, "
                         "so it cannot be saved in a file TensorFlow reads.")
    pads = [int(p) for pair in attrs.pop("pads") for p in pair]
    if not any(pads):
        attrs["padding"] = "VALID"
    elif op == "AvgPool":
        raise ValueError(f"Op AvgPool (node '{node_name}') pads explicitly {pads}; TensorFlow's AvgPool takes "
                         "only 'VALID' or 'SAME', so it cannot be saved in a file TensorFlow reads.")
    else:
        attrs["padding"], attrs["explicit_paddings"] = "EXPLICIT", [0, 0, *pads, 0, 0]


def _check_implied(op, node_name, attrs, rank):
    for key, implied in IMPLIED_ATTRS.get(op, {}).items():
        value = attrs.pop(key, implied)
        if value != implied and not (rank is not None and value == rank + implied):
            raise ValueError(f"Op {op} (node '{node_name}') uses {key}={value}; TensorFlow's {op} works on "
                             f"{key}={implied} only, so it cannot be saved in a file TensorFlow reads. "
                             "Transpose the data or use another op.")


def _arg_name(name, taken):
    """A FunctionDef argument name (`[a-z][a-z0-9_]*`) for `name`, unique among `taken`."""
    base = "".join(c if c.isalnum() else "_" for c in name.lower()) or "arg"
    if not base[0].isalpha():
        base = "arg_" + base
    candidate, n = base, 0
    while candidate in taken:
        n += 1
        candidate = f"{base}_{n}"
    taken.add(candidate)
    return candidate


def _op_def(op, node):
    op_def = OP_DEFS.get(op)
    if op_def is None:
        raise ValueError(f"Op {op} (node '{node}') has no TensorFlow equivalent, so it cannot be saved in a "
                         "file TensorFlow reads. Express the computation with ops TensorFlow has, or keep it "
                         "outside the saved tf.function.")
    return op_def


def _all_axes(tensor_name, shapes):
    """`[0, ..., rank-1]` of the tensor `tensor_name` ('node' or 'node:i'), None when its rank is unknown."""
    source, _, index = tensor_name.partition(":")
    shape = (shapes.get(source) or [None])[int(index or 0)]
    return None if shape is None or shape.rank is None else list(range(shape.rank))


def _output_ref(source, index, ops):
    outputs = _op_def(ops[source], source)[1]
    if len(outputs) == 1 and outputs[0].startswith("*"):
        return f"{source}:{outputs[0][1:]}:{index}"
    return f"{source}:{outputs[index].lstrip('*')}:0"


def to_function_def(graph, name, outputs, function_def_class, captured_constants=()):
    """`graph` as a `FunctionDef` named `name` returning `outputs`, and the variables it captures.

    Placeholders become the function's arguments, each variable a trailing `DT_RESOURCE`
    argument read with `ReadVariableOp`; node inputs are written as TensorFlow's
    `node:output_arg:index` and attributes follow TensorFlow's OpDefs (neuroflow attributes
    TensorFlow takes as inputs, such as `Mean`'s axis, become `Const` nodes).

    Args:
        graph: the traced `Graph`.
        name: the function's name.
        outputs: `[(output name, tensor)]`.
        function_def_class: the `FunctionDef` message class.
        captured_constants: names of `Const` nodes to make trailing arguments instead (after the
            variables), in this order: captured values the loader supplies (a SavedModel asset's path).

    Raises:
        ValueError: naming the op, for an op TensorFlow does not have or an attribute it
            requires that the node lacks.
    """
    function = function_def_class()
    signature = function.signature
    signature.name, signature.is_stateful = name, True
    taken, args, ops, shapes, variables = set(), {}, {}, {}, []
    body, constant_types = [], {}
    for node_name, op, inputs, attrs in graph_nodes(graph):
        ops[node_name] = op
        shapes[node_name] = attrs.get("_output_shapes", [])
        if op == "Placeholder":
            args[node_name] = _arg_name(node_name, taken)
            signature.input_arg.add(name=args[node_name], type=attrs["dtype"].as_datatype_enum)
        elif op == "VarHandleOp":
            variables.append(node_name)
        elif node_name not in captured_constants:
            body.append((node_name, op, inputs, attrs))
        else:
            ops[node_name], constant_types[node_name] = "Placeholder", attrs["dtype"]
    captured = {}  # the variables in the order graph_nodes made their handles
    for node in graph.nodes:
        captured.update((id(v), v) for v in node.inputs if isinstance(v, Variable) and id(v) not in captured)
    for handle in variables:
        args[handle] = _arg_name(handle + "_resource", taken)
        signature.input_arg.add(name=args[handle], type=_DT_RESOURCE)
    for const in captured_constants:
        args[const] = _arg_name(const, taken)
        signature.input_arg.add(name=args[const], type=constant_types[const].as_datatype_enum)

    def reference(text):
        if text.startswith("^"):
            return text
        source, _, index = text.partition(":")
        if source in args:
            return args[source]
        return _output_ref(source, int(index or 0), ops)

    for node_name, op, inputs, attrs in body:
        arg_names, _, attr_names = _op_def(op, node_name)
        axes = _all_axes(inputs[0], shapes) if inputs and not inputs[0].startswith("^") else None
        _check_implied(op, node_name, attrs, None if axes is None else len(axes))
        if op in SPATIAL_OPS:
            _spatial_attrs(op, node_name, attrs)
        node = function.node_def.add(name=node_name, op=op)
        data = [reference(i) for i in inputs if not i.startswith("^")]
        controls = [i for i in inputs if i.startswith("^")]
        wanted, remaining = list(data), len(data)
        for position, arg in enumerate(arg_names):
            if arg.startswith("*"):  # a list takes the data inputs the later arguments leave
                later = [a for a in arg_names[position + 1:] if ATTR_INPUTS.get(a, a) not in attrs]
                node.attr["N"].i = remaining - len(later)
                remaining = len(later)
            elif remaining:
                remaining -= 1
            else:
                value = attrs.pop(ATTR_INPUTS.get(arg, arg), None)
                if value is None and arg == "reduction_indices":  # None: all axes of the input
                    value = _all_axes(inputs[0], shapes)
                if value is None:
                    raise ValueError(f"Op {op} (node '{node_name}'): TensorFlow's OpDef takes input '{arg}', "
                                     "which this node does not provide.")
                const = f"{node_name}/{arg}"
                constant = function.node_def.add(name=const, op="Const")
                array = np.asarray(value, dtype=np.int32)
                constant.attr["dtype"].type = dtypes.int32.as_datatype_enum
                set_tensor_proto(constant.attr["value"].tensor, array)
                ops[const] = "Const"
                wanted.append(f"{const}:output:0")
        node.input.extend(wanted + controls)
        for key, value in attrs.items():
            if (key in attr_names or key.startswith("_")) and value is not None and \
                    not _set_attr(node.attr[key], value):
                del node.attr[key]
        missing = [a for a, default in attr_names.items() if default == REQUIRED and a not in node.attr]
        if missing:
            raise ValueError(f"Op {op} (node '{node_name}') lacks the attribute(s) {missing} TensorFlow's OpDef "
                             "requires; it cannot be saved in a file TensorFlow reads.")
    for out_name, tensor in outputs:
        arg = _arg_name(out_name, set(a.name for a in signature.output_arg))
        signature.output_arg.add(name=arg, type=tensor.dtype.as_datatype_enum)
        source = tensor._node.scope + tensor._node.name
        function.ret[arg] = args.get(source) or _output_ref(source, tensor._index, ops)
    return function, list(captured.values())
