"""Matrix functions and tensor-level helpers of `tf.linalg`: expm, pinv, eig, cross, tensor_diag,
normalize, global_norm.

`expm` is an op (scaling and squaring with Higham's degree-13 Padé approximant) whose gradient is
the adjoint Fréchet derivative, read off the exponential of a block matrix; the others compose
public ops, so their gradients follow.

>>> import neuroflow as tf
>>> tf.linalg.expm([[0.0, 1.0], [0.0, 0.0]]).numpy()
array([[1., 1.],
       [0., 1.]], dtype=float32)
>>> tf.linalg.cross([1.0, 0.0, 0.0], [0.0, 1.0, 0.0]).numpy()
array([0., 0., 1.], dtype=float32)
"""
import math

import numpy as np

from ..framework import errors
from .array_ops import concat, reshape, stack
from .creation_ops import zeros_like
from .linalg_ops import _matrices, diag, diag_part, matrix_transpose, norm, svd
from .math_ops import matmul, sqrt
from .reduction_ops import reduce_max, reduce_sum
from .registry import op, as_tensor
from .comparison_ops import greater
from .indexing_ops import where
from .unary_ops import conj

__all__ = ["expm", "pinv", "eig", "eigvals", "cross", "tensor_diag", "tensor_diag_part", "normalize",
           "global_norm"]

# Higham (2005), "The scaling and squaring method for the matrix exponential revisited": b_0..b_13
_PADE13 = [64764752532480000.0, 32382376266240000.0, 7771770303897600.0, 1187353796428800.0,
           129060195264000.0, 10559470521600.0, 670442572800.0, 33522128640.0, 1323241920.0,
           40840800.0, 960960.0, 16380.0, 182.0, 1.0]
_THETA13 = 5.371920351148152


def _expm(xp, a):
    """exp(a) for a batch `[..., M, M]`: scale by 2^-s so the 1-norm is below theta_13, apply the
    [13/13] Padé approximant, square s times."""
    work = a.astype(np.result_type(a.dtype, np.float64))
    norm1 = xp.abs(work).sum(axis=-2).max(axis=-1) if work.size else xp.zeros(work.shape[:-2])
    squarings = int(max(0, math.ceil(math.log2(float(norm1.max()) / _THETA13)))) if norm1.size and \
        float(norm1.max()) > _THETA13 else 0
    work = work / 2.0 ** squarings
    identity = xp.broadcast_to(xp.eye(a.shape[-1], dtype=work.dtype), work.shape)
    a2 = work @ work
    a4 = a2 @ a2
    a6 = a4 @ a2
    b = _PADE13
    u = work @ (a6 @ (b[13] * a6 + b[11] * a4 + b[9] * a2) + b[7] * a6 + b[5] * a4 + b[3] * a2 + b[1] * identity)
    v = a6 @ (b[12] * a6 + b[10] * a4 + b[8] * a2) + b[6] * a6 + b[4] * a4 + b[2] * a2 + b[0] * identity
    result = xp.linalg.solve(v - u, v + u)
    for _ in range(squarings):
        result = result @ result
    return result.astype(a.dtype, copy=False)


@op("MatrixExponential")
def _matrix_exponential(xp, a):
    return _expm(xp, a)


@_matrix_exponential.gradient
def _(ctx, dy):
    # <dy, L(A, E)> = <L(A^H, dy), E>, and L(X, G) is the top-right block of exp([[X, G], [0, X]])
    a_h = conj(matrix_transpose(ctx.inputs[0]))
    n = a_h.shape[-1]
    top = concat([a_h, dy], -1)
    bottom = concat([zeros_like(a_h), a_h], -1)
    block = _matrix_exponential(concat([top, bottom], -2))
    return block[..., :n, n:]


def expm(input, name=None):
    """The matrix exponential of each square matrix `[..., M, M]`."""
    return _matrix_exponential(_matrices(input, "MatrixExponential"))


def pinv(a, rcond=None, validate_args=False, name=None):
    """The Moore-Penrose pseudo-inverse `[..., N, M]` of matrices `[..., M, N]`, from the SVD;
    singular values below `rcond * max(s)` (default `10 * max(M, N) * eps`) count as zero."""
    a = _matrices(a, "Pinv", square=False)
    if rcond is None:
        rcond = 10.0 * max(a.shape[-2], a.shape[-1]) * float(np.finfo(a.dtype.as_numpy_dtype).eps)
    s, u, v = svd(a, full_matrices=False)
    cutoff = rcond * reduce_max(s, axis=-1, keepdims=True)
    keep = greater(s, cutoff)
    inverse_s = where(keep, 1.0 / where(keep, s, s + 1.0), zeros_like(s))
    return matmul(v * reshape(inverse_s, inverse_s.shape.as_list()[:-1] + [1, -1]), u, adjoint_b=True)


@op("Eig")
def _eig(xp, a, complex_dtype):
    values, vectors = xp.linalg.eig(a)
    return values.astype(complex_dtype), vectors.astype(complex_dtype)


def _complex_for(x):
    return np.complex128 if x.dtype.as_numpy_dtype in (np.float64, np.complex128) else np.complex64


def eig(tensor, name=None):
    """Eigenvalues and eigenvectors of general square matrices, as complex tensors."""
    x = _matrices(tensor, "Eig")
    return _eig(x, complex_dtype=_complex_for(x))


def eigvals(tensor, name=None):
    """The (complex) eigenvalues of general square matrices."""
    return eig(tensor)[0]


def cross(a, b, name=None):
    """The cross product of 3-vectors along the last axis."""
    a, b = as_tensor(a), as_tensor(b)
    if a.shape[-1] != 3 or b.shape[-1] != 3:
        raise errors.InvalidArgumentError(
            None, "Cross", f"Cross: both arguments need 3 elements in their last dimension, got shapes "
            f"{a.shape} and {b.shape}. [Op:Cross]")
    a0, a1, a2 = a[..., 0], a[..., 1], a[..., 2]
    b0, b1, b2 = b[..., 0], b[..., 1], b[..., 2]
    return stack([a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0], -1)


def tensor_diag(diagonal, name=None):
    """The tensor `[D1..Dk, D1..Dk]` with `diagonal` `[D1..Dk]` on its diagonal, zeros elsewhere."""
    diagonal = as_tensor(diagonal)
    shape = diagonal.shape.as_list()
    return reshape(diag(reshape(diagonal, [-1])), shape + shape)


def tensor_diag_part(input, name=None):
    """The diagonal `[D1..Dk]` of a tensor `[D1..Dk, D1..Dk]`."""
    x = as_tensor(input)
    shape = x.shape.as_list()
    half = len(shape) // 2
    if len(shape) % 2 or shape[:half] != shape[half:]:
        raise errors.InvalidArgumentError(
            None, "DiagPart", f"DiagPart: input must have shape [D1..Dk, D1..Dk], got {shape}. [Op:DiagPart]")
    size = int(np.prod(shape[:half]))
    return reshape(diag_part(reshape(x, [size, size])), shape[:half])


def normalize(tensor, ord="euclidean", axis=None, name=None):
    """`(tensor / norm, norm)`: `tensor` scaled to unit `ord`-norm along `axis`."""
    tensor = as_tensor(tensor)
    length = norm(tensor, ord=ord, axis=axis, keepdims=True)
    return tensor / length, length


def global_norm(t_list, name=None):
    """sqrt(sum of squares of every element of every tensor in `t_list`); None entries are skipped."""
    tensors = [as_tensor(t) for t in t_list if t is not None]
    if not tensors:
        raise ValueError("global_norm: t_list holds no tensors.")
    return sqrt(sum(reduce_sum(t * t) for t in tensors))
