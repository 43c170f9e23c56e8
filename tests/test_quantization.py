"""tf.quantization fake quantization: values and straight-through gradients as TensorFlow 2.21 gives them."""
import numpy as np
import pytest

import neuroflow as tf

X = [[1.2, -0.3, 0.7], [2.1, 0.5, -1.0]]
W = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]


def test_values_match_tensorflow():
    np.testing.assert_allclose(tf.quantization.fake_quant_with_min_max_vars(tf.constant(X), -0.5, 0.8).numpy(),
                               [[0.8003921, -0.3007843, 0.6984313], [0.8003921, 0.4996078, -0.4996078]], rtol=1e-6)
    out = tf.quantization.fake_quant_with_min_max_args(tf.constant([0.1, 7.0, -3.3]), min=-6.0, max=6.0, num_bits=4,
                                                       narrow_range=True)
    np.testing.assert_allclose(out.numpy(), [0.0, 6.0, -3.4285715], rtol=1e-6)
    assert tf.compat.v1.fake_quant_with_min_max_vars is tf.quantization.fake_quant_with_min_max_vars


def test_gradients_match_tensorflow():
    x, low, high = tf.constant(X), tf.Variable(-0.5), tf.Variable(0.8)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.quantization.fake_quant_with_min_max_vars(x, low, high) * tf.constant(W)
    dx, dlow, dhigh = tape.gradient(y, [x, low, high])
    assert dx.numpy().tolist() == [[0.0, 2.0, 3.0], [0.0, 5.0, 0.0]]
    assert float(dlow) == 6.0 and float(dhigh) == 5.0
    low, high = tf.Variable([-0.5, 0.0, -1.0]), tf.Variable([0.8, 1.0, 0.2])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.quantization.fake_quant_with_min_max_vars_per_channel(x, low, high, num_bits=5) * tf.constant(W)
    np.testing.assert_allclose(y.numpy(), [[0.79677415, 0.0, 0.58064514], [3.1870966, 2.580645, -6.0387096]],
                               rtol=1e-6)
    dx, dlow, dhigh = tape.gradient(y, [x, low, high])
    assert dx.numpy().tolist() == [[0.0, 0.0, 0.0], [0.0, 5.0, 6.0]]
    assert dlow.numpy().tolist() == [0.0, 2.0, 0.0] and dhigh.numpy().tolist() == [5.0, 0.0, 3.0]


def test_bad_arguments():
    with pytest.raises(ValueError, match="num_bits"):
        tf.quantization.fake_quant_with_min_max_args(tf.constant([1.0]), num_bits=1)
    with pytest.raises(ValueError, match="scalars"):
        tf.quantization.fake_quant_with_min_max_vars(tf.constant([1.0]), [0.0], [1.0])
