"""`TensorShape`: the (possibly partially known) shape of a tensor.

Dimensions are ints, or None where unknown; `TensorShape(None)` has unknown rank.

>>> import neuroflow as tf
>>> s = tf.TensorShape([None, 3])
>>> print(s, tf.TensorShape(None))
(None, 3) <unknown>
>>> s, s.rank, s.as_list(), s[1]
(TensorShape([None, 3]), 2, [None, 3], 3)
>>> s.is_compatible_with([32, 3]), s.merge_with([32, None])
(True, TensorShape([32, 3]))
"""

__all__ = ["TensorShape", "Dimension", "as_shape", "as_dimension", "unknown_shape"]


def _dim_value(value):
    """A dimension as an int or None, validated as TensorFlow does."""
    if value is None:
        return None
    if isinstance(value, Dimension):
        return value._value
    try:
        dim = int(value.__index__())
    except AttributeError:
        raise TypeError(f"Dimension value must be integer or None or have an __index__ method, got "
                        f"value {value!r} with type {type(value)!r}") from None
    if dim < 0:
        raise ValueError(f"Dimension {dim} must be >= 0")
    return dim


def _array_shape(dims):
    """True for a tuple of non-negative ints (an array's shape), which needs no conversion."""
    if type(dims) is not tuple:
        return False
    for d in dims:
        if type(d) is not int or d < 0:
            return False
    return True


class Dimension:
    """One dimension of a shape (TensorFlow 1 style): `value` is an int or None.

    Unknown dimensions compare as None (neither equal nor unequal):

    >>> import neuroflow as tf
    >>> d = tf.TensorShape([None, 3]).dims
    >>> d, str(d[0]), d[1] == 3, d[0] == 3
    ([Dimension(None), Dimension(3)], '?', True, None)
    """

    __slots__ = ("_value",)

    def __init__(self, value):
        self._value = _dim_value(value)

    @property
    def value(self):
        return self._value

    def _other(self, other):
        try:
            return as_dimension(other)._value
        except (TypeError, ValueError):
            return NotImplemented

    def __eq__(self, other):
        other = self._other(other)
        if other is NotImplemented:
            return other
        return None if self._value is None or other is None else self._value == other

    def __ne__(self, other):
        equal = self.__eq__(other)
        return equal if equal is None or equal is NotImplemented else not equal

    def __hash__(self):
        return hash(self._value)

    def __bool__(self):
        return bool(self._value)

    def __int__(self):
        return self._value

    __index__ = __int__

    def is_compatible_with(self, other):
        other = as_dimension(other)._value
        return self._value is None or other is None or self._value == other

    def assert_is_compatible_with(self, other):
        if not self.is_compatible_with(other):
            raise ValueError(f"Dimensions {self} and {as_dimension(other)} are not compatible")

    def merge_with(self, other):
        """The known one of two compatible dimensions (ValueError if both known and different)."""
        other = as_dimension(other)
        self.assert_is_compatible_with(other)
        return Dimension(other._value if self._value is None else self._value)

    def __repr__(self):
        return f"Dimension({self._value!r})"

    def __str__(self):
        return "?" if self._value is None else str(self._value)

    def __reduce__(self):
        return Dimension, (self._value,)


def as_dimension(value):
    """`value` as a `Dimension` (returned unchanged if it already is one)."""
    return value if isinstance(value, Dimension) else Dimension(value)


class TensorShape:
    """A tensor's shape: a tuple of ints where `None` marks an unknown dimension.

    Indexing with an int gives the dimension (an int or None); slicing gives a TensorShape.

    Args:
        dims: a list/tuple/iterable of ints, None and Dimensions; a single int; or None
            for a shape of unknown rank.
    """

    __slots__ = ("_dims",)

    def __init__(self, dims):
        if _array_shape(dims):
            self._dims = dims                                   # the hot path: Tensor.shape
        elif dims is None:
            self._dims = None
        elif isinstance(dims, TensorShape):
            self._dims = dims._dims
        elif isinstance(dims, (list, tuple)):
            self._dims = tuple(_dim_value(d) for d in dims)
        else:
            try:
                items = iter(dims)
            except TypeError:
                self._dims = (_dim_value(dims),)                # a single dimension
                return
            try:
                self._dims = tuple(_dim_value(d) for d in items)
            except TypeError as error:
                raise TypeError(f"Failed to convert {dims!r} to a shape: {error}. A shape is a single "
                                "dimension (e.g. 10) or an iterable of dimensions (e.g. [1, 10, None]).")

    # --- what it is -------------------------------------------------------------------
    @property
    def rank(self):
        """The number of dimensions, or None when unknown."""
        return None if self._dims is None else len(self._dims)

    ndims = rank

    @property
    def dims(self):
        """The dimensions as `Dimension` objects (None for unknown rank). Prefer `as_list()`."""
        return None if self._dims is None else [Dimension(d) for d in self._dims]

    def as_list(self):
        """The dimensions as a list of ints and Nones."""
        if self._dims is None:
            raise ValueError("as_list() is not defined on an unknown TensorShape.")
        return list(self._dims)

    def num_elements(self):
        """The number of elements, or None when some dimension is unknown."""
        if not self.is_fully_defined():
            return None
        n = 1
        for d in self._dims:
            n *= d
        return n

    def is_fully_defined(self):
        return self._dims is not None and None not in self._dims

    def assert_is_fully_defined(self):
        if not self.is_fully_defined():
            raise ValueError(f"Shape {self} is not fully defined")

    # --- comparing and combining -------------------------------------------------------
    def is_compatible_with(self, other):
        """True when some fully known shape could be described by both."""
        other = as_shape(other)
        if self._dims is None or other._dims is None:
            return True
        return len(self._dims) == len(other._dims) and all(
            a is None or b is None or a == b for a, b in zip(self._dims, other._dims))

    def assert_is_compatible_with(self, other):
        if not self.is_compatible_with(other):
            raise ValueError(f"Shapes {self} and {as_shape(other)} are incompatible")

    def merge_with(self, other):
        """The most specific shape compatible with both; ValueError when they are incompatible."""
        other = as_shape(other)
        if self._dims is None:
            return other
        if other._dims is None:
            return self
        if not self.is_compatible_with(other):
            raise ValueError(f"Shapes {self} and {other} are not compatible")
        return TensorShape([b if a is None else a for a, b in zip(self._dims, other._dims)])

    def most_specific_compatible_shape(self, other):
        """The shape keeping only the dimensions on which both agree."""
        other = as_shape(other)
        if self._dims is None or other._dims is None or len(self._dims) != len(other._dims):
            return unknown_shape()
        return TensorShape([a if a == b else None for a, b in zip(self._dims, other._dims)])

    def is_subtype_of(self, other):
        """True when `other` describes every tensor this shape describes."""
        if not isinstance(other, TensorShape):
            return False
        if other._dims is None:
            return True
        return self._dims is not None and len(self._dims) == len(other._dims) and all(
            b is None or a == b for a, b in zip(self._dims, other._dims))

    def most_specific_common_supertype(self, others):
        """The most specific shape that all of `self` and `others` are subtypes of."""
        if any(not isinstance(o, TensorShape) for o in others):
            return None
        result = self
        for other in others:
            result = result.most_specific_compatible_shape(other)
        return result

    def concatenate(self, other):
        other = as_shape(other)
        if self._dims is None or other._dims is None:
            return unknown_shape()
        return TensorShape(self._dims + other._dims)

    def assert_same_rank(self, other):
        other = as_shape(other)
        if self.rank is not None and other.rank is not None and self.rank != other.rank:
            raise ValueError(f"Shapes {self} and {other} must have the same rank")

    def assert_has_rank(self, rank):
        if self.rank not in (None, rank):
            raise ValueError(f"Shape {self} must have rank {rank}")

    def with_rank(self, rank):
        """This shape with rank `rank` (an unknown shape gets `rank` unknown dimensions)."""
        try:
            return self.merge_with(unknown_shape(rank=rank))
        except ValueError:
            raise ValueError(f"Shape {self} must have rank {rank}") from None

    def with_rank_at_least(self, rank):
        if self.rank is not None and self.rank < rank:
            raise ValueError(f"Shape {self} must have rank at least {rank}")
        return self

    def with_rank_at_most(self, rank):
        if self.rank is not None and self.rank > rank:
            raise ValueError(f"Shape {self} must have rank at most {rank}")
        return self

    # --- Python protocols ----------------------------------------------------------------
    def __len__(self):
        if self._dims is None:
            raise ValueError("Cannot take the length of shape with unknown rank.")
        return len(self._dims)

    def __iter__(self):
        if self._dims is None:
            raise ValueError("Cannot iterate over a shape with unknown rank.")
        return iter(self._dims)

    def __getitem__(self, key):
        if self._dims is not None:
            return TensorShape(self._dims[key]) if isinstance(key, slice) else self._dims[key]
        if not isinstance(key, slice):
            return None
        if key.step is not None:
            raise ValueError("Steps are not yet handled")
        start = key.start or 0
        if key.stop is None or start < 0 or key.stop < 0:
            return unknown_shape()
        return unknown_shape(rank=key.stop - start)

    def __bool__(self):
        return self._dims is not None

    def __eq__(self, other):
        try:
            other = as_shape(other)
        except (TypeError, ValueError):
            return NotImplemented
        return self._dims == other._dims

    def __hash__(self):
        return hash(self._dims)

    def __add__(self, other):
        return self.concatenate(other)

    def __radd__(self, other):
        return as_shape(other).concatenate(self)

    def __str__(self):
        if self._dims is None:
            return "<unknown>"
        if len(self._dims) == 1:
            return f"({self._dims[0]},)"
        return "(" + ", ".join(str(d) for d in self._dims) + ")"

    def __repr__(self):
        return "TensorShape(None)" if self._dims is None else f"TensorShape({list(self._dims)})"

    def __reduce__(self):
        return TensorShape, (None if self._dims is None else list(self._dims),)


def as_shape(shape):
    """`shape` (a list, tuple, int or TensorShape) as a TensorShape."""
    return shape if isinstance(shape, TensorShape) else TensorShape(shape)


def unknown_shape(rank=None):
    """A shape of unknown rank, or of `rank` unknown dimensions."""
    return TensorShape(None if rank is None else [None] * rank)
