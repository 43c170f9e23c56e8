"""`TensorSpec`: the shape and dtype a tensor argument must have (`input_signature`).

>>> import neuroflow as tf
>>> spec = tf.TensorSpec(shape=[None, 3], dtype=tf.float32, name="x")
>>> spec
TensorSpec(shape=(None, 3), dtype=tf.float32, name='x')
>>> spec.is_compatible_with(tf.zeros([5, 3]))
True
>>> tf.TensorSpec.from_tensor(tf.constant([1, 2]))
TensorSpec(shape=(2,), dtype=tf.int32, name=None)
"""
from ..framework import dtypes
from ..framework.tensor_shape import TensorShape

__all__ = ["TensorSpec"]


class TensorSpec:
    """Describes a tensor: `shape` (None marks unknown dimensions), `dtype` and an optional `name`."""

    __slots__ = ("_shape", "_dtype", "_name")

    def __init__(self, shape, dtype=dtypes.float32, name=None):
        self._shape = TensorShape(shape)
        self._dtype = dtypes.as_dtype(dtype)
        self._name = name

    shape = property(lambda self: self._shape)
    dtype = property(lambda self: self._dtype)
    name = property(lambda self: self._name)

    @classmethod
    def from_tensor(cls, tensor, name=None):
        """The spec of an existing tensor or variable."""
        return cls(tensor.shape, tensor.dtype, name)

    @classmethod
    def from_spec(cls, spec, name=None):
        """A spec with `spec`'s shape and dtype (and `name`, or `spec`'s name)."""
        return cls(spec.shape, spec.dtype, name if name is not None else getattr(spec, "name", None))

    def is_compatible_with(self, spec_or_tensor):
        """True when a tensor (or spec) of that shape and dtype fits this spec."""
        return (self._dtype == spec_or_tensor.dtype
                and self._shape.is_compatible_with(spec_or_tensor.shape))

    def is_fully_defined(self):
        return self._shape.is_fully_defined()

    def most_specific_common_supertype(self, others):
        """The narrowest spec that every one of `others` and this spec fit (unknown where they differ)."""
        shape = self._shape
        for other in others:
            if other.dtype != self._dtype:
                return None
            shape = shape.most_specific_compatible_shape(other.shape)
        return TensorSpec(shape, self._dtype, self._name)

    def __eq__(self, other):
        return (isinstance(other, TensorSpec) and self._dtype == other._dtype
                and self._shape == other._shape and self._name == other._name)

    def __hash__(self):
        dims = None if self._shape.rank is None else tuple(self._shape.as_list())
        return hash((dims, self._dtype, self._name))

    def __repr__(self):
        return f"TensorSpec(shape={self._shape}, dtype={self._dtype!r}, name={self._name!r})"

