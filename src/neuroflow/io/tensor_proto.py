"""`TensorProto`: TensorFlow's serialized tensor, and the functions that read and write it.

`tf.io.serialize_tensor` / `tf.io.parse_tensor` (a tensor as one string, often stored in a
TFRecord) and `tf.make_tensor_proto` / `tf.make_ndarray`. The message classes follow
TensorFlow's `tensor.proto` and `tensor_shape.proto` (built as in `train/proto_schema.py`), so
the bytes are TensorFlow's: numbers travel little-endian in `tensor_content`, strings in
`string_val`; reading also accepts the typed `*_val` fields, where fewer values than elements
repeat the last one, as TensorFlow does.

>>> import neuroflow as tf
>>> data = tf.io.serialize_tensor(tf.constant([[1.5, 2.0]]))
>>> tf.io.parse_tensor(data, out_type=tf.float32)
<tf.Tensor: shape=(1, 2), dtype=float32, numpy=array([[1.5, 2. ]], dtype=float32)>
"""
import numpy as np

from ..framework import dtypes
from ..framework.convert import convert_to_tensor
from ..framework.errors import InvalidArgumentError
from ..framework.tensor import Tensor
from ..graph.shape_inference import DATA_DEPENDENT
from ..ops.registry import op
from .host_ops import eager_only, is_stand_in

__all__ = ["serialize_tensor", "parse_tensor", "make_tensor_proto", "make_ndarray"]

# The repeated field holding each dtype's values when `tensor_content` is not used.
_VALUE_FIELDS = {"float16": "half_val", "bfloat16": "half_val", "float32": "float_val",
                 "float64": "double_val", "int8": "int_val", "int16": "int_val", "int32": "int_val",
                 "uint8": "int_val", "uint16": "int_val", "int64": "int64_val", "uint32": "uint32_val",
                 "uint64": "uint64_val", "bool": "bool_val", "complex64": "scomplex_val",
                 "complex128": "dcomplex_val", "string": "string_val"}
_CLASSES = None


def _schema():
    from ..train.proto_schema import FIELD, field, new_file
    file = new_file("tensorflow/core/framework/tensor.proto")
    data_type = file.enum_type.add(name="DataType")
    data_type.value.add(name="DT_INVALID", number=0)
    for dtype in dtypes.ALL:
        data_type.value.add(name="DT_" + {"float16": "HALF", "float32": "FLOAT", "float64": "DOUBLE"}.get(
            dtype.name, dtype.name.upper()), number=dtype.as_datatype_enum)
    shape = file.message_type.add(name="TensorShapeProto")
    dim = shape.nested_type.add(name="Dim")
    field(dim, "size", 1, FIELD.TYPE_INT64)
    field(dim, "name", 2, FIELD.TYPE_STRING)
    field(shape, "dim", 2, FIELD.TYPE_MESSAGE, ".tensorflow.TensorShapeProto.Dim", repeated=True)
    field(shape, "unknown_rank", 3, FIELD.TYPE_BOOL)
    tensor = file.message_type.add(name="TensorProto")
    field(tensor, "dtype", 1, FIELD.TYPE_ENUM, ".tensorflow.DataType")
    field(tensor, "tensor_shape", 2, FIELD.TYPE_MESSAGE, ".tensorflow.TensorShapeProto")
    field(tensor, "version_number", 3, FIELD.TYPE_INT32)
    field(tensor, "tensor_content", 4, FIELD.TYPE_BYTES)
    for name, number, kind in (("half_val", 13, FIELD.TYPE_INT32), ("float_val", 5, FIELD.TYPE_FLOAT),
                               ("double_val", 6, FIELD.TYPE_DOUBLE), ("int_val", 7, FIELD.TYPE_INT32),
                               ("string_val", 8, FIELD.TYPE_BYTES), ("scomplex_val", 9, FIELD.TYPE_FLOAT),
                               ("int64_val", 10, FIELD.TYPE_INT64), ("bool_val", 11, FIELD.TYPE_BOOL),
                               ("dcomplex_val", 12, FIELD.TYPE_DOUBLE), ("uint32_val", 16, FIELD.TYPE_UINT32),
                               ("uint64_val", 17, FIELD.TYPE_UINT64)):
        field(tensor, name, number, kind, repeated=True, packed=kind != FIELD.TYPE_BYTES)
    return file


def tensor_proto_class():
    """The `TensorProto` message class (built on first use, so importing tf.io stays light)."""
    global _CLASSES
    if _CLASSES is None:
        from ..train.proto_schema import message_classes
        _CLASSES = message_classes(_schema(), ["TensorProto", "TensorShapeProto"])
    return _CLASSES[0]


def _little_endian(array):
    return array.astype(array.dtype.newbyteorder("<"), copy=False)


def make_tensor_proto(values, dtype=None, shape=None, verify_shape=False, allow_broadcast=False):
    """A `TensorProto` holding `values` (a tensor, array or Python value).

    Args:
        values: the data.
        dtype: the dtype to store (values are converted as `tf.constant` would).
        shape: the shape to store; `values` must have that many elements, or be a single
            value that fills it.
        verify_shape, allow_broadcast: with `verify_shape`, `values` must already have `shape`.
    """
    tensor = values if isinstance(values, Tensor) else convert_to_tensor(values, dtype)
    if dtype is not None and tensor.dtype != dtypes.as_dtype(dtype):
        raise TypeError(f"make_tensor_proto: values of dtype {tensor.dtype.name} do not match "
                        f"dtype={dtypes.as_dtype(dtype).name}. Cast them first.")
    array = np.asarray(tensor.numpy())
    if shape is not None:
        shape = tuple(int(d) for d in shape)
        if verify_shape and array.shape != shape:
            raise TypeError(f"make_tensor_proto: expected shape {shape}, got {array.shape}.")
        if array.size == 1 and int(np.prod(shape)) != 1:
            array = np.broadcast_to(array.reshape(()), shape)
        elif array.size != int(np.prod(shape)):
            raise ValueError(f"make_tensor_proto: {array.size} values cannot fill shape {shape}.")
        array = array.reshape(shape)
    proto = tensor_proto_class()(dtype=tensor.dtype.as_datatype_enum)
    proto.tensor_shape.dim.extend(proto.tensor_shape.Dim(size=d) for d in array.shape)
    if tensor.dtype == dtypes.string:
        proto.string_val.extend(bytes(v) for v in array.reshape(-1))
    else:
        proto.tensor_content = _little_endian(np.ascontiguousarray(array)).tobytes()
    return proto


def make_ndarray(tensor):
    """The NumPy array in the `TensorProto` `tensor`."""
    dtype = dtypes.as_dtype(tensor.dtype)
    shape = tuple(d.size for d in tensor.tensor_shape.dim)
    count = int(np.prod(shape, dtype=np.int64))
    if dtype == dtypes.string:
        values = list(tensor.string_val)
        array = np.empty(count, dtype=object)
        array[:len(values)] = values[:count]
        if 0 < len(values) < count:
            array[len(values):] = values[-1]
        return array.reshape(shape)
    np_dtype = np.dtype(dtype.as_numpy_dtype)
    if tensor.tensor_content:
        return np.frombuffer(tensor.tensor_content, np_dtype.newbyteorder("<")).astype(np_dtype).reshape(shape)
    values = np.array(list(getattr(tensor, _VALUE_FIELDS[dtype.name])))
    if dtype.name in ("float16", "bfloat16"):  # stored as the 16-bit patterns
        values = values.astype(np.uint16).view(np_dtype)
    elif dtype.kind == "c":
        values = values.reshape(-1, 2) @ np.array([1, 1j]) if values.size else values
    values = values.astype(np_dtype)
    if values.size == 0:
        return np.zeros(shape, np_dtype)
    if values.size < count:
        values = np.concatenate([values, np.full(count - values.size, values[-1], np_dtype)])
    return values[:count].reshape(shape)


def serialize_tensor(tensor, name=None):
    """`tensor` as a scalar string tensor holding its serialized `TensorProto`."""
    eager_only("SerializeTensor", "Serialize tensors outside traced functions.")
    proto = make_tensor_proto(tensor if isinstance(tensor, Tensor) else convert_to_tensor(tensor))
    return convert_to_tensor(proto.SerializeToString(), dtypes.string)


def parse_tensor(serialized, out_type, name=None):
    """The tensor serialized in `serialized` (a scalar string), which must be of dtype `out_type`.

    Inside a traced function (`tf.function`, `Dataset.map`) the result's shape, even its rank,
    is unknown until the graph runs; `set_shape` or `tf.ensure_shape` can declare it.

    >>> import neuroflow as tf
    >>> @tf.function(input_signature=[tf.TensorSpec([], tf.string)])
    ... def parse(s):
    ...     t = tf.io.parse_tensor(s, out_type=tf.float32)
    ...     print("traced shape:", t.shape)
    ...     return t
    >>> parse(tf.io.serialize_tensor(tf.ones([2, 3]))).shape
    traced shape: <unknown>
    TensorShape([2, 3])
    """
    serialized = convert_to_tensor(serialized, dtypes.string) if not hasattr(serialized, "_dtype") else serialized
    if serialized.shape.rank not in (0, None):
        raise ValueError(f"ParseTensor: serialized must be a scalar string, got shape {serialized.shape}.")
    return _parse_tensor(serialized, out_type=dtypes.as_dtype(out_type))


@op("ParseTensor")
def _parse_tensor(xp, serialized, out_type):
    data = serialized.reshape(-1)[0] if serialized.size == 1 else serialized
    if is_stand_in(data):   # tracing: the rank is unknown until data comes
        return np.zeros((), out_type.as_numpy_dtype)
    from google.protobuf.message import DecodeError
    try:
        proto = tensor_proto_class().FromString(bytes(data))
    except DecodeError:
        raise InvalidArgumentError(None, "ParseTensor", "ParseTensor: could not parse `serialized` as a "
                                   "TensorProto.") from None
    if proto.dtype != out_type.as_datatype_enum:
        stored = dtypes.as_dtype(proto.dtype).name if proto.dtype else "invalid"
        raise InvalidArgumentError(None, "ParseTensor", f"ParseTensor: Type mismatch between parsed tensor "
                                   f"({stored}) and dtype ({out_type.name}).")
    return xp.asarray(make_ndarray(proto))


DATA_DEPENDENT["ParseTensor"] = lambda attrs, inputs: (None,)   # even the rank depends on the data
