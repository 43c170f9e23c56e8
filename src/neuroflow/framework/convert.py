"""`convert_to_tensor`: Python values and NumPy arrays to tensors, with TensorFlow's dtype rules.

Python `int` becomes int32 (int64 when it does not fit), `float` float32, `bool` bool,
`str` string; NumPy arrays keep their dtype. Nested lists must be rectangular.

>>> import neuroflow as tf, numpy as np
>>> tf.convert_to_tensor([1, 2]).dtype, tf.convert_to_tensor(1.5).dtype
(tf.int32, tf.float32)
>>> tf.convert_to_tensor(np.zeros(2)).dtype
tf.float64
>>> tf.convert_to_tensor([[1, 2], [3]])
Traceback (most recent call last):
...
ValueError: Can't convert non-rectangular Python sequence to Tensor.
"""
import numpy as np

from .. import backend
from . import dtypes
from .tensor import Tensor

__all__ = ["convert_to_tensor", "to_array", "is_tensor_like", "register_tensor_type"]

# Types ops accept as tensors: they carry `_value` (the array) and `_dtype`.
# The variable and graph layers register theirs.
TENSOR_TYPES = {Tensor}
_INT32 = np.iinfo(np.int32)
_PYTHON_SCALARS = (int, float, bool, complex)


def register_tensor_type(cls):
    """Makes ops accept instances of `cls` (which carry `_value` and `_dtype`) as tensors."""
    TENSOR_TYPES.add(cls)
    return cls


def is_tensor_like(value):
    return type(value) in TENSOR_TYPES or isinstance(value, tuple(TENSOR_TYPES))


def _unsupported(value):
    return ValueError(
        f"Attempt to convert a value ({value!r}) with an unsupported type ({type(value)}) to a Tensor.")


def _strings(array):
    """A NumPy array of str/bytes as TensorFlow stores strings: an object array of bytes."""
    out = np.empty(array.shape, dtype=object)
    flat = out.reshape(-1)
    for i, item in enumerate(array.reshape(-1)):
        if isinstance(item, str):
            flat[i] = item.encode("utf-8")
        elif isinstance(item, bytes):
            flat[i] = bytes(item)
        else:
            raise TypeError(f"Cannot convert {item!r} to EagerTensor of dtype string")
    return out


_RAGGED = "Can't convert non-rectangular Python sequence to Tensor."


def _python_array(value):
    """`np.array(value)` for Python scalars and nested lists; ragged lists are TensorFlow's ValueError."""
    try:
        return np.array(value)
    except UnicodeDecodeError:  # str mixed with non-ASCII bytes: keep each item as it is
        return np.array(value, dtype=object)
    except ValueError:
        raise ValueError(_RAGGED) from None


def _infer_python(value):
    """A NumPy array from Python scalars/nested lists with TensorFlow's default dtypes."""
    array = _python_array(value)
    kind = array.dtype.kind
    if kind == "f":
        return array.astype(np.float32)
    if kind in "iu":
        if kind == "u" and array.size and array.max() > np.iinfo(np.int64).max:
            raise ValueError(f"Can't convert Python int {value!r} to a tensor: it does not fit in int64.")
        if array.size and (array.min() < _INT32.min or array.max() > _INT32.max):
            return array.astype(np.int64)
        return array.astype(np.int32)
    if kind in "bc":
        return array
    if kind in "SU":  # rebuilt from the Python items: NumPy's fixed-width strings drop trailing NULs
        return _strings(np.array(value, dtype=object))
    if kind == "O":
        if any(isinstance(v, int) for v in array.reshape(-1)):
            raise ValueError(f"Can't convert Python int {value!r} to a tensor: it does not fit in int64.")
        if array.size and all(isinstance(v, (str, bytes)) for v in array.reshape(-1)):
            return _strings(array)
        if any(isinstance(v, (list, tuple)) for v in array.reshape(-1)):
            raise ValueError(_RAGGED)
    raise _unsupported(value)


def _cast_exact(array, dtype, value):
    """`array` as `dtype`, refusing conversions that lose information (1.5 -> int32)."""
    target = dtype.as_numpy_dtype
    if dtype.kind == "S":
        if array.dtype.kind in "SUO":
            return _strings(array)
        raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype string")
    if array.dtype.kind in "SUO":
        raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype {dtype.name}")
    converted = array.astype(target)
    if array.dtype.kind in "fc" and dtype.kind in "iub" or array.dtype.kind == "c" and dtype.kind == "f":
        if not np.array_equal(converted.astype(array.dtype), array):
            raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype {dtype.name}")
    elif dtype.kind in "iu" and array.size:
        info = np.iinfo(target)
        if array.min() < info.min or array.max() > info.max:
            raise TypeError(f"Cannot convert {value!r} to EagerTensor of dtype {dtype.name}: "
                            f"out of range [{info.min}, {info.max}].")
    return converted


_FLOATS = {dtypes.float16, dtypes.float32, dtypes.float64}
_WIDE_INTS = {dtypes.int32, dtypes.int64}


def _python_number(value, dtype):
    """The common scalars, fast: a float (or an int32-sized int) as a 0-d array; None for the rest."""
    if type(value) is float:
        if dtype is None or dtype in _FLOATS:
            return np.asarray(value, np.float32 if dtype is None else dtype.as_numpy_dtype)
    elif _INT32.min <= value <= _INT32.max:
        if dtype is None or dtype in _FLOATS or dtype in _WIDE_INTS:
            return np.asarray(value, np.int32 if dtype is None else dtype.as_numpy_dtype)
    return None


def to_array(value, dtype=None):
    """A fresh backend array for a Python value or NumPy array, with TensorFlow's dtype rules."""
    if dtype is not None:
        dtype = dtypes.as_dtype(dtype)
    xp = backend.current_module()
    if type(value) is float or type(value) is int:
        array = _python_number(value, dtype)
        if array is not None:
            return array if xp is np else backend.to_device(array, xp)
    if isinstance(value, np.ndarray) or isinstance(value, np.generic):
        array = np.array(value)
        if array.dtype.kind in "SU":
            array = _strings(array)
        elif array.dtype.kind == "O":
            array = _infer_python(value.tolist())
        if dtype is not None and dtypes.from_numpy(array.dtype) is not dtype:
            array = _cast_exact(array, dtype, value)
    elif backend.array_module(value) is not np:  # already a GPU array
        array = value if dtype is None else value.astype(dtype.as_numpy_dtype)
        return array
    elif hasattr(value, "__array__") and not isinstance(value, (list, tuple)):
        return to_array(np.asarray(value), dtype)
    else:
        if value is None or isinstance(value, (dict, set)):
            raise _unsupported(value)
        if dtype is None:
            array = _infer_python(value)
        else:
            raw = _python_array(value)
            if raw.dtype.kind in "SU":  # keep trailing NULs (see _infer_python)
                raw = _strings(np.array(value, dtype=object))
            if raw.dtype.kind == "O" and dtype.kind != "S":
                raise _unsupported(value)
            array = _cast_exact(raw, dtype, value)
    return array if xp is np else backend.to_device(array, xp)


def convert_to_tensor(value, dtype=None, dtype_hint=None, name=None):
    """Converts `value` (tensor, variable, NumPy array, Python scalar or nested list) to a Tensor.

    Args:
        value: the value to convert.
        dtype: the required dtype; a tensor of another dtype raises ValueError, a Python
            value that cannot be represented exactly raises TypeError.
        dtype_hint: the preferred dtype for Python values when `dtype` is None.
        name: ignored (eager execution).

    Returns:
        A `Tensor`.
    """
    if is_tensor_like(value):
        if dtype is not None and value._dtype is not dtypes.as_dtype(dtype):
            raise ValueError(
                f"Tensor conversion requested dtype {dtypes.as_dtype(dtype).name} for Tensor with "
                f"dtype {value._dtype.name}: {value!r}. Use tf.cast(x, {dtypes.as_dtype(dtype).name}) first.")
        return value.read_value() if hasattr(value, "read_value") else value
    convertible = getattr(value, "_as_tensor", None)  # e.g. Keras variables
    if convertible is not None:
        return convert_to_tensor(convertible(), dtype=dtype)
    if dtype is None and dtype_hint is not None and isinstance(value, (*_PYTHON_SCALARS, list, tuple)):
        try:
            return Tensor(to_array(value, dtype_hint), dtypes.as_dtype(dtype_hint))
        except (TypeError, ValueError):
            pass
    array = to_array(value, dtype)
    return Tensor(array, None if dtype is None else dtypes.as_dtype(dtype))
