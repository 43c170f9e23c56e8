"""Structured solves, LU, expm, pinv, eig and tensor helpers of tf.linalg against TensorFlow 2.21
(tests/fixtures/linalg, written by its generate.py with real TensorFlow)."""
import importlib.util
import pathlib

import numpy as np
import pytest

import neuroflow as tf

FIXTURES = pathlib.Path(__file__).parent / "fixtures" / "linalg"
_SPEC = importlib.util.spec_from_file_location("linalg_cases", FIXTURES / "cases.py")
_CASES_MODULE = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(_CASES_MODULE)
CASES = _CASES_MODULE.CASES

REF = np.load(FIXTURES / "reference.npz")


@pytest.mark.parametrize("name", sorted(CASES))
def test_linalg_matches_tensorflow(name):
    result = CASES[name](tf)
    parts = result if isinstance(result, (list, tuple)) else [result]
    keys = [f"{name}_{i}" for i in range(len(parts))] if isinstance(result, (list, tuple)) else [name]
    for key, part in zip(keys, parts):
        got = np.asarray(part.numpy() if hasattr(part, "numpy") else part)
        np.testing.assert_allclose(got, REF[key], rtol=1e-9, atol=1e-10, err_msg=key)
        assert got.dtype == REF[key].dtype, key


def test_errors_name_the_op_and_shapes():
    with pytest.raises(tf.errors.InvalidArgumentError, match="MatrixTriangularSolve.*same number of rows"):
        tf.linalg.triangular_solve(tf.eye(3), tf.ones([2, 1]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="not invertible"):
        tf.linalg.triangular_solve(tf.zeros([2, 2]), tf.ones([2, 1]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="3 elements"):
        tf.linalg.cross(tf.ones([2]), tf.ones([2]))
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"D1\.\.Dk"):
        tf.linalg.tensor_diag_part(tf.ones([2, 3]))
