"""Keras 3's dtype promotion: what `keras.ops` returns when its inputs' dtypes differ.

Keras promotes on a lattice (the one JAX uses): bool < unsigned/signed integers < floats.
Integers mixed with floats give the float; float16 with bfloat16 gives float32; a signed
and an unsigned integer give the signed type wide enough for both. Python scalars are
"weak": they take the tensor's dtype when they can (`int` always, `float` when the tensor
is floating), and alone become int32 or `floatx()`.

>>> from neuroflow.keras.backend import result_type
>>> result_type("int32", "float16"), result_type("uint8", "int8"), result_type("int32", float)
('float16', 'int16', 'float32')
"""
from .config import floatx

__all__ = ["result_type", "standardize_dtype"]

_INT_BITS = {"int8": 8, "int16": 16, "int32": 32, "int64": 64}
_UINT_BITS = {"uint8": 8, "uint16": 16, "uint32": 32, "uint64": 64}
_FLOAT_RANK = {"float16": 1, "bfloat16": 1, "float32": 2, "float64": 3}
_WEAK = {bool: "bool", int: "int32", float: None}  # None: floatx()


def standardize_dtype(dtype):
    """A dtype (string, DType, NumPy dtype or Python type) as Keras' string name."""
    if dtype is None:
        return floatx()
    if dtype in _WEAK:
        return _WEAK[dtype] or floatx()
    name = getattr(dtype, "name", None) or str(dtype)
    return "float32" if name == "float" else name


def _promote(a, b):
    if a == b:
        return a
    if a == "bool" or b == "bool":
        return b if a == "bool" else a
    fa, fb = a in _FLOAT_RANK, b in _FLOAT_RANK
    if fa and fb:
        if {a, b} == {"float16", "bfloat16"}:
            return "float32"
        return a if _FLOAT_RANK[a] > _FLOAT_RANK[b] else b
    if fa or fb:
        return a if fa else b
    if a in _UINT_BITS and b in _UINT_BITS:
        return a if _UINT_BITS[a] > _UINT_BITS[b] else b
    if a in _INT_BITS and b in _INT_BITS:
        return a if _INT_BITS[a] > _INT_BITS[b] else b
    signed, unsigned = (a, b) if a in _INT_BITS else (b, a)
    if _INT_BITS[signed] > _UINT_BITS[unsigned]:
        return signed
    wider = 2 * _UINT_BITS[unsigned]
    return f"int{wider}" if wider <= 64 else "float32"


def result_type(*dtypes):
    """The dtype Keras gives an op over inputs of `dtypes` (strings, DTypes or Python types)."""
    strong = [standardize_dtype(d) for d in dtypes if d not in _WEAK]
    weak = [d for d in dtypes if d in _WEAK]
    if not strong:
        if float in weak:
            return floatx()
        return "int32" if int in weak else "bool"
    result = strong[0]
    for dtype in strong[1:]:
        result = _promote(result, dtype)
    if float in weak and result not in _FLOAT_RANK:
        return floatx()
    if int in weak and result == "bool":
        return "int32"
    return result
