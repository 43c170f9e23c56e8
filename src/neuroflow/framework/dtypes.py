"""Data types: `tf.float32`, `tf.int32`, ... and `as_dtype`.

A `DType` names the element type of a tensor and knows the NumPy dtype that stores it.

>>> import neuroflow as tf
>>> print(tf.float32)
<dtype: 'float32'>
>>> tf.as_dtype("int8").max
127
>>> tf.float16.is_floating, tf.int32.is_floating
(True, False)
"""
import numpy as np

__all__ = [
    "DType", "as_dtype",
    "float16", "bfloat16", "float32", "float64", "half", "double",
    "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "bool", "complex64", "complex128", "string", "variant",
]


def _bfloat16_numpy_type():
    """ml_dtypes' bfloat16, imported on first use: loading ml_dtypes takes most of a second, and
    `import neuroflow` must stay quick for everyone who never touches bfloat16."""
    try:
        import ml_dtypes
    except ImportError:
        return None
    _BY_NUMPY[np.dtype(ml_dtypes.bfloat16)] = bfloat16
    return ml_dtypes.bfloat16


class DType:
    """The element type of a tensor, e.g. `tf.float32`.

    DTypes compare equal to their NumPy counterparts and to their names:

    >>> import numpy as np, neuroflow as tf
    >>> tf.float32 == np.float32, tf.int64 == "int64"
    (True, True)
    """

    __slots__ = ("name", "_np", "_enum", "kind")

    def __init__(self, name, np_type, enum, kind):
        self.name = name
        self._np = np_type
        self._enum = enum
        self.kind = kind  # 'f' float, 'i' signed, 'u' unsigned, 'b' bool, 'c' complex, 'S' string

    @property
    def as_numpy_dtype(self):
        """The NumPy scalar type that stores this dtype."""
        if self._np is None:
            if self.name == "bfloat16":
                self._np = _bfloat16_numpy_type()
                if self._np is not None:
                    return self._np
                raise TypeError(
                    "bfloat16 tensors need the `ml_dtypes` package, which is not installed. "
                    "Install it with `pip install neuroflow[bfloat16]`, or use float16/float32.")
            raise TypeError(f"DType {self.name} has no NumPy equivalent.")
        return self._np

    @property
    def as_datatype_enum(self):
        return self._enum

    @property
    def base_dtype(self):
        return self

    @property
    def real_dtype(self):
        return {"complex64": float32, "complex128": float64}.get(self.name, self)

    is_floating = property(lambda self: self.kind == "f")
    is_integer = property(lambda self: self.kind in "iu")
    is_unsigned = property(lambda self: self.kind == "u")
    is_complex = property(lambda self: self.kind == "c")
    is_bool = property(lambda self: self.kind == "b")
    is_numeric = property(lambda self: self.kind in "fiuc")
    is_numpy_compatible = property(lambda self: self._np is not None or (
        self.name == "bfloat16" and _bfloat16_numpy_type() is not None))
    is_quantized = property(lambda self: False)

    @property
    def size(self):
        """Bytes per element."""
        if self.kind == "S":
            return 8
        return np.dtype(self.as_numpy_dtype).itemsize

    def _info(self, which):
        if self.kind not in "fiu":
            raise TypeError(f"Cannot find {which}imum value of {self} with type {self}.")
        info = np.finfo if self.kind == "f" else np.iinfo
        return getattr(info(self.as_numpy_dtype), which)

    @property
    def min(self):
        """The smallest finite value (a NumPy scalar for floats, an int for integers)."""
        return self._info("min")

    @property
    def max(self):
        """The largest finite value (a NumPy scalar for floats, an int for integers)."""
        return self._info("max")

    @property
    def limits(self):
        """TensorFlow's intensity limits `(0, max)`: `max` is 1 for floats, as for images."""
        if self.kind == "b":
            return 0, True
        if self.kind not in "fiu":
            raise TypeError(f"{self} has no intensity limits.")
        return 0, 1 if self.kind == "f" else int(np.iinfo(self._np).max)

    def is_compatible_with(self, other):
        return self == as_dtype(other)

    def __eq__(self, other):
        if other is self:
            return True
        if other is None:
            return False
        try:
            return as_dtype(other) is self
        except (TypeError, ValueError):  # e.g. a tuple, which NumPy reads as a malformed dtype
            return False

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return self._enum

    def __repr__(self):
        return f"tf.{self.name}"

    def __str__(self):
        return f"<dtype: '{self.name}'>"

    def __reduce__(self):
        return as_dtype, (self.name,)


float16 = half = DType("float16", np.float16, 19, "f")
bfloat16 = DType("bfloat16", None, 14, "f")  # its NumPy type loads on first use (_bfloat16_numpy_type)
float32 = DType("float32", np.float32, 1, "f")
float64 = double = DType("float64", np.float64, 2, "f")
int8 = DType("int8", np.int8, 6, "i")
int16 = DType("int16", np.int16, 5, "i")
int32 = DType("int32", np.int32, 3, "i")
int64 = DType("int64", np.int64, 9, "i")
uint8 = DType("uint8", np.uint8, 4, "u")
uint16 = DType("uint16", np.uint16, 17, "u")
uint32 = DType("uint32", np.uint32, 22, "u")
uint64 = DType("uint64", np.uint64, 23, "u")
bool = DType("bool", np.bool_, 10, "b")  # noqa: A001 - TensorFlow's name
complex64 = DType("complex64", np.complex64, 8, "c")
complex128 = DType("complex128", np.complex128, 18, "c")
string = DType("string", np.object_, 7, "S")


class _VariantStorage:
    """The `.dtype` of the Python objects a `variant` tensor holds (a TensorArray's list)."""
    kind = "V"

    def __repr__(self):
        return "variant"


# A tensor holding a structured Python value (TensorArray's list of tensors); it is
# differentiable: its gradient is a variant of the same structure.
variant = DType("variant", _VariantStorage(), 21, "v")

ALL = (float16, bfloat16, float32, float64, int8, int16, int32, int64, uint8, uint16,
       uint32, uint64, bool, complex64, complex128, string)

_BY_NAME = {d.name: d for d in ALL + (variant,)}
_BY_NAME.update(half=float16, double=float64, float=float32, int=int32)
_BY_ENUM = {d._enum: d for d in ALL + (variant,)}
# NumPy dtype -> DType; the hot path (`from_numpy`) is one dict lookup.
_BY_NUMPY = {np.dtype(d._np): d for d in ALL if d._np is not None}
_BY_NUMPY[variant._np] = variant
for _kind in ("S", "U"):
    _BY_NUMPY[np.dtype(_kind)] = string
_BY_PYTHON = {float: float32, int: int32, complex: complex128, str: string, bytes: string}
_BY_PYTHON[type(True)] = bool


def from_numpy(np_dtype):
    """The DType of a NumPy dtype (`np.dtype` objects only; the fast internal path)."""
    try:
        return _BY_NUMPY[np_dtype]
    except KeyError:
        if np_dtype.kind in "SU":
            return string
        if np_dtype.name == "bfloat16" and bfloat16.as_numpy_dtype is not None:
            return bfloat16
        raise TypeError(f"NumPy dtype {np_dtype} has no TensorFlow equivalent.") from None


def as_dtype(type_value):
    """Converts a name, NumPy dtype, Python type or DType into a `DType`.

    >>> import neuroflow as tf, numpy as np
    >>> tf.as_dtype(np.float64), tf.as_dtype("uint8"), tf.as_dtype(float)
    (tf.float64, tf.uint8, tf.float32)
    """
    if isinstance(type_value, DType):
        return type_value
    if isinstance(type_value, str):
        try:
            return _BY_NAME[type_value]
        except KeyError:
            pass
    elif isinstance(type_value, int) and not isinstance(type_value, type(True)):
        if type_value in _BY_ENUM:
            return _BY_ENUM[type_value]
    elif isinstance(type_value, type) and type_value in _BY_PYTHON:
        return _BY_PYTHON[type_value]
    elif type_value is not None:
        named = getattr(type_value, "name", None)  # e.g. a Keras/TF-like dtype object
        try:
            return from_numpy(np.dtype(type_value))
        except TypeError:
            if isinstance(named, str) and named in _BY_NAME:
                return _BY_NAME[named]
    raise TypeError(f"Cannot convert the argument `type_value`: {type_value!r} to a TensorFlow "
                    "DType. Use a name such as 'float32', a NumPy dtype, or tf.float32, tf.int32, ...")
