"""TensorFlow 1's `tf.compat.v1.string_split`: split strings into a SparseTensor (or RaggedTensor).

Each character of `sep` (default " ") is a delimiter; an empty `sep` splits into single bytes;
empty tokens are dropped unless `skip_empty=False`.

>>> import neuroflow as tf
>>> st = tf.compat.v1.string_split(["a,b;;c", "d"], sep=",;")
>>> st.values.numpy(), st.dense_shape.numpy()
(array([b'a', b'b', b'c', b'd'], dtype=object), array([2, 3]))
"""
import re

import numpy as np

from ...framework import dtypes
from ...framework.convert import convert_to_tensor
from ...framework.ragged_tensor import RaggedTensor
from ...framework.sparse_tensor import SparseTensor
from ...framework.tensor import Tensor
from ...ops.registry import state

__all__ = ["string_split"]


def _tokens(text, sep, skip_empty):
    if not text:          # an empty string has no tokens, even with skip_empty=False (TensorFlow's kernel)
        return []
    if not sep:
        return [text[i:i + 1] for i in range(len(text))]
    parts = re.split(b"[" + re.escape(sep) + b"]", text)
    return [p for p in parts if p] if skip_empty else parts


def string_split(source, sep=None, skip_empty=True, delimiter=None, result_type="SparseTensor", name=None):
    """Splits each string of the 1-D `source` at any character of `sep` (`delimiter` is its old name).

    Returns:
        A rank-2 `SparseTensor` (row, position) -> token, or a `RaggedTensor` with
        `result_type="RaggedTensor"`.
    """
    if result_type not in ("SparseTensor", "RaggedTensor"):
        raise ValueError("result_type must be 'RaggedTensor' or 'SparseTensor'.")
    if state.graph is not None:
        raise NotImplementedError("tf.compat.v1.string_split runs eagerly; inside graphs use tf.strings.split, "
                                  "which returns a RaggedTensor.")
    sep = delimiter if sep is None else sep
    sep = (" " if sep is None else sep)
    sep = sep.encode() if isinstance(sep, str) else bytes(sep.numpy() if hasattr(sep, "numpy") else sep)
    source = convert_to_tensor(source, dtype=dtypes.string)
    if source.shape.rank != 1:
        raise ValueError(f"string_split: source must be a 1-D string tensor, got shape {source.shape}.")
    rows = [_tokens(s, sep, skip_empty) for s in np.asarray(source.numpy(), dtype=object)]
    values = np.array([t for row in rows for t in row], dtype=object)
    lengths = np.array([len(row) for row in rows], np.int64)
    if result_type == "RaggedTensor":
        splits = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        return RaggedTensor.from_row_splits(Tensor(values, dtypes.string), Tensor(splits, dtypes.int64),
                                            validate=False)
    indices = np.array([[r, c] for r, row in enumerate(rows) for c in range(len(row))], np.int64).reshape(-1, 2)
    shape = np.array([len(rows), lengths.max(initial=0)], np.int64)
    return SparseTensor(Tensor(indices, dtypes.int64), Tensor(values, dtypes.string), Tensor(shape, dtypes.int64))
