"""Operators assembled from blocks: `LinearOperatorBlockDiag` and `LinearOperatorBlockLowerTriangular`.

Batch shapes of the blocks broadcast. `matmul`/`matvec`/`solve` accept either one tensor or a
list of per-block pieces (then they return a list too).

>>> import neuroflow as tf
>>> blocks = [tf.linalg.LinearOperatorFullMatrix([[2.0]]), tf.linalg.LinearOperatorDiag([3.0, 4.0])]
>>> tf.linalg.LinearOperatorBlockDiag(blocks).to_dense().numpy()
array([[2., 0., 0.],
       [0., 3., 0.],
       [0., 0., 4.]], dtype=float32)
"""
import numpy as np

from ..ops.array_ops import broadcast_to, concat, expand_dims, split, squeeze
from ..ops.creation_ops import zeros
from ..ops.shape_util import dims
from .linear_operator import LinearOperator

__all__ = ["LinearOperatorBlockDiag", "LinearOperatorBlockLowerTriangular"]


def _broadcast_batch(tensors):
    """`tensors` broadcast to one batch shape (all but their last two dimensions)."""
    batch = list(np.broadcast_shapes(*(tuple(dims(t)[:-2]) for t in tensors)))
    return [broadcast_to(t, batch + list(dims(t)[-2:])) for t in tensors], batch


class _BlockOperator(LinearOperator):
    """Rows of blocks: `self._rows[i][j]` is block (i, j), None where the block is zero."""

    def __init__(self, rows, name, parameters, **hints):
        self._rows = rows
        diagonal = [row[i] for i, row in enumerate(rows)]
        if any(d is None for d in diagonal):
            raise ValueError(f"{name}: every diagonal block must be an operator.")
        dtypes_ = {op.dtype for row in rows for op in row if op is not None}
        if len(dtypes_) != 1:
            raise TypeError(f"{name}: all operators must have the same dtype, got {sorted(d.name for d in dtypes_)}.")
        self._heights = [op.range_dimension for op in diagonal]
        self._widths = [op.domain_dimension for op in diagonal]
        for i, row in enumerate(rows):
            for j, op in enumerate(row):
                if op is not None and (op.range_dimension, op.domain_dimension) != (self._heights[i], self._widths[j]):
                    raise ValueError(f"{name}: block ({i}, {j}) has shape {op.shape}; its row needs "
                                     f"{self._heights[i]} rows and its column {self._widths[j]} columns.")
        super().__init__(dtypes_.pop(), name=name, parameters=parameters, **hints)

    @property
    def operators(self):
        return [op for row in self._rows for op in row if op is not None]

    def _batch(self):
        return list(np.broadcast_shapes(*(tuple(op._shape()[:-2]) for op in self.operators)))

    def _shape(self):
        return self._batch() + [sum(self._heights), sum(self._widths)]

    def _to_dense(self):
        batch = self._batch()
        rows = []
        for i, row in enumerate(self._rows):
            blocks = [zeros(batch + [self._heights[i], self._widths[j]], self.dtype) if op is None
                      else broadcast_to(op.to_dense(), batch + [self._heights[i], self._widths[j]])
                      for j, op in enumerate(row + [None] * (len(self._widths) - len(row)))]
            rows.append(concat(blocks, axis=-1))
        return concat(rows, axis=-2)

    def matmul(self, x, adjoint=False, adjoint_arg=False, name="matmul"):
        if not isinstance(x, (list, tuple)):
            return super().matmul(x, adjoint, adjoint_arg)
        pieces, _ = _broadcast_batch([self._convert(p) for p in x])
        out = super().matmul(concat(pieces, axis=-1 if adjoint_arg else -2), adjoint, adjoint_arg)
        sizes = self._widths if adjoint else self._heights
        return split(out, sizes, axis=-2)

    def matvec(self, x, adjoint=False, name="matvec"):
        if not isinstance(x, (list, tuple)):
            return super().matvec(x, adjoint)
        out = self.matmul([expand_dims(self._convert(p), -1) for p in x], adjoint=adjoint)
        return [squeeze(o, -1) for o in out]

    def _log_abs_determinant(self):
        total = 0.0
        for i, row in enumerate(self._rows):
            total = total + row[i].log_abs_determinant()
        return total

    def _determinant(self):
        total = 1.0
        for i, row in enumerate(self._rows):
            total = total * row[i].determinant()
        return total


class LinearOperatorBlockDiag(_BlockOperator):
    """Square operators on the diagonal, zeros elsewhere."""

    def __init__(self, operators, is_non_singular=None, is_self_adjoint=None, is_positive_definite=None,
                 is_square=True, name=None):
        operators = list(operators)
        if not operators:
            raise ValueError("LinearOperatorBlockDiag: expected a non-empty list of operators.")
        rows = [[None] * i + [op] for i, op in enumerate(operators)]
        super().__init__(rows, name or "_".join(op.name for op in operators), {"operators": operators},
                         is_non_singular=is_non_singular, is_self_adjoint=is_self_adjoint,
                         is_positive_definite=is_positive_definite, is_square=True)


class LinearOperatorBlockLowerTriangular(_BlockOperator):
    """A block lower-triangular operator: `operators[i]` is row i, holding blocks (i, 0) ... (i, i);
    the diagonal blocks are square."""

    def __init__(self, operators, is_non_singular=None, is_self_adjoint=None, is_positive_definite=None,
                 is_square=None, name="LinearOperatorBlockLowerTriangular"):
        rows = [list(row) for row in operators]
        if not rows or any(len(row) != i + 1 for i, row in enumerate(rows)):
            raise ValueError("LinearOperatorBlockLowerTriangular: argument operators must be a list of lists, "
                             "row i holding i + 1 operators (the blocks up to the diagonal).")
        super().__init__(rows, name, {"operators": operators}, is_non_singular=is_non_singular,
                         is_self_adjoint=is_self_adjoint, is_positive_definite=is_positive_definite, is_square=True)
