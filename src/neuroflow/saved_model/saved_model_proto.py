"""The protocol buffers of a SavedModel, built from TensorFlow's published schemas.

`SavedModel` / `MetaGraphDef` (`saved_model.proto`, `meta_graph.proto`), the `GraphDef` with its
function library (`graph.proto`, `node_def.proto`, `attr_value.proto`, `function.proto`,
`op_def.proto`), the object graph (`saved_object_graph.proto`, `struct.proto`) and
`FingerprintDef` (`fingerprint.proto`): same package, names, field numbers and types as
TensorFlow's files (built as in `train/proto_schema`), so TensorFlow reads the bytes. Fields
this package does not write (collections, debug info, full types) are left out;
protobuf skips them when parsing.

>>> function = FunctionDef()
>>> function.signature.name = "f"
>>> function.ret["output_0"] = "MatMul:product:0"
>>> FunctionDef.FromString(function.SerializeToString()).ret["output_0"]
'MatMul:product:0'
"""
from ..train import checkpoint_proto  # noqa: F401 (VersionDef, TrackableObjectGraph)
from ..train.proto_schema import FIELD, field, message_classes, new_file

__all__ = ["SavedModel", "MetaGraphDef", "GraphDef", "FunctionDef", "SavedObjectGraph", "StructuredValue",
           "FingerprintDef", "SignatureDef", "FunctionSpec"]

_T = ".tensorflow."
_SCALARS = {"string": FIELD.TYPE_STRING, "bytes": FIELD.TYPE_BYTES, "int32": FIELD.TYPE_INT32,
            "int64": FIELD.TYPE_INT64, "sint64": FIELD.TYPE_SINT64, "uint32": FIELD.TYPE_UINT32,
            "uint64": FIELD.TYPE_UINT64, "float": FIELD.TYPE_FLOAT, "double": FIELD.TYPE_DOUBLE,
            "bool": FIELD.TYPE_BOOL, "DataType": FIELD.TYPE_ENUM}

# message -> [(field, number, type, repeated?, oneof index)]; a type naming no scalar is a message.
_MESSAGES = {
    "NameAttrList": [("name", 1, "string")],
    "AttrValue": [("list", 1, "AttrValue.ListValue", 0, 0), ("s", 2, "bytes", 0, 0), ("i", 3, "int64", 0, 0),
                  ("f", 4, "float", 0, 0), ("b", 5, "bool", 0, 0), ("type", 6, "DataType", 0, 0),
                  ("shape", 7, "TensorShapeProto", 0, 0), ("tensor", 8, "TensorProto", 0, 0),
                  ("placeholder", 9, "string", 0, 0), ("func", 10, "NameAttrList", 0, 0)],
    "AttrValue.ListValue": [("s", 2, "bytes", 1), ("i", 3, "int64", 1), ("f", 4, "float", 1),
                            ("b", 5, "bool", 1), ("type", 6, "DataType", 1), ("shape", 7, "TensorShapeProto", 1),
                            ("tensor", 8, "TensorProto", 1), ("func", 9, "NameAttrList", 1)],
    "NodeDef": [("name", 1, "string"), ("op", 2, "string"), ("input", 3, "string", 1), ("device", 4, "string")],
    "OpDef": [("name", 1, "string"), ("input_arg", 2, "OpDef.ArgDef", 1), ("output_arg", 3, "OpDef.ArgDef", 1),
              ("is_stateful", 17, "bool"), ("control_output", 20, "string", 1)],
    "OpDef.ArgDef": [("name", 1, "string"), ("type", 3, "DataType"), ("type_attr", 4, "string")],
    "FunctionDef": [("signature", 1, "OpDef"), ("node_def", 3, "NodeDef", 1)],
    "FunctionDef.ArgAttrs": [],
    "FunctionDefLibrary": [("function", 1, "FunctionDef", 1)],
    "GraphDef": [("node", 1, "NodeDef", 1), ("library", 2, "FunctionDefLibrary"), ("versions", 4, "VersionDef")],
    "TensorInfo": [("name", 1, "string", 0, 0), ("dtype", 2, "DataType"), ("tensor_shape", 3, "TensorShapeProto")],
    "SignatureDef": [("method_name", 3, "string")],
    "MetaGraphDef.MetaInfoDef": [("meta_graph_version", 1, "string"), ("tags", 4, "string", 1),
                                 ("tensorflow_version", 5, "string"), ("tensorflow_git_version", 6, "string"),
                                 ("stripped_default_attrs", 7, "bool")],
    "SaverDef": [("filename_tensor_name", 1, "string"), ("save_tensor_name", 2, "string"),
                 ("restore_op_name", 3, "string"), ("version", 7, "int32")],
    "MetaGraphDef": [("meta_info_def", 1, "MetaGraphDef.MetaInfoDef"), ("graph_def", 2, "GraphDef"),
                     ("saver_def", 3, "SaverDef"), ("asset_file_def", 6, "AssetFileDef", 1),
                     ("object_graph_def", 7, "SavedObjectGraph")],
    "SavedModel": [("saved_model_schema_version", 1, "int64"), ("meta_graphs", 2, "MetaGraphDef", 1)],
    "NoneValue": [],
    "TensorSpecProto": [("name", 1, "string"), ("shape", 2, "TensorShapeProto"), ("dtype", 3, "DataType")],
    "ListValue": [("values", 1, "StructuredValue", 1)],
    "TupleValue": [("values", 1, "StructuredValue", 1)],
    "DictValue": [],
    "StructuredValue": [("none_value", 1, "NoneValue", 0, 0), ("float64_value", 11, "double", 0, 0),
                        ("int64_value", 12, "sint64", 0, 0), ("string_value", 13, "string", 0, 0),
                        ("bool_value", 14, "bool", 0, 0), ("tensor_shape_value", 31, "TensorShapeProto", 0, 0),
                        ("tensor_dtype_value", 32, "DataType", 0, 0),
                        ("tensor_spec_value", 33, "TensorSpecProto", 0, 0), ("list_value", 51, "ListValue", 0, 0),
                        ("tuple_value", 52, "TupleValue", 0, 0), ("dict_value", 53, "DictValue", 0, 0),
                        ("named_tuple_value", 54, "NamedTupleValue", 0, 0)],
    "NamedTupleValue": [("name", 1, "string"), ("values", 2, "PairValue", 1)],
    "PairValue": [("key", 1, "string"), ("value", 2, "StructuredValue")],
    "FunctionSpec": [("fullargspec", 1, "StructuredValue"), ("is_method", 2, "bool"),
                     ("input_signature", 5, "StructuredValue")],
    "SavedAsset": [("asset_file_def_index", 1, "int32")],
    "AssetFileDef": [("tensor_info", 1, "TensorInfo"), ("filename", 2, "string")],
    "SavedUserObject": [("identifier", 1, "string"), ("version", 2, "VersionDef"), ("metadata", 3, "string")],
    "SavedVariable": [("dtype", 1, "DataType"), ("shape", 2, "TensorShapeProto"), ("trainable", 3, "bool"),
                      ("synchronization", 4, "int32"), ("aggregation", 5, "int32"), ("name", 6, "string")],
    "SavedFunction": [("concrete_functions", 1, "string", 1), ("function_spec", 2, "FunctionSpec")],
    "SavedBareConcreteFunction": [("concrete_function_name", 1, "string"), ("argument_keywords", 2, "string", 1),
                                  ("allowed_positional_arguments", 3, "int64"), ("function_spec", 4, "FunctionSpec")],
    "SavedConcreteFunction": [("bound_inputs", 2, "int32", 1), ("canonicalized_input_signature", 3, "StructuredValue"),
                              ("output_signature", 4, "StructuredValue")],
    "SavedObject": [("children", 1, "TrackableObjectGraph.TrackableObject.ObjectReference", 1),
                    ("user_object", 4, "SavedUserObject", 0, 0), ("asset", 5, "SavedAsset", 0, 0),
                    ("function", 6, "SavedFunction", 0, 0),
                    ("variable", 7, "SavedVariable", 0, 0),
                    ("bare_concrete_function", 8, "SavedBareConcreteFunction", 0, 0)],
    "SavedObjectGraph": [("nodes", 1, "SavedObject", 1)],
    "FingerprintDef": [("saved_model_checksum", 1, "uint64"), ("graph_def_program_hash", 2, "uint64"),
                       ("signature_def_hash", 3, "uint64"), ("saved_object_graph_hash", 4, "uint64"),
                       ("checkpoint_hash", 5, "uint64"), ("version", 6, "VersionDef"), ("uuid", 7, "string")],
}
# message -> [(map field, number, entry name, key type, value type)]
_MAPS = {
    "NameAttrList": [("attr", 2, "AttrEntry", "string", "AttrValue")],
    "NodeDef": [("attr", 5, "AttrEntry", "string", "AttrValue")],
    "FunctionDef": [("ret", 4, "RetEntry", "string", "string"), ("attr", 5, "AttrEntry", "string", "AttrValue"),
                    ("control_ret", 6, "ControlRetEntry", "string", "string"),
                    ("arg_attr", 7, "ArgAttrEntry", "uint32", "FunctionDef.ArgAttrs")],
    "FunctionDef.ArgAttrs": [("attr", 1, "AttrEntry", "string", "AttrValue")],
    "SignatureDef": [("inputs", 1, "InputsEntry", "string", "TensorInfo"),
                     ("outputs", 2, "OutputsEntry", "string", "TensorInfo")],
    "MetaGraphDef": [("signature_def", 5, "SignatureDefEntry", "string", "SignatureDef")],
    "DictValue": [("fields", 1, "FieldsEntry", "string", "StructuredValue")],
    "SavedObjectGraph": [("concrete_functions", 2, "ConcreteFunctionsEntry", "string", "SavedConcreteFunction")],
}


def _add_field(message, name, number, kind, repeated=False, oneof=None):
    scalar = _SCALARS.get(kind)
    if kind == "DataType":
        field(message, name, number, scalar, _T + "DataType", repeated=repeated, packed=repeated, oneof=oneof)
    elif scalar is not None:
        packed = repeated and kind not in ("string", "bytes")
        field(message, name, number, scalar, repeated=repeated, packed=packed, oneof=oneof)
    else:
        field(message, name, number, FIELD.TYPE_MESSAGE, _T + kind, repeated=repeated, oneof=oneof)


def _schema():
    file = new_file("tensorflow/core/protobuf/saved_model.proto")
    file.dependency.extend(["tensorflow/core/framework/tensor.proto", "tensorflow/core/protobuf/tensor_bundle.proto",
                            "tensorflow/core/protobuf/trackable_object_graph.proto"])
    messages = {name: file.message_type.add(name=name) for name in _MESSAGES if "." not in name}
    for full_name in _MESSAGES:
        outer, _, inner = full_name.partition(".")
        if inner:
            messages[full_name] = messages[outer].nested_type.add(name=inner)
    for full_name, fields in _MESSAGES.items():
        message = messages[full_name]
        if any(len(f) > 4 for f in fields):
            message.oneof_decl.add(name="kind")
        for name, number, kind, *rest in fields:
            repeated = bool(rest and rest[0])
            _add_field(message, name, number, kind, repeated, rest[1] if len(rest) > 1 else None)
    for full_name, maps in _MAPS.items():
        message = messages[full_name]
        for name, number, entry_name, key_kind, value_kind in maps:
            entry = message.nested_type.add(name=entry_name)
            entry.options.map_entry = True
            _add_field(entry, "key", 1, key_kind)
            _add_field(entry, "value", 2, value_kind)
            field(message, name, number, FIELD.TYPE_MESSAGE, f"{_T}{full_name}.{entry_name}", repeated=True)
    return file


(SavedModel, MetaGraphDef, GraphDef, FunctionDef, SavedObjectGraph, StructuredValue, FingerprintDef,
 SignatureDef, FunctionSpec) = message_classes(_schema(), __all__)
