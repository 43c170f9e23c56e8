"""tf.linalg against NumPy: values (batched), TensorFlow's output conventions, and errors."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

import neuroflow as tf

FAST = settings(max_examples=25, deadline=None)
RNG = np.random.default_rng(0)
BATCH = RNG.standard_normal((2, 3, 3)) + 3 * np.eye(3)    # invertible, float64
TALL = RNG.standard_normal((2, 5, 3))


def test_inverse_determinants_and_solve_match_numpy():
    np.testing.assert_allclose(tf.linalg.inv(BATCH).numpy(), np.linalg.inv(BATCH))
    np.testing.assert_allclose(tf.linalg.inv(BATCH, adjoint=True).numpy(),
                               np.linalg.inv(BATCH.transpose(0, 2, 1)))
    np.testing.assert_allclose(tf.linalg.det(BATCH).numpy(), np.linalg.det(BATCH))
    sign, log_abs = tf.linalg.slogdet(-BATCH)
    expected_sign, expected_log = np.linalg.slogdet(-BATCH)
    np.testing.assert_allclose(sign.numpy(), expected_sign)
    np.testing.assert_allclose(log_abs.numpy(), expected_log)
    assert tf.linalg.slogdet(BATCH).log_abs_determinant.shape == [2]
    rhs = RNG.standard_normal((2, 3, 4))
    np.testing.assert_allclose(tf.linalg.solve(BATCH, rhs).numpy(), np.linalg.solve(BATCH, rhs))
    np.testing.assert_allclose(tf.linalg.solve(BATCH, rhs, adjoint=True).numpy(),
                               np.linalg.solve(BATCH.transpose(0, 2, 1), rhs))


def test_float32_stays_float32():
    a = tf.constant(BATCH.astype(np.float32))
    for result in (tf.linalg.inv(a), tf.linalg.det(a), tf.linalg.cholesky(a @ tf.linalg.adjoint(a)),
                   tf.linalg.svd(a)[0], tf.linalg.qr(a).q, tf.linalg.norm(a), tf.linalg.trace(a)):
        assert result.dtype == tf.float32


def test_cholesky_and_logdet():
    spd = BATCH @ BATCH.transpose(0, 2, 1)
    lower = tf.linalg.cholesky(spd).numpy()
    np.testing.assert_allclose(lower, np.linalg.cholesky(spd))
    np.testing.assert_allclose(tf.linalg.logdet(spd).numpy(), np.linalg.slogdet(spd)[1])


def test_qr_conventions():
    q, r = tf.linalg.qr(TALL)
    assert q.shape == [2, 5, 3] and r.shape == [2, 3, 3]
    np.testing.assert_allclose((q @ r).numpy(), TALL, atol=1e-12)
    np.testing.assert_allclose(np.tril(r.numpy(), -1), 0)
    full = tf.linalg.qr(TALL, full_matrices=True)
    assert full.q.shape == [2, 5, 5] and full.r.shape == [2, 5, 3]


def test_svd_returns_s_u_v_in_tensorflow_order():
    s, u, v = tf.linalg.svd(TALL)
    assert s.shape == [2, 3] and u.shape == [2, 5, 3] and v.shape == [2, 3, 3]
    np.testing.assert_allclose(s.numpy(), np.linalg.svd(TALL, compute_uv=False))
    rebuilt = tf.matmul(u * s[:, None, :], v, adjoint_b=True)   # v itself, not its adjoint
    np.testing.assert_allclose(rebuilt.numpy(), TALL, atol=1e-12)
    only_s = tf.linalg.svd(TALL, compute_uv=False)
    assert isinstance(only_s, tf.Tensor)
    _, u_full, v_full = tf.linalg.svd(TALL, full_matrices=True)
    assert u_full.shape == [2, 5, 5] and v_full.shape == [2, 3, 3]


def test_eigh_reads_the_lower_triangle():
    sym = BATCH + BATCH.transpose(0, 2, 1)
    e, v = tf.linalg.eigh(np.tril(sym) + 100 * np.triu(np.ones((3, 3)), 1))   # upper part ignored
    np.testing.assert_allclose(e.numpy(), np.linalg.eigvalsh(sym))
    np.testing.assert_allclose((v * e[:, None, :]) @ tf.linalg.adjoint(v), sym, atol=1e-12)
    np.testing.assert_allclose(tf.linalg.eigvalsh(sym).numpy(), e.numpy())


def test_diagonals_bands_and_trace():
    d = np.array([[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_array_equal(tf.linalg.diag(d).numpy(), [np.diag(d[0]), np.diag(d[1])])
    np.testing.assert_array_equal(tf.linalg.diag(d[0], k=1).numpy(), np.diag(d[0], k=1))
    np.testing.assert_array_equal(tf.linalg.diag(d[0], k=-1, num_cols=4).numpy(),
                                  np.pad(np.diag(d[0], k=-1), [(0, 0), (0, 1)]))
    np.testing.assert_array_equal(tf.linalg.diag(d[0], padding_value=9).numpy(), [[1, 9], [9, 2]])
    x = np.arange(24.0).reshape(2, 3, 4)
    for k in (-2, 0, 1, 3):
        np.testing.assert_array_equal(tf.linalg.diag_part(x, k=k).numpy(),
                                      np.diagonal(x, offset=k, axis1=-2, axis2=-1))
    np.testing.assert_array_equal(tf.linalg.trace(x).numpy(), np.trace(x, axis1=-2, axis2=-1))
    for lower, upper in [(-1, 0), (0, 0), (1, 2), (0, -1)]:
        i, j = np.indices((3, 4))
        keep = ((lower < 0) | (i - j <= lower)) & ((upper < 0) | (j - i <= upper))
        np.testing.assert_array_equal(tf.linalg.band_part(x, lower, upper).numpy(), x * keep)
    replaced = tf.linalg.set_diag(x, np.full((2, 3), -1.0)).numpy()
    assert (np.diagonal(replaced, axis1=-2, axis2=-1) == -1).all()
    assert (replaced[:, 0, 1:] == x[:, 0, 1:]).all()


def test_diag_errors():
    with pytest.raises(tf.errors.InvalidArgumentError, match="diagonal 0 of a 2x2 matrix has 2 elements"):
        tf.linalg.diag([1.0, 2.0, 3.0], num_rows=2, num_cols=2)
    with pytest.raises(tf.errors.UnimplementedError, match="single int"):
        tf.linalg.diag([[1.0, 2.0], [3.0, 4.0]], k=(0, 1))   # diag_part/set_diag take bands; diag not yet


def test_matvec_and_matrix_transpose():
    a = RNG.standard_normal((2, 3, 4))
    b = RNG.standard_normal((2, 4))
    np.testing.assert_allclose(tf.linalg.matvec(a, b).numpy(), np.einsum("bij,bj->bi", a, b))
    np.testing.assert_allclose(tf.linalg.matvec(a, RNG.standard_normal(3), transpose_a=True).shape, (2, 4))
    assert tf.linalg.matrix_transpose(a).shape == [2, 4, 3]
    with pytest.raises(ValueError, match="rank >= 2"):
        tf.linalg.matrix_transpose([1.0, 2.0])


VECTOR_ORDS = ["euclidean", 1, 2, np.inf, 3, 0.5]
MATRIX_ORDS = ["euclidean", "fro", 1, 2, np.inf]


@FAST
@given(x=hnp.arrays(np.float64, (3, 4), elements=st.floats(-10, 10)), ord=st.sampled_from(VECTOR_ORDS),
       axis=st.sampled_from([None, 0, 1, -1]), keepdims=st.booleans())
def test_vector_norms_match_numpy(x, ord, axis, keepdims):
    np_ord = 2 if ord == "euclidean" else ord
    expected = np.linalg.norm(x.ravel() if axis is None else x, ord=np_ord, axis=axis if axis is not None else None)
    if axis is None and keepdims:
        expected = np.reshape(expected, (1, 1))
    elif keepdims:
        expected = np.expand_dims(expected, axis)
    got = tf.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims).numpy()
    np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("ord", MATRIX_ORDS)
@pytest.mark.parametrize("axis", [(1, 2), (2, 1), (-1, 0)])
def test_matrix_norms_match_numpy(ord, axis):
    x = RNG.standard_normal((3, 4, 5))
    np_ord = "fro" if ord == "euclidean" else ord
    expected = np.linalg.norm(x, ord=np_ord, axis=axis)
    np.testing.assert_allclose(tf.linalg.norm(x, ord=ord, axis=axis).numpy(), expected, rtol=1e-10)
    assert tf.linalg.norm(x, ord=ord, axis=axis, keepdims=True).shape.rank == 3


def test_norm_argument_errors():
    with pytest.raises(ValueError, match="'ord' must be a supported vector norm"):
        tf.linalg.norm([1.0, 2.0], ord="fro")
    with pytest.raises(ValueError, match=r"'ord' must be a supported matrix norm in \['euclidean', 'fro', 1, 2, np.inf\], got 3"):
        tf.linalg.norm(tf.ones([2, 2]), ord=3, axis=[0, 1])
    with pytest.raises(ValueError, match="tuple of 2 unique integers"):
        tf.linalg.norm(tf.ones([2, 2]), axis=[0, 0])


def test_lstsq_matches_numpy():
    a, b = TALL[0], RNG.standard_normal((5, 2))
    np.testing.assert_allclose(tf.linalg.lstsq(a, b).numpy(), np.linalg.lstsq(a, b, rcond=None)[0], atol=1e-10)
    wide = a.T   # minimum-norm solution for an underdetermined system
    np.testing.assert_allclose(tf.linalg.lstsq(wide, b[:3]).numpy(), np.linalg.lstsq(wide, b[:3], rcond=None)[0],
                               atol=1e-10)


def test_errors_name_the_op_and_shapes():
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"MatrixInverse: input must be a square matrix .* \(2, 3\)"):
        tf.linalg.inv(tf.zeros([2, 3]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="MatrixDeterminant: expected a floating-point .* int32"):
        tf.linalg.det(tf.constant([[1, 2], [3, 4]]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Input is not invertible"):
        tf.linalg.inv([[1.0, 2.0], [2.0, 4.0]])
    with pytest.raises(tf.errors.InvalidArgumentError, match="Cholesky decomposition was not successful"):
        tf.linalg.cholesky([[1.0, 2.0], [2.0, 1.0]])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"same number of rows: matrix shape \(2, 2\), rhs shape \(3, 1\)"):
        tf.linalg.solve(tf.eye(2), tf.zeros([3, 1]))
