"""Structured solves and factorizations: triangular, banded, tridiagonal, Cholesky and LU.

`triangular_solve` is an op with TensorFlow's gradient; the rest compose it (and `solve`,
`matmul`, `gather`) so their gradients follow. `lu` factorizes with partial pivoting as
LAPACK's getrf does: `lu` packs the unit-lower `L` (below the diagonal) and `U`, and
`gather(input, p) == L @ U`.

>>> import neuroflow as tf
>>> a = tf.constant([[3.0, 0.0], [2.0, 1.0]])
>>> tf.linalg.triangular_solve(a, tf.constant([[6.0], [5.0]])).numpy()
array([[2.],
       [1.]], dtype=float32)
"""
import collections

import numpy as np

from ..framework import dtypes, errors
from .array_ops import expand_dims, reshape
from .creation_ops import eye
from .indexing_ops import gather
from .linalg_ops import _matrices, band_part, diag, matrix_transpose, solve
from .math_ops import matmul
from .registry import op, as_tensor, binary_operands
from .shape_util import dims, sum_to_shape
from .unary_ops import conj

__all__ = ["triangular_solve", "cholesky_solve", "banded_triangular_solve", "tridiagonal_solve", "lu",
           "lu_solve", "lu_matrix_inverse", "lu_reconstruct"]

Lu = collections.namedtuple("Lu", ["lu", "p"])


@op("MatrixTriangularSolve")
def _triangular_solve(xp, matrix, rhs, lower, adjoint):
    triangle = xp.tril(matrix) if lower else xp.triu(matrix)
    if adjoint:
        triangle = xp.conj(xp.swapaxes(triangle, -1, -2))
    if (xp.abs(xp.diagonal(triangle, axis1=-2, axis2=-1)) == 0).any():
        raise errors.InvalidArgumentError(
            None, "MatrixTriangularSolve", "MatrixTriangularSolve: Input matrix is not invertible "
            "(a zero on its diagonal). [Op:MatrixTriangularSolve]")
    batch = np.broadcast_shapes(triangle.shape[:-2], rhs.shape[:-2])
    return xp.linalg.solve(xp.broadcast_to(triangle, batch + triangle.shape[-2:]),
                           xp.broadcast_to(rhs, batch + rhs.shape[-2:]))


@_triangular_solve.gradient
def _(ctx, dy):
    a, b = ctx.inputs
    lower, adjoint = ctx.attrs["lower"], ctx.attrs["adjoint"]
    grad_b = _triangular_solve(a, dy, lower=lower, adjoint=not adjoint)
    grad_a = None
    if ctx.needs[0]:
        grad_a = -(matmul(ctx.output, grad_b, adjoint_b=True) if adjoint
                   else matmul(grad_b, ctx.output, adjoint_b=True))
        grad_a = sum_to_shape(band_part(grad_a, -1, 0) if lower else band_part(grad_a, 0, -1), dims(a))
    return grad_a, sum_to_shape(grad_b, dims(b))


def triangular_solve(matrix, rhs, lower=True, adjoint=False, name=None):
    """Solves `matrix @ x = rhs` where `matrix` is lower (or upper) triangular; the other triangle
    of `matrix` is ignored. `adjoint=True` solves with the conjugate transpose."""
    matrix = _matrices(matrix, "MatrixTriangularSolve")
    matrix, rhs = binary_operands("MatrixTriangularSolve", matrix, rhs)
    if rhs.ndim < 2 or rhs.shape[-2] != matrix.shape[-1]:
        raise errors.InvalidArgumentError(
            None, "MatrixTriangularSolve", f"MatrixTriangularSolve: matrix {matrix.shape} and rhs {rhs.shape} "
            "need the same number of rows; rhs is [..., M, K] (tf.expand_dims(rhs, -1) for a vector). "
            "[Op:MatrixTriangularSolve]")
    return _triangular_solve(matrix, rhs, lower=bool(lower), adjoint=bool(adjoint))


def cholesky_solve(chol, rhs, name=None):
    """Solves `A x = rhs` given `chol`, the lower Cholesky factor of `A` (`tf.linalg.cholesky(A)`)."""
    y = triangular_solve(chol, rhs, lower=True, adjoint=False)
    return triangular_solve(chol, y, lower=True, adjoint=True)


def banded_triangular_solve(bands, rhs, lower=True, adjoint=False, name=None):
    """`triangular_solve` for a matrix given by its `K` bands `[..., K, M]`.

    Lower: row `d` is the `d`-th subdiagonal (the diagonal first), aligned right. Upper: row
    `K - 1 - d` is the `d`-th superdiagonal (the diagonal last), aligned left.
    """
    bands = as_tensor(bands)
    k, m = bands.shape[-2], bands.shape[-1]
    parts = []
    for row in range(k):
        d = row if lower else k - 1 - row
        values = bands[..., row, d:] if lower else bands[..., row, :m - d]
        parts.append(diag(values, k=-d if lower else d))
    matrix = parts[0]
    for part in parts[1:]:
        matrix = matrix + part
    return triangular_solve(matrix, rhs, lower=lower, adjoint=adjoint)


def tridiagonal_solve(diagonals, rhs, diagonals_format="compact", transpose_rhs=False, conjugate_rhs=False,
                      name=None, partial_pivoting=True, perturb_singular=False):
    """Solves a tridiagonal system. `diagonals` is `[..., 3, M]` (superdiagonal padded right,
    diagonal, subdiagonal padded left) for "compact", a tuple of the three for "sequence", or the
    full `[..., M, M]` matrix for "matrix"."""
    rhs = as_tensor(rhs)
    if transpose_rhs:
        rhs = matrix_transpose(rhs, conjugate=conjugate_rhs)
    elif conjugate_rhs:
        rhs = conj(rhs)
    if diagonals_format == "matrix":
        matrix = as_tensor(diagonals)
    else:
        if diagonals_format == "sequence":
            upper, middle, lower = (as_tensor(d) for d in diagonals)
        elif diagonals_format == "compact":
            diagonals = as_tensor(diagonals)
            upper, middle, lower = diagonals[..., 0, :], diagonals[..., 1, :], diagonals[..., 2, :]
        else:
            raise ValueError(f"Unrecognized diagonals_format: {diagonals_format!r}; expected 'compact', "
                             "'sequence' or 'matrix'.")
        matrix = diag(upper[..., :-1], k=1) + diag(middle) + diag(lower[..., 1:], k=-1)
    vector = rhs.ndim == matrix.ndim - 1
    solution = solve(matrix, expand_dims(rhs, -1) if vector else rhs)
    solution = reshape(solution, rhs.shape.as_list()) if vector else solution
    return matrix_transpose(solution, conjugate=conjugate_rhs) if transpose_rhs else solution


# --- LU -------------------------------------------------------------------------------
def _lu_factor(a):
    """Doolittle with partial pivoting on a batch `[..., M, M]`: (packed LU, permutation)."""
    a = a.astype(np.result_type(a.dtype, np.float32), copy=True)
    n = a.shape[-1]
    flat = a.reshape((-1, n, n))
    perm = np.tile(np.arange(n), (flat.shape[0], 1))
    rows = np.arange(flat.shape[0])
    for j in range(n):
        pivot = j + np.argmax(np.abs(flat[:, j:, j]), axis=1)
        flat[rows, [j] * len(rows)], flat[rows, pivot] = flat[rows, pivot].copy(), flat[rows, [j] * len(rows)].copy()
        perm[rows, j], perm[rows, pivot] = perm[rows, pivot].copy(), perm[rows, j].copy()
        diagonal = flat[:, j, j][:, None]
        safe = np.where(diagonal == 0, 1, diagonal)
        flat[:, j + 1:, j] /= safe
        flat[:, j + 1:, j + 1:] -= flat[:, j + 1:, j:j + 1] * flat[:, j:j + 1, j + 1:]
    return flat.reshape(a.shape), perm.reshape(a.shape[:-1])


@op("Lu")
def _lu(xp, x, index_dtype):
    lu_, perm = _lu_factor(np.asarray(x.get() if hasattr(x, "get") else x))
    return xp.asarray(lu_.astype(x.dtype)), xp.asarray(perm.astype(index_dtype))


def lu(input, output_idx_type=dtypes.int32, name=None):
    """The LU decomposition with partial pivoting: `(lu, p)` with `gather(input, p) == L @ U`
    (`L` unit lower triangular below `lu`'s diagonal, `U` its upper triangle)."""
    x = _matrices(input, "Lu")
    return Lu(*_lu(x, index_dtype=dtypes.as_dtype(output_idx_type).as_numpy_dtype))


def _split_lu(lower_upper):
    n = lower_upper.shape[-1]
    unit_lower = band_part(lower_upper, -1, 0) - band_part(lower_upper, 0, 0) + eye(n, dtype=lower_upper.dtype)
    return unit_lower, band_part(lower_upper, 0, -1)


def lu_solve(lower_upper, perm, rhs, validate_args=False, name=None):
    """Solves `A x = rhs` from `tf.linalg.lu(A)`'s `(lower_upper, perm)`."""
    lower_upper, rhs = as_tensor(lower_upper), as_tensor(rhs)
    unit_lower, upper = _split_lu(lower_upper)
    permuted = gather(rhs, perm, axis=-2, batch_dims=rhs.ndim - 2) if rhs.ndim > 2 else gather(rhs, perm)
    return triangular_solve(upper, triangular_solve(unit_lower, permuted, lower=True), lower=False)


def lu_matrix_inverse(lower_upper, perm, validate_args=False, name=None):
    """The inverse of `A` from `tf.linalg.lu(A)`'s `(lower_upper, perm)`."""
    lower_upper = as_tensor(lower_upper)
    identity = eye(lower_upper.shape[-1], batch_shape=lower_upper.shape[:-2], dtype=lower_upper.dtype)
    return lu_solve(lower_upper, perm, identity)


def lu_reconstruct(lower_upper, perm, validate_args=False, name=None):
    """`A` again from `tf.linalg.lu(A)`'s `(lower_upper, perm)`."""
    lower_upper = as_tensor(lower_upper)
    unit_lower, upper = _split_lu(lower_upper)
    product = matmul(unit_lower, upper)
    inverse = np.argsort(np.asarray(as_tensor(perm).numpy()), axis=-1)
    inverse = as_tensor(inverse.astype(np.int64))
    return gather(product, inverse, axis=-2, batch_dims=product.ndim - 2) if product.ndim > 2 \
        else gather(product, inverse)
