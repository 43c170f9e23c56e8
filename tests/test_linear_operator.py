"""tf.linalg.LinearOperator*: each structured operator agrees with NumPy on its dense matrix."""
import numpy as np
import pytest

import neuroflow as tf

rng = np.random.default_rng(0)


def dense_checks(operator, dense, square=True):
    np.testing.assert_allclose(operator.to_dense().numpy(), dense, rtol=1e-5, atol=1e-6)
    assert operator.shape.as_list() == list(dense.shape)
    x = rng.normal(size=dense.shape[:-2] + (dense.shape[-1], 3)).astype(dense.dtype)
    np.testing.assert_allclose(operator.matmul(x).numpy(), dense @ x, rtol=1e-4, atol=1e-4)
    v = rng.normal(size=dense.shape[:-2] + (dense.shape[-2],)).astype(dense.dtype)
    np.testing.assert_allclose(operator.matvec(v, adjoint=True).numpy(),
                               np.einsum("...ji,...j->...i", dense, v), rtol=1e-4, atol=1e-4)
    if square:
        rhs = rng.normal(size=dense.shape[:-1] + (2,)).astype(dense.dtype)
        np.testing.assert_allclose(operator.solve(rhs).numpy(), np.linalg.solve(dense, rhs), rtol=1e-3, atol=1e-3)
        np.testing.assert_allclose(operator.log_abs_determinant().numpy(), np.linalg.slogdet(dense)[1], rtol=1e-4)
        np.testing.assert_allclose(operator.determinant().numpy(), np.linalg.det(dense), rtol=1e-3)
        np.testing.assert_allclose(operator.trace().numpy(), np.trace(dense, axis1=-2, axis2=-1), rtol=1e-5)
        np.testing.assert_allclose(operator.adjoint().to_dense().numpy(), np.swapaxes(dense, -1, -2))


def test_full_matrix_diag_lower_triangular_identity():
    matrix = rng.normal(size=(2, 4, 4)).astype(np.float32) + 4 * np.eye(4, dtype=np.float32)
    dense_checks(tf.linalg.LinearOperatorFullMatrix(matrix), matrix)
    dense_checks(tf.linalg.LinearOperatorFullMatrix(matrix[:, :3]), matrix[:, :3], square=False)
    diag = rng.uniform(1, 2, size=(3, 5)).astype(np.float32)
    dense_checks(tf.linalg.LinearOperatorDiag(diag), np.stack([np.diag(d) for d in diag]))
    dense_checks(tf.linalg.LinearOperatorLowerTriangular(matrix), np.tril(matrix))
    dense_checks(tf.linalg.LinearOperatorIdentity(3, batch_shape=[2]), np.broadcast_to(np.eye(3, dtype=np.float32),
                                                                                      (2, 3, 3)))


@pytest.mark.parametrize("fmt", ["compact", "sequence", "matrix"])
def test_tridiagonal_formats(fmt):
    super_, diag, sub = (rng.normal(size=(2, 4)).astype(np.float32) for _ in range(3))
    diag += 5
    dense = np.stack([np.diag(d) + np.diag(p[:-1], 1) + np.diag(b[1:], -1) for p, d, b in zip(super_, diag, sub)])
    given = {"compact": np.stack([super_, diag, sub], axis=-2), "sequence": [super_, diag, sub],
             "matrix": dense}[fmt]
    operator = tf.linalg.LinearOperatorTridiag(given, diagonals_format=fmt)
    dense_checks(operator, dense)
    with pytest.raises(ValueError, match="diagonals_format"):
        tf.linalg.LinearOperatorTridiag(given, diagonals_format="banded")


def test_block_operators_broadcast_batches_and_take_blockwise_vectors():
    a = rng.normal(size=(2, 3, 2, 2)).astype(np.float32) + 3 * np.eye(2, dtype=np.float32)
    b = rng.normal(size=(1, 3, 3, 2)).astype(np.float32)
    c = rng.normal(size=(1, 3, 3, 3)).astype(np.float32) + 3 * np.eye(3, dtype=np.float32)
    operator = tf.linalg.LinearOperatorBlockLowerTriangular(
        [[tf.linalg.LinearOperatorFullMatrix(a)], [tf.linalg.LinearOperatorFullMatrix(b),
                                                   tf.linalg.LinearOperatorFullMatrix(c)]])
    b2, c2 = np.broadcast_to(b, (2, 3, 3, 2)), np.broadcast_to(c, (2, 3, 3, 3))
    dense = np.concatenate([np.concatenate([a, np.zeros((2, 3, 2, 3), np.float32)], -1),
                            np.concatenate([b2, c2], -1)], -2)
    dense_checks(operator, dense)
    x2, x3 = rng.normal(size=(2, 1, 2)).astype(np.float32), rng.normal(size=(2, 3, 3)).astype(np.float32)
    y2, y3 = operator.matvec([x2, x3])
    whole = np.einsum("...ij,...j->...i", dense, np.concatenate([np.broadcast_to(x2, (2, 3, 2)), x3], -1))
    np.testing.assert_allclose(np.concatenate([y2.numpy(), y3.numpy()], -1), whole, rtol=1e-4, atol=1e-4)
    block_diag = tf.linalg.LinearOperatorBlockDiag([tf.linalg.LinearOperatorFullMatrix(a),
                                                    tf.linalg.LinearOperatorFullMatrix(c)])
    dense_checks(block_diag, np.concatenate([np.concatenate([a, np.zeros((2, 3, 2, 3), np.float32)], -1),
                                             np.concatenate([np.zeros((2, 3, 3, 2), np.float32), c2], -1)], -2))


def test_bad_input():
    with pytest.raises(ValueError, match="row i holding i \\+ 1"):
        tf.linalg.LinearOperatorBlockLowerTriangular([[tf.linalg.LinearOperatorIdentity(2)] * 2])
    with pytest.raises(ValueError, match="block \\(1, 0\\)"):
        tf.linalg.LinearOperatorBlockLowerTriangular(
            [[tf.linalg.LinearOperatorIdentity(2)],
             [tf.linalg.LinearOperatorIdentity(3), tf.linalg.LinearOperatorIdentity(3)]])
    with pytest.raises(NotImplementedError, match="non-square"):
        tf.linalg.LinearOperatorFullMatrix(np.ones((2, 3), np.float32)).log_abs_determinant()
    with pytest.raises(TypeError, match="dtype float32, got float64"):
        tf.linalg.LinearOperatorDiag([1.0, 2.0]).matvec(tf.constant([1.0, 2.0], tf.float64))
