"""`tf.experimental.StructuredTensor`: a tensor of records that share one schema.

A `StructuredTensor` of shape `[D1...DN]` holds, for each field name, one tensor (a `tf.Tensor`,
a `tf.RaggedTensor` or a nested `StructuredTensor`) of shape `[D1...DN, ...]`: the field's values
for every record, stored field by field. Ragged record dimensions are kept as `RowPartition`s
(`row_partitions`), which every field shares.

>>> import neuroflow as tf
>>> people = tf.experimental.StructuredTensor.from_pyval([
...     {"age": 12, "nicknames": ["Josaphine"]},
...     {"age": 82, "nicknames": ["Bob", "Bobby"]}])
>>> people.shape, people.field_names()
(TensorShape([2]), ('age', 'nicknames'))
>>> print(people[1]["nicknames"])
tf.Tensor([b'Bob' b'Bobby'], shape=(2,), dtype=string)
>>> people.to_pyval()
[{'age': 12, 'nicknames': [b'Josaphine']}, {'age': 82, 'nicknames': [b'Bob', b'Bobby']}]
"""
import re

import numpy as np

from .convert import convert_to_tensor
from .ragged_tensor import RaggedTensor, _merge_dims, constant as ragged_constant
from .row_partition import RowPartition
from .tensor import Tensor
from .tensor_shape import TensorShape

__all__ = ["StructuredTensor"]

_FIELD_NAME = re.compile(r"^[a-zA-Z][a-zA-Z0-9_]*$")


def _as_field_value(value):
    if isinstance(value, (Tensor, RaggedTensor, StructuredTensor)):
        return value
    try:
        return convert_to_tensor(value)
    except (ValueError, TypeError) as error:
        raise TypeError(f"Unexpected type for value in `fields`: {value!r}") from error


def _partitions_of(value, rank):
    """The `rank - 1` row partitions of `value`'s outer `rank` dimensions (uniform ones for dense dims)."""
    if isinstance(value, StructuredTensor):
        return value.row_partitions[:rank - 1]
    found = []
    while isinstance(value, RaggedTensor) and len(found) < rank - 1:
        found.append(value._row_partition)
        value = value.values
    nrows = len(value)
    for length in list(value.shape)[1:1 + rank - 1 - len(found)]:
        found.append(RowPartition.from_uniform_row_length(length, nrows=nrows))
        nrows *= length
    return tuple(found)


def _same_partitions(a, b):
    return len(a) == len(b) and all(np.array_equal(p._row_splits, q._row_splits) for p, q in zip(a, b))


def _merge_field_dims(value, outer, inner):
    if isinstance(value, StructuredTensor):
        return value.merge_dims(outer, inner)
    return _merge_dims(value, outer, inner)


def _partition_field(value, partition):
    if isinstance(value, StructuredTensor):
        return value.partition_outer_dimension(partition)
    return RaggedTensor._from_row_partition(value, partition, op="partition_outer_dimension")


def _field_path(name):
    return tuple(name) if isinstance(name, (list, tuple)) else (name,)


class StructuredTensor:
    """Records with the same fields, in a (possibly ragged) shape (`tf.experimental.StructuredTensor`).

    Build one with `from_pyval` (nested dicts and lists), `from_fields` (a dict of field tensors and
    a shape) or `from_fields_and_rank`. Index records with ints and slices, fields with strings.
    """

    __slots__ = ("_fields", "_shape", "_nrows", "_row_partitions")

    def __init__(self, fields, shape, nrows, row_partitions, internal=False):
        if not internal:
            raise ValueError("StructuredTensor constructor is private; please use one of the factory methods "
                             "instead (e.g., StructuredTensor.from_fields())")
        self._fields, self._shape, self._nrows, self._row_partitions = fields, shape, nrows, row_partitions

    # --- factories -------------------------------------------------------------------------------
    @classmethod
    def from_fields(cls, fields, shape=(), nrows=None, row_partitions=None, validate=False):
        """A `StructuredTensor` whose field `k` holds `fields[k]` (shape `shape + ...`).

        Args:
            fields: dict from field name to a tensor, RaggedTensor, StructuredTensor or value
                convertible to a tensor; each must start with the dimensions of `shape`.
            shape: the record dimensions (a known rank; sizes may be None and come from the fields).
            nrows: the number of records (rank >= 1), needed when there are no fields.
            row_partitions: `shape.rank - 1` RowPartitions, needed for rank >= 2 with no fields.
            validate: accepted for TensorFlow's signature; shapes are always checked.

        >>> import neuroflow as tf
        >>> tf.experimental.StructuredTensor.from_fields({'x': 1, 'y': [1, 2, 3]})
        <StructuredTensor(
            fields={
                "x": tf.Tensor(1, shape=(), dtype=int32),
                "y": tf.Tensor([1 2 3], shape=(3,), dtype=int32)},
            shape=())>
        """
        shape = TensorShape(shape)
        rank = shape.rank
        if rank is None:
            raise ValueError("StructuredTensor's shape must have known rank.")
        if not isinstance(fields, dict):
            raise TypeError(f"fields must be a dictionary, got {type(fields).__name__}")
        if rank < 2 and row_partitions:
            raise ValueError("row_partitions must be None or [] if shape.rank<2")
        if rank == 0 and nrows is not None:
            raise ValueError("nrows must be None if shape.rank==0")
        if row_partitions is not None and len(row_partitions) != max(0, rank - 1):
            raise ValueError("len(row_partitions) must be shape.rank-1")
        converted = {}
        for key, value in fields.items():
            if not isinstance(key, str):
                raise TypeError(f"Unexpected type for key in `fields`: {key}")
            if not _FIELD_NAME.match(key):
                raise ValueError(f"Field name {key!r} is not currently allowed.")
            converted[key] = _as_field_value(value)
        dims = shape.as_list() if rank else []
        for key, value in converted.items():
            field_shape = value.shape
            if field_shape.rank < rank:
                raise ValueError(f"Error in shape of {key}: StructuredTensor.from_fields: field {key!r} of shape "
                                 f"{field_shape} has fewer than the {rank} dimensions of shape {shape}.")
            for d in range(rank):
                size = field_shape[d]
                if size is not None and dims[d] is not None and size != dims[d]:
                    raise ValueError(f"Error in shape of {key}: StructuredTensor.from_fields: dimension {d} of field "
                                     f"{key!r} (shape {field_shape}) is {size}, but the records have {dims[d]}.")
                if dims[d] is None:
                    dims[d] = size
        if rank >= 1:
            if nrows is not None:
                nrows = int(np.asarray(nrows))
                if dims[0] is not None and dims[0] != nrows:
                    raise ValueError(f"StructuredTensor.from_fields: nrows={nrows} but the records have {dims[0]} rows.")
                dims[0] = nrows
            if dims[0] is None:
                raise ValueError("Must specify `nrows`, a fully specified `shape`, or have `fields` if `rank=1`")
            nrows = dims[0]
        partitions = () if rank < 2 else cls._shared_partitions(converted, dims, row_partitions)
        for d, partition in enumerate(partitions, start=1):
            if dims[d] is None:
                dims[d] = partition.static_uniform_row_length
        return cls(converted, TensorShape(dims), nrows, partitions, internal=True)

    @staticmethod
    def _shared_partitions(fields, dims, row_partitions):
        """The record dimensions' row partitions: given, or the fields' (which must all agree)."""
        rank = len(dims)
        candidates = [(k, _partitions_of(v, rank)) for k, v in fields.items()]
        if row_partitions is not None:
            partitions = tuple(row_partitions)
        elif candidates:
            partitions = candidates[0][1]
        elif all(d is not None for d in dims):
            partitions = _partitions_of(Tensor(np.zeros(dims, np.int8)), rank)
        else:
            raise ValueError("Must specify row_partitions, a fully specified shape, or have fields if rank > 1")
        if partitions and partitions[0].static_nrows != dims[0]:
            raise ValueError(f"StructuredTensor.from_fields: row_partitions[0] has {partitions[0].static_nrows} rows "
                             f"but the records have {dims[0]}.")
        for key, found in candidates:
            if not _same_partitions(found, partitions):
                raise ValueError(f"Error in shape of {key}: StructuredTensor.from_fields: field {key!r} has row "
                                 f"partitions {found}, but the records have {partitions}.")
        return partitions

    @classmethod
    def from_fields_and_rank(cls, fields, rank, validate=False, dtype=None):
        """A `StructuredTensor` of the given rank from a non-empty dict of fields (the shape comes
        from the fields).

        >>> import neuroflow as tf
        >>> tf.experimental.StructuredTensor.from_fields_and_rank({'foo': [1, 2], 'bar': [3, 4]}, 1).shape
        TensorShape([2])
        """
        if not fields:
            raise ValueError("Must provide at least one field")
        if not isinstance(rank, int) or isinstance(rank, bool):
            raise ValueError("rank must be an integer")
        if rank < 0:
            raise ValueError("rank must be nonnegative")
        return cls.from_fields(fields, shape=[None] * rank, validate=validate)

    @classmethod
    def from_pyval(cls, pyval, typespec=None):
        """A `StructuredTensor` from nested Python dicts and lists: dicts become records, lists of
        dicts record dimensions (ragged where their lengths differ), other lists tensors (rank < 2)
        or RaggedTensors; `from_pyval(v).to_pyval() == v`.

        >>> import neuroflow as tf
        >>> st = tf.experimental.StructuredTensor.from_pyval({'a': [1, 2, 3], 'b': [[4, 5], [6, 7]]})
        >>> print(st["b"])
        <tf.RaggedTensor [[4, 5], [6, 7]]>
        """
        if typespec is not None:
            raise ValueError("StructuredTensor.from_pyval: typespec is not supported; build the fields with the "
                             "dtypes you need and use StructuredTensor.from_fields.")
        return cls._from_pyval(pyval, ())

    @classmethod
    def _from_pyval(cls, pyval, path):
        if isinstance(pyval, dict):
            return cls.from_fields({k: cls._from_pyval(v, path + (k,)) for k, v in pyval.items()}, shape=())
        if not isinstance(pyval, (list, tuple)):
            return _parsed(convert_to_tensor, pyval, path)
        keys = {}
        rank = _struct_depth(pyval, keys)
        if rank is None:
            return _parsed(ragged_constant, pyval, path)
        fields = {key: [] for key in keys}
        for child in pyval:
            _collect_fields(child, fields, 1)
        if not fields:
            return cls._from_pylist_of_empty_dict(pyval, rank)
        fields = {k: cls._from_pyval(v, path + (k,)) for k, v in fields.items()}
        try:
            return cls.from_fields(fields, shape=[None] * rank)
        except ValueError as error:
            raise ValueError(f"Error parsing path {path!r}: {error}") from error

    @classmethod
    def _from_pylist_of_empty_dict(cls, pyval, rank):
        if rank == 1:
            return cls.from_fields({}, shape=(len(pyval),), nrows=len(pyval))
        zeros = ragged_constant(_dicts_to_zeros(pyval))
        return cls.from_fields({}, shape=[len(pyval)] + [None] * (rank - 1), nrows=len(pyval),
                               row_partitions=_partitions_of(zeros, rank))

    # --- structure -------------------------------------------------------------------------------
    @property
    def shape(self):
        """The record dimensions (ragged ones are None)."""
        return self._shape

    @property
    def rank(self):
        return self._shape.rank

    @property
    def row_partitions(self):
        """The `rank - 1` RowPartitions that cut the flat list of records into this shape.

        >>> import neuroflow as tf
        >>> x = {'a': 1}
        >>> tf.experimental.StructuredTensor.from_pyval([[x, x, x], [], [x]]).row_partitions
        (tf.RowPartition(row_splits=[0 3 3 4]),)
        """
        return self._row_partitions

    def nrows(self):
        """The number of records along the first dimension (int64 scalar), None for a scalar."""
        return None if self.rank == 0 else Tensor(np.asarray(self._nrows, np.int64))

    def field_names(self):
        """The field names, in the order the fields were given."""
        return tuple(self._fields)

    def field_value(self, field_name):
        """The tensor of field `field_name` (a name, or a tuple path into nested StructuredTensors)."""
        if isinstance(field_name, (list, tuple)):
            value = self
            for name in field_name:
                if not isinstance(value, StructuredTensor):
                    raise KeyError(f"Field path {field_name} not found in {self}")
                value = value.field_value(name)
            return value
        if field_name not in self._fields:
            raise KeyError(f"{field_name!r}: no such field in this StructuredTensor (fields: "
                           f"{', '.join(self._fields) or 'none'}).")
        return self._fields[field_name]

    def __getitem__(self, key):
        """`st["name"]` (a field of a scalar record), `st[i]`, `st[a:b]`, or a tuple of them
        (`st[3, "names"]` is `st[3]["names"]`)."""
        key = tuple(key) if isinstance(key, list) else key if isinstance(key, tuple) else (key,)
        if not key:
            return self
        rank = self.rank
        if rank == 0:
            head = key[0]
            if isinstance(head, slice) and (head.start, head.stop, head.step) == (None, None, None):
                return StructuredTensor.from_fields({k: v[key[1:]] for k, v in self._fields.items()}, self.shape)
            if not isinstance(head, (str, bytes)):
                raise ValueError("Key for indexing a StructuredTensor must be a string or a full slice (':')")
            return self.field_value(head.decode() if isinstance(head, bytes) else head)[key[1:]]
        if len(key) > rank:
            if not isinstance(key[rank], (str, bytes)):
                raise ValueError("Key for indexing a StructuredTensor must be a string")
            name = key[rank].decode() if isinstance(key[rank], bytes) else key[rank]
            return self.field_value(name)[key[:rank] + key[rank + 1:]]
        dims = self.shape.as_list()
        for d, k in enumerate(key):
            if isinstance(k, slice):
                if (k.start, k.stop, k.step) != (None, None, None):
                    dims[d] = None
            elif isinstance(k, (int, np.integer)) or (hasattr(k, "shape") and k.shape.rank == 0):
                dims[d] = -1
            elif isinstance(k, (str, bytes)):
                raise TypeError(f"Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and scalar "
                                f"tf.int32/tf.int64 tensors are valid indices, got {k!r}: index the {self.rank} record "
                                f"dimensions first (st[i][{k!r}]) or use st.field_value({k!r}).")
            else:
                raise ValueError(f"Slicing not supported for {k!r}")
        fields = {name: value[key if len(key) > 1 else key[0]] for name, value in self._fields.items()}
        if not fields:
            raise ValueError("StructuredTensor: indexing a StructuredTensor without fields is not supported.")
        return StructuredTensor.from_fields(fields, [d for d in dims if d != -1])

    # --- reshaping -------------------------------------------------------------------------------
    def merge_dims(self, outer_axis, inner_axis):
        """Merges record dimensions `outer_axis..inner_axis` into one (row-major order).

        >>> import neuroflow as tf
        >>> st = tf.experimental.StructuredTensor.from_pyval([[{'foo': 12}, {'foo': 33}], [], [{'foo': 99}]])
        >>> st.merge_dims(0, 1).field_value("foo").numpy()
        array([12, 33, 99], dtype=int32)
        """
        rank = self.rank
        for axis, what in ((outer_axis, "outer_axis"), (inner_axis, "inner_axis")):
            if not -rank <= axis < rank:
                raise ValueError(f"{what}={axis} out of bounds: expected {-rank}<={what}<{rank}")
        outer, inner = outer_axis % rank, inner_axis % rank
        if outer > inner:
            raise ValueError(f"Expected outer_axis ({outer_axis}) to be less than or equal to inner_axis "
                             f"({inner_axis}).")
        if outer == inner:
            return self
        partitions = self._row_partitions
        if outer == 0:
            nrows, merged = partitions[inner - 1].static_nvals, partitions[inner:]
        else:
            splits = partitions[outer - 1]._row_splits
            for partition in partitions[outer:inner]:
                splits = partition._row_splits[splits]
            nrows = self._nrows
            merged = partitions[:outer - 1] + (RowPartition.from_row_splits(splits),) + partitions[inner:]
        sizes = self.shape.as_list()[outer:inner + 1]
        size = int(np.prod(sizes)) if None not in sizes else None
        shape = self.shape.as_list()[:outer] + [nrows if outer == 0 else size] + self.shape.as_list()[inner + 1:]
        fields = {k: _merge_field_dims(v, outer, inner) for k, v in self._fields.items()}
        return StructuredTensor.from_fields(fields, shape, nrows=nrows, row_partitions=merged)

    def partition_outer_dimension(self, row_partition):
        """Cuts the records along the first dimension into rows by `row_partition` (rank + 1).

        >>> import neuroflow as tf
        >>> st = tf.experimental.StructuredTensor.from_pyval([{'foo': 12}, {'foo': 33}, {'foo': 99}])
        >>> rows = tf.experimental.RowPartition.from_row_lengths([2, 0, 1])
        >>> print(st.partition_outer_dimension(rows).field_value("foo"))
        <tf.RaggedTensor [[12, 33], [], [99]]>
        """
        if not isinstance(row_partition, RowPartition):
            raise TypeError("row_partition must be a RowPartition.")
        if self.rank == 0:
            raise ValueError(f"Shape {self.shape} must have rank at least 1")
        if row_partition.static_nvals != self._nrows:
            raise ValueError(f"StructuredTensor.partition_outer_dimension: the partition covers "
                             f"{row_partition.static_nvals} values but there are {self._nrows} records.")
        shape = [row_partition.static_nrows, row_partition.static_uniform_row_length] + self.shape.as_list()[1:]
        fields = {k: _partition_field(v, row_partition) for k, v in self._fields.items()}
        return StructuredTensor.from_fields(fields, shape, nrows=row_partition.static_nrows,
                                            row_partitions=(row_partition,) + self._row_partitions)

    # --- updates ---------------------------------------------------------------------------------
    def with_updates(self, updates, validate=False):
        """A copy with fields set (a value), transformed (a function of the old value) or removed
        (None); a tuple key names a field inside nested StructuredTensors.

        >>> import neuroflow as tf
        >>> st = tf.experimental.StructuredTensor.from_pyval([{"age": 12}, {"age": 82}])
        >>> st.with_updates({"age": lambda a: a + 1, "id": [7, 8]}).to_pyval()
        [{'age': 13, 'id': 7}, {'age': 83, 'id': 8}]
        """
        items = sorted((_field_path(name), value) for name, value in updates.items())
        for (previous, _), (name, _) in zip(items, items[1:]):
            if name[:len(previous)] == previous:
                raise ValueError(f"`StructuredTensor.with_updates` does not allow both parent and child nodes to be "
                                 f"updated: parent={previous}, child={name}. If needed you can update child nodes in "
                                 "the parent update value.")
        return self._with_updates((), items)

    def _with_updates(self, prefix, items):
        fields = dict(self._fields)
        for name, value in items:
            if not name or not name[0]:
                raise ValueError(f"`StructuredTensor.with_updates` does not allow empty names {prefix + name}.")
            head = name[0]
            if len(name) > 1:
                if head not in fields:
                    raise ValueError(f"`StructuredTensor.with_updates` cannot create new sub-field {prefix + name} "
                                     f"if parent field {prefix + (head,)} is not set.")
                if not isinstance(fields[head], StructuredTensor):
                    raise ValueError(f"`StructuredTensor.with_updates` cannot create new sub-field {prefix + name} "
                                     f"if parent structure {prefix + (head,)} is not a `StructuredTensor` that can "
                                     f"contain sub-structures -- it is a `{type(fields[head]).__name__}`.")
                fields[head] = fields[head]._with_updates(prefix + (head,), [(name[1:], value)])
            elif value is None:
                if head not in fields:
                    raise ValueError(f"`StructuredTensor.with_updates` cannot delete field {prefix + (head,)} "
                                     "because it is not present.")
                del fields[head]
            elif callable(value):
                if head not in fields:
                    raise ValueError(f"`StructuredTensor.with_updates` cannot update the field {prefix + (head,)} "
                                     "because a transforming function was given, but that field does not already "
                                     "exist.")
                fields[head] = value(fields[head])
            else:
                fields[head] = value
        try:
            return StructuredTensor.from_fields(fields, self.shape, nrows=self._nrows if self.rank else None,
                                                row_partitions=self._row_partitions)
        except ValueError as error:
            where = f" for field {prefix}" if prefix else ""
            raise ValueError(f"`StructuredTensor.with_updates` failed{where}: {error}") from error

    def promote(self, source_path, new_name):
        """Copies the field at `source_path` up to its grandparent as `new_name`, merging the
        dimensions in between.

        >>> import neuroflow as tf
        >>> st = tf.experimental.StructuredTensor.from_pyval(
        ...     [{'docs': [{'tokens': [1, 2]}, {'tokens': [3]}]}, {'docs': [{'tokens': [7]}]}])
        >>> st.promote(('docs', 'tokens'), 'docs_tokens').field_value('docs_tokens').to_list()
        [[1, 2, 3], [7]]
        """
        if not isinstance(new_name, str):
            raise ValueError("new_name is not a string")
        if not isinstance(source_path, (list, tuple)):
            raise ValueError("source_path must be a list or tuple")
        if len(source_path) < 2:
            raise ValueError("source_path must have length at least two")
        source_path = tuple(source_path)
        grandparent = source_path[:-2]
        field = self.field_value(source_path)
        new_parent_rank = self.field_value(grandparent).rank
        parent_rank = self.field_value(source_path[:-1]).rank
        inner = min(parent_rank, field.shape.rank - 1)
        if new_parent_rank != parent_rank and inner > new_parent_rank:
            field = _merge_field_dims(field, new_parent_rank, inner)
        return self.with_updates({grandparent + (new_name,): field})

    # --- conversion ------------------------------------------------------------------------------
    def to_pyval(self):
        """Nested Python dicts (one per record) in nested lists (the record dimensions).

        >>> import neuroflow as tf
        >>> tf.experimental.StructuredTensor.from_fields({'a': [1, 2, 3]}, [3]).to_pyval()
        [{'a': 1}, {'a': 2}, {'a': 3}]
        """
        result = {}
        for key, value in self._fields.items():
            if isinstance(value, RaggedTensor):
                value = value.to_list()
            elif isinstance(value, StructuredTensor):
                value = value.to_pyval()
            else:
                value = value.numpy()
                if isinstance(value, np.ndarray):
                    value = value.tolist()
            result[key] = value
        if self.rank == 0:
            return result
        if not result:
            return _empty_dicts(self._row_partitions, self._nrows)
        return _records(list(result), list(result.values()), self.rank)

    def __repr__(self):
        fields = (f'"{k}": ' + str(v).replace("\n", "\n            ") for k, v in sorted(self._fields.items()))
        shape = tuple(self.shape.as_list()) if self.rank else ()
        return ("<StructuredTensor(\n    fields={\n        " + ",\n        ".join(fields) + "},\n"
                f"    shape={shape})>")

    __str__ = __repr__


# --- from_pyval / to_pyval helpers ----------------------------------------------------------------
def _parsed(convert, pyval, path):
    try:
        return convert(pyval)
    except (ValueError, TypeError) as error:
        raise ValueError(f"Error parsing path {path!r}: {error}") from error


def _struct_depth(pyval, keys):
    """How deep the dicts sit in nested lists `pyval` (None: no dicts); collects their keys."""
    if isinstance(pyval, dict):
        keys.update(dict.fromkeys(pyval))
        return 0
    if isinstance(pyval, (list, tuple)):
        depth = None
        for child in pyval:
            child_depth = _struct_depth(child, keys)
            if child_depth is not None:
                if depth is None:
                    depth = child_depth + 1
                elif depth != child_depth + 1:
                    raise ValueError("Inconsistent depth of dictionaries")
        return depth
    return None


def _collect_fields(pyval, fields, depth):
    """Appends record `pyval`'s field values (nested as the records are) to `fields`' lists."""
    if not isinstance(pyval, (dict, list, tuple)):
        raise ValueError("Expected dict or nested list/tuple of dict")
    for key, target in fields.items():
        for _ in range(1, depth):
            target = target[-1]
        if isinstance(pyval, dict) and key not in pyval:
            raise KeyError(f"{key!r}: every record needs the same fields; a record lacks {key!r}.")
        target.append(pyval[key] if isinstance(pyval, dict) else [])
    if isinstance(pyval, (list, tuple)):
        for child in pyval:
            _collect_fields(child, fields, depth + 1)


def _dicts_to_zeros(pyval):
    if isinstance(pyval, dict):
        return 0
    return [_dicts_to_zeros(v) for v in pyval]


def _records(keys, values, depth):
    if depth == 0:
        return dict(zip(keys, values))
    return [_records(keys, row, depth - 1) for row in zip(*values)]


def _empty_dicts(partitions, nrows):
    if not partitions:
        return [{} for _ in range(nrows)]
    values = _empty_dicts(partitions[1:], partitions[0].static_nvals)
    splits = partitions[0]._row_splits.tolist()
    return [values[a:b] for a, b in zip(splits[:-1], splits[1:])]
