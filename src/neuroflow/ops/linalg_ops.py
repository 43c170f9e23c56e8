"""Linear algebra (`tf.linalg`): inverses, determinants, solves, decompositions, norms, diagonals.

Every op works on a matrix or a batch of matrices (`[..., M, N]`); each one's gradient
is written next to it with public ops, so second derivatives work too.

>>> import neuroflow as tf
>>> a = tf.constant([[4.0, 2.0], [2.0, 3.0]])
>>> print(tf.linalg.det(a).numpy())
8.0
>>> tf.linalg.solve(a, [[2.0], [1.0]]).numpy()
array([[0.5],
       [0. ]], dtype=float32)
"""
import collections

import numpy as np

from ..framework import errors
from . import unary_ops
from .array_ops import concat, expand_dims, reshape, squeeze, stack, transpose
from .creation_ops import fill, ones_like
from .math_ops import log, matmul, sqrt, square
from .reduction_ops import reduce_max, reduce_sum
from .registry import op, as_tensor, binary_operands
from .shape_util import dims, normalize_axis, sum_to_shape

__all__ = ["matvec", "matrix_transpose", "adjoint", "inv", "det", "slogdet", "logdet", "solve",
           "lstsq", "cholesky", "qr", "svd", "eigh", "eigvalsh", "norm", "diag", "diag_part", "set_diag", "trace",
           "band_part"]

Qr = collections.namedtuple("Qr", ["q", "r"])
LogMatrixDeterminant = collections.namedtuple("LogMatrixDeterminant", ["sign", "log_abs_determinant"])


def _matrices(x, op_name, square=True):
    """`x` as a floating tensor of (batched) matrices, square ones when `square`."""
    x = as_tensor(x)
    if not (x._dtype.is_floating or x._dtype.is_complex):
        raise errors.InvalidArgumentError(
            None, op_name,
            f"{op_name}: expected a floating-point or complex matrix, got {x._dtype.name} with shape "
            f"{x.shape}. Cast it first, e.g. tf.cast(x, tf.float32). [Op:{op_name}]")
    if x.ndim < 2 or (square and x.shape[-1] != x.shape[-2]):
        what = "a square matrix [..., M, M]" if square else "a matrix [..., M, N]"
        raise errors.InvalidArgumentError(
            None, op_name, f"{op_name}: input must be {what} (leading axes are a batch), got shape "
            f"{x.shape}. [Op:{op_name}]")
    return x


def _guarded(op_name, problem, fn, *args, **kwargs):
    """`fn(*args)`, turning LAPACK's LinAlgError into TensorFlow's InvalidArgumentError."""
    try:
        return fn(*args, **kwargs)
    except np.linalg.LinAlgError:
        raise errors.InvalidArgumentError(None, op_name, f"{op_name}: {problem} [Op:{op_name}]") from None


def _batch_scalar(t):
    """A per-matrix scalar `[...]` as `[..., 1, 1]`, to scale whole matrices."""
    return reshape(t, list(t.shape) + [1, 1])


def _inverse_gaps(e):
    """`1 / (e_j - e_i)` at `[..., i, j]` off the diagonal, 0 on it (eigen- and singular-vector gradients)."""
    eye = diag(ones_like(e))
    return 1.0 / (expand_dims(e, -2) - expand_dims(e, -1) + eye) - eye


# --- transposes and matrix-vector products -------------------------------------------------
def matrix_transpose(a, name="matrix_transpose", conjugate=False):
    """Transposes the last two axes (a view); `conjugate=True` also conjugates complex values.

    >>> import neuroflow as tf
    >>> tf.linalg.matrix_transpose(tf.zeros([5, 2, 3])).shape
    TensorShape([5, 3, 2])
    """
    a = as_tensor(a)
    if a.ndim < 2:
        raise ValueError(f"Argument `a` should be a (batch) matrix with rank >= 2.  Received `a` "
                         f"with shape: {a.shape}. Use tf.reshape to make a vector a matrix.")
    return transpose(a, list(range(a.ndim - 2)) + [a.ndim - 1, a.ndim - 2], conjugate=conjugate)


def adjoint(matrix, name=None):
    """The conjugate transpose of the last two axes.

    >>> import neuroflow as tf
    >>> tf.linalg.adjoint(tf.constant([[1 + 2j, 3j]])).numpy()
    array([[1.-2.j],
           [0.-3.j]])
    """
    return matrix_transpose(matrix, conjugate=True)


def matvec(a, b, transpose_a=False, adjoint_a=False, a_is_sparse=False, b_is_sparse=False, name=None):
    """Matrix-vector product `a @ b` for `a` of shape `[..., M, N]` and `b` of shape `[..., N]`.

    >>> import neuroflow as tf
    >>> tf.linalg.matvec([[1.0, 2.0], [3.0, 4.0]], [1.0, 1.0]).numpy()
    array([3., 7.], dtype=float32)
    """
    a, b = binary_operands("MatVec", as_tensor(a), b)
    return squeeze(matmul(a, expand_dims(b, -1), transpose_a=transpose_a, adjoint_a=adjoint_a), -1)


# --- inverse, determinants -------------------------------------------------------------
@op("MatrixInverse")
def _inv(xp, x):
    return _guarded("MatrixInverse", "Input is not invertible (the matrix is singular).",
                    xp.linalg.inv, x)


@_inv.gradient
def _(ctx, dy):
    y = ctx.output
    return -matmul(y, matmul(dy, y, adjoint_b=True), adjoint_a=True)


def inv(input, adjoint=False, name=None):
    """The inverse of each square matrix (of its adjoint when `adjoint=True`).

    >>> import neuroflow as tf
    >>> tf.linalg.inv([[2.0, 0.0], [0.0, 4.0]]).numpy()
    array([[0.5 , 0.  ],
           [0.  , 0.25]], dtype=float32)
    """
    x = _matrices(input, "MatrixInverse")
    return _inv(matrix_transpose(x, conjugate=True) if adjoint else x)


@op("MatrixDeterminant")
def _det(xp, x):
    return xp.linalg.det(x)


@_det.gradient
def _(ctx, dy):
    return _batch_scalar(dy * ctx.output) * inv(ctx.inputs[0], adjoint=True)


def det(input, name=None):
    """The determinant of each square matrix.

    >>> import neuroflow as tf
    >>> print(tf.linalg.det([[1.0, 2.0], [3.0, 4.0]]).numpy())
    -2.0
    """
    return _det(_matrices(input, "MatrixDeterminant"))


@op("LogMatrixDeterminant")
def _slogdet(xp, x):
    return tuple(xp.linalg.slogdet(x))   # a plain tuple of outputs, not NumPy's named result


@_slogdet.gradient
def _(ctx, dsign, dlog_abs):
    return _batch_scalar(dlog_abs) * inv(ctx.inputs[0], adjoint=True)


def slogdet(input, name=None):
    """The sign and the log of the absolute value of each determinant (stable for large matrices).

    Returns:
        A `(sign, log_abs_determinant)` named tuple.

    >>> import neuroflow as tf
    >>> sign, log_abs = tf.linalg.slogdet([[-2.0, 0.0], [0.0, 1.0]])
    >>> print(sign.numpy(), log_abs.numpy())
    -1.0 0.6931472
    """
    return LogMatrixDeterminant(*_slogdet(_matrices(input, "LogMatrixDeterminant")))


def logdet(matrix, name=None):
    """`log(det(matrix))` of Hermitian positive-definite matrices, via the Cholesky factor.

    >>> import neuroflow as tf
    >>> print(tf.linalg.logdet([[4.0, 0.0], [0.0, 1.0]]).numpy())
    1.3862944
    """
    return 2.0 * reduce_sum(log(diag_part(cholesky(matrix))), axis=-1)


# --- solving linear systems --------------------------------------------------------------
@op("MatrixSolve")
def _solve(xp, matrix, rhs, adjoint):
    a = xp.conj(xp.swapaxes(matrix, -1, -2)) if adjoint else matrix
    return _guarded("MatrixSolve", "Input matrix is not invertible.", xp.linalg.solve, a, rhs)


@_solve.gradient
def _(ctx, dy):
    a, b = ctx.inputs
    adjoint_a = ctx.attrs["adjoint"]
    grad_b = solve(a, dy, adjoint=not adjoint_a)
    grad_a = None
    if ctx.needs[0]:
        grad_a = -(matmul(ctx.output, grad_b, adjoint_b=True) if adjoint_a
                   else matmul(grad_b, ctx.output, adjoint_b=True))
        grad_a = sum_to_shape(grad_a, dims(a))
    return grad_a, sum_to_shape(grad_b, dims(b))


def solve(matrix, rhs, adjoint=False, name=None):
    """Solves `matrix @ x = rhs` for `x` (`adjoint(matrix) @ x = rhs` when `adjoint=True`).

    Args:
        matrix: square matrices `[..., M, M]`.
        rhs: right-hand sides `[..., M, K]`.

    >>> import neuroflow as tf
    >>> tf.linalg.solve([[2.0, 0.0], [0.0, 4.0]], [[2.0], [2.0]]).numpy()
    array([[1. ],
           [0.5]], dtype=float32)
    """
    matrix = _matrices(matrix, "MatrixSolve")
    matrix, rhs = binary_operands("MatrixSolve", matrix, rhs)
    if rhs.ndim < 2 or rhs.shape[-2] != matrix.shape[-1]:
        raise errors.InvalidArgumentError(
            None, "MatrixSolve",
            f"MatrixSolve: Input matrix and right-hand side must have the same number of rows: matrix "
            f"shape {matrix.shape}, rhs shape {rhs.shape}. The right-hand side is [..., M, K]; use "
            "tf.expand_dims(rhs, -1) for a vector. [Op:MatrixSolve]")
    return _solve(matrix, rhs, adjoint=bool(adjoint))


def lstsq(matrix, rhs, l2_regularizer=0.0, fast=True, name=None):
    """Least-squares solutions `x` minimising `||matrix @ x - rhs||² + l2_regularizer * ||x||²`.

    Solves the normal equations, as TensorFlow does with `fast=True`.

    >>> import neuroflow as tf
    >>> tf.linalg.lstsq([[1.0], [1.0]], [[1.0], [3.0]]).numpy()
    array([[2.]], dtype=float32)
    """
    matrix = _matrices(matrix, "MatrixSolveLs", square=False)
    matrix, rhs = binary_operands("MatrixSolveLs", matrix, rhs)
    rows, cols = matrix.shape[-2], matrix.shape[-1]
    if rows >= cols:
        gram = matmul(matrix, matrix, adjoint_a=True)
        return solve(_regularized(gram, l2_regularizer), matmul(matrix, rhs, adjoint_a=True))
    gram = matmul(matrix, matrix, adjoint_b=True)
    return matmul(matrix, solve(_regularized(gram, l2_regularizer), rhs), adjoint_a=True)


def _regularized(gram, l2_regularizer):
    if isinstance(l2_regularizer, (int, float)) and l2_regularizer == 0:
        return gram
    return gram + diag(ones_like(diag_part(gram))) * l2_regularizer


# --- decompositions --------------------------------------------------------------------
@op("Cholesky")
def _cholesky(xp, x):
    return _guarded("Cholesky", "Cholesky decomposition was not successful. The input might not be "
                    "valid: it must be symmetric (Hermitian) positive definite.", xp.linalg.cholesky, x)


@_cholesky.gradient
def _(ctx, dy):
    lower = ctx.output
    middle = matmul(lower, dy, adjoint_a=True)
    middle = band_part(middle, -1, 0) - 0.5 * diag(diag_part(middle))   # lower part, half diagonal
    lower_inv = inv(lower)
    grad = matmul(matmul(lower_inv, middle, adjoint_a=True), lower_inv)
    return 0.5 * (grad + adjoint(grad))


def cholesky(input, name=None):
    """The lower-triangular Cholesky factor `L` of each positive-definite matrix: `input = L @ L^H`.

    Only the lower triangle of `input` is read.

    >>> import neuroflow as tf
    >>> tf.linalg.cholesky([[4.0, 2.0], [2.0, 2.0]]).numpy()
    array([[2., 0.],
           [1., 1.]], dtype=float32)
    """
    return _cholesky(_matrices(input, "Cholesky"))


@op("Qr")
def _qr(xp, x, full_matrices):
    return tuple(xp.linalg.qr(x, mode="complete" if full_matrices else "reduced"))


@_qr.gradient
def _(ctx, dq, dr):
    q, r = ctx.outputs
    rows, cols = ctx.inputs[0].shape[-2], ctx.inputs[0].shape[-1]
    if rows < cols or (ctx.attrs["full_matrices"] and rows != cols):
        raise errors.UnimplementedError(
            None, "Qr", f"Qr: the gradient is implemented for matrices with at least as many rows as "
            f"columns and full_matrices=False, got shape {ctx.inputs[0].shape} and "
            f"full_matrices={ctx.attrs['full_matrices']}. [Op:Qr]")
    qdq = matmul(q, dq, adjoint_a=True)
    rdr = matmul(r, dr, adjoint_b=True)
    lower = band_part(qdq - adjoint(qdq) + rdr - adjoint(rdr), -1, 0)
    r_inv_h = inv(r, adjoint=True)
    return matmul(q, dr + matmul(lower, r_inv_h)) + matmul(dq - matmul(q, qdq), r_inv_h)


def qr(input, full_matrices=False, name=None):
    """The QR decomposition `input = q @ r`: `q` has orthonormal columns, `r` is upper triangular.

    Returns:
        A `(q, r)` named tuple; with `full_matrices`, `q` is square.

    >>> import neuroflow as tf
    >>> q, r = tf.linalg.qr([[3.0, 1.0], [4.0, 2.0]])
    >>> bool(abs(tf.matmul(q, r).numpy() - [[3.0, 1.0], [4.0, 2.0]]).max() < 1e-5)
    True
    """
    return Qr(*_qr(_matrices(input, "Qr", square=False), full_matrices=bool(full_matrices)))


@op("Svd")
def _svd(xp, x, full_matrices, compute_uv):
    if not compute_uv:
        return xp.linalg.svd(x, compute_uv=False)
    u, s, vh = xp.linalg.svd(x, full_matrices=full_matrices)
    return s, u, xp.conj(xp.swapaxes(vh, -1, -2))


@_svd.gradient
def _(ctx, *grads):
    x = ctx.inputs[0]
    rows, cols = x.shape[-2], x.shape[-1]
    if not ctx.attrs["compute_uv"]:
        _, u, v = svd(x)
        return matmul(u * expand_dims(grads[0], -2), v, adjoint_b=True)
    if ctx.attrs["full_matrices"] and rows != cols:
        raise errors.UnimplementedError(
            None, "Svd", f"Svd: the gradient of u and v with full_matrices=True is implemented for "
            f"square matrices only, got shape {x.shape}. Use full_matrices=False. [Op:Svd]")
    s, u, v = ctx.outputs
    ds, du, dv = grads
    if rows < cols:   # x^H = v s u^H: differentiate the tall transpose
        return adjoint(_svd_backward(s, v, u, ds, dv, du))
    return _svd_backward(s, u, v, ds, du, dv)


def _svd_backward(s, u, v, ds, du, dv):
    """Gradient w.r.t. a tall (M >= N) real matrix `u @ diag(s) @ v^T` (Townsend's formula)."""
    f = _inverse_gaps(square(s))   # 1/(s_j² - s_i²), 0 on diag
    utdu = matmul(u, du, adjoint_a=True)
    vtdv = matmul(v, dv, adjoint_a=True)
    s_row = expand_dims(s, -2)
    core = (diag(ds) + f * (utdu - adjoint(utdu)) * s_row
            + expand_dims(s, -1) * (f * (vtdv - adjoint(vtdv))))
    grad = matmul(matmul(u, core), v, adjoint_b=True)
    if u.shape[-2] > u.shape[-1]:   # the part of du outside u's column space
        grad = grad + matmul((du - matmul(u, utdu)) / s_row, v, adjoint_b=True)
    return grad


def svd(tensor, full_matrices=False, compute_uv=True, name=None):
    """The singular value decomposition `tensor = u @ diag(s) @ adjoint(v)`.

    Returns:
        `(s, u, v)` in TensorFlow's order (note: `v`, not its adjoint), or only `s` when
        `compute_uv=False`. Singular values are in descending order.

    >>> import neuroflow as tf
    >>> s, u, v = tf.linalg.svd([[3.0, 0.0], [0.0, -2.0]])
    >>> s.numpy()
    array([3., 2.], dtype=float32)
    """
    x = _matrices(tensor, "Svd", square=False)
    return _svd(x, full_matrices=bool(full_matrices), compute_uv=bool(compute_uv))


@op("SelfAdjointEigV2")
def _eigh(xp, x):
    return tuple(xp.linalg.eigh(x))


@_eigh.gradient
def _(ctx, de, dv):
    e, v = ctx.outputs
    grad = matmul(v, matmul(diag(de) + _inverse_gaps(e) * matmul(v, dv, adjoint_a=True), v, adjoint_b=True))
    grad = band_part(grad + adjoint(grad), -1, 0)   # the kernel reads the lower triangle only
    return grad - 0.5 * diag(diag_part(grad))


def eigh(tensor, name=None):
    """Eigenvalues (ascending) and eigenvectors of self-adjoint matrices (only the lower triangle is read).

    Returns:
        `(e, v)`: eigenvalues `[..., N]` and eigenvectors as the columns of `v` `[..., N, N]`.

    >>> import neuroflow as tf
    >>> e, v = tf.linalg.eigh([[2.0, 1.0], [1.0, 2.0]])
    >>> e.numpy()
    array([1., 3.], dtype=float32)
    """
    return _eigh(_matrices(tensor, "SelfAdjointEigV2"))


def eigvalsh(tensor, name=None):
    """The eigenvalues (ascending) of self-adjoint matrices.

    >>> import neuroflow as tf
    >>> tf.linalg.eigvalsh([[2.0, 0.0], [0.0, -1.0]]).numpy()
    array([-1.,  2.], dtype=float32)
    """
    return eigh(tensor)[0]


# --- diagonals and bands ---------------------------------------------------------------
@op("MatrixDiag")
def _diag(xp, diagonal, k, num_rows, num_cols, padding_value):
    out = xp.full(diagonal.shape[:-1] + (num_rows, num_cols), padding_value, dtype=diagonal.dtype)
    i = xp.arange(diagonal.shape[-1])
    out[..., i + max(-k, 0), i + max(k, 0)] = diagonal
    return out


@_diag.gradient
def _(ctx, dy):
    return _diag_part(dy, k=ctx.attrs["k"])


@op("MatrixDiagPart", view=True)
def _diag_part(xp, x, k):
    return xp.diagonal(x, offset=k, axis1=-2, axis2=-1)


@_diag_part.gradient
def _(ctx, dy):
    x = ctx.inputs[0]
    return _diag(dy, k=ctx.attrs["k"], num_rows=x.shape[-2], num_cols=x.shape[-1], padding_value=0)


def _band(k):
    """`k` as (low, high) when it names a band of diagonals (a pair), else None."""
    k = k.numpy().tolist() if hasattr(k, "numpy") else k
    if isinstance(k, (list, tuple)) and len(k) == 2 and k[0] != k[1]:
        return int(k[0]), int(k[1])
    return None


def _diagonal_length(d, rows, cols):
    return min(rows + min(d, 0), cols - max(d, 0))


def _pads_left(d, align):
    """Whether diagonal `d` sits at the right of its row (padding on the left) under `align`."""
    super_align, sub_align = align.split("_")
    return (super_align if d >= 0 else sub_align) == "RIGHT"


def _band_diagonals(x, low, high, padding_value, align):
    """Diagonals `high` down to `low` of `x`, each padded to the longest (TF's MatrixDiagPartV3)."""
    rows, cols = x.shape[-2], x.shape[-1]
    width = max(_diagonal_length(d, rows, cols) for d in range(low, high + 1))
    out = []
    for d in range(high, low - 1, -1):
        values = _diag_part(x, k=d)
        pad = width - values.shape[-1]
        if pad:
            padding = fill(values.shape.as_list()[:-1] + [pad], as_tensor(padding_value, x.dtype))
            values = concat([padding, values] if _pads_left(d, align) else [values, padding], -1)
        out.append(values)
    return stack(out, -2)


def _single_diagonal(k, op_name):
    if not isinstance(k, (int, np.integer)):
        raise errors.UnimplementedError(
            None, op_name, f"{op_name}: k must be a single int diagonal offset, got {k!r}; a band of "
            f"diagonals (k=(low, high)) is not supported. [Op:{op_name}]")
    return int(k)


def diag(diagonal, name="diag", k=0, num_rows=-1, num_cols=-1, padding_value=0, align="RIGHT_LEFT"):
    """Matrices with `diagonal` on their `k`-th diagonal (0: main, > 0: above) and `padding_value` elsewhere.

    A batch of diagonals `[..., N]` gives a batch of matrices; by default they are square.

    >>> import neuroflow as tf
    >>> tf.linalg.diag([1, 2]).numpy()
    array([[1, 0],
           [0, 2]], dtype=int32)
    """
    diagonal = as_tensor(diagonal)
    k = _single_diagonal(k, "MatrixDiag")
    if diagonal.ndim < 1:
        raise errors.InvalidArgumentError(
            None, "MatrixDiag", "MatrixDiag: diagonal must be at least 1-D, got a scalar. [Op:MatrixDiag]")
    n = diagonal.shape[-1]
    rows, cols = int(num_rows), int(num_cols)
    if rows == -1 and cols == -1:
        rows = cols = n + abs(k)
    rows = n + max(-k, 0) if rows == -1 else rows
    cols = n + max(k, 0) if cols == -1 else cols
    length = min(rows + min(k, 0), cols - max(k, 0))
    if length != n:
        raise errors.InvalidArgumentError(
            None, "MatrixDiag",
            f"MatrixDiag: diagonal {k} of a {rows}x{cols} matrix has {max(length, 0)} elements, but the "
            f"diagonal given has {n} (shape {diagonal.shape}). Adjust num_rows/num_cols. [Op:MatrixDiag]")
    return _diag(diagonal, k=k, num_rows=rows, num_cols=cols,
                 padding_value=padding_value.numpy() if hasattr(padding_value, "numpy") else padding_value)


def diag_part(input, name="diag_part", k=0, padding_value=0, align="RIGHT_LEFT"):
    """The `k`-th diagonal (0: main, > 0: above) of each matrix.

    >>> import neuroflow as tf
    >>> tf.linalg.diag_part([[1, 2], [3, 4]]).numpy()
    array([1, 4], dtype=int32)
    """
    x = as_tensor(input)
    if x.ndim < 2:
        raise errors.InvalidArgumentError(
            None, "MatrixDiagPart", f"MatrixDiagPart: input must be at least 2-D, got shape {x.shape}. "
            "[Op:MatrixDiagPart]")
    band = _band(k)
    if band is not None:
        return _band_diagonals(x, *band, padding_value, align)
    k = k[0] if isinstance(k, (list, tuple)) else k
    return _diag_part(x, k=_single_diagonal(k, "MatrixDiagPart"))


def set_diag(input, diagonal, name="set_diag", k=0, align="RIGHT_LEFT"):
    """`input` with its `k`-th diagonal replaced by `diagonal`.

    >>> import neuroflow as tf
    >>> tf.linalg.set_diag(tf.ones([2, 2]), [5.0, 6.0]).numpy()
    array([[5., 1.],
           [1., 6.]], dtype=float32)
    """
    x = as_tensor(input)
    x, diagonal = binary_operands("MatrixSetDiag", x, diagonal)
    rows, cols = x.shape[-2], x.shape[-1]
    band = _band(k)
    if band is None:
        k = k[0] if isinstance(k, (list, tuple)) else k
        old = diag_part(x, k=k)
        return x + diag(diagonal - old, k=k, num_rows=rows, num_cols=cols)
    low, high = band
    width = diagonal.shape[-1]
    for row, d in enumerate(range(high, low - 1, -1)):  # row r of `diagonal` is diagonal high - r
        length = _diagonal_length(d, rows, cols)
        values = diagonal[..., row, width - length:] if _pads_left(d, align) else diagonal[..., row, :length]
        x = set_diag(x, values, k=d)
    return x


def trace(x, name=None):
    """The sum of each matrix's main diagonal.

    >>> import neuroflow as tf
    >>> print(tf.linalg.trace([[1.0, 2.0], [3.0, 4.0]]).numpy())
    5.0
    """
    return reduce_sum(diag_part(x), axis=-1)


@op("MatrixBandPart")
def _band_part(xp, x, num_lower, num_upper):
    rows, cols = x.shape[-2], x.shape[-1]
    offset = xp.arange(cols)[None, :] - xp.arange(rows)[:, None]   # j - i: > 0 above the diagonal
    keep = xp.ones((rows, cols), dtype=bool)
    if num_lower >= 0:
        keep &= offset >= -num_lower
    if num_upper >= 0:
        keep &= offset <= num_upper
    return xp.where(keep, x, xp.zeros((), dtype=x.dtype))


@_band_part.gradient
def _(ctx, dy):
    return _band_part(dy, **ctx.attrs)


def band_part(input, num_lower, num_upper, name=None):
    """Keeps `num_lower` diagonals below and `num_upper` above the main one (negative: all).

    `band_part(x, -1, 0)` is the lower triangle, `band_part(x, 0, 0)` the diagonal.

    >>> import neuroflow as tf
    >>> tf.linalg.band_part(tf.ones([3, 3]), -1, 0).numpy()
    array([[1., 0., 0.],
           [1., 1., 0.],
           [1., 1., 1.]], dtype=float32)
    """
    x = as_tensor(input)
    if x.ndim < 2:
        raise errors.InvalidArgumentError(
            None, "MatrixBandPart", f"MatrixBandPart: input must be at least 2-D, got shape {x.shape}. "
            "[Op:MatrixBandPart]")
    return _band_part(x, num_lower=int(num_lower), num_upper=int(num_upper))


# --- norms ----------------------------------------------------------------------------
_VECTOR_ORDS = "'euclidean', 1, 2, np.inf or any positive real p"
_MATRIX_ORDS = "['euclidean', 'fro', 1, 2, np.inf]"


def norm(tensor, ord="euclidean", axis=None, keepdims=None, name=None):
    """Vector norms (`axis` None or an int) and matrix norms (`axis` a pair of ints).

    Args:
        tensor: a floating-point tensor.
        ord: `'euclidean'` (default; Frobenius for matrices), `'fro'` (matrices), `1`, `2`,
            `np.inf`, or any positive p (vectors).
        axis: None (the whole tensor as one vector), an int, or a 2-tuple (matrix norm).
        keepdims: keep the reduced axes with length 1.

    >>> import neuroflow as tf
    >>> print(tf.linalg.norm([3.0, 4.0]).numpy())
    5.0
    >>> tf.linalg.norm([[1.0, -2.0], [3.0, 4.0]], ord=1, axis=[0, 1]).numpy()
    np.float32(6.0)
    """
    x = as_tensor(tensor)
    axes = normalize_axis(axis, x.ndim, "Norm")
    matrix = axis is not None and len(axes) == 2
    if (axis is not None and len(axes) not in (1, 2)) or len(set(axes)) != len(axes):
        raise ValueError(f"'axis' must be None, an integer, or a tuple of 2 unique integers, got {axis}.")
    if matrix:
        if ord not in ("euclidean", "fro", 1, 2, np.inf):
            raise ValueError(f"'ord' must be a supported matrix norm in {_MATRIX_ORDS}, got {ord}.")
    elif ord == "fro" or not (ord == "euclidean" or (isinstance(ord, (int, float)) and ord > 0)):
        raise ValueError(f"'ord' must be a supported vector norm ({_VECTOR_ORDS}), got {ord}.")
    if ord in ("euclidean", "fro") or (ord == 2 and not matrix):
        magnitude = square(unary_ops.abs(x) if x._dtype.is_complex else x)
        result = sqrt(reduce_sum(magnitude, axis=axes, keepdims=True))
    elif matrix and ord == 2:
        rows, cols = axes
        others = [a for a in range(x.ndim) if a not in axes]
        largest = reduce_max(svd(transpose(x, others + [rows, cols]), compute_uv=False), axis=-1)
        result = reshape(largest, [1 if a in axes else d for a, d in enumerate(x.shape)])
    elif matrix:   # 1: largest column sum; inf: largest row sum
        summed, maxed = axes if ord == 1 else axes[::-1]
        result = reduce_max(reduce_sum(unary_ops.abs(x), axis=summed, keepdims=True), axis=maxed, keepdims=True)
    elif ord == 1:
        result = reduce_sum(unary_ops.abs(x), axis=axes, keepdims=True)
    elif ord == np.inf:
        result = reduce_max(unary_ops.abs(x), axis=axes, keepdims=True)
    else:
        result = reduce_sum(unary_ops.abs(x) ** ord, axis=axes, keepdims=True) ** (1.0 / ord)
    return result if keepdims else squeeze(result, axes)
