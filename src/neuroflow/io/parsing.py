"""`tf.io.parse_example` / `parse_single_example`: serialized `tf.train.Example`s to tensors.

Each key of `features` says how to read one feature of every example:
`FixedLenFeature(shape, dtype, default_value)` gives a dense tensor of a fixed shape,
`VarLenFeature(dtype)` a `tf.sparse.SparseTensor` of however many values each example holds,
`FixedLenSequenceFeature(shape, dtype, allow_missing=True)` a dense tensor padded along a
leading variable axis. Feature dtypes are TensorFlow's three: `tf.string`, `tf.int64`, `tf.float32`.

>>> import neuroflow as tf
>>> example = tf.train.Example(features=tf.train.Features(feature={
...     "x": tf.train.Feature(float_list=tf.train.FloatList(value=[1.5, 2.0])),
...     "tags": tf.train.Feature(bytes_list=tf.train.BytesList(value=[b"a", b"b", b"c"]))}))
>>> parsed = tf.io.parse_single_example(example.SerializeToString(), {
...     "x": tf.io.FixedLenFeature([2], tf.float32),
...     "y": tf.io.FixedLenFeature([], tf.int64, default_value=-1),
...     "tags": tf.io.VarLenFeature(tf.string)})
>>> parsed["x"].numpy().tolist(), int(parsed["y"]), parsed["tags"].values.numpy().tolist()
([1.5, 2.0], -1, [b'a', b'b', b'c'])
"""
import collections

import numpy as np

from ..framework import dtypes
from ..framework.convert import convert_to_tensor
from ..framework.errors import InvalidArgumentError
from ..framework.sparse_tensor import SparseTensor
from ..ops.registry import op
from .host_ops import eager_only, is_stand_in
from .ragged_feature import RaggedFeature, build_ragged, ragged_partitions

__all__ = ["FixedLenFeature", "VarLenFeature", "FixedLenSequenceFeature", "RaggedFeature", "parse_example",
           "parse_single_example"]

# The feature dtypes an Example can hold: dtype -> (the Feature's oneof field, NumPy dtype).
_KINDS = {dtypes.string: ("bytes_list", object), dtypes.int64: ("int64_list", np.int64),
          dtypes.float32: ("float_list", np.float32)}
_KIND_NAMES = {"bytes_list": "string", "int64_list": "int64", "float_list": "float"}


class FixedLenFeature(collections.namedtuple("FixedLenFeature", ["shape", "dtype", "default_value"])):
    """A feature with a fixed number of values, parsed to a dense tensor of `shape`.

    Args:
        shape: the shape of the feature in one example (`[]` for a scalar).
        dtype: `tf.string`, `tf.int64` or `tf.float32`.
        default_value: used when an example lacks the feature; without one, a missing
            feature is an error. Must have `shape`'s number of elements.
    """

    def __new__(cls, shape, dtype, default_value=None):
        return super().__new__(cls, shape, dtype, default_value)


class VarLenFeature(collections.namedtuple("VarLenFeature", ["dtype"])):
    """A feature with any number of values per example, parsed to a `tf.sparse.SparseTensor`."""


class FixedLenSequenceFeature(collections.namedtuple(
        "FixedLenSequenceFeature", ["shape", "dtype", "allow_missing", "default_value"])):
    """A variable-length sequence of fixed-shape items, parsed to a dense tensor padded to the
    longest example with `default_value` (0 or b"" when None). `allow_missing` must be True for
    `parse_example`."""

    def __new__(cls, shape, dtype, allow_missing=False, default_value=None):
        return super().__new__(cls, shape, dtype, allow_missing, default_value)


def _kind(key, feature):
    dtype = dtypes.as_dtype(feature.dtype)
    if dtype not in _KINDS:
        raise ValueError(f"parse_example: feature {key!r} has dtype {dtype.name}; Example features "
                         "hold only tf.string, tf.int64 or tf.float32. Parse as one of those and cast.")
    return dtype, *_KINDS[dtype]


def _decode(data, index, names):
    """The Example in `data`; a tracing stand-in counts as an empty Example."""
    from ..train.example_proto import Example
    from google.protobuf.message import DecodeError
    if is_stand_in(data):
        return Example()
    try:
        return Example.FromString(data)
    except DecodeError:
        name = names[index] if names is not None else "<unknown>"
        raise InvalidArgumentError(None, "ParseExample", f"Could not parse example input {index} "
                                   f"(name: {name}), value: {data[:40]!r}. It is not a serialized "
                                   "tf.train.Example.") from None


def _values(example, key, field, dtype, where):
    """The values of feature `key` in `example` as a NumPy array, or None when absent."""
    feature = example.features.feature.get(key)
    if feature is None:
        return None
    kind = feature.WhichOneof("kind")
    if kind is not None and kind != field:
        raise InvalidArgumentError(None, "ParseExample", f"{where}, Key: {key}. Data types don't match. "
                                   f"Data type: {_KIND_NAMES[kind]} but expected type: {dtype.name}.")
    values = getattr(feature, field).value if kind else ()
    return np.array(list(values), dtype=_KINDS[dtype][1])


def _fixed(key, config, dtype, np_dtype, examples, where, tracing):
    shape = tuple(config.shape)
    size = int(np.prod(shape, dtype=np.int64))
    default = None
    if config.default_value is not None:
        default = np.asarray(config.default_value.numpy() if hasattr(config.default_value, "numpy")
                             else config.default_value, dtype=np_dtype)
        if default.size != size:
            raise ValueError(f"FixedLenFeature {key!r}: default_value has {default.size} elements but "
                             f"shape {list(shape)} needs {size}. Pass a default of that shape.")
        default = default.reshape(shape)
    out = np.empty((len(examples), *shape), dtype=np_dtype)
    for i, example in enumerate(examples):
        values = _values(example, key, _KINDS[dtype][0], dtype, where(i))
        if values is None and default is None and not tracing:
            raise InvalidArgumentError(None, "ParseExample", f"{where(i)}: Feature: {key} (data "
                                       f"type: {dtype.name}) is required but could not be found. "
                                       "Give its FixedLenFeature a default_value.")
        if values is None:  # while tracing, required features get placeholder values
            out[i, ...] = default if default is not None else (b"" if np_dtype is object else 0)
        elif values.size != size:
            raise InvalidArgumentError(None, "ParseExample", f"{where(i)}, Key: {key}. Number of "
                                       f"{dtype.name} values != expected. Values size: {values.size} "
                                       f"but output shape: {list(shape)}.")
        else:
            out[i, ...] = values.reshape(shape)
    return out


def _sequence(key, config, dtype, np_dtype, examples, where):
    if not config.allow_missing:
        raise ValueError(f"FixedLenSequenceFeature {key!r}: parse_example needs allow_missing=True.")
    shape = tuple(config.shape)
    size = int(np.prod(shape, dtype=np.int64))
    rows = []
    for i, example in enumerate(examples):
        values = _values(example, key, _KINDS[dtype][0], dtype, where(i))
        values = np.empty(0, np_dtype) if values is None else values
        if size == 0 or values.size % size:
            raise InvalidArgumentError(None, "ParseExample", f"{where(i)}, Key: {key}. Number of "
                                       f"{dtype.name} values is not a multiple of the item shape "
                                       f"{list(shape)}: {values.size}.")
        rows.append(values.reshape(-1, *shape))
    padding = config.default_value if config.default_value is not None else (b"" if np_dtype is object else 0)
    out = np.full((len(rows), max((len(r) for r in rows), default=0), *shape), padding, dtype=np_dtype)
    for i, row in enumerate(rows):
        out[i, :len(row)] = row
    return out


def _sparse(key, dtype, np_dtype, examples, where, batched):
    rows = []
    for i, example in enumerate(examples):
        values = _values(example, key, _KINDS[dtype][0], dtype, where(i))
        rows.append(np.empty(0, np_dtype) if values is None else values)
    counts = np.array([len(r) for r in rows], dtype=np.int64)
    positions = np.concatenate([np.arange(n, dtype=np.int64) for n in counts]) if rows else np.empty(0, np.int64)
    values = np.concatenate(rows).astype(np_dtype) if rows else np.empty(0, np_dtype)
    width = int(counts.max()) if len(counts) else 0
    if batched:
        indices = np.stack([np.repeat(np.arange(len(rows), dtype=np.int64), counts), positions], axis=1)
        return indices, values, np.array([len(rows), width], np.int64)
    return positions[:, None], values, np.array([width], np.int64)


class _Features:
    """The `features` dict as one op attribute (graph lowering keeps such objects whole)."""

    __slots__ = ("items",)

    def __init__(self, features):
        self.items = tuple(features.items())


@op("ParseExample")
def _parse_example(xp, serialized, features, names, batched):
    """One output per FixedLen(Sequence)Feature, three (indices, values, dense_shape) per VarLenFeature."""
    blobs = serialized.reshape(-1)
    examples = [_decode(data, i, names) for i, data in enumerate(blobs)]
    tracing = any(is_stand_in(data) for data in blobs)

    def where(i):
        return f"Name: {names[i] if names is not None else '<unknown>'}, Index: {i}"

    outputs = []
    for key, config in features.items:
        dtype, _, np_dtype = _kind(key, config)
        if isinstance(config, VarLenFeature):
            outputs.extend(_sparse(key, dtype, np_dtype, examples, where, batched))
            continue
        out = _fixed(key, config, dtype, np_dtype, examples, where, tracing) \
            if isinstance(config, FixedLenFeature) else _sequence(key, config, dtype, np_dtype, examples, where)
        outputs.append(out if batched else out[0, ...])
    return tuple(outputs)


def _parse(serialized, features, example_names, batched):
    for key, config in features.items():
        _kind(key, config)
        if not isinstance(config, (FixedLenFeature, VarLenFeature, FixedLenSequenceFeature, RaggedFeature)):
            raise TypeError(f"parse_example: feature {key!r} is configured with {type(config).__name__}; "
                            "use tf.io.FixedLenFeature, VarLenFeature, FixedLenSequenceFeature or RaggedFeature.")
        if not isinstance(config, FixedLenFeature):
            eager_only("ParseExample", f"Feature {key!r} is a {type(config).__name__}, whose length varies; "
                       "inside Dataset.map parse with FixedLenFeature (with a default_value) instead.")
    tensor = serialized if hasattr(serialized, "_dtype") else convert_to_tensor(serialized, dtypes.string)
    if batched and tensor.shape.rank == 0:  # one Example: parsed as parse_single_example would, as TF does
        batched = False
        example_names = None if example_names is None else [example_names]
    if batched and tensor.shape.rank != 1:
        raise ValueError(f"parse_example expects a vector of serialized Examples. Received shape "
                         f"{tensor.shape}; use parse_single_example for one Example.")
    if not batched:
        if tensor.shape.rank != 0:
            raise ValueError(f"parse_single_example expects one serialized Example (a scalar). Received "
                             f"shape {tensor.shape}; use parse_example for a batch.")
        tensor = tensor[None]
    names = None if example_names is None else tuple(
        n.decode() if isinstance(n, bytes) else str(n)
        for n in np.asarray(example_names.numpy() if hasattr(example_names, "numpy") else example_names,
                            dtype=object).reshape(-1))
    ragged = {key: config for key, config in features.items() if isinstance(config, RaggedFeature)}
    others = {key: config for key, config in features.items() if key not in ragged}
    outputs = iter(_parse_example(tensor, features=_Features(others), names=names, batched=batched))
    parsed = {key: SparseTensor(next(outputs), next(outputs), next(outputs)) if isinstance(config, VarLenFeature)
              else next(outputs) for key, config in others.items()}
    if ragged:
        parsed.update(_parse_ragged(tensor, ragged, names, batched))
    return {key: parsed[key] for key in features}


def _parse_ragged(tensor, features, names, batched):
    """RaggedFeatures, read from the examples in Python (eagerly)."""
    examples = [_decode(data, i, names) for i, data in enumerate(np.asarray(tensor.numpy(), dtype=object))]

    def where(i):
        return f"Name: {names[i] if names is not None else '<unknown>'}, Index: {i}"

    out = {}
    for key, config in features.items():
        dtype, field, np_dtype = _kind(key, config)
        rows = []
        for i, example in enumerate(examples):
            values = _values(example, config.value_key or key, field, dtype, where(i))
            parts = {}
            for part_key in ragged_partitions(config):
                found = _values(example, part_key, "int64_list", dtypes.int64, where(i))
                parts[part_key] = np.empty(0, np.int64) if found is None else found
            rows.append((np.empty(0, np_dtype) if values is None else values, parts))
        out[key] = build_ragged(config, key, rows, batched, where)
    return out


def parse_example(serialized, features, example_names=None, name=None):
    """Parses a batch of serialized `tf.train.Example`s into a dict of tensors.

    Args:
        serialized: a vector (list, NumPy array or 1-D string tensor) of serialized Examples; a
            single one (bytes or a scalar string tensor) gives its features without the batch
            dimension, as `parse_single_example`.
        features: a dict from feature key to `FixedLenFeature`, `VarLenFeature` or
            `FixedLenSequenceFeature`.
        example_names: optional names of the examples, used in error messages.
        name: ignored.

    Returns:
        A dict from key to a dense tensor (batch dimension first) or, for `VarLenFeature`, a
        `tf.sparse.SparseTensor` of dense shape (batch, longest).

    Raises:
        InvalidArgumentError: an input is not an Example, a feature has the wrong type or number
            of values, or a required feature is missing.
    """
    return _parse(serialized, features, example_names, batched=True)


def parse_single_example(serialized, features, example_names=None, name=None):
    """Parses one serialized `tf.train.Example` (bytes or a scalar string tensor).

    Like `parse_example` without the batch dimension: `VarLenFeature`s become SparseTensors
    of dense shape (count,).
    """
    return _parse(serialized, features, None if example_names is None else [example_names], batched=False)
