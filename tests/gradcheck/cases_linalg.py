"""Gradient cases for tf.linalg: inverses, determinants, solves, decompositions, diagonals, norms."""
import numpy as np

import neuroflow as tf
from .harness import case

# Well-conditioned matrices: finite differences stay accurate.
SQUARE = np.array([[2.0, 0.5, -0.3], [0.4, 1.5, 0.2], [-0.1, 0.3, 1.8]])
BATCH = np.stack([SQUARE, SQUARE.T + 0.5 * np.eye(3)])
TALL = np.array([[1.0, 0.2, -0.4], [0.3, 2.0, 0.1], [-0.5, 0.4, 1.5], [0.2, -0.3, 0.6]])
# Distinct singular values (degenerate ones have no well-defined singular-vector gradient).
SPREAD = np.array([[3.0, 0.2], [0.1, 1.0], [0.4, -0.5]])


def _positive_definite(x):
    return tf.matmul(x, x, transpose_b=True) + tf.constant(np.eye(3))


CASES = [
    case("matvec", lambda a, b: tf.linalg.matvec(a, b), (2, 3), (3,)),
    case("inv", lambda x: tf.linalg.inv(x), BATCH, second_order=True),
    case("inv adjoint", lambda x: tf.linalg.inv(x, adjoint=True), SQUARE),
    case("det", lambda x: tf.linalg.det(x), BATCH, second_order=True),
    case("slogdet", lambda x: tf.linalg.slogdet(x * -1.0)[1], SQUARE, second_order=True),
    case("logdet", lambda x: tf.linalg.logdet(_positive_definite(x)), SQUARE),
    case("solve", lambda a, b: tf.linalg.solve(a, b), SQUARE, (3, 2), second_order=True),
    case("solve adjoint", lambda a, b: tf.linalg.solve(a, b, adjoint=True), BATCH, (2, 3, 1)),
    case("lstsq tall", lambda a, b: tf.linalg.lstsq(a, b), TALL, (4, 2)),
    case("lstsq wide regularized", lambda a, b: tf.linalg.lstsq(a, b, l2_regularizer=0.1), TALL.T, (3, 1)),
    case("cholesky", lambda x: tf.linalg.cholesky(_positive_definite(x)), SQUARE, second_order=True),
    case("qr square", lambda x: tf.linalg.qr(x), SQUARE),
    case("qr tall", lambda x: tf.linalg.qr(x), TALL),
    case("svd values only", lambda x: tf.linalg.svd(x, compute_uv=False), SPREAD),
    case("svd tall", lambda x: tf.linalg.svd(x), SPREAD),
    case("svd wide", lambda x: tf.linalg.svd(x), SPREAD.T),
    case("svd square full", lambda x: tf.linalg.svd(x, full_matrices=True), SQUARE),
    case("eigh", lambda x: tf.linalg.eigh(x), SQUARE),
    case("eigvalsh", lambda x: tf.linalg.eigvalsh(_positive_definite(x)), SQUARE),
    case("diag", lambda d: tf.linalg.diag(d) * tf.linalg.diag(d), (2, 3), second_order=True),
    case("diag k=1 rectangular", lambda d: tf.linalg.diag(d, k=1, num_rows=2), (2,)),
    case("diag_part k=-1", lambda x: tf.linalg.diag_part(x, k=-1), (2, 3, 4)),
    case("set_diag", lambda x, d: tf.linalg.set_diag(x, d), (3, 3), (3,)),
    case("trace", lambda x: tf.linalg.trace(x * x), (2, 3, 3)),
    case("band_part", lambda x: tf.linalg.band_part(x, 1, 0) * x, (4, 4), second_order=True),
    case("matrix_transpose", lambda x: tf.linalg.matrix_transpose(x), (2, 3, 4)),
    case("norm euclidean", lambda x: tf.linalg.norm(x), (2, 3)),
    case("norm 1 axis", lambda x: tf.linalg.norm(x, ord=1, axis=1, keepdims=True), (2, 3)),
    case("norm inf", lambda x: tf.linalg.norm(x, ord=np.inf, axis=0), (2, 3)),
    case("norm p=3", lambda x: tf.linalg.norm(x, ord=3), (2, 3)),
    case("matrix norm fro", lambda x: tf.linalg.norm(x, ord="fro", axis=[-2, -1]), (2, 3, 3)),
    case("matrix norm 1", lambda x: tf.linalg.norm(x, ord=1, axis=[0, 1]), (3, 4)),
    case("matrix norm inf", lambda x: tf.linalg.norm(x, ord=np.inf, axis=(1, 0)), (3, 4)),
    case("matrix norm 2", lambda x: tf.linalg.norm(x, ord=2, axis=[1, 2]), SPREAD[None]),
]
