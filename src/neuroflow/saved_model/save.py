"""`tf.saved_model.save`: a SavedModel folder TensorFlow loads and serves.

The folder holds `saved_model.pb` (a `SavedModel` with one `MetaGraphDef` tagged "serve": the
object graph, a function library with one `FunctionDef` per signature in TensorFlow's op names
and attributes, `signature_def`s for TensorFlow Serving and the `saver_def` restore program its
loader runs), `variables/` (a checkpoint of the
object's variables, item by item as `tf.train.Checkpoint` writes it), `assets/` and
`fingerprint.pb`. Every file is written atomically.

>>> import os, tempfile
>>> import neuroflow as tf
>>> module = tf.Module()
>>> module.v = tf.Variable([1.0, 2.0])
>>> scale = tf.function(lambda x: {"y": x * module.v}, input_signature=[tf.TensorSpec([2], tf.float32)])
>>> folder = os.path.join(tempfile.mkdtemp(), "scaled")
>>> tf.saved_model.save(module, folder, signatures={"scale": scale})
>>> sorted(os.listdir(folder))
['assets', 'fingerprint.pb', 'saved_model.pb', 'variables']
"""
import hashlib
import inspect
import os
import shutil
import uuid

import numpy as np

from ..framework import dtypes, nest
from ..framework.module import Module
from ..framework.variable import Variable
from ..graph.concrete_function import ConcreteFunction
from ..graph.function import Function
from ..graph.graph_def import _set_shape as _shape, set_tensor_proto, to_function_def
from ..io.atomic import AtomicFiles
from ..train.checkpoint import Checkpoint
from ..train.trackable import object_graph
from ..graph.tensor_spec import TensorSpec
from .asset import Asset
from .restored_function import canonicalize
from .saved_model_proto import FingerprintDef, FunctionDef, SavedModel, SavedObjectGraph
from .structured_value import encode

__all__ = ["save", "signature_functions"]

_TF_VERSION = "2.21.0"
_GRAPH_DEF_VERSION = 2474  # tf.version.GRAPH_DEF_VERSION of TensorFlow 2.21
_DT_RESOURCE = 20
DEFAULT_SIGNATURE = "serving_default"


def _concrete(function, key):
    if isinstance(function, ConcreteFunction):
        return function
    if isinstance(function, Function):
        if function.input_signature is None:
            raise ValueError(f"tf.saved_model.save: signature {key!r} is a tf.function without an "
                             "`input_signature`. Pass `f.get_concrete_function(tf.TensorSpec(...))` or "
                             "decorate it with `@tf.function(input_signature=[...])`.")
        return function.get_concrete_function()
    raise ValueError(f"tf.saved_model.save: signature {key!r} must be a tf.function or a ConcreteFunction; "
                     f"got {function!r}.")


def signature_functions(obj, signatures):
    """`{key: ConcreteFunction}` of the signatures to save (TensorFlow's rules for `signatures`)."""
    if signatures is None:  # the one tf.function with an input signature the object has, if any
        found = [value for name, value in sorted(vars(type(obj)).items())
                 if isinstance(value, Function) and value.input_signature is not None]
        if len(found) != 1:
            return {}
        signatures = getattr(obj, next(name for name, value in sorted(vars(type(obj)).items())
                                       if value is found[0]))
    if not isinstance(signatures, dict):
        signatures = {DEFAULT_SIGNATURE: signatures}
    return {key: _concrete(function, key) for key, function in signatures.items()}


def _outputs(function):
    """`[(name, tensor)]` of a signature's outputs: dict keys, else `output_0`, `output_1`..."""
    structure = function.structured_outputs
    if isinstance(structure, dict):
        return sorted(structure.items())
    return [(f"output_{i}", t) for i, t in enumerate(nest.flatten(structure))]


def _tensor_spec(value, name, tensor):
    spec = value.tensor_spec_value
    spec.name, spec.dtype = name, tensor.dtype.as_datatype_enum
    _shape(spec.shape, tensor.shape)


def _variable_node(saved, variable):
    proto = saved.variable
    proto.dtype = variable.dtype.as_datatype_enum
    _shape(proto.shape, variable.shape)
    proto.trainable = variable.trainable
    proto.name = getattr(variable, "path", None) or variable.name.split(":")[0]


def _user_object(saved, identifier="_generic_user_object"):
    saved.user_object.identifier = identifier
    saved.user_object.version.producer = saved.user_object.version.min_consumer = 1


def _saved_functions(obj):
    """`[(name, Function or ConcreteFunction)]` a SavedModel keeps of `obj`: the `tf.function` and
    concrete function attributes of a `tf.Module` (decorated methods included), by name."""
    if not isinstance(obj, Module) and not getattr(type(obj), "_saves_functions", False):
        return []
    found = {}
    for cls in reversed(type(obj).__mro__):
        for name, value in vars(cls).items():
            if isinstance(value, Function):
                found[name] = getattr(obj, name)  # the method bound to obj, with obj's traces
            else:
                found.pop(name, None)
    for name, value in vars(obj).items():
        if isinstance(value, (Function, ConcreteFunction)):
            found[name] = value
        else:
            found.pop(name, None)
    return sorted((name, f) for name, f in found.items() if name == "__call__" or not name.startswith("__"))


def _argument_spec(python_function):
    """TensorFlow's `FullArgSpec` of a function (a bound method's `self` left out)."""
    try:
        parameters = list(inspect.signature(python_function).parameters.values())
    except (TypeError, ValueError):
        parameters = []
    kind = inspect.Parameter
    positional = [p for p in parameters if p.kind in (kind.POSITIONAL_ONLY, kind.POSITIONAL_OR_KEYWORD)]
    defaults = tuple(p.default for p in positional if p.default is not p.empty)
    keyword_only = [p for p in parameters if p.kind == kind.KEYWORD_ONLY]
    keyword_defaults = {p.name: p.default for p in keyword_only if p.default is not p.empty}
    return inspect.FullArgSpec(
        args=[p.name for p in positional], varargs=next((p.name for p in parameters if p.kind == kind.VAR_POSITIONAL),
                                                        None),
        varkw=next((p.name for p in parameters if p.kind == kind.VAR_KEYWORD), None), defaults=defaults or None,
        kwonlyargs=[p.name for p in keyword_only], kwonlydefaults=keyword_defaults or None, annotations={})


def _spec_of(value):
    return TensorSpec(value.shape, value.dtype, value._node.name) if hasattr(value, "_node") else value


def _convert(graph, function_name, outputs, node_of, what):
    """`graph` as a `FunctionDef` and the object graph nodes of what it captures, in argument order:
    variables (resource arguments), then assets' paths (string arguments)."""
    assets = [(out._node.scope + out._node.name, node_of[id(tensor)]) for tensor, out in graph._consts.values()
              if id(tensor) in node_of]
    function_def, captured = to_function_def(graph, function_name, outputs, FunctionDef,
                                             captured_constants=[name for name, _ in assets])
    missing = [v.name for v in captured if id(v) not in node_of]
    if missing:
        raise ValueError(f"tf.saved_model.save: {what} uses variables {missing} that the saved object does not "
                         "track. Assign them to an attribute of the object.")
    return function_def, [node_of[id(v)] for v in captured] + [node for _, node in assets]


def _add_concrete(meta, node_of, name, concrete, argspec):
    """Adds one trace of the function `name` (a `FunctionDef` and its `SavedConcreteFunction`);
    returns the trace's name and how many positional arguments it takes."""
    graph_def, saved_graph = meta.graph_def, meta.object_graph_def
    function_name = f"__inference_{name}_{len(graph_def.library.function)}"
    graph = concrete.graph
    outputs = [t for t in nest.flatten(concrete.structured_outputs) if hasattr(t, "_node")]
    function_def, bound_inputs = _convert(graph, function_name, [(f"output_{i}", t) for i, t in enumerate(outputs)],
                                          node_of, f"function {name!r}")
    args, kwargs = canonicalize(name, argspec.args, argspec.defaults or (), *concrete._structured_inputs)
    argument_of = dict(zip((id(p) for p in graph.inputs), (a.name for a in function_def.signature.input_arg)))
    _order_arguments(function_def, [argument_of[id(t)] for t in nest.flatten([list(args), kwargs])
                                    if hasattr(t, "_node")])
    graph_def.library.function.append(function_def)
    saved = saved_graph.concrete_functions[function_name]
    saved.bound_inputs.extend(bound_inputs)
    try:
        encode((tuple(nest.map_structure(_spec_of, list(args))), nest.map_structure(_spec_of, kwargs)),
               saved.canonicalized_input_signature)
        encode(nest.map_structure(_spec_of, concrete.structured_outputs), saved.output_signature)
    except ValueError as e:
        raise ValueError(f"tf.saved_model.save: function {name!r}: {e}") from None
    return function_name, len(args)


def _function_spec(proto, argspec, input_signature):
    encode(argspec, proto.fullargspec)
    encode(tuple(input_signature) if input_signature is not None else None, proto.input_signature)


def _add_function(meta, node_of, owner, name, function):
    """Adds `function` (a `tf.function` or a concrete function), an attribute of node `owner`:
    TensorFlow's `function` node listing every trace (each also a `trace_<k>` child
    `bare_concrete_function`), or a `bare_concrete_function` node."""
    saved_graph = meta.object_graph_def
    python_function = function.python_function if isinstance(function, Function) else None
    argspec = _argument_spec(python_function) if python_function is not None else \
        inspect.FullArgSpec([], None, None, None, [], None, {})
    traces = function._list_all_concrete_functions_for_serialization() if isinstance(function, Function) \
        else [function]
    added = [_add_concrete(meta, node_of, name, trace, argspec) for trace in traces]
    node_id = len(saved_graph.nodes)
    saved_graph.nodes[owner].children.add(node_id=node_id, local_name=name)
    saved_graph.nodes.add()
    if isinstance(function, ConcreteFunction):
        bare = saved_graph.nodes[node_id].bare_concrete_function
        bare.concrete_function_name, bare.allowed_positional_arguments = added[0][0], added[0][1]
        return
    saved_graph.nodes[node_id].function.concrete_functions.extend(trace_name for trace_name, _ in added)
    _function_spec(saved_graph.nodes[node_id].function.function_spec, argspec, function.input_signature)
    for k, (trace_name, positional) in enumerate(added):
        saved_graph.nodes[node_id].children.add(node_id=len(saved_graph.nodes), local_name=f"trace_{k}")
        bare = saved_graph.nodes.add().bare_concrete_function
        bare.concrete_function_name = trace_name
        bare.argument_keywords.extend(argspec.args[:positional])
        bare.allowed_positional_arguments = positional
        _function_spec(bare.function_spec, argspec, None)


def _build(obj, signatures):
    """The `MetaGraphDef` of `obj` with `signatures`."""
    meta = SavedModel().meta_graphs.add()
    info = meta.meta_info_def
    info.tags.append("serve")
    info.tensorflow_version, info.stripped_default_attrs = _TF_VERSION, True
    graph_def = meta.graph_def
    graph_def.versions.producer, graph_def.versions.min_consumer = _GRAPH_DEF_VERSION, 12
    objects_proto, values, objects = object_graph(obj, with_objects=True)
    saved_graph = meta.object_graph_def
    for node, live in zip(objects_proto.nodes, objects):
        saved = saved_graph.nodes.add()
        for child in node.children:
            saved.children.add(node_id=child.node_id, local_name=child.local_name)
        if isinstance(live, Variable):
            _variable_node(saved, live)
        elif isinstance(live, Asset):
            saved.asset.SetInParent()
        elif isinstance(live, (list, tuple)):
            _user_object(saved, "trackable_list_wrapper")
        elif isinstance(live, dict):
            _user_object(saved, "trackable_dict_wrapper")
        else:
            _user_object(saved)
    node_of = {id(live): i for i, live in enumerate(objects)}
    top_level = {}  # node id -> the top-level graph node standing for a captured variable or asset
    for i, live in enumerate(objects):
        if isinstance(live, Variable):
            path = saved_graph.nodes[i].variable.name
            handle = graph_def.node.add(name=path, op="VarHandleOp")
            handle.attr["dtype"].type = live.dtype.as_datatype_enum
            _shape(handle.attr["shape"].shape, live.shape)
            handle.attr["shared_name"].s = path.encode()
            top_level[i] = path
    copies = _assets(meta, objects, node_of, top_level)
    _restore_program(meta, [(key, top_level[node_of[id(v)]], v) for key, v in values])
    for owner, live in enumerate(objects):
        for name, function in _saved_functions(live):
            _add_function(meta, node_of, owner, name, function)
    signature_map = len(saved_graph.nodes)
    saved_graph.nodes[0].children.add(node_id=signature_map, local_name="signatures")
    _user_object(saved_graph.nodes.add(), "signature_map")
    for number, (key, function) in enumerate(sorted(signatures.items())):
        name = f"__inference_signature_wrapper_{key}_{number}"
        outputs = _outputs(function)
        function_def, bound_inputs = _convert(function.graph, name, outputs, node_of, f"signature {key!r}")
        placeholders = dict(zip((a.name for a in function_def.signature.input_arg if a.type != _DT_RESOURCE),
                                function.graph.inputs))
        _order_arguments(function_def, sorted(placeholders))
        graph_def.library.function.append(function_def)
        arguments = sorted(placeholders)
        concrete = saved_graph.concrete_functions[name]
        concrete.bound_inputs.extend(bound_inputs)
        inputs = concrete.canonicalized_input_signature.tuple_value
        inputs.values.add().tuple_value.SetInParent()
        kwargs = inputs.values.add().dict_value
        kwargs.SetInParent()
        for argument in sorted(arguments):
            _tensor_spec(kwargs.fields[argument], argument, placeholders[argument])
        outputs_value = concrete.output_signature.dict_value
        outputs_value.SetInParent()
        for output_name, tensor in outputs:
            _tensor_spec(outputs_value.fields[output_name], output_name, tensor)
        node_id = len(saved_graph.nodes)
        saved_graph.nodes[signature_map].children.add(node_id=node_id, local_name=key)
        bare = saved_graph.nodes.add().bare_concrete_function
        bare.concrete_function_name = name
        bare.argument_keywords.extend(sorted(arguments))
        _signature_def(meta, graph_def, key, name, function_def, placeholders, outputs,
                       [top_level[node] for node in bound_inputs])
    return meta, copies


def _assets(meta, objects, node_of, top_level):
    """Records the `Asset`s among `objects` as TensorFlow does: an `AssetFileDef` each (a file name
    in `assets/`, unique, and a string placeholder of the top-level graph), the asset node's index
    into them; makes functions capture each asset's path by the asset node. Returns the
    `(source path, file name)` pairs to copy."""
    copies, names = [], {}
    for i, live in enumerate(objects):
        if not isinstance(live, Asset):
            continue
        source = live.asset_path.numpy().decode()
        if not os.path.isfile(source):
            raise ValueError(f"tf.saved_model.save: asset file {source!r} does not exist.")
        stem, extension = os.path.splitext(os.path.basename(source))
        name = next(candidate for candidate in (f"{stem}_{n}{extension}" if n else stem + extension
                                                for n in range(len(names) + 1))
                    if names.get(candidate, source) == source)
        names[name] = source
        index = len(meta.asset_file_def)
        placeholder = meta.graph_def.node.add(name="asset_path_initializer" + (f"_{index}" if index else ""),
                                              op="Placeholder")
        placeholder.attr["dtype"].type = dtypes.string.as_datatype_enum
        placeholder.attr["shape"].shape.SetInParent()
        asset_def = meta.asset_file_def.add(filename=name)
        asset_def.tensor_info.name = placeholder.name + ":0"
        meta.object_graph_def.nodes[i].asset.asset_file_def_index = index
        node_of[id(live.asset_path)] = i  # a function reading the path captures the asset
        top_level[i] = placeholder.name
        copies.append((source, name))
    return copies


def _restore_program(meta, variables):
    """The TF1-style restore program (`saver_def`): what TensorFlow Serving and the C++ loader run
    to fill the variables from `variables/`: a function reading every key with `RestoreV2` and
    assigning it, called with the checkpoint prefix fed to `saver_filename`."""
    name = "__inference__traced_restore"
    function = FunctionDef()
    signature = function.signature
    signature.name, signature.is_stateful = name, True
    signature.input_arg.add(name="file_prefix", type=dtypes.string.as_datatype_enum)
    for i in range(len(variables)):
        signature.input_arg.add(name=f"variable_{i}", type=_DT_RESOURCE)
    signature.output_arg.add(name="identity", type=dtypes.string.as_datatype_enum)
    keys = [key for key, _, _ in variables]
    for const, values in (("tensor_names", keys), ("shape_and_slices", [""] * len(keys))):
        node = function.node_def.add(name=f"RestoreV2/{const}", op="Const")
        node.attr["dtype"].type = dtypes.string.as_datatype_enum
        set_tensor_proto(node.attr["value"].tensor, np.array([v.encode() for v in values], dtype=object))
    restore = function.node_def.add(name="RestoreV2", op="RestoreV2", input=[
        "file_prefix", "RestoreV2/tensor_names:output:0", "RestoreV2/shape_and_slices:output:0"])
    restore.attr["dtypes"].list.type.extend(v.dtype.as_datatype_enum for _, _, v in variables)
    for i, (_, _, variable) in enumerate(variables):
        assign = function.node_def.add(name=f"AssignVariableOp_{i}", op="AssignVariableOp",
                                       input=[f"variable_{i}", f"RestoreV2:tensors:{i}"])
        assign.attr["dtype"].type = variable.dtype.as_datatype_enum
    identity = function.node_def.add(name="Identity", op="Identity", input=["file_prefix"] + [
        f"^AssignVariableOp_{i}" for i in range(len(variables))])
    identity.attr["T"].type = dtypes.string.as_datatype_enum
    function.ret["identity"] = "Identity:output:0"
    graph_def = meta.graph_def
    graph_def.library.function.append(function)
    feed = graph_def.node.add(name="saver_filename", op="Placeholder")
    feed.attr["dtype"].type = dtypes.string.as_datatype_enum
    feed.attr["shape"].shape.SetInParent()
    call = graph_def.node.add(name="StatefulPartitionedCall_restore", op="StatefulPartitionedCall",
                              input=["saver_filename"] + [handle for _, handle, _ in variables])
    call.attr["f"].func.name = name
    call.attr["Tin"].list.type.extend(a.type for a in signature.input_arg)
    call.attr["Tout"].list.type.append(dtypes.string.as_datatype_enum)
    meta.saver_def.filename_tensor_name = meta.saver_def.save_tensor_name = "saver_filename:0"
    meta.saver_def.restore_op_name, meta.saver_def.version = "StatefulPartitionedCall_restore", 2  # V2


def _order_arguments(function_def, names):
    """Orders a function's tensor arguments as `names` (a signature's: sorted, as TensorFlow flattens
    keyword arguments), the captured values (variables, asset paths) after them."""
    args = list(function_def.signature.input_arg)
    by_name = {a.name: a for a in args}
    ordered = [by_name[name] for name in names] + [a for a in args if a.name not in set(names)]
    del function_def.signature.input_arg[:]
    function_def.signature.input_arg.extend(ordered)


def _signature_def(meta, graph_def, key, function_name, function_def, placeholders, outputs, handles):
    """The TF1-style `signature_def` (tensor names in the top-level graph) TensorFlow Serving reads."""
    signature = meta.signature_def[key]
    signature.method_name = "tensorflow/serving/predict"
    call = f"StatefulPartitionedCall_{key}"
    feeds = []
    for argument in sorted(placeholders):
        tensor = placeholders[argument]
        feed = graph_def.node.add(name=f"{key}_{argument}", op="Placeholder")
        feed.attr["dtype"].type = tensor.dtype.as_datatype_enum
        _shape(feed.attr["shape"].shape, tensor.shape)
        info = signature.inputs[argument]
        info.name, info.dtype = f"{feed.name}:0", tensor.dtype.as_datatype_enum
        _shape(info.tensor_shape, tensor.shape)
        feeds.append(feed.name)
    order = [a.name for a in function_def.signature.input_arg if a.name in placeholders]
    by_argument = dict(zip(sorted(placeholders), feeds))
    node = graph_def.node.add(name=call, op="StatefulPartitionedCall",
                              input=[by_argument[a] for a in order] + handles)
    node.attr["f"].func.name = function_name
    node.attr["Tin"].list.type.extend(a.type for a in function_def.signature.input_arg)
    node.attr["Tout"].list.type.extend(a.type for a in function_def.signature.output_arg)
    for index, (output_name, tensor) in enumerate(outputs):
        info = signature.outputs[output_name]
        info.name, info.dtype = f"{call}:{index}", tensor.dtype.as_datatype_enum
        _shape(info.tensor_shape, tensor.shape)


def _hash64(data):
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")


def save(obj, export_dir, signatures=None, options=None):
    """Writes `obj` (a `tf.Module`, Keras model... ) and its `signatures` as a SavedModel in `export_dir`.

    Args:
        obj: the object to save; its variables go to `variables/`.
        export_dir: the folder (created; existing files are replaced).
        signatures: a `tf.function` with an `input_signature`, a `ConcreteFunction`, or a dict
            of them by signature key (one alone is 'serving_default'); by default the object's
            one `tf.function` with an input signature.
        options: accepted for TensorFlow compatibility.

    Raises:
        ValueError: when a signature uses an op TensorFlow does not have (naming the op), or
            variables `obj` does not track.
    """
    export_dir = os.fspath(export_dir)
    meta, copies = _build(obj, signature_functions(obj, signatures))
    model = SavedModel(saved_model_schema_version=1)
    model.meta_graphs.append(meta)
    os.makedirs(os.path.join(export_dir, "variables"), exist_ok=True)
    os.makedirs(os.path.join(export_dir, "assets"), exist_ok=True)
    Checkpoint(root=obj).write(os.path.join(export_dir, "variables", "variables"))
    data = model.SerializeToString()
    fingerprint = FingerprintDef(saved_model_checksum=_hash64(data),
                                 graph_def_program_hash=_hash64(meta.graph_def.SerializeToString()),
                                 saved_object_graph_hash=_hash64(meta.object_graph_def.SerializeToString()),
                                 uuid=str(uuid.uuid4()))
    fingerprint.version.producer = 1
    with AtomicFiles() as files:  # the assets first: saved_model.pb appears once the files it names exist
        for source, name in copies:
            with open(source, "rb") as f:
                shutil.copyfileobj(f, files.open(os.path.join(export_dir, "assets", name)))
        files.open(os.path.join(export_dir, "saved_model.pb"), stage=1).write(data)
        files.open(os.path.join(export_dir, "fingerprint.pb"), stage=1).write(fingerprint.SerializeToString())
