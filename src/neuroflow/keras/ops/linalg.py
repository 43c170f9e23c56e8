"""`keras.ops.linalg`: Keras 3's linear algebra over `tf.linalg`.

>>> from neuroflow import keras
>>> keras.ops.det([[2.0, 0.0], [0.0, 3.0]]).numpy()
np.float32(6.0)
"""
import numpy as np

import neuroflow as tf

from .numpy import _float, _t

__all__ = ["cholesky", "cholesky_inverse", "det", "eig", "eigh", "jvp", "inv", "lstsq", "norm", "pinv", "qr", "solve",
           "solve_triangular", "svd", "matrix_rank", "lu_factor"]


def cholesky(x, upper=False):
    low = tf.linalg.cholesky(_float(x))
    return tf.linalg.matrix_transpose(low) if upper else low


def cholesky_inverse(x, upper=False):
    """The inverse of A from its Cholesky factor `x` (lower, or upper when `upper`)."""
    factor = _float(x)
    low = tf.linalg.matrix_transpose(factor) if upper else factor
    inv_low = tf.linalg.inv(low)
    return tf.matmul(inv_low, inv_low, transpose_a=True)


def det(x):
    return tf.linalg.det(_float(x))


def eig(x):
    """(eigenvalues, eigenvectors) of square matrices, complex (no gradient, as in TensorFlow)."""
    return tuple(tf.linalg.eig(_float(x)))


def jvp(fun, primals, tangents, has_aux=False):
    """(fun(*primals), J·tangents): the Jacobian-vector product, by differentiating a vector-Jacobian
    product with respect to its cotangent (two reverse passes; exact, as the map is linear).

    With `has_aux`, `fun` returns (output, aux) and the result is (output, jvp, aux).
    """
    primals = [_t(p) for p in primals]
    tangents = [_t(t) for t in tangents]
    with tf.GradientTape() as outer:
        with tf.GradientTape() as inner:
            for p in primals:
                inner.watch(p)
            result = fun(*primals)
            out, aux = result if has_aux else (result, None)
        cotangent = tf.zeros_like(out)
        outer.watch(cotangent)
        pullback = inner.gradient(out, primals, output_gradients=cotangent,
                                  unconnected_gradients=tf.UnconnectedGradients.ZERO)
        projected = tf.add_n([tf.reduce_sum(g * tf.cast(t, g.dtype)) for g, t in zip(pullback, tangents)])
    tangent_out = outer.gradient(projected, cotangent, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    return (out, tangent_out, aux) if has_aux else (out, tangent_out)


def eigh(x):
    return tuple(tf.linalg.eigh(_float(x)))


def inv(x):
    return tf.linalg.inv(_float(x))


def lstsq(a, b, rcond=None):
    """The least-squares solution x of a x ≈ b (through the pseudo-inverse)."""
    a, b = _float(a), _float(b)
    vector = b.ndim == 1
    x = tf.matmul(pinv(a, rcond), tf.reshape(b, [-1, 1]) if vector else b)
    return tf.reshape(x, [-1]) if vector else x


def norm(x, ord=None, axis=None, keepdims=False):
    """Vector or matrix norms, with NumPy's `ord` values (None, 'fro', 'nuc', ±inf, ints)."""
    x = _float(x)
    if axis is None:
        axis = tuple(range(x.ndim)) if x.ndim <= 2 else None
        if ord is not None and x.ndim > 2:
            raise ValueError(f"norm: pass `axis` for inputs of rank {x.ndim} with ord={ord!r}.")
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    if len(axes) == 1:
        if ord is None or ord == 2:
            return tf.sqrt(tf.reduce_sum(tf.square(x), axis=axes, keepdims=keepdims))
        if ord in (float("inf"), "inf"):
            return tf.reduce_max(tf.abs(x), axis=axes, keepdims=keepdims)
        if ord in (float("-inf"), "-inf"):
            return tf.reduce_min(tf.abs(x), axis=axes, keepdims=keepdims)
        if ord == 0:
            return tf.reduce_sum(tf.cast(tf.not_equal(x, 0.0), x.dtype), axis=axes, keepdims=keepdims)
        return tf.reduce_sum(tf.abs(x) ** ord, axis=axes, keepdims=keepdims) ** (1.0 / ord)
    if ord in (None, "fro"):
        return tf.sqrt(tf.reduce_sum(tf.square(x), axis=axes, keepdims=keepdims))
    row, col = (a % x.ndim for a in axes)
    if ord in (1, -1, float("inf"), float("-inf")):
        summed = tf.reduce_sum(tf.abs(x), axis=row if ord in (1, -1) else col, keepdims=True)
        reduce = tf.reduce_max if ord in (1, float("inf")) else tf.reduce_min
        out = reduce(summed, axis=col if ord in (1, -1) else row, keepdims=True)
        return out if keepdims else tf.squeeze(out, axis=sorted([row, col]))
    moved = tf.transpose(x, [a for a in range(x.ndim) if a not in (row, col)] + [row, col])
    s = tf.linalg.svd(moved, compute_uv=False)
    out = {2: tf.reduce_max, -2: tf.reduce_min, "nuc": tf.reduce_sum}[ord](s, axis=-1)
    if keepdims:
        for a in sorted([row, col]):
            out = tf.expand_dims(out, a)
    return out


def pinv(x, rcond=None):
    """The Moore–Penrose pseudo-inverse (singular values below rcond · max are dropped)."""
    x = _float(x)
    s, u, v = tf.linalg.svd(x, full_matrices=False)
    rcond = 1e-15 * max(x.shape[-2:]) if rcond is None else rcond
    cutoff = rcond * tf.reduce_max(s, axis=-1, keepdims=True)
    s_inv = tf.where(s > cutoff, 1.0 / tf.where(s > cutoff, s, tf.ones_like(s)), tf.zeros_like(s))
    return tf.matmul(v * tf.expand_dims(s_inv, -2), u, transpose_b=True)


def qr(x, mode="reduced"):
    if mode not in ("reduced", "complete"):
        raise ValueError(f"qr: mode must be 'reduced' or 'complete'. Received: mode={mode!r}.")
    return tuple(tf.linalg.qr(_float(x), full_matrices=mode == "complete"))


def solve(a, b):
    a, b = _float(a), _float(b)
    vector = b.ndim == a.ndim - 1
    x = tf.linalg.solve(a, tf.expand_dims(b, -1) if vector else b)
    return tf.squeeze(x, -1) if vector else x


def solve_triangular(a, b, lower=False):
    """Solves a x = b for triangular `a` (lower when `lower`, else upper)."""
    a = _float(a)
    a = tf.linalg.band_part(a, -1, 0) if lower else tf.linalg.band_part(a, 0, -1)
    return solve(a, b)


def svd(x, full_matrices=True, compute_uv=True):
    """(u, s, vh) as NumPy orders them (or just s)."""
    x = _float(x)
    if not compute_uv:
        return tf.linalg.svd(x, full_matrices=full_matrices, compute_uv=False)
    s, u, v = tf.linalg.svd(x, full_matrices=full_matrices)
    return u, s, tf.linalg.adjoint(v)


def matrix_rank(x, tol=None):
    x = _float(x)
    s = tf.linalg.svd(x, compute_uv=False)
    if tol is None:
        tol = tf.reduce_max(s, axis=-1, keepdims=True) * (max(x.shape[-2:]) * float(np.finfo(x.dtype.as_numpy_dtype).eps))
    return tf.reduce_sum(tf.cast(s > tol, "int32"), axis=-1)


def lu_factor(x):
    """(LU, pivots) with partial pivoting, as SciPy's `lu_factor`: `tf.linalg.lu`'s row permutation
    read as the sequence of row swaps that produced it (eager)."""
    lu, permutation = tf.linalg.lu(_float(x))
    order = permutation.numpy()
    pivots = np.zeros_like(order)
    for rows in np.ndindex(order.shape[:-1]):
        current = list(range(order.shape[-1]))      # which original row sits at each position
        where = {r: r for r in current}
        for k, wanted in enumerate(order[rows]):
            p = where[int(wanted)]
            pivots[rows + (k,)] = p
            current[k], current[p] = current[p], current[k]
            where[current[k]], where[current[p]] = k, p
    return lu, tf.constant(pivots.astype(np.int32))
