"""Building protocol buffer classes from a schema written in Python (no generated code).

TensorFlow's message formats (`Example`, `TensorProto`...) are declared here as
`FileDescriptorProto`s with the same package, names, numbers and types as TensorFlow's
`.proto` files, so the `protobuf` package encodes them byte-compatibly with TensorFlow.
All files go into one private descriptor pool, which never clashes with TensorFlow's own
pool when both are loaded.
"""
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

__all__ = ["FIELD", "new_file", "field", "map_field", "message_classes", "add_well_known"]

FIELD = descriptor_pb2.FieldDescriptorProto
_POOL = descriptor_pool.DescriptorPool()


def new_file(name):
    """An empty proto3 `FileDescriptorProto` in package `tensorflow`."""
    return descriptor_pb2.FileDescriptorProto(name=name, package="tensorflow", syntax="proto3")


def field(message, name, number, kind, type_name=None, repeated=False, packed=False, oneof=None):
    """Adds field `name = number` of type `kind` (a `FIELD.TYPE_*`) to `message`."""
    entry = message.field.add(name=name, number=number, type=kind,
                              label=FIELD.LABEL_REPEATED if repeated else FIELD.LABEL_OPTIONAL)
    if type_name:
        entry.type_name = type_name
    if packed:
        entry.options.packed = True
    if oneof is not None:
        entry.oneof_index = oneof


def map_field(message, field_name, entry_name, value_type):
    """Adds a proto3 `map<string, value_type> field_name = 1;` to `message`."""
    entry = message.nested_type.add(name=entry_name)
    entry.options.map_entry = True
    field(entry, "key", 1, FIELD.TYPE_STRING)
    field(entry, "value", 2, FIELD.TYPE_MESSAGE, value_type)
    field(message, field_name, 1, FIELD.TYPE_MESSAGE, f".tensorflow.{message.name}.{entry_name}",
          repeated=True)


def message_classes(file, names):
    """Adds `file` to the pool; returns the message classes `tensorflow.<name>` for `names`."""
    _POOL.Add(file)
    return tuple(message_factory.GetMessageClass(_POOL.FindMessageTypeByName("tensorflow." + name))
                 for name in names)


def add_well_known(module):
    """Adds a `google.protobuf` well-known file (e.g. `wrappers_pb2`) to the pool, once."""
    try:
        _POOL.FindFileByName(module.DESCRIPTOR.name)
    except KeyError:
        _POOL.Add(descriptor_pb2.FileDescriptorProto.FromString(module.DESCRIPTOR.serialized_pb))
    return module.DESCRIPTOR.name
