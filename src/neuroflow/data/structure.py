"""Element structures: a dataset element as specs, and as the flat arrays the pipeline moves.

Inside a pipeline an element is a flat tuple of backend arrays, in `tf.nest.flatten` order
of the dataset's `element_spec`, which also gives their dtypes (NumPy cannot tell a string
from an object). Tensors are made only when an element leaves the pipeline. Tuples, dicts
and namedtuples nest; lists are values (one tensor), as in `tf.data`.

>>> from neuroflow.data.structure import from_value
>>> spec, flat = from_value(({"a": 1.5}, [1, 2]))
>>> spec
({'a': TensorSpec(shape=(), dtype=tf.float32, name=None)}, TensorSpec(shape=(2,), dtype=tf.int32, name=None))
>>> [a.tolist() for a in flat]
[1.5, [1, 2]]
"""
import numpy as np

from ..framework import nest
from ..framework.convert import convert_to_tensor
from ..framework.ragged_tensor import RaggedTensor
from ..framework.sparse_tensor import SparseTensor, SparseTensorSpec
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from ..graph.tensor_spec import TensorSpec
from ..ops import ragged_operators  # noqa: F401 - installs Python operators on RaggedTensor

__all__ = ["type_spec_from_value", "from_value", "flatten_up_to", "pack", "to_numpy", "is_structure", "map_structure", "check_same_structure",
           "common_spec", "flat_specs", "DatasetSpec", "RaggedTensorSpec", "ContainerSpec"]


def is_structure(value):
    """Tuples and dicts nest; lists are values (one tensor), as in tf.data."""
    return isinstance(value, (tuple, dict))


def map_structure(func, structure):
    """`func` applied to each leaf of tuples/dicts/namedtuples (lists are leaves)."""
    if isinstance(structure, dict):
        return type(structure)((k, map_structure(func, v)) for k, v in structure.items())
    if isinstance(structure, tuple):
        items = [map_structure(func, v) for v in structure]
        return type(structure)(*items) if hasattr(structure, "_fields") else tuple(items)
    return func(structure)


def _leaf_spec(value, flat):
    from .dataset import Dataset
    if isinstance(value, Dataset):
        flat.append(value)
        return DatasetSpec(value.element_spec)
    tensor = value if isinstance(value, Tensor) else convert_to_tensor(value)
    if hasattr(tensor, "_node"):
        raise TypeError(f"tf.data needs values here, but received the symbolic tensor {tensor.name}. Build "
                        "datasets from eager tensors or NumPy arrays, outside of tf.function.")
    flat.append(tensor._value)
    return TensorSpec(tensor.shape, tensor._dtype)


def from_value(value):
    """`(element_spec, flat arrays)` of a Python/NumPy/tensor value, with TensorFlow's dtype rules."""
    leaves = []
    boxed = map_structure(_Box, value)  # lists inside become leaves for tf.nest
    specs = [_leaf_spec(box.value, leaves) for box in nest.flatten(boxed)]
    return nest.pack_sequence_as(boxed, specs), tuple(leaves)


class _Box:
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


def flatten_up_to(shallow, value):
    """The leaves of `value` where `shallow` (a spec structure) has leaves: lists below them stay whole.

    Raises ValueError when `value` does not nest like `shallow`.
    """
    if not is_structure(shallow):
        return [value]
    if isinstance(shallow, dict):
        if not isinstance(value, dict) or set(value) != set(shallow):
            raise ValueError(f"Expected a dict with keys {sorted(shallow)}, got {value!r}.")
        keys = list(shallow)
        ordered = [keys[i] for i in nest.flatten({k: i for i, k in enumerate(keys)})]  # tf.nest's key order
        return [leaf for k in ordered for leaf in flatten_up_to(shallow[k], value[k])]
    if not isinstance(value, (tuple, list)) or len(value) != len(shallow):
        raise ValueError(f"Expected a sequence of {len(shallow)} items, got {value!r}.")
    return [leaf for s, v in zip(shallow, value) for leaf in flatten_up_to(s, v)]


def flat_specs(element_spec):
    return nest.flatten(element_spec)


def pack(element_spec, flat_arrays):
    """The element as the user sees it: tensors nested like `element_spec`."""
    specs = nest.flatten(element_spec)
    if len(specs) == 1 and not is_structure(element_spec):
        spec = element_spec
        value = flat_arrays[0]
        return value if isinstance(spec, _AS_IS) else Tensor(value, spec._dtype)
    leaves = [a if isinstance(s, _AS_IS) else Tensor(a, s._dtype) for a, s in zip(flat_arrays, specs)]
    return nest.pack_sequence_as(element_spec, leaves)


def to_numpy(element_spec, flat_arrays):
    """The element as `as_numpy_iterator` yields it: NumPy arrays, NumPy scalars for 0-d values."""
    leaves = []
    for a, s in zip(flat_arrays, nest.flatten(element_spec)):
        if isinstance(s, DatasetSpec):
            leaves.append(a.as_numpy_iterator())
            continue
        if isinstance(s, RaggedTensorSpec):
            leaves.append(a.numpy())
            continue
        if isinstance(s, SparseTensorSpec):  # as TensorFlow: the dense array
            dense = np.zeros(a.dense_shape.numpy(), a.dtype.as_numpy_dtype)
            dense[tuple(a.indices.numpy().T)] = a.values.numpy()
            leaves.append(dense)
            continue
        a = a.get() if hasattr(a, "get") else a  # CuPy arrays to the host
        leaves.append(a[()] if a.ndim == 0 else a)
    return leaves[0] if not is_structure(element_spec) else nest.pack_sequence_as(element_spec, leaves)


def check_same_structure(name, expected, actual):
    """Raises TypeError when `actual` (specs) does not nest like `expected` or differs in dtype."""
    try:
        nest.assert_same_structure(expected, actual, check_types=False)
    except (ValueError, TypeError):
        raise TypeError(f"{name}: the datasets' structures differ: {expected} vs {actual}. "
                        "Make every dataset yield elements of the same nesting.") from None
    for a, b in zip(nest.flatten(expected), nest.flatten(actual)):
        if a.dtype != b.dtype:
            raise TypeError(f"{name}: the datasets' element types differ: {expected} vs {actual}. "
                            "Cast them to a common dtype with .map(lambda x: tf.cast(x, dtype)).")


def common_spec(a, b):
    """The narrowest spec covering both `a` and `b` (dimensions that differ become None)."""
    def merge(x, y):
        if isinstance(x, (DatasetSpec, RaggedTensorSpec)):
            return x
        return TensorSpec(x.shape.most_specific_compatible_shape(y.shape), x.dtype)
    flat = [merge(x, y) for x, y in zip(nest.flatten(a), nest.flatten(b))]
    return nest.pack_sequence_as(a, flat)


class RaggedTensorSpec:
    """The spec of a `tf.RaggedTensor` component (what `ragged_batch` makes of rows of different lengths)."""

    def __init__(self, shape=None, dtype=None, ragged_rank=1, row_splits_dtype="int64"):
        from ..framework import dtypes
        self.shape = TensorShape(shape)
        self.dtype = dtypes.as_dtype(dtype or "float32")
        self.ragged_rank = ragged_rank
        self.row_splits_dtype = dtypes.as_dtype(row_splits_dtype)

    def is_fully_defined(self):
        return False

    def __eq__(self, other):
        return isinstance(other, RaggedTensorSpec) and (self.shape, self.dtype, self.ragged_rank) == \
            (other.shape, other.dtype, other.ragged_rank)

    def __hash__(self):
        return hash(repr(self))

    def __repr__(self):
        return (f"RaggedTensorSpec({self.shape!r}, {self.dtype!r}, {self.ragged_rank}, "
                f"{self.row_splits_dtype!r})")


class DatasetSpec:
    """The spec of a dataset-valued element (the windows of `Dataset.window`)."""

    def __init__(self, element_spec, dataset_shape=()):
        self.element_spec = element_spec
        self.shape = TensorShape(dataset_shape)
        self.dtype = "dataset"

    @staticmethod
    def from_value(value):
        """The spec of the dataset `value`.

        >>> import neuroflow as tf
        >>> tf.data.DatasetSpec.from_value(tf.data.Dataset.range(3))
        DatasetSpec(TensorSpec(shape=(), dtype=tf.int64, name=None), TensorShape([]))
        """
        return DatasetSpec(value.element_spec)

    @property
    def value_type(self):
        from .dataset import Dataset
        return Dataset

    def is_fully_defined(self):
        return True

    def __eq__(self, other):
        return isinstance(other, DatasetSpec) and self.element_spec == other.element_spec

    def __hash__(self):
        return hash(repr(self))

    def __repr__(self):
        return f"DatasetSpec({self.element_spec!r}, {self.shape!r})"


class ContainerSpec:
    """The base of the type specs of containers described by their elements' spec
    (`tf.OptionalSpec`, `tf.data.IteratorSpec`); subclasses set `value_type`."""

    value_type = None

    def __init__(self, element_spec):
        self._element_spec = element_spec

    @classmethod
    def from_value(cls, value):
        """The spec of `value` (an object with an `element_spec`)."""
        return cls(value.element_spec)

    def __eq__(self, other):
        return type(other) is type(self) and self._element_spec == other._element_spec

    def __hash__(self):
        return hash(repr(self))

    def __repr__(self):
        return f"{type(self).__name__}({self._element_spec!r},)"


_AS_IS = (DatasetSpec, RaggedTensorSpec, SparseTensorSpec)  # leaves that travel as objects, not arrays


def type_spec_from_value(value):
    """The type spec of a value (`tf.type_spec_from_value`): a `TensorSpec` for tensors and
    arrays, a `RaggedTensorSpec` or `SparseTensorSpec` for composite tensors, a `DatasetSpec`,
    `IteratorSpec` or `OptionalSpec` for datasets, their iterators and optionals.

    >>> import neuroflow as tf
    >>> tf.type_spec_from_value(tf.ragged.constant([[1, 2], [3, 4, 5]]))
    RaggedTensorSpec(TensorShape([2, None]), tf.int32, 1, tf.int64)
    """
    if isinstance(value, SparseTensor):
        return SparseTensorSpec.from_value(value)
    if isinstance(value, RaggedTensor):
        return RaggedTensorSpec(value.shape, value.dtype, value.ragged_rank, value.row_splits.dtype)
    if type(value).__name__.endswith("Spec"):
        return value
    from .dataset import Dataset
    if isinstance(value, Dataset):
        return DatasetSpec.from_value(value)
    if hasattr(value, "_type_spec"):  # tf.experimental.Optional, tf.data.Iterator
        return value._type_spec
    tensor = value if hasattr(value, "_dtype") else convert_to_tensor(value)
    return TensorSpec(tensor.shape, tensor.dtype)
