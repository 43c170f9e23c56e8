"""`tf.saved_model.load`: a SavedModel folder (TensorFlow's or neuroflow's) back as objects.

No Python code from the folder runs. The object graph is rebuilt as plain trackable objects
(variables restored from `variables/`), and each saved function is rebuilt from its
`FunctionDef`: its nodes run through neuroflow's op registry by their TensorFlow op names,
calls between library functions (`StatefulPartitionedCall`) included. A node whose op
neuroflow does not have fails with an error naming the op and the node.

>>> import os, tempfile
>>> import neuroflow as tf
>>> class Scale(tf.Module):
...     def __init__(self):
...         super().__init__()
...         self.w = tf.Variable(2.0)
...     @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
...     def __call__(self, x):
...         return x * self.w
>>> folder = os.path.join(tempfile.mkdtemp(), "scale")
>>> tf.saved_model.save(Scale(), folder)
>>> loaded = tf.saved_model.load(folder)
>>> loaded.signatures["serving_default"](x=tf.constant([1.0, 3.0]))["output_0"].numpy()
array([2., 6.], dtype=float32)
>>> float(loaded.w.numpy())
2.0
"""
import inspect
import os
import re

import numpy as np

from ..framework import dtypes
from ..framework.convert import convert_to_tensor
from ..framework.errors import NotFoundError, UnimplementedError
from ..framework.variable import Variable
from ..graph.graph_def import ATTR_INPUTS, IMPLIED_ATTRS, SPATIAL_OPS
from ..graph.tf_op_defs import OP_DEFS, REQUIRED
from ..io.tensor_proto import make_ndarray, tensor_proto_class
from ..ops.registry import REGISTRY
from ..train.checkpoint import Checkpoint
from ..train.trackable import attribute_children
from .asset import Asset
from .restored_function import LoadedFunction, RestoredFunction
from .saved_model_proto import SavedModel
from .structured_value import shape_of

__all__ = ["load"]

_ATTR_NAMES = {"keep_dims": "keepdims", "DstT": "dtype", "output_type": "dtype"}  # TF attribute -> keyword
_CALLS = ("StatefulPartitionedCall", "PartitionedCall")
_NUMPY_TYPE_ATTRS = {("ArgMax", "dtype"), ("ArgMin", "dtype")}  # neuroflow takes a NumPy type there
_BUILTIN = ("Const", "Identity", "NoOp", "ReadVariableOp")  # run by the loader itself


def _registered(op):
    if op not in REGISTRY:  # op modules register their ops when imported: import them all
        import importlib
        import pkgutil
        from .. import ops
        for module in pkgutil.iter_modules(ops.__path__):
            importlib.import_module(f"{ops.__name__}.{module.name}")
    return REGISTRY.get(op)


class _Loaded:
    """An object of a loaded SavedModel: its saved children are its attributes (a saved
    `__call__` function makes it callable)."""

    def _trackable_children(self):
        return attribute_children(self)

    def __call__(self, *args, **kwargs):
        function = self.__dict__.get("__call__")
        if function is None:
            raise TypeError("This loaded object is not callable: its SavedModel has no `__call__` function.")
        return function(*args, **kwargs)


def _attr_value(attr):
    kind = attr.WhichOneof("kind")
    if kind == "list":
        values = attr.list
        for name in ("i", "f", "b", "s", "type", "shape"):
            items = list(getattr(values, name))
            if items:
                return [_scalar(name, v) for v in items]
        return []
    if kind is None or kind in ("func", "placeholder"):
        return None
    return _scalar(kind, getattr(attr, kind))


def _scalar(kind, value):
    if kind == "s":
        return value.decode()
    if kind == "type":
        return dtypes.as_dtype(value)
    if kind == "shape":
        return shape_of(value)
    if kind == "tensor":
        proto = tensor_proto_class().FromString(value.SerializeToString())
        return make_ndarray(proto)
    return value


class _Function:
    """One `FunctionDef`, run node by node with neuroflow's ops."""

    def __init__(self, function_def, library):
        self._def, self._library = function_def, library
        self._order = self._topological(function_def)
        for node in self._order:  # fail at load, naming the op, rather than at the first call
            if node.op in _CALLS:
                library.function(node.attr["f"].func.name)
            elif node.op not in _BUILTIN and _registered(node.op) is None:
                raise UnimplementedError(None, node.op, f"The SavedModel's function {function_def.signature.name} "
                                         f"uses op {node.op} (node '{node.name}'), which neuroflow does not "
                                         "implement; it cannot be loaded.")

    @staticmethod
    def _topological(function_def):
        nodes = {n.name: n for n in function_def.node_def}
        order, state = [], {}

        def visit(name):
            if state.get(name) == 2:
                return
            if state.get(name) == 1:
                raise ValueError(f"Function {function_def.signature.name} has a cycle through node {name}.")
            state[name] = 1
            for text in nodes[name].input:
                source = text.lstrip("^").split(":")[0]
                if source in nodes:
                    visit(source)
            state[name] = 2
            order.append(nodes[name])

        for name in nodes:
            visit(name)
        return order

    def __call__(self, *inputs):
        signature = self._def.signature
        if len(inputs) != len(signature.input_arg):
            raise ValueError(f"Function {signature.name} takes {len(signature.input_arg)} inputs; "
                             f"got {len(inputs)}.")
        values = {arg.name: value for arg, value in zip(signature.input_arg, inputs)}
        outputs = {}
        for node in self._order:
            outputs[node.name] = self._run(node, [self._value(i, values, outputs) for i in node.input
                                                   if not i.startswith("^")])
        return [self._value(self._def.ret[arg.name], values, outputs) for arg in signature.output_arg]

    def _value(self, text, values, outputs):
        if text in values:
            return values[text]
        source, _, rest = text.partition(":")
        result = outputs[source]
        if not isinstance(result, (list, tuple)):
            return result
        arg, _, index = rest.partition(":")
        return result[_output_index(self._node_op(source), arg, int(index or 0))]

    def _node_op(self, name):
        return next(n.op for n in self._def.node_def if n.name == name)

    def _run(self, node, inputs):
        op = node.op
        if op == "Const":
            return convert_to_tensor(_attr_value(node.attr["value"]))
        if op == "Identity":
            return inputs[0]
        if op == "NoOp":
            return None
        if op == "ReadVariableOp":
            return inputs[0].read_value()
        if op in _CALLS:
            return self._library.function(node.attr["f"].func.name)(*inputs)
        registered = _registered(op)
        keywords = set(inspect.signature(registered.forward).parameters)
        arg_names, _, defaults = OP_DEFS.get(op, ((), (), {}))
        tensors, attrs = [], dict(IMPLIED_ATTRS.get(op, {}))
        for position, value in enumerate(inputs):
            arg = arg_names[position] if position < len(arg_names) else "*"
            keyword = ATTR_INPUTS.get(arg)  # an input TensorFlow takes that neuroflow's op takes as an attribute
            if keyword in keywords:
                attrs[keyword] = _python(value.numpy())
            else:
                tensors.append(value)
        for key, attr in node.attr.items():
            keyword = _ATTR_NAMES.get(key, key)
            if keyword in keywords and keyword not in attrs:
                attrs[keyword] = _attr_value(attr)
                if (op, keyword) in _NUMPY_TYPE_ATTRS:
                    attrs[keyword] = attrs[keyword].as_numpy_dtype
        if op in SPATIAL_OPS:
            attrs.update(_spatial_keywords(node, tensors))
        for key, default in defaults.items():  # attributes left at their default are stripped from files
            keyword = _ATTR_NAMES.get(key, key)
            if keyword in keywords and keyword not in attrs and default is not None and default != REQUIRED:
                attrs[keyword] = default
        return registered.run(*tensors, **attrs)


def _spatial_keywords(node, inputs):
    """A TensorFlow conv/pool node's attributes as neuroflow's: spatial strides, dilations, explicit pads."""
    def spatial(name, default):
        values = list(node.attr[name].list.i) if name in node.attr else []
        return tuple(values[1:3]) if values else default

    strides, dilations = spatial("strides", (1, 1)), spatial("dilations", (1, 1))
    keywords = {"strides": strides, "dilations": dilations}
    if "ksize" in node.attr:
        keywords["ksize"] = kernel = spatial("ksize", (1, 1))
    else:
        kernel = tuple(inputs[1].shape[:2])
    padding = node.attr["padding"].s.decode()
    if padding == "EXPLICIT":
        flat = list(node.attr["explicit_paddings"].list.i)[2:6]
        keywords["pads"] = ((flat[0], flat[1]), (flat[2], flat[3]))
    elif padding == "SAME":
        pads = []
        for size, k, s, d in zip(inputs[0].shape[1:3], kernel, strides, dilations):
            total = max((-(-size // s) - 1) * s + (k - 1) * d + 1 - size, 0)
            pads.append((total // 2, total - total // 2))
        keywords["pads"] = tuple(pads)
    else:
        keywords["pads"] = ((0, 0), (0, 0))
    return keywords


def _python(array):
    """An attribute given to TensorFlow as a tensor (an axis, a shape) as a Python int or tuple."""
    return array.item() if array.ndim == 0 else tuple(array.tolist())


def _output_index(op, arg, index):
    outputs = OP_DEFS.get(op, ((), ("output",), {}))[1]
    names = [o.lstrip("*") for o in outputs]
    return (names.index(arg) if arg in names else 0) + index


class _Library:
    def __init__(self, library):
        self._defs = {f.signature.name: f for f in library.function}
        self._functions = {}

    def function(self, name):
        if name not in self._functions:
            if name not in self._defs:
                raise NotFoundError(None, None, f"The SavedModel calls function {name}, which its library lacks.")
            self._functions[name] = _Function(self._defs[name], self)
        return self._functions[name]


def _variable(saved):
    shape = [d.size for d in saved.shape.dim]
    dtype = dtypes.as_dtype(saved.dtype)
    return Variable(np.zeros(shape, dtype.as_numpy_dtype), trainable=saved.trainable,
                    name=saved.name.rsplit("/", 1)[-1] or "Variable")


def load(export_dir, tags=None, options=None):
    """Loads the SavedModel in `export_dir`: its objects, variables and callable signatures.

    Returns:
        The root object: saved attributes (variables, sub-objects, functions) by their names,
        and `signatures`, a dict of callables taking keyword arguments and returning dicts.

    Raises:
        OSError: when `export_dir` holds no `saved_model.pb`.
        UnimplementedError: when a saved function uses an op neuroflow lacks (naming it).
    """
    export_dir = os.fspath(export_dir)
    path = os.path.join(export_dir, "saved_model.pb")
    if not os.path.exists(path):
        raise OSError(f"SavedModel file does not exist at: {export_dir}{os.sep}{{saved_model.pbtxt|saved_model.pb}}")
    with open(path, "rb") as f:
        model = SavedModel.FromString(f.read())
    meta = model.meta_graphs[0]
    if tags is not None:
        wanted = {tags} if isinstance(tags, str) else set(tags)
        meta = next((m for m in model.meta_graphs if set(m.meta_info_def.tags) == wanted), None)
        if meta is None:
            raise RuntimeError(f"MetaGraphDef associated with tags {sorted(wanted)} could not be found in "
                               f"SavedModel {export_dir}.")
    graph = meta.object_graph_def
    library = _Library(meta.graph_def.library)
    objects = []
    for saved in graph.nodes:
        kind = saved.WhichOneof("kind")
        identifier = saved.user_object.identifier
        objects.append(_variable(saved.variable) if kind == "variable" else
                       _asset(saved.asset, meta, export_dir) if kind == "asset" else
                       [] if identifier == "trackable_list_wrapper" else
                       {} if identifier in ("signature_map", "trackable_dict_wrapper") else _Loaded())
    for node_id, saved in enumerate(graph.nodes):
        kind = saved.WhichOneof("kind")
        if kind == "bare_concrete_function":
            bare = saved.bare_concrete_function
            objects[node_id] = _concrete(bare.concrete_function_name, graph, library, objects,
                                         bare.argument_keywords, bare.allowed_positional_arguments)
        elif kind == "function":
            names = saved.function.concrete_functions
            objects[node_id] = RestoredFunction(_function_name(names[0]) if names else "function",
                                                saved.function.function_spec,
                                                [_concrete(name, graph, library, objects) for name in names])
    for node_id, saved in enumerate(graph.nodes):
        owner = objects[node_id]
        for child in saved.children:
            if isinstance(owner, dict):
                owner[child.local_name] = objects[child.node_id]
            elif isinstance(owner, list):
                owner.append(objects[child.node_id])
            elif isinstance(owner, _Loaded):
                setattr(owner, child.local_name, objects[child.node_id])
    root = objects[0]
    if os.path.exists(os.path.join(export_dir, "variables", "variables.index")):
        Checkpoint(root=root).read(os.path.join(export_dir, "variables", "variables")).expect_partial()
    if not hasattr(root, "signatures"):
        root.signatures = {}
    return root


def _concrete(name, graph, library, objects, argument_keywords=(), allowed_positional=0):
    saved = graph.concrete_functions[name]
    captured = [objects[i].asset_path if isinstance(objects[i], Asset) else objects[i] for i in saved.bound_inputs]
    return LoadedFunction(name, library.function(name), captured, saved, argument_keywords, allowed_positional)


def _asset(saved, meta, export_dir):
    """The `Asset` of an asset node: its file in the loaded folder's `assets/`."""
    if saved.asset_file_def_index >= len(meta.asset_file_def):
        raise ValueError(f"The SavedModel in {export_dir} names asset {saved.asset_file_def_index}, but its "
                         f"MetaGraph lists {len(meta.asset_file_def)} asset file(s).")
    filename = meta.asset_file_def[saved.asset_file_def_index].filename
    if os.path.isabs(filename) or ".." in filename.replace("\\", "/").split("/"):
        raise ValueError(f"The SavedModel in {export_dir} names asset file {filename!r} outside its assets folder.")
    return Asset(os.path.join(export_dir, "assets", filename))


def _function_name(concrete_name):
    """'affine' of a trace named '__inference_affine_1213', as TensorFlow names traces."""
    match = re.fullmatch(r"__inference_(.*)_\d+", concrete_name)
    return match.group(1) if match else concrete_name
