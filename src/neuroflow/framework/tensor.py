"""`Tensor`: an immutable n-dimensional array with a dtype and a shape.

A tensor wraps one backend array (NumPy, or CuPy on a GPU). Tensors are made by
ops (`tf.constant`, `tf.add`, ...); Python operators on them (`+`, `@`, `[]`) are
installed by the ops layer, so this file holds no math.

>>> import neuroflow as tf
>>> t = tf.constant([[1, 2], [3, 4]])
>>> print(t)
tf.Tensor(
[[1 2]
 [3 4]], shape=(2, 2), dtype=int32)
>>> t
<tf.Tensor: shape=(2, 2), dtype=int32, numpy=
array([[1, 2],
       [3, 4]], dtype=int32)>
>>> t.shape, t.dtype, t.ndim
(TensorShape([2, 2]), tf.int32, 2)
"""
import numpy as np

from .. import backend
from . import dtypes
from .tensor_shape import TensorShape

__all__ = ["Tensor", "numpy_text"]


def _host(array):
    """The array as a NumPy array (copied off the GPU when needed)."""
    return array if backend.array_module(array) is np else array.get()


def numpy_text(value, is_repr=False):
    """How TensorFlow prints a tensor's values: NumPy's str/repr, on its own line if multi-line."""
    value = np.asarray(_host(value))
    if value.ndim == 0:
        text = str(value[()])  # scalars print as `4`, not `np.int32(4)`
    else:
        text = repr(value) if is_repr else str(value)
    return "\n" + text if "\n" in text else text


class Tensor:
    """An immutable array of one dtype. Create tensors with `tf.constant` and other ops."""

    __slots__ = ("_value", "_dtype", "_keras_mask", "__weakref__")
    __array_priority__ = 100  # `ndarray + Tensor` defers to Tensor.__radd__

    def __init__(self, value, dtype=None):
        self._value = value
        self._dtype = dtype or dtypes.from_numpy(value.dtype)

    # --- what a tensor is -------------------------------------------------------------
    @property
    def shape(self):
        return TensorShape(self._value.shape)

    def get_shape(self):
        return self.shape

    def set_shape(self, shape):
        """Executing eagerly, a check that the shape is compatible with `shape` (None: any size).

        >>> import neuroflow as tf
        >>> t = tf.constant([[1, 2, 3]])
        >>> t.set_shape([1, None])
        >>> t.set_shape([1, 5])
        Traceback (most recent call last):
        ...
        ValueError: Tensor's shape (1, 3) is not compatible with supplied shape [1, 5].
        """
        wanted = TensorShape(shape)
        if not self.shape.is_compatible_with(wanted):
            raise ValueError(f"Tensor's shape {self.shape} is not compatible with supplied shape "
                             f"{wanted.as_list() if wanted.rank is not None else wanted}.")

    @property
    def dtype(self):
        return self._dtype

    @property
    def ndim(self):
        return self._value.ndim

    @property
    def device(self):
        return backend.device_name(self._value)

    @property
    def name(self):
        raise AttributeError("Tensor.name is undefined when eager execution is enabled.")

    def numpy(self):
        """The values as a NumPy array (a copy; a NumPy scalar for rank 0)."""
        value = _host(self._value)
        if isinstance(value, np.ndarray):
            return value[()] if value.ndim == 0 else value.copy()
        return value

    def __array__(self, dtype=None, copy=None):
        value = np.asarray(_host(self._value))
        return value if dtype is None else value.astype(dtype, copy=False)

    # --- Python protocols ------------------------------------------------------------
    def __len__(self):
        if self._value.ndim == 0:
            raise TypeError("len is not well defined for a rank-0 tensor.")
        return self._value.shape[0]

    def __iter__(self):
        if self._value.ndim == 0:
            raise TypeError("Cannot iterate over a scalar tensor.")
        return (self[i] for i in range(self._value.shape[0]))

    def _scalar(self, kind):
        if self._value.size != 1:
            raise ValueError(
                f"Cannot convert a tensor of shape {self.shape} to a Python {kind}: "
                "only single-element tensors can be. Use .numpy() for arrays.")
        return self._value.reshape(())[()] if self._value.ndim else self._value[()]

    def __bool__(self):
        if self._value.ndim:
            raise ValueError(
                "The truth value of a tensor with more than one element is ambiguous. "
                "Use tf.reduce_any(t) or tf.reduce_all(t).")
        return bool(self._value)

    def __float__(self):
        return float(self._scalar("float"))

    def __int__(self):
        return int(self._scalar("int"))

    def __index__(self):
        if not self._dtype.is_integer or self._value.ndim:
            raise TypeError(f"Only integer scalar tensors can be used as an index, not {self!r}.")
        return int(self._value)

    def __complex__(self):
        return complex(self._scalar("complex"))

    def __hash__(self):
        raise TypeError("Tensor is unhashable. Instead, use tensor.ref() as the key.")

    def ref(self):
        """A hashable reference to this tensor (`.deref()` gets it back)."""
        return Reference(self)

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __reduce__(self):
        return Tensor, (np.asarray(_host(self._value)), self._dtype)

    def __str__(self):
        return f"tf.Tensor({numpy_text(self._value)}, shape={self.shape}, dtype={self._dtype.name})"

    def __repr__(self):
        return (f"<tf.Tensor: shape={self.shape}, dtype={self._dtype.name}, "
                f"numpy={numpy_text(self._value, is_repr=True)}>")

    def __format__(self, spec):
        """f-strings show the value, as TensorFlow's eager tensors do: f"{t}" is `format(t.numpy())`."""
        value = np.asarray(_host(self._value))
        return format(value[()] if value.ndim == 0 else value, spec)


class Reference:
    """A hashable handle to a tensor or variable, compared by identity (`t.ref()`)."""

    __slots__ = ("_obj",)

    def __init__(self, obj):
        self._obj = obj

    def deref(self):
        return self._obj

    def __hash__(self):
        return id(self._obj)

    def __eq__(self, other):
        return isinstance(other, Reference) and other._obj is self._obj

    def __repr__(self):
        return f"<Reference wrapping {self._obj!r}>"
