"""A Keras model or a `tf.function` as an ONNX model, from its traced graph.

The function is traced once by `tf.function` (the graph the compiler runs); every node
of that graph, as `graph_nodes` lists it with TensorFlow's op names, becomes ONNX nodes
through the converter table. Variables become initializers named by their paths. The
batch dimension stays symbolic (`batch`), inputs are named after the model's input
layers (or the `TensorSpec` names), outputs after its output layers. `onnx.checker`
validates the model before it is written, atomically.
"""
import os

import numpy as np

from ...graph.function import Function, function as tf_function
from ...graph.graph_def import _variable_path, graph_nodes
from ...graph.tensor_spec import TensorSpec
from ...io.atomic import atomic_write
from ... import version
from .builder import GraphBuilder, onnx_module
from .convolution import CONVOLUTION_CONVERTERS
from .op_converters import CONVERTERS, onnx_dtype
from .recurrent import RECURRENT_CONVERTERS

__all__ = ["export", "export_keras_model", "DEFAULT_OPSET"]

DEFAULT_OPSET = 17
_ALL = {**CONVERTERS, **RECURRENT_CONVERTERS, **CONVOLUTION_CONVERTERS}


def _model_signature(model, input_signature):
    if not model.built:
        raise ValueError(f"ONNX export: model '{model.name}' is not built. Give it an input shape "
                         "(keras.Input(shape=...)) or call it on a batch first.")
    if input_signature is not None:
        return list(input_signature), [s.name or f"input_{i}" for i, s in enumerate(input_signature)]
    inputs = getattr(model, "inputs", None)
    if not inputs:
        raise ValueError(f"ONNX export: model '{model.name}' ({type(model).__name__}) is subclassed and has no "
                         "symbolic inputs, so its input shapes are unknown. Pass input_signature=[tf.TensorSpec("
                         "[None, ...], tf.float32, name='x')].")
    names = [x._keras_history[0].name for x in inputs]
    return [TensorSpec([None] + list(x.shape[1:]), x.dtype, name=n) for x, n in zip(inputs, names)], names


def _traceable(target, input_signature):
    """(function of positional tensors, signature, input names, output names or None)."""
    from ...keras.models.model import Model
    if isinstance(target, Model):
        signature, names = _model_signature(target, input_signature)
        outputs = getattr(target, "outputs", None) or []
        output_names = [x._keras_history[0].name for x in outputs] or None
        single = len(signature) == 1 and getattr(target, "inputs", None) is not None
        return (lambda *xs: target(xs[0] if single or len(xs) == 1 else list(xs), training=False)), \
            signature, names, output_names
    if not callable(target):
        raise TypeError(f"ONNX export takes a keras.Model or a (tf.)function. Received: {type(target).__name__}.")
    if input_signature is None:
        input_signature = getattr(target, "input_signature", None)
    if input_signature is None:
        raise ValueError("ONNX export of a function needs input_signature=[tf.TensorSpec([None, ...], ...)].")
    python = target.python_function if isinstance(target, Function) else target
    return python, list(input_signature), [s.name or f"input_{i}" for i, s in enumerate(input_signature)], None


_BATCHES = (2, 3)  # two traces at these batch sizes tell batch-sized values from constants


def _trace(function, signature, label):
    """The traced graph(s): one per batch size in `_BATCHES` when the batch dimension is open."""
    for spec in signature:
        dims = spec.shape.as_list() if spec.shape.rank is not None else None
        if dims is None or None in dims[1:]:
            raise ValueError(f"ONNX export: input {spec.name!r} has shape {spec.shape}; every dimension but the "
                             "first (the batch) must be known. Pass input_signature with fixed sizes, e.g. "
                             "[tf.TensorSpec([None, 28, 28], tf.float32)].")
    dynamic = any(spec.shape[0] is None for spec in signature)
    batches = _BATCHES if dynamic else (None,)
    traced = []
    for batch in batches:
        specs = [TensorSpec([batch if d is None else d for d in spec.shape.as_list()], spec.dtype, name=spec.name)
                 for spec in signature]
        try:
            traced.append(tf_function(function).get_concrete_function(*specs))
        except Exception as error:
            raise ValueError(f"ONNX export: could not trace {label} with tf.function ({type(error).__name__}: "
                             f"{error}). The call must be made of TensorFlow ops: no .numpy(), no Python "
                             "branching on tensor values.") from error
    return traced


def _batch_factors(nodes_a, nodes_b):
    """(node, attribute) -> per element k (the value is k * batch) or None, for attributes that vary with the batch."""
    (a, b), factors = _BATCHES, {}
    if [n[1] for n in nodes_a] != [n[1] for n in nodes_b]:
        raise ValueError("ONNX export: the traced graph changes with the batch size (different ops for batch 2 and "
                         "3), so it has no dynamic-batch ONNX form. Pass a fixed batch size in input_signature.")
    for node_a, node_b in zip(nodes_a, nodes_b):
        for key, va in node_a[3].items():
            vb = node_b[3].get(key)
            if key in ("_output_shapes", "shape") and node_a[1] in ("Placeholder", "VarHandleOp"):
                continue
            if key == "_output_shapes" or _equal(va, vb):
                continue
            per = None
            if isinstance(va, (tuple, list)) and all(isinstance(x, int) for x in va) and len(va) == len(vb):
                per = _per_element(va, vb)
            elif _uniform(va) and _uniform(vb) and va.ndim == vb.ndim and va.flat[0] == vb.flat[0]:
                per = _per_element(va.shape, vb.shape)  # a fill of batch-sized shape (e.g. zero states)
            if per is not None:
                factors[(node_a[0], key)] = per
                continue
            raise ValueError(f"ONNX export: {node_a[0]} ({node_a[1]}) has a {key!r} that depends on the batch size "
                             f"({va!r} for batch {a}, {vb!r} for batch {b}); ONNX export cannot make it dynamic. "
                             "Pass a fixed batch size in input_signature.")
    return factors


def _per_element(xs, ys):
    """Per element: None where equal, k where x = k * 2 and y = k * 3; None overall if neither."""
    a, b = _BATCHES
    per = []
    for x, y in zip(xs, ys):
        if x == y:
            per.append(None)
        elif x * b == y * a and x % a == 0:
            per.append(x // a)
        else:
            return None
    return per


def _uniform(x):
    return isinstance(x, np.ndarray) and x.size > 0 and bool((x == x.flat[0]).all())


def _equal(x, y):
    if isinstance(x, np.ndarray) or isinstance(y, np.ndarray):
        return isinstance(x, np.ndarray) and isinstance(y, np.ndarray) and x.shape == y.shape and bool((x == y).all())
    try:
        return bool(x == y)
    except Exception:
        return False


def _value_info(onnx, name, dtype, shape, other=None):
    """A graph input/output; dimensions that are open (or differ from `other`'s trace) get names."""
    if shape.rank is None:
        return onnx.helper.make_tensor_value_info(name, onnx_dtype(dtype), None)
    dims = shape.as_list()
    if other is not None:
        dims = [None if d != e else d for d, e in zip(dims, other.as_list())]
    dims = [("batch" if i == 0 else f"{name}_dim{i}") if d is None else d for i, d in enumerate(dims)]
    return onnx.helper.make_tensor_value_info(name, onnx_dtype(dtype), dims)


def _tensor_name(tensor):
    node = tensor._node
    name = node.scope + node.name
    return name if tensor._index == 0 else f"{name}:{tensor._index}"


def to_onnx(concretes, input_names, output_names=None, opset=DEFAULT_OPSET, graph_name="neuroflow"):
    """The `ModelProto` of the traced `ConcreteFunction`s (one, or two at batch sizes 2 and 3), not yet checked."""
    concrete = concretes[0]
    graph = concrete.graph
    b = GraphBuilder(opset)
    onnx = b.onnx
    nodes = graph_nodes(graph)
    other = concretes[1] if len(concretes) > 1 else None
    if other is not None:
        b.batch_factors = _batch_factors(nodes, graph_nodes(other.graph))
    b.batch_source = input_names[0]
    b.reserve(n[0] for n in nodes)
    variables = {_variable_path(v): v for v in graph.variables.values()}
    placeholders = {_tensor_name(t): n for t, n in zip(graph.inputs, input_names)}
    alias = dict(placeholders)
    for node in nodes:
        name, op_type, inputs, attrs = node
        shapes = attrs.get("_output_shapes") or []
        outputs = [name] + [f"{name}:{k}" for k in range(1, len(shapes))]
        ins = [alias.get(i, i) for i in inputs if not i.startswith("^")]
        b.shapes.update(zip(outputs, shapes))
        b.shapes.update({alias[o]: s for o, s in zip(outputs, shapes) if o in alias})
        if op_type == "Placeholder":
            if name not in placeholders:
                raise ValueError(f"ONNX export: placeholder {name} is not an input of the traced function.")
        elif op_type == "Const" and (name, "value") in b.batch_factors:
            value = attrs["value"]
            fill = onnx.numpy_helper.from_array(value.reshape(-1)[:1], "value")
            shape = b.batch_sized(list(value.shape), b.batch_factors[(name, "value")])
            b.one("ConstantOfShape", [shape], name, value=fill)
        elif op_type == "Const":
            alias[name] = b.const(attrs["value"], name)
        elif op_type == "VarHandleOp":
            alias[name] = b.const(variables[name].numpy(), name)
        elif op_type in ("ReadVariableOp", "Identity") and ins[0] in b.constants:
            alias[name] = ins[0]
        elif op_type in _ALL:
            b.reserve(outputs)
            _ALL[op_type](b, node, ins, outputs)
        else:
            scope = name.rsplit("/", 1)[0] if "/" in name else "the function"
            raise ValueError(f"ONNX export: op {op_type} (node '{name}', in {scope}) has no ONNX converter. "
                             f"Supported ops: {', '.join(sorted(_ALL))}.")
    results = list(concrete.outputs)
    output_names = output_names if output_names and len(output_names) == len(results) else \
        [f"output_{i}" for i in range(len(results))]
    for tensor, out in zip(results, output_names):
        b.one("Identity", [alias.get(_tensor_name(tensor), _tensor_name(tensor))], out)
    used = {i for n in b.nodes for i in n.input}
    graph_proto = onnx.helper.make_graph(
        b.nodes, graph_name,
        [_value_info(onnx, n, t.dtype, t._shape, o._shape if other else None)
         for t, o, n in zip(graph.inputs, other.graph.inputs if other else graph.inputs, input_names)],
        [_value_info(onnx, n, t.dtype, t._shape, o._shape if other else None)
         for t, o, n in zip(results, other.outputs if other else results, output_names)],
        initializer=[i for i in b.initializers if i.name in used])
    model = onnx.helper.make_model(graph_proto, opset_imports=[onnx.helper.make_opsetid("", opset)],
                                   producer_name="neuroflow", producer_version=version.NEUROFLOW_VERSION)
    model.ir_version = min(onnx.IR_VERSION, 9)  # what ONNX Runtime 1.16+ reads
    return model


def export(model_or_function, path, input_signature=None, opset=DEFAULT_OPSET):
    """Writes a Keras model or a function as an ONNX file (checked by `onnx.checker`).

    Args:
        model_or_function: a built `keras.Model`, a `tf.function` or a Python function of tensors.
        path: the `.onnx` file to write (atomically).
        input_signature: `tf.TensorSpec`s of the inputs; for a Functional/Sequential model they
            default to its inputs with a dynamic batch dimension. Their names name the ONNX inputs.
        opset: the ONNX opset (13 or newer; default 17).

    Returns:
        The `onnx.ModelProto` written.

    >>> import pytest; _ = pytest.importorskip("onnx")  # the onnx extra: pip install neuroflow[onnx]
    >>> import os, tempfile
    >>> from neuroflow import keras
    >>> model = keras.Sequential([keras.Input((3,), name="x"),
    ...                           keras.layers.Dense(2, activation="relu", name="scores")])
    >>> proto = export(model, os.path.join(tempfile.mkdtemp(), "model.onnx"))
    >>> [i.name for i in proto.graph.input], [o.name for o in proto.graph.output]
    (['x'], ['scores'])
    >>> proto.graph.input[0].type.tensor_type.shape.dim[0].dim_param
    'batch'
    """
    onnx = onnx_module()
    if opset < 13:
        raise ValueError(f"ONNX export needs opset 13 or newer (Unsqueeze/Squeeze/Slice with tensor axes). "
                         f"Received: opset={opset}.")
    path = os.fspath(path)
    if os.path.isdir(path):
        raise IsADirectoryError(f"ONNX export: {path} is a folder; pass a file path such as {path}/model.onnx.")
    function, signature, input_names, output_names = _traceable(model_or_function, input_signature)
    label = f"model '{model_or_function.name}'" if hasattr(model_or_function, "layers") else "the function"
    proto = to_onnx(_trace(function, signature, label), input_names, output_names, opset)
    onnx.checker.check_model(proto, full_check=True)
    with atomic_write(path) as f:
        f.write(proto.SerializeToString())
    return proto


def export_keras_model(model, filepath, verbose=True, input_signature=None, opset=DEFAULT_OPSET, **kwargs):
    """`model.export(filepath, format="onnx")`."""
    if kwargs:
        raise TypeError(f"model.export(format='onnx') got unexpected arguments {sorted(kwargs)}.")
    proto = export(model, filepath, input_signature=input_signature, opset=opset)
    if verbose:
        print(f"Saved an ONNX model (opset {opset}) to {filepath}: inputs "
              f"{[i.name for i in proto.graph.input]}, outputs {[o.name for o in proto.graph.output]}.")
    return proto
