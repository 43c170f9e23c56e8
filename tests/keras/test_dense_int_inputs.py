"""Dense on integer inputs promotes them to the kernel's float dtype, as Keras 3's ops.matmul does."""
import numpy as np

import neuroflow as tf
from neuroflow import keras


def test_dense_accepts_integer_inputs():
    layer = keras.layers.Dense(2, kernel_initializer="ones", bias_initializer="zeros")
    out = layer(tf.constant([[1, 2]]))
    assert out.dtype == tf.float32
    np.testing.assert_array_equal(out.numpy(), [[3.0, 3.0]])
    model = keras.Sequential([keras.layers.Lambda(lambda x: x), keras.layers.Dense(1, kernel_initializer="ones")])
    np.testing.assert_array_equal(model(tf.constant([[1, 2, 3]], tf.int64)).numpy(), [[6.0]])
