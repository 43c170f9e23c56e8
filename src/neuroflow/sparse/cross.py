"""`tf.sparse.cross` and `cross_hashed`: feature crosses of sparse and dense 2-D inputs.

For each row, every combination of one value from each input is one output value: the
values joined by `separator` (`cross`), or a Fingerprint64-based hash (`cross_hashed`). As in
TensorFlow, the sparse inputs come first in the combination, then the dense ones, and the
last input varies fastest.

>>> import neuroflow as tf
>>> tf.sparse.cross([tf.constant([["a"], ["b"]]), tf.constant([["c"], ["d"]])], separator="_Y_").values
<tf.Tensor: shape=(2,), dtype=string, numpy=array([b'a_Y_c', b'b_Y_d'], dtype=object)>
"""
import itertools

import numpy as np

from ..framework import dtypes
from ..framework.convert import convert_to_tensor
from ..framework.sparse_tensor import SparseTensor
from ..framework.tensor import Tensor
from ..ops.registry import state
from ..ops.string_hash import fingerprint64

__all__ = ["cross", "cross_hashed"]

_MASK = (1 << 64) - 1
_MUL = 0xC6A4A7935BD1E995
_HASH_KEY = 0xDECAFCAFFE   # TensorFlow's default hash_key
_INT64_MAX = (1 << 63) - 1


def _shift_mix(value):
    return value ^ (value >> 47)


def _fingerprint_cat64(fp1, fp2):
    """TensorFlow's FingerprintCat64: combines two 64-bit fingerprints."""
    result = fp1 ^ _MUL
    result ^= (_shift_mix((fp2 * _MUL) & _MASK) * _MUL) & _MASK
    result = (result * _MUL) & _MASK
    result = (_shift_mix(result) * _MUL) & _MASK
    return _shift_mix(result)


def _rows(x, batch):
    """Per row, the list of feature values of one input (sparse: its values in the row; dense: the row)."""
    if isinstance(x, SparseTensor):
        indices, values = x.indices.numpy(), np.asarray(x.values.numpy(), dtype=object)
        rows = [[] for _ in range(batch)]
        for (row, _), value in zip(indices, values):
            rows[int(row)].append(value)
        return rows, x.values.dtype
    x = convert_to_tensor(x)
    if x.shape.rank != 2:
        raise ValueError(f"tf.sparse.cross: dense inputs must be 2-D (batch, features), got shape {x.shape}.")
    return [list(r) for r in np.asarray(x.numpy(), dtype=object)], x.dtype


def _crossed(inputs):
    """(row, combination) pairs in TensorFlow's order, and the batch size."""
    if state.graph is not None:
        raise NotImplementedError("tf.sparse.cross runs eagerly: its number of outputs depends on the data.")
    inputs = list(inputs)
    if not inputs:
        raise ValueError("tf.sparse.cross: inputs must be a non-empty list of SparseTensors or 2-D tensors.")
    ordered = [x for x in inputs if isinstance(x, SparseTensor)] + [x for x in inputs if not isinstance(x, SparseTensor)]
    sizes = {int(x.dense_shape.numpy()[0]) if isinstance(x, SparseTensor) else int(convert_to_tensor(x).shape[0])
             for x in ordered}
    if len(sizes) != 1:
        raise ValueError(f"tf.sparse.cross: all inputs must have the same batch size, got {sorted(sizes)}.")
    batch = sizes.pop()
    columns = []
    for x in ordered:
        rows, dtype = _rows(x, batch)
        if dtype not in (dtypes.string, dtypes.int64):
            raise TypeError(f"tf.sparse.cross: inputs must be string or int64, got {dtype.name}.")
        columns.append(rows)
    return [(row, combo) for row in range(batch) for combo in itertools.product(*(c[row] for c in columns))], batch


def _sparse(pairs, batch, values, dtype):
    counts = np.bincount([row for row, _ in pairs], minlength=batch) if pairs else np.zeros(batch, np.int64)
    indices = np.array([[row, i] for row in range(batch) for i in range(counts[row])], np.int64).reshape(-1, 2)
    return SparseTensor(Tensor(indices, dtypes.int64), Tensor(values, dtype),
                        Tensor(np.array([batch, counts.max(initial=0)], np.int64), dtypes.int64))


def _text(value):
    return value if isinstance(value, bytes) else str(value).encode()


def cross(inputs, name=None, separator=None):
    """The crosses of `inputs` (SparseTensors and 2-D tensors of strings or int64) as a string SparseTensor.

    Args:
        inputs: the features to cross.
        separator: what joins the values of a cross (default '_X_').
    """
    pairs, batch = _crossed(inputs)
    sep = _text("_X_" if separator is None else separator)
    values = np.array([sep.join(_text(v) for v in combo) for _, combo in pairs], dtype=object)
    return _sparse(pairs, batch, values, dtypes.string)


def cross_hashed(inputs, num_buckets=0, hash_key=None, name=None):
    """The crosses of `inputs` hashed to int64, modulo `num_buckets` (when 0: modulo 2**63 - 1), as
    TensorFlow hashes them.

    Each value's fingerprint (Fingerprint64 of a string; an int64 value itself) is combined in
    order with FingerprintCat64, starting from `hash_key`.
    """
    pairs, batch = _crossed(inputs)
    out = []
    for _, combo in pairs:
        h = _HASH_KEY if hash_key is None else int(hash_key) & _MASK
        for value in combo:
            fp = fingerprint64(value) if isinstance(value, bytes) else int(value) & _MASK
            h = _fingerprint_cat64(h, fp)
        out.append(h % (num_buckets if num_buckets > 0 else _INT64_MAX))
    values = np.array(out, dtype=np.int64)
    return _sparse(pairs, batch, values, dtypes.int64)
