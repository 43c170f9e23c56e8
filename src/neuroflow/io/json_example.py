"""`tf.io.decode_json_example`: `tf.train.Example` protos written as JSON, to their binary form.

The JSON is protobuf's JSON mapping of `Example` (what `json_format.MessageToJson` writes).
As TensorFlow's converter does, the binary form lists repeated numbers one field at a time
(unpacked), with feature map entries in key order, so the bytes are TensorFlow's;
`tf.io.parse_example` reads both forms.

>>> import neuroflow as tf
>>> tf.io.decode_json_example('{"features": {"feature": {"a": {"int64List": {"value": ["1", "3"]}}}}}').numpy()
b'\\n\\r\\n\\x0b\\n\\x01a\\x12\\x06\\x1a\\x04\\x08\\x01\\x08\\x03'
"""
import functools

import numpy as np

from ..framework import dtypes
from ..framework.convert import convert_to_tensor
from ..framework.errors import InvalidArgumentError
from .host_ops import eager_only

__all__ = ["decode_json_example"]


@functools.lru_cache(maxsize=None)
def _unpacked_example():
    """The `Example` message class with every repeated number field unpacked."""
    from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
    from ..train.example_proto import Example
    file = descriptor_pb2.FileDescriptorProto()
    Example.DESCRIPTOR.file.CopyToProto(file)
    scalars = {descriptor_pb2.FieldDescriptorProto.TYPE_INT64, descriptor_pb2.FieldDescriptorProto.TYPE_FLOAT}

    def unpack(message):
        for entry in message.field:
            if entry.label == entry.LABEL_REPEATED and entry.type in scalars:
                entry.options.packed = False
        for nested in message.nested_type:
            unpack(nested)
    for message in file.message_type:
        unpack(message)
    pool = descriptor_pool.DescriptorPool()
    pool.Add(file)
    return message_factory.GetMessageClass(pool.FindMessageTypeByName("tensorflow.Example"))


def decode_json_example(json_examples, name=None):
    """Each JSON-encoded `Example` of `json_examples` (a string tensor of any shape) as a serialized
    binary `Example`, ready for `tf.io.parse_example`.

    Raises:
        InvalidArgumentError: for text that is not the JSON form of an `Example`.
    """
    eager_only("DecodeJSONExample", "Decode JSON examples outside traced functions.")
    from google.protobuf import json_format
    texts = convert_to_tensor(json_examples, dtype=dtypes.string)
    message = _unpacked_example()
    out = np.empty(texts.shape.as_list(), dtype=object)
    for index, text in np.ndenumerate(np.asarray(texts.numpy(), dtype=object)):
        try:
            out[index] = json_format.Parse(text.decode("utf-8"), message()).SerializeToString(deterministic=True)
        except (json_format.ParseError, UnicodeDecodeError) as error:
            raise InvalidArgumentError(None, "DecodeJSONExample", f"DecodeJSONExample: could not parse entry "
                                       f"{list(index)} as the JSON form of a tf.train.Example: {error}") from None
    return convert_to_tensor(out, dtype=dtypes.string)
