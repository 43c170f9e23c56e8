"""The protocol buffers of TensorFlow checkpoints, built from TensorFlow's published schemas.

`BundleHeaderProto` and `BundleEntryProto` (`tensorflow/core/protobuf/tensor_bundle.proto`:
the header and the per-tensor entries of a checkpoint's `.index` table) and
`TrackableObjectGraph` (`trackable_object_graph.proto`: which object owns which saved value,
stored in the checkpoint under `_CHECKPOINTABLE_OBJECT_GRAPH`), and `CheckpointState` (the
`checkpoint` file naming a folder's latest checkpoints, in protobuf text format). Same package, names, field
numbers and types as TensorFlow's files (built as in `proto_schema`), so the bytes are
TensorFlow's. Fields this package never reads or writes (tensor slices, registered savers)
are left out: protobuf skips them when parsing.

>>> entry = BundleEntryProto(dtype=1, offset=8, size=4)
>>> BundleEntryProto.FromString(entry.SerializeToString()).size
4
"""
from google.protobuf import wrappers_pb2

from ..io.tensor_proto import tensor_proto_class
from .proto_schema import FIELD, add_well_known, field, message_classes, new_file

__all__ = ["BundleHeaderProto", "BundleEntryProto", "TrackableObjectGraph", "CheckpointState"]

_TENSOR_FILE = "tensorflow/core/framework/tensor.proto"


def _bundle_schema():
    tensor_proto_class()  # DataType and TensorShapeProto come from tensor.proto
    file = new_file("tensorflow/core/protobuf/tensor_bundle.proto")
    file.dependency.append(_TENSOR_FILE)
    add = file.message_type.add
    version = add(name="VersionDef")
    field(version, "producer", 1, FIELD.TYPE_INT32)
    field(version, "min_consumer", 2, FIELD.TYPE_INT32)
    field(version, "bad_consumers", 3, FIELD.TYPE_INT32, repeated=True, packed=True)
    header = add(name="BundleHeaderProto")
    endianness = header.enum_type.add(name="Endianness")
    endianness.value.add(name="LITTLE", number=0)
    endianness.value.add(name="BIG", number=1)
    field(header, "num_shards", 1, FIELD.TYPE_INT32)
    field(header, "endianness", 2, FIELD.TYPE_ENUM, ".tensorflow.BundleHeaderProto.Endianness")
    field(header, "version", 3, FIELD.TYPE_MESSAGE, ".tensorflow.VersionDef")
    entry = add(name="BundleEntryProto")
    field(entry, "dtype", 1, FIELD.TYPE_ENUM, ".tensorflow.DataType")
    field(entry, "shape", 2, FIELD.TYPE_MESSAGE, ".tensorflow.TensorShapeProto")
    field(entry, "shard_id", 3, FIELD.TYPE_INT32)
    field(entry, "offset", 4, FIELD.TYPE_INT64)
    field(entry, "size", 5, FIELD.TYPE_INT64)
    field(entry, "crc32c", 6, FIELD.TYPE_FIXED32)
    return file


def _object_graph_schema():
    file = new_file("tensorflow/core/protobuf/trackable_object_graph.proto")
    file.dependency.append(add_well_known(wrappers_pb2))
    graph = file.message_type.add(name="TrackableObjectGraph")
    node = graph.nested_type.add(name="TrackableObject")
    prefix = ".tensorflow.TrackableObjectGraph.TrackableObject."
    reference = node.nested_type.add(name="ObjectReference")
    field(reference, "node_id", 1, FIELD.TYPE_INT32)
    field(reference, "local_name", 2, FIELD.TYPE_STRING)
    tensor = node.nested_type.add(name="SerializedTensor")
    for number, name in enumerate(("name", "full_name", "checkpoint_key"), start=1):
        field(tensor, name, number, FIELD.TYPE_STRING)
    slot = node.nested_type.add(name="SlotVariableReference")
    field(slot, "original_variable_node_id", 1, FIELD.TYPE_INT32)
    field(slot, "slot_name", 2, FIELD.TYPE_STRING)
    field(slot, "slot_variable_node_id", 3, FIELD.TYPE_INT32)
    field(node, "children", 1, FIELD.TYPE_MESSAGE, prefix + "ObjectReference", repeated=True)
    field(node, "attributes", 2, FIELD.TYPE_MESSAGE, prefix + "SerializedTensor", repeated=True)
    field(node, "slot_variables", 3, FIELD.TYPE_MESSAGE, prefix + "SlotVariableReference", repeated=True)
    field(node, "has_checkpoint_values", 5, FIELD.TYPE_MESSAGE, ".google.protobuf.BoolValue")
    field(graph, "nodes", 1, FIELD.TYPE_MESSAGE, ".tensorflow.TrackableObjectGraph.TrackableObject",
          repeated=True)
    return file


BundleHeaderProto, BundleEntryProto = message_classes(_bundle_schema(), ["BundleHeaderProto", "BundleEntryProto"])
TrackableObjectGraph, = message_classes(_object_graph_schema(), ["TrackableObjectGraph"])


def _state_schema():
    file = new_file("tensorflow/python/training/checkpoint_state.proto")
    state = file.message_type.add(name="CheckpointState")
    field(state, "model_checkpoint_path", 1, FIELD.TYPE_STRING)
    field(state, "all_model_checkpoint_paths", 2, FIELD.TYPE_STRING, repeated=True)
    field(state, "all_model_checkpoint_timestamps", 3, FIELD.TYPE_DOUBLE, repeated=True, packed=True)
    field(state, "last_preserved_timestamp", 4, FIELD.TYPE_DOUBLE)
    return file


CheckpointState, = message_classes(_state_schema(), ["CheckpointState"])
