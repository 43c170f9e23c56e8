"""tf.sparse against values written by real TensorFlow 2.21 (tests/fixtures/sparse)."""
import importlib.util
import pathlib

import numpy as np
import pytest

import neuroflow as tf

FIXTURES = pathlib.Path(__file__).parent / "fixtures" / "sparse"
_SPEC = importlib.util.spec_from_file_location("sparse_cases", FIXTURES / "cases.py")
_CASES_MODULE = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(_CASES_MODULE)
CASES = _CASES_MODULE.CASES
X = _CASES_MODULE.X

REF = np.load(FIXTURES / "reference.npz")


def _compare(key, got):
    np.testing.assert_allclose(np.asarray(got), REF[key], rtol=1e-6, atol=1e-6, err_msg=key)
    if REF[key].dtype.kind != "f":
        assert np.asarray(got).dtype == REF[key].dtype, key


def _check_sparse(prefix, result):
    _compare(prefix + "_indices", result.indices.numpy())
    _compare(prefix + "_values", result.values.numpy())
    _compare(prefix + "_shape", result.dense_shape.numpy())


@pytest.mark.parametrize("name", sorted(CASES))
def test_sparse_matches_tensorflow(name):
    result = CASES[name](tf)
    if isinstance(result, tf.sparse.SparseTensor):
        _check_sparse(name, result)
    elif isinstance(result, (list, tuple)):
        for i, part in enumerate(result):
            if isinstance(part, tf.sparse.SparseTensor):
                _check_sparse(f"{name}_{i}", part)
            else:
                _compare(f"{name}_{i}", part.numpy() if hasattr(part, "numpy") else part)
    else:
        _compare(name, result.numpy())


def test_sparse_tensor_api_and_printing():
    st = tf.sparse.SparseTensor(*X)
    assert str(st).startswith("SparseTensor(indices=tf.Tensor(\n[[0 0]")
    assert st.with_values(tf.ones([4])).values.numpy().tolist() == [1.0] * 4
    st.set_shape([3, None])
    with pytest.raises(ValueError, match="not compatible"):
        st.set_shape([4, 4])
    with pytest.raises(ValueError, match="expected 4 values"):
        st.with_values([1.0])
    with pytest.raises(TypeError, match="expects a SparseTensor"):
        tf.sparse.reduce_sum(tf.ones([2]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="inner dimensions 4 and 2 differ"):
        tf.sparse.sparse_dense_matmul(st, tf.ones([2, 2]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="shapes do not match"):
        tf.sparse.add(st, tf.sparse.SparseTensor([[0, 0]], [1.0], [2, 2]))


def test_sparse_products_have_gradients():
    values = tf.constant(X[1])
    dense = tf.constant(np.ones((4, 2), np.float32))
    with tf.GradientTape() as tape:
        tape.watch([values, dense])
        sp = tf.sparse.SparseTensor(X[0], values, X[2])
        loss = tf.reduce_sum(tf.sparse.sparse_dense_matmul(sp, dense)) + \
            tf.reduce_sum((sp * tf.constant([1.0, 2.0, 3.0, 4.0])).values)
    d_values, d_dense = tape.gradient(loss, [values, dense])
    np.testing.assert_allclose(d_values.numpy(), [2 + 1, 2 + 3, 2 + 2, 2 + 4])
    np.testing.assert_allclose(d_dense.numpy(), [[1, 1], [3, 3], [2, 2], [-4, -4]])
