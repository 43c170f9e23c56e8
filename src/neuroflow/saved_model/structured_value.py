"""TensorFlow's `StructuredValue` (its `nested_structure_coder`): how a SavedModel stores the
input and output signatures of functions — nested tuples, lists, dicts and named tuples of
`TensorSpec`s, shapes, dtypes and plain Python values.

>>> import neuroflow as tf
>>> proto = encode(((tf.TensorSpec([None, 2], tf.float32, name="x"), True), {"k": 3}))
>>> decode(proto)
((TensorSpec(shape=(None, 2), dtype=tf.float32, name='x'), True), {'k': 3})
"""
import collections

import numpy as np

from ..framework import dtypes
from ..framework.tensor_shape import TensorShape
from ..graph.graph_def import _set_shape
from ..graph.tensor_spec import TensorSpec
from .saved_model_proto import StructuredValue

__all__ = ["encode", "decode", "shape_of"]


def shape_of(proto):
    """A `TensorShapeProto` as a `TensorShape` (-1 sizes unknown)."""
    if proto.unknown_rank:
        return TensorShape(None)
    return TensorShape([d.size if d.size >= 0 else None for d in proto.dim])


def encode(value, proto=None):
    """`value` as a `StructuredValue` (filled into `proto` when given).

    Raises:
        ValueError: for a value TensorFlow's coder cannot store (naming its type).
    """
    proto = StructuredValue() if proto is None else proto
    if value is None:
        proto.none_value.SetInParent()
    elif isinstance(value, (bool, np.bool_)):
        proto.bool_value = bool(value)
    elif isinstance(value, (int, np.integer)):
        proto.int64_value = int(value)
    elif isinstance(value, (float, np.floating)):
        proto.float64_value = float(value)
    elif isinstance(value, str):
        proto.string_value = value
    elif isinstance(value, TensorSpec):
        spec = proto.tensor_spec_value
        spec.name, spec.dtype = value.name or "", value.dtype.as_datatype_enum
        _set_shape(spec.shape, value.shape)
    elif isinstance(value, TensorShape):
        _set_shape(proto.tensor_shape_value, value)
    elif isinstance(value, dtypes.DType):
        proto.tensor_dtype_value = value.as_datatype_enum
    elif isinstance(value, dict):
        proto.dict_value.SetInParent()
        for key, item in value.items():
            if not isinstance(key, str):
                raise ValueError(f"A SavedModel structure's dict keys must be strings; got {key!r}.")
            encode(item, proto.dict_value.fields[key])
    elif isinstance(value, tuple) and hasattr(type(value), "_fields"):
        named = proto.named_tuple_value
        named.name = type(value).__name__
        for key, item in zip(value._fields, value):
            encode(item, named.values.add(key=key).value)
    elif isinstance(value, (tuple, list)):
        container = proto.tuple_value if isinstance(value, tuple) else proto.list_value
        container.SetInParent()
        for item in value:
            encode(item, container.values.add())
    else:
        raise ValueError(f"A SavedModel cannot store {value!r} (of type {type(value).__name__}) in a function "
                         "signature: only tensors, TensorSpecs, shapes, dtypes, Python scalars, strings, None "
                         "and tuples/lists/dicts of them.")
    return proto


def decode(proto):
    """A `StructuredValue` back as Python (named tuples as `collections.namedtuple`s)."""
    kind = proto.WhichOneof("kind")
    if kind is None or kind == "none_value":
        return None
    if kind in ("bool_value", "int64_value", "float64_value", "string_value"):
        return getattr(proto, kind)
    if kind == "tensor_spec_value":
        spec = proto.tensor_spec_value
        return TensorSpec(shape_of(spec.shape), dtypes.as_dtype(spec.dtype), spec.name or None)
    if kind == "tensor_shape_value":
        return shape_of(proto.tensor_shape_value)
    if kind == "tensor_dtype_value":
        return dtypes.as_dtype(proto.tensor_dtype_value)
    if kind == "dict_value":
        return {key: decode(item) for key, item in sorted(proto.dict_value.fields.items())}
    if kind == "named_tuple_value":
        named = proto.named_tuple_value
        cls = collections.namedtuple(named.name, [pair.key for pair in named.values])
        return cls(*[decode(pair.value) for pair in named.values])
    if kind == "tuple_value":
        return tuple(decode(item) for item in proto.tuple_value.values)
    if kind == "list_value":
        return [decode(item) for item in proto.list_value.values]
    raise ValueError(f"This SavedModel stores a {kind} in a function signature, which neuroflow cannot read.")
