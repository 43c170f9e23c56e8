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
import os
import uuid

import numpy as np

from ..framework import dtypes, nest
from ..framework.variable import Variable
from ..graph.concrete_function import ConcreteFunction
from ..graph.function import Function
from ..graph.graph_def import _set_shape as _shape, set_tensor_proto, to_function_def
from ..io.atomic import atomic_write
from ..train.checkpoint import Checkpoint
from ..train.trackable import object_graph
from .saved_model_proto import FingerprintDef, FunctionDef, SavedModel, SavedObjectGraph

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
        elif isinstance(live, (list, tuple)):
            _user_object(saved, "trackable_list_wrapper")
        elif isinstance(live, dict):
            _user_object(saved, "trackable_dict_wrapper")
        else:
            _user_object(saved)
    node_of = {id(live): i for i, live in enumerate(objects)}
    handles = {}
    for i, live in enumerate(objects):
        if isinstance(live, Variable):
            path = saved_graph.nodes[i].variable.name
            handle = graph_def.node.add(name=path, op="VarHandleOp")
            handle.attr["dtype"].type = live.dtype.as_datatype_enum
            _shape(handle.attr["shape"].shape, live.shape)
            handle.attr["shared_name"].s = path.encode()
            handles[id(live)] = path
    _restore_program(meta, [(key, handles[id(v)], v) for key, v in values])
    signature_map = len(saved_graph.nodes)
    saved_graph.nodes[0].children.add(node_id=signature_map, local_name="signatures")
    _user_object(saved_graph.nodes.add(), "signature_map")
    for number, (key, function) in enumerate(sorted(signatures.items())):
        name = f"__inference_signature_wrapper_{key}_{number}"
        outputs = _outputs(function)
        function_def, captured = to_function_def(function.graph, name, outputs, FunctionDef)
        placeholders = dict(zip((a.name for a in function_def.signature.input_arg if a.type != _DT_RESOURCE),
                                function.graph.inputs))
        _sort_arguments(function_def)
        graph_def.library.function.append(function_def)
        missing = [v.name for v in captured if id(v) not in node_of]
        if missing:
            raise ValueError(f"tf.saved_model.save: signature {key!r} uses variables {missing} that the saved "
                             "object does not track. Assign them to an attribute of the object.")
        arguments = [a.name for a in function_def.signature.input_arg if a.type != _DT_RESOURCE]
        concrete = saved_graph.concrete_functions[name]
        concrete.bound_inputs.extend(node_of[id(v)] for v in captured)
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
                       [handles[id(v)] for v in captured])
    return meta


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


def _sort_arguments(function_def):
    """Orders a signature's tensor arguments by name (how TensorFlow flattens keyword arguments),
    the captured variables after them."""
    args = list(function_def.signature.input_arg)
    ordered = sorted((a for a in args if a.type != _DT_RESOURCE), key=lambda a: a.name)
    ordered += [a for a in args if a.type == _DT_RESOURCE]
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
    order = [a.name for a in function_def.signature.input_arg if a.type != _DT_RESOURCE]
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
    meta = _build(obj, signature_functions(obj, signatures))
    model = SavedModel(saved_model_schema_version=1)
    model.meta_graphs.append(meta)
    os.makedirs(os.path.join(export_dir, "variables"), exist_ok=True)
    os.makedirs(os.path.join(export_dir, "assets"), exist_ok=True)
    Checkpoint(root=obj).write(os.path.join(export_dir, "variables", "variables"))
    data = model.SerializeToString()
    with atomic_write(os.path.join(export_dir, "saved_model.pb")) as f:
        f.write(data)
    fingerprint = FingerprintDef(saved_model_checksum=_hash64(data),
                                 graph_def_program_hash=_hash64(meta.graph_def.SerializeToString()),
                                 saved_object_graph_hash=_hash64(meta.object_graph_def.SerializeToString()),
                                 uuid=str(uuid.uuid4()))
    fingerprint.version.producer = 1
    with atomic_write(os.path.join(export_dir, "fingerprint.pb")) as f:
        f.write(fingerprint.SerializeToString())
