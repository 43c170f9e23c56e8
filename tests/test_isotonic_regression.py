"""tf.nn.isotonic_regression: the values TensorFlow 2.21 prints for the same calls."""
import numpy as np
import pytest

import neuroflow as tf


@pytest.mark.parametrize("x,kwargs,output,segments,dtype", [
    ([3, 1, 2, 5, 4], {}, [3, 3, 3, 3, 3], [0, 1, 1, 1, 1], tf.float64),
    ([3.0, 1, 2, 5, 4], {"decreasing": False}, [2, 2, 2, 4.5, 4.5], [0, 0, 1, 2, 2], tf.float32),
    ([[3.0, 1], [2, 5]], {"axis": 0}, [[3, 3], [2, 3]], [[0, 0], [1, 0]], tf.float32),
    ([1.0, 1, 1], {}, [1, 1, 1], [0, 1, 2], tf.float32),  # ties are not merged
    (np.array([3, 1, 2], np.int8), {}, [3, 1.5, 1.5], [0, 1, 1], tf.float32),
])
def test_isotonic_regression_matches_tensorflow(x, kwargs, output, segments, dtype):
    y, seg = tf.nn.isotonic_regression(tf.constant(x), **kwargs)
    assert y.dtype == dtype and seg.dtype == tf.int32
    np.testing.assert_allclose(y.numpy(), output)
    np.testing.assert_array_equal(seg.numpy(), segments)


def test_isotonic_regression_is_a_least_squares_non_increasing_fit():
    x = np.random.default_rng(0).normal(size=(3, 20))
    y = tf.nn.isotonic_regression(x)[0].numpy()
    assert (np.diff(y, axis=-1) <= 1e-12).all()
    np.testing.assert_allclose(y.sum(-1), x.sum(-1))  # block means preserve the sum
