"""`tf.train.Example` and its parts: protocol buffer classes of TensorFlow's published schema.

The messages are those of TensorFlow's `tensorflow/core/example/feature.proto` and
`example.proto` (package `tensorflow`, same field names, numbers, types and packing), so their
serialized bytes are interchangeable with TensorFlow's. The schema is written below as a
`FileDescriptorProto` and turned into classes at import time by the `protobuf` package, which
does all the wire encoding.

>>> import neuroflow as tf
>>> example = tf.train.Example(features=tf.train.Features(feature={
...     "label": tf.train.Feature(int64_list=tf.train.Int64List(value=[7])),
...     "image": tf.train.Feature(bytes_list=tf.train.BytesList(value=[b"\\x00\\xff"]))}))
>>> data = example.SerializeToString()
>>> tf.train.Example.FromString(data).features.feature["label"].int64_list.value[0]
7
"""
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

__all__ = ["BytesList", "FloatList", "Int64List", "Feature", "Features", "FeatureList",
           "FeatureLists", "Example", "SequenceExample"]

_F = descriptor_pb2.FieldDescriptorProto


def _field(message, name, number, kind, type_name=None, repeated=False, packed=False, oneof=None):
    field = message.field.add(name=name, number=number, type=kind,
                              label=_F.LABEL_REPEATED if repeated else _F.LABEL_OPTIONAL)
    if type_name:
        field.type_name = type_name
    if packed:
        field.options.packed = True
    if oneof is not None:
        field.oneof_index = oneof


def _map(message, field_name, entry_name, value_type):
    """A proto3 `map<string, value_type> field_name = 1;` inside `message`."""
    entry = message.nested_type.add(name=entry_name)
    entry.options.map_entry = True
    _field(entry, "key", 1, _F.TYPE_STRING)
    _field(entry, "value", 2, _F.TYPE_MESSAGE, value_type)
    _field(message, field_name, 1, _F.TYPE_MESSAGE, f".tensorflow.{message.name}.{entry_name}",
           repeated=True)


def _schema():
    file = descriptor_pb2.FileDescriptorProto(
        name="tensorflow/core/example/example.proto", package="tensorflow", syntax="proto3")
    add = file.message_type.add
    _field(add(name="BytesList"), "value", 1, _F.TYPE_BYTES, repeated=True)
    _field(add(name="FloatList"), "value", 1, _F.TYPE_FLOAT, repeated=True, packed=True)
    _field(add(name="Int64List"), "value", 1, _F.TYPE_INT64, repeated=True, packed=True)
    feature = add(name="Feature")
    feature.oneof_decl.add(name="kind")
    for number, kind in enumerate(("bytes_list", "float_list", "int64_list"), start=1):
        _field(feature, kind, number, _F.TYPE_MESSAGE,
               ".tensorflow." + kind.title().replace("_", ""), oneof=0)
    _map(add(name="Features"), "feature", "FeatureEntry", ".tensorflow.Feature")
    _field(add(name="FeatureList"), "feature", 1, _F.TYPE_MESSAGE, ".tensorflow.Feature", repeated=True)
    _map(add(name="FeatureLists"), "feature_list", "FeatureListEntry", ".tensorflow.FeatureList")
    _field(add(name="Example"), "features", 1, _F.TYPE_MESSAGE, ".tensorflow.Features")
    sequence = add(name="SequenceExample")
    _field(sequence, "context", 1, _F.TYPE_MESSAGE, ".tensorflow.Features")
    _field(sequence, "feature_lists", 2, _F.TYPE_MESSAGE, ".tensorflow.FeatureLists")
    return file


_POOL = descriptor_pool.DescriptorPool()  # our own pool: no clash with TensorFlow's if both load
_FILE = _POOL.Add(_schema())
(BytesList, FloatList, Int64List, Feature, Features, FeatureList, FeatureLists, Example,
 SequenceExample) = (message_factory.GetMessageClass(_POOL.FindMessageTypeByName("tensorflow." + name))
                     for name in __all__)
