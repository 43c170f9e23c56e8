"""A TensorArray built from constants inside a tf.function: constant folding keeps its lists intact."""
import numpy as np

import neuroflow as tf


def test_fibonacci_from_a_constant_unstack():
    @tf.function
    def fibonacci(n):
        ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
        ta = ta.unstack([0.0, 1.0])
        for i in range(2, n):
            ta = ta.write(i, ta.read(i - 1) + ta.read(i - 2))
        return ta.stack()
    np.testing.assert_array_equal(fibonacci(7).numpy(), [0, 1, 1, 2, 3, 5, 8])
    np.testing.assert_array_equal(fibonacci(3).numpy(), [0, 1, 1])
