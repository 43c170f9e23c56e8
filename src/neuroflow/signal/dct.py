"""Discrete cosine transforms (`tf.signal.dct`, `idct`), types I-IV, as scipy.fftpack defines them.

Each transform is a product with a constant cosine matrix along the last axis, so gradients
come from `matmul`'s.

>>> import neuroflow as tf
>>> tf.signal.dct([1.0, 2.0, 3.0, 4.0], norm="ortho").numpy().round(4)
array([ 5.    , -2.2304,  0.    , -0.1585], dtype=float32)
"""
import numpy as np

from ..ops.array_ops import pad, reshape
from ..ops.math_ops import matmul
from ..ops.registry import as_tensor

__all__ = ["dct", "idct"]


def _matrix(kind, n, norm):
    """M with dct(x) = x @ M for length-`n` rows (float64)."""
    j, k = np.arange(n)[:, None], np.arange(n)[None, :]  # j: input index, k: output index
    if kind == 1:
        m = 2 * np.cos(np.pi * j * k / (n - 1))
        m[0], m[-1] = 1.0, (-1.0) ** np.arange(n)
    elif kind == 2:
        m = 2 * np.cos(np.pi * k * (2 * j + 1) / (2 * n))
        if norm == "ortho":
            m *= np.where(k == 0, np.sqrt(1 / (4 * n)), np.sqrt(1 / (2 * n)))
    elif kind == 3:
        m = 2 * np.cos(np.pi * j * (2 * k + 1) / (2 * n))
        m[0] = 1.0
        if norm == "ortho":
            m[0] *= np.sqrt(1 / n)
            m[1:] *= np.sqrt(1 / (2 * n))
    else:
        m = 2 * np.cos(np.pi * (2 * j + 1) * (2 * k + 1) / (4 * n))
        if norm == "ortho":
            m *= np.sqrt(1 / (2 * n))
    return m


def dct(input, type=2, n=None, axis=-1, norm=None, name=None):  # noqa: A002 - TensorFlow's names
    """The DCT of `input` along its last axis (`type` 1-4; `norm` None or "ortho"; `n` truncates or
    zero-pads the input to that length first)."""
    x = as_tensor(input)
    if type not in (1, 2, 3, 4):
        raise ValueError(f"tf.signal.dct: type must be 1, 2, 3 or 4, got {type!r}.")
    if axis != -1:
        raise NotImplementedError(f"tf.signal.dct: axis must be -1, got {axis!r}.")
    if norm not in (None, "ortho"):
        raise ValueError(f"tf.signal.dct: norm must be None or 'ortho', got {norm!r}.")
    if not x.dtype.is_floating:
        raise ValueError(f"tf.signal.dct: expected a float32 or float64 input, got {x.dtype.name}.")
    if n is not None:
        length = x.shape[-1]
        if n < 1:
            raise ValueError(f"tf.signal.dct: n must be positive, got {n}.")
        x = x[..., :n] if n <= length else pad(x, [[0, 0]] * (x.ndim - 1) + [[0, n - length]])
    size = x.shape[-1]
    if type == 1 and (norm is not None or size < 2):
        raise ValueError("tf.signal.dct: type 1 needs norm=None and a length of at least 2.")
    rows = reshape(x, [-1, size])
    out = matmul(rows, as_tensor(_matrix(type, size, norm).astype(x.dtype.as_numpy_dtype)))
    return reshape(out, list(x.shape))


def idct(input, type=2, n=None, axis=-1, norm=None, name=None):  # noqa: A002
    """The inverse DCT: the DCT of the inverse type (2 <-> 3), as scipy.fftpack.idct; with
    `norm="ortho"` it undoes `dct`, otherwise it scales by 2N (2(N-1) for type 1)."""
    return dct(input, {1: 1, 2: 3, 3: 2, 4: 4}.get(type, type), n, axis, norm)
