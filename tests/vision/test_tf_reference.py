"""Convolutions, pooling and normalization agree with TensorFlow's outputs and gradients.

The reference values come from TensorFlow 2.21 (`make_tf_reference.py`); the cases cover
SAME/VALID/explicit padding, strides 1-3, odd sizes, dilation, batch 1, ties in max pooling.
"""
import os

import numpy as np
import pytest

import neuroflow as tf
from .reference_cases import cases, run

_REFERENCE = dict(np.load(os.path.join(os.path.dirname(__file__), "tf_reference.npz")))
_CASES = cases(tf)


@pytest.mark.parametrize("name", sorted(_CASES))
def test_matches_tensorflow(name):
    fn, arrays = _CASES[name]
    outs, grads = run(tf, fn, arrays)
    for i, out in enumerate(outs):
        expected = _REFERENCE[f"{name}|out{i}"]
        assert out.shape == expected.shape and out.dtype.kind == expected.dtype.kind
        np.testing.assert_allclose(out, expected, rtol=1e-4, atol=1e-4, err_msg=f"{name}: output {i}")
    for i, grad in enumerate(grads):
        np.testing.assert_allclose(grad, _REFERENCE[f"{name}|grad{i}"], rtol=1e-4, atol=1e-4,
                                   err_msg=f"{name}: gradient w.r.t. input {i}")
