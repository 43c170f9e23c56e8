"""`tf.linalg.LinearOperator`: a (batch of) matrices known by structure, not by their entries.

An operator of shape `[B1, ..., Bb, M, N]` offers `matmul`, `matvec`, `solve`, `solvevec`,
`determinant`, `log_abs_determinant`, `trace`, `diag_part`, `to_dense` and `adjoint`; a subclass
gives `_to_dense` and overrides what its structure makes cheaper (a diagonal's determinant is
the product of its entries). Batch dimensions broadcast, as with `tf.matmul`.

>>> import neuroflow as tf
>>> operator = tf.linalg.LinearOperatorDiag([1.0, 2.0, 4.0])
>>> operator.matvec([1.0, 1.0, 1.0]).numpy()
array([1., 2., 4.], dtype=float32)
>>> operator.log_abs_determinant().numpy()
np.float32(2.0794415)
"""
from ..framework import dtypes
from ..framework.tensor_shape import TensorShape
from ..ops.array_ops import expand_dims, squeeze, stack
from ..ops.creation_ops import eye, ones_like, zeros
from ..ops.linalg_ops import band_part, diag_part, matrix_transpose, set_diag, slogdet, trace
from ..ops.linalg_ops import solve
from ..ops.linalg_solvers import triangular_solve
from ..ops.math_ops import cast, exp, log, matmul, multiply
from ..ops.unary_ops import conj
from ..ops.reduction_ops import reduce_prod, reduce_sum
from ..ops.registry import as_tensor
from ..ops.shape_util import dims
from ..ops.unary_ops import abs  # noqa: A004 - tf.math.abs

__all__ = ["LinearOperator", "LinearOperatorFullMatrix", "LinearOperatorDiag", "LinearOperatorLowerTriangular",
           "LinearOperatorIdentity", "LinearOperatorTridiag"]


class LinearOperator:
    """The base class: subclasses give `_to_dense()` (and may override the `_` methods)."""

    def __init__(self, dtype, is_non_singular=None, is_self_adjoint=None, is_positive_definite=None,
                 is_square=None, name=None, parameters=None):
        if is_positive_definite and is_non_singular is False:
            raise ValueError("A positive definite matrix is always non-singular.")
        self._dtype = dtypes.as_dtype(dtype)
        self.is_non_singular, self.is_self_adjoint = is_non_singular, is_self_adjoint
        self.is_positive_definite = is_positive_definite
        self._is_square = is_square
        self._name = name or type(self).__name__
        self.parameters = dict(parameters or {})

    # --- shape and dtype ---------------------------------------------------------------------
    @property
    def dtype(self):
        return self._dtype

    @property
    def name(self):
        return self._name

    @property
    def shape(self):
        """`TensorShape([B1, ..., Bb, M, N])`."""
        return TensorShape(self._shape())

    def _shape(self):
        return list(dims(self.to_dense()))

    @property
    def batch_shape(self):
        return TensorShape(self._shape()[:-2])

    @property
    def range_dimension(self):
        return self._shape()[-2]

    @property
    def domain_dimension(self):
        return self._shape()[-1]

    @property
    def tensor_rank(self):
        return len(self._shape())

    @property
    def is_square(self):
        return self.range_dimension == self.domain_dimension if self._is_square is None else self._is_square

    def shape_tensor(self):
        return as_tensor(self._shape(), dtypes.int32)

    # --- the matrix ----------------------------------------------------------------------------
    def to_dense(self, name="to_dense"):
        """The operator as a dense `[..., M, N]` tensor."""
        return self._to_dense()

    def _to_dense(self):
        raise NotImplementedError(f"{type(self).__name__} must implement `_to_dense`.")

    def matmul(self, x, adjoint=False, adjoint_arg=False, name="matmul"):
        """`A @ x` (`A^H` with `adjoint`, `x^H` with `adjoint_arg`); `x` may be another operator."""
        if isinstance(x, LinearOperator):
            return LinearOperatorFullMatrix(matmul(self.to_dense(), x.to_dense(), adjoint_a=adjoint))
        x = self._convert(x)
        return self._matmul(x, adjoint, adjoint_arg)

    def _matmul(self, x, adjoint, adjoint_arg):
        return matmul(self.to_dense(), x, adjoint_a=adjoint, adjoint_b=adjoint_arg)

    def __matmul__(self, other):
        return self.matmul(other)

    def matvec(self, x, adjoint=False, name="matvec"):
        """`A @ x` for a batch of vectors `x` (`[..., N]`)."""
        return squeeze(self.matmul(expand_dims(self._convert(x), -1), adjoint=adjoint), -1)

    def solve(self, rhs, adjoint=False, adjoint_arg=False, name="solve"):
        """`X` with `A @ X = rhs`."""
        if self.is_non_singular is False:
            raise NotImplementedError("Exact solve not implemented for an operator that is expected to be singular.")
        rhs = self._convert(rhs)
        if adjoint_arg:
            rhs = conj(matrix_transpose(rhs))
        return self._solve(rhs, adjoint)

    def _solve(self, rhs, adjoint):
        return solve(self.to_dense(), rhs, adjoint=adjoint)

    def solvevec(self, rhs, adjoint=False, name="solve"):
        return squeeze(self.solve(expand_dims(self._convert(rhs), -1), adjoint=adjoint), -1)

    def log_abs_determinant(self, name="log_abs_det"):
        """`log |det(A)|` for each matrix of the batch."""
        self._check_square("log_abs_determinant")
        return self._log_abs_determinant()

    def _log_abs_determinant(self):
        return slogdet(self.to_dense())[1]

    def determinant(self, name="det"):
        self._check_square("determinant")
        return self._determinant()

    def _determinant(self):
        sign, log_abs = slogdet(self.to_dense())
        return sign * exp(log_abs)

    def trace(self, name="trace"):
        return trace(self.to_dense())

    def diag_part(self, name="diag_part"):
        return diag_part(self.to_dense())

    def add_to_tensor(self, x, name="add_to_tensor"):
        return self.to_dense() + self._convert(x)

    def adjoint(self, name="adjoint"):
        """The conjugate transpose, as an operator."""
        return LinearOperatorFullMatrix(conj(matrix_transpose(self.to_dense())), is_square=self._is_square)

    H = property(adjoint)

    def inverse(self, name="inverse"):
        self._check_square("inverse")
        dense = self.to_dense()
        return LinearOperatorFullMatrix(solve(dense, eye(self.range_dimension, batch_shape=dims(dense)[:-2],
                                                         dtype=self.dtype)))

    # --- helpers -------------------------------------------------------------------------------
    def _convert(self, x):
        x = as_tensor(x, self.dtype) if not hasattr(x, "dtype") else as_tensor(x)
        if x.dtype != self.dtype:
            raise TypeError(f"{self.name}: expected an argument of dtype {self.dtype.name}, got {x.dtype.name}.")
        return x

    def _check_square(self, method):
        if not self.is_square:
            raise NotImplementedError(f"{self.name}.{method}: not implemented for a non-square operator "
                                      f"of shape {self._shape()}.")

    def __repr__(self):
        return f'<{type(self).__module__.split(".")[0]}.linalg.{type(self).__name__} "{self.name}" ' \
               f'batch_shape={self.batch_shape} dtype={self.dtype.name}>'


def _tensor(value, dtype=None):
    value = as_tensor(value) if dtype is None else as_tensor(value, dtype)
    return cast(value, dtypes.float32) if value.dtype.is_integer else value


class LinearOperatorFullMatrix(LinearOperator):
    """An operator from a dense `[..., M, N]` matrix.

    >>> import neuroflow as tf
    >>> tf.linalg.LinearOperatorFullMatrix([[1.0, 2.0], [3.0, 4.0]]).log_abs_determinant().numpy()
    np.float32(0.6931472)
    """

    def __init__(self, matrix, is_non_singular=None, is_self_adjoint=None, is_positive_definite=None,
                 is_square=None, name="LinearOperatorFullMatrix"):
        self._matrix = _tensor(matrix)
        super().__init__(self._matrix.dtype, is_non_singular, is_self_adjoint, is_positive_definite, is_square,
                         name, {"matrix": matrix})

    def _to_dense(self):
        return self._matrix


class LinearOperatorDiag(LinearOperator):
    """A diagonal operator from its diagonal `[..., N]`."""

    def __init__(self, diag, is_non_singular=None, is_self_adjoint=None, is_positive_definite=None,
                 is_square=True, name="LinearOperatorDiag"):
        self._diag = _tensor(diag)
        super().__init__(self._diag.dtype, is_non_singular, is_self_adjoint, is_positive_definite, True, name,
                         {"diag": diag})

    @property
    def diag(self):
        return self._diag

    def _shape(self):
        shape = list(dims(self._diag))
        return shape + shape[-1:]

    def _to_dense(self):
        return set_diag(zeros(self._shape(), self.dtype), self._diag)

    def _matmul(self, x, adjoint, adjoint_arg):
        diag = conj(self._diag) if adjoint else self._diag
        x = conj(matrix_transpose(x)) if adjoint_arg else x
        return multiply(expand_dims(diag, -1), x)

    def _solve(self, rhs, adjoint):
        diag = conj(self._diag) if adjoint else self._diag
        return rhs / expand_dims(diag, -1)

    def _log_abs_determinant(self):
        return reduce_sum(log(abs(self._diag)), axis=-1)

    def _determinant(self):
        return reduce_prod(self._diag, axis=-1)

    def diag_part(self, name="diag_part"):
        return self._diag

    def trace(self, name="trace"):
        return reduce_sum(self._diag, axis=-1)


class LinearOperatorLowerTriangular(LinearOperator):
    """A lower-triangular operator: the lower triangle of `tril` (`[..., N, N]`; the rest is ignored)."""

    def __init__(self, tril, is_non_singular=None, is_self_adjoint=None, is_positive_definite=None,
                 is_square=None, name="LinearOperatorLowerTriangular"):
        self._tril = band_part(_tensor(tril), -1, 0)
        super().__init__(self._tril.dtype, is_non_singular, is_self_adjoint, is_positive_definite, True, name,
                         {"tril": tril})

    def _to_dense(self):
        return self._tril

    def _solve(self, rhs, adjoint):
        return triangular_solve(self._tril, rhs, lower=True, adjoint=adjoint)

    def _log_abs_determinant(self):
        return reduce_sum(log(abs(diag_part(self._tril))), axis=-1)

    def _determinant(self):
        return reduce_prod(diag_part(self._tril), axis=-1)


class LinearOperatorIdentity(LinearOperator):
    """The identity of size `num_rows` (with an optional `batch_shape`)."""

    def __init__(self, num_rows, batch_shape=None, dtype=None, is_non_singular=True, is_self_adjoint=True,
                 is_positive_definite=True, is_square=True, assert_proper_shapes=False,
                 name="LinearOperatorIdentity"):
        self._num_rows, self._batch = int(num_rows), [int(d) for d in (batch_shape or [])]
        super().__init__(dtype or dtypes.float32, is_non_singular, is_self_adjoint, is_positive_definite, True,
                         name, {"num_rows": num_rows, "batch_shape": batch_shape, "dtype": dtype})

    def _shape(self):
        return self._batch + [self._num_rows, self._num_rows]

    def _to_dense(self):
        return eye(self._num_rows, batch_shape=self._batch, dtype=self.dtype)

    def _matmul(self, x, adjoint, adjoint_arg):
        x = conj(matrix_transpose(x)) if adjoint_arg else x
        return x + zeros(self._batch + [1, 1], self.dtype) if self._batch else x

    def _solve(self, rhs, adjoint):
        return self._matmul(rhs, adjoint, False)

    def _log_abs_determinant(self):
        return zeros(self._batch, self.dtype)

    def _determinant(self):
        return ones_like(zeros(self._batch, self.dtype))


class LinearOperatorTridiag(LinearOperator):
    """A tridiagonal operator from its three diagonals.

    `diagonals_format`: "compact" (`[..., 3, N]`: superdiagonal, diagonal, subdiagonal; the
    superdiagonal's last and the subdiagonal's first entries are ignored), "sequence" (a list of
    those three `[..., N]` tensors) or "matrix" (a dense `[..., N, N]` matrix, only its three
    diagonals read).
    """

    def __init__(self, diagonals, diagonals_format="compact", is_non_singular=None, is_self_adjoint=None,
                 is_positive_definite=None, is_square=None, name="LinearOperatorTridiag"):
        if diagonals_format == "compact":
            diagonals = _tensor(diagonals)
            super_, diag, sub = diagonals[..., 0, :], diagonals[..., 1, :], diagonals[..., 2, :]
        elif diagonals_format == "sequence":
            super_, diag, sub = (_tensor(d) for d in diagonals)
        elif diagonals_format == "matrix":  # the compact rows are the diagonals aligned LEFT_RIGHT
            compact = diag_part(_tensor(diagonals), k=(-1, 1), align="LEFT_RIGHT")
            super_, diag, sub = compact[..., 0, :], compact[..., 1, :], compact[..., 2, :]
        else:
            raise ValueError(f"LinearOperatorTridiag: diagonals_format must be 'compact', 'sequence' or 'matrix', "
                             f"got {diagonals_format!r}.")
        self._super, self._diag, self._sub = super_, diag, sub
        self.diagonals_format = diagonals_format
        super().__init__(diag.dtype, is_non_singular, is_self_adjoint, is_positive_definite, True, name,
                         {"diagonals": diagonals, "diagonals_format": diagonals_format})

    @property
    def diagonals(self):
        return stack([self._super, self._diag, self._sub], axis=-2)

    def _shape(self):
        shape = list(dims(self._diag))
        return shape + shape[-1:]

    def _to_dense(self):  # the compact rows are the three diagonals aligned LEFT_RIGHT
        return set_diag(zeros(self._shape(), self.dtype), self.diagonals, k=(-1, 1), align="LEFT_RIGHT")

    def diag_part(self, name="diag_part"):
        return self._diag

    def trace(self, name="trace"):
        return reduce_sum(self._diag, axis=-1)
