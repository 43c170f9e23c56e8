"""`tf.train.Example` and its parts: protocol buffer classes of TensorFlow's published schema.

The messages are those of TensorFlow's `tensorflow/core/example/feature.proto` and
`example.proto` (package `tensorflow`, same field names, numbers, types and packing), so their
serialized bytes are interchangeable with TensorFlow's. The schema is written below in Python
(see `proto_schema`) and turned into classes at import time by the `protobuf` package, which
does all the wire encoding.

>>> import neuroflow as tf
>>> example = tf.train.Example(features=tf.train.Features(feature={
...     "label": tf.train.Feature(int64_list=tf.train.Int64List(value=[7])),
...     "image": tf.train.Feature(bytes_list=tf.train.BytesList(value=[b"\\x00\\xff"]))}))
>>> data = example.SerializeToString()
>>> tf.train.Example.FromString(data).features.feature["label"].int64_list.value[0]
7
"""
from .proto_schema import FIELD, field, map_field, message_classes, new_file

__all__ = ["BytesList", "FloatList", "Int64List", "Feature", "Features", "FeatureList",
           "FeatureLists", "Example", "SequenceExample"]


def _schema():
    file = new_file("tensorflow/core/example/example.proto")
    add = file.message_type.add
    field(add(name="BytesList"), "value", 1, FIELD.TYPE_BYTES, repeated=True)
    field(add(name="FloatList"), "value", 1, FIELD.TYPE_FLOAT, repeated=True, packed=True)
    field(add(name="Int64List"), "value", 1, FIELD.TYPE_INT64, repeated=True, packed=True)
    feature = add(name="Feature")
    feature.oneof_decl.add(name="kind")
    for number, kind in enumerate(("bytes_list", "float_list", "int64_list"), start=1):
        field(feature, kind, number, FIELD.TYPE_MESSAGE,
              ".tensorflow." + kind.title().replace("_", ""), oneof=0)
    map_field(add(name="Features"), "feature", "FeatureEntry", ".tensorflow.Feature")
    field(add(name="FeatureList"), "feature", 1, FIELD.TYPE_MESSAGE, ".tensorflow.Feature", repeated=True)
    map_field(add(name="FeatureLists"), "feature_list", "FeatureListEntry", ".tensorflow.FeatureList")
    field(add(name="Example"), "features", 1, FIELD.TYPE_MESSAGE, ".tensorflow.Features")
    sequence = add(name="SequenceExample")
    field(sequence, "context", 1, FIELD.TYPE_MESSAGE, ".tensorflow.Features")
    field(sequence, "feature_lists", 2, FIELD.TYPE_MESSAGE, ".tensorflow.FeatureLists")
    return file


(BytesList, FloatList, Int64List, Feature, Features, FeatureList, FeatureLists, Example,
 SequenceExample) = message_classes(_schema(), __all__)
