"""`tf.data.Iterator`, the interface of what `iter(dataset)` returns, and its spec `tf.data.IteratorSpec`.

>>> import neuroflow as tf
>>> iterator = iter(tf.data.Dataset.from_tensor_slices([1, 2]))
>>> isinstance(iterator, tf.data.Iterator), iterator.element_spec
(True, TensorSpec(shape=(), dtype=tf.int32, name=None))
>>> print(iterator.get_next())
tf.Tensor(1, shape=(), dtype=int32)
>>> print(iterator.get_next_as_optional().get_value())
tf.Tensor(2, shape=(), dtype=int32)
>>> print(iterator.get_next_as_optional().has_value())
tf.Tensor(False, shape=(), dtype=bool)
"""
from .optional import Optional
from .structure import ContainerSpec

__all__ = ["Iterator", "IteratorSpec"]


class Iterator:
    """An iterator over the elements of a `tf.data.Dataset` (subclasses provide `element_spec`
    and `__next__`; `get_next` raises OutOfRangeError at the end)."""

    @property
    def element_spec(self):
        """The spec of an element (nested `tf.TypeSpec`s)."""
        raise NotImplementedError

    def __iter__(self):
        return self

    def get_next(self):
        """The next element; `tf.errors.OutOfRangeError` at the end of the data."""
        raise NotImplementedError

    def get_next_as_optional(self):
        """The next element as a `tf.experimental.Optional`, empty at the end of the data (no error).

        >>> import neuroflow as tf
        >>> iterator = iter(tf.data.Dataset.range(1))
        >>> [bool(iterator.get_next_as_optional().has_value()) for _ in range(2)]
        [True, False]
        """
        try:
            element = next(self)
        except StopIteration:
            return Optional.empty(self.element_spec)
        return Optional(self.element_spec, element, True)

    @property
    def _type_spec(self):
        return IteratorSpec(self.element_spec)


class IteratorSpec(ContainerSpec):
    """The type spec of a `tf.data.Iterator` over elements of spec `element_spec`.

    >>> import neuroflow as tf
    >>> tf.data.IteratorSpec.from_value(iter(tf.data.Dataset.range(3)))
    IteratorSpec(TensorSpec(shape=(), dtype=tf.int64, name=None),)
    """

    value_type = Iterator
