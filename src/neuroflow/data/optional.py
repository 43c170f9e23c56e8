"""`tf.experimental.Optional`: a value that may be absent, and its spec `tf.OptionalSpec`.

`iterator.get_next_as_optional()` returns one: at the end of the data it is empty instead of
raising, so a loop can test `has_value()`.

>>> import neuroflow as tf
>>> optional = tf.experimental.Optional.from_value({"a": 1, "b": [2.0, 3.0]})
>>> optional.element_spec
{'a': TensorSpec(shape=(), dtype=tf.int32, name=None), 'b': TensorSpec(shape=(2,), dtype=tf.float32, name=None)}
>>> print(optional.has_value())
tf.Tensor(True, shape=(), dtype=bool)
>>> optional.get_value()["b"].numpy()
array([2., 3.], dtype=float32)
>>> empty = tf.experimental.Optional.empty(tf.TensorSpec([], tf.int32))
>>> print(empty.has_value())
tf.Tensor(False, shape=(), dtype=bool)
>>> empty.get_value()
Traceback (most recent call last):
...
neuroflow.framework.errors.InvalidArgumentError: The given optional does not have a value. [Op:OptionalGetValue]
"""
import numpy as np

from ..framework import errors
from ..framework.tensor import Tensor
from . import structure

__all__ = ["Optional", "OptionalSpec"]


class Optional:
    """A value nested like `element_spec`, or nothing. Make one with `Optional.from_value(value)`
    or `Optional.empty(element_spec)`."""

    def __init__(self, element_spec, value=None, has_value=False):
        self._element_spec = element_spec
        self._value = value
        self._has_value = bool(has_value)

    @staticmethod
    def from_value(value):
        """An optional holding `value` (tensors, or values converted to tensors, nested in tuples/dicts)."""
        if value is None:
            raise ValueError("Optional.from_value: `value` must not be None; use Optional.empty(element_spec) "
                             "for an optional without a value.")
        spec, flat = structure.from_value(value)
        return Optional(spec, structure.pack(spec, flat), True)

    @staticmethod
    def empty(element_spec):
        """An optional with no value, for values of `element_spec` (nested `tf.TensorSpec`s)."""
        return Optional(element_spec)

    @property
    def element_spec(self):
        """The spec of the value (nested like it), whether or not the optional holds one."""
        return self._element_spec

    def has_value(self, name=None):
        """A scalar bool tensor: whether the optional holds a value."""
        return Tensor(np.asarray(self._has_value))

    def get_value(self, name=None):
        """The value (tensors nested like `element_spec`); InvalidArgumentError when there is none."""
        if not self._has_value:
            raise errors.InvalidArgumentError(
                None, "OptionalGetValue", "The given optional does not have a value. [Op:OptionalGetValue]")
        return self._value

    @property
    def _type_spec(self):
        return OptionalSpec(self._element_spec)

    def __repr__(self):
        state = "value" if self._has_value else "no value"
        return f"<tf.experimental.Optional ({state}) element_spec={self._element_spec!r}>"


class OptionalSpec(structure.ContainerSpec):
    """The type spec of a `tf.experimental.Optional` whose value has spec `element_spec`.

    >>> import neuroflow as tf
    >>> tf.OptionalSpec(tf.TensorSpec([], tf.int32))
    OptionalSpec(TensorSpec(shape=(), dtype=tf.int32, name=None),)
    """

    value_type = Optional
