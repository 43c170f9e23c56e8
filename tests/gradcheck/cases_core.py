"""Gradient cases for the core arithmetic, shape and reduction ops."""
import numpy as np

import neuroflow as tf
from .harness import case

POSITIVE = np.array([[0.5, 1.5, 2.0], [1.2, 0.7, 3.0]])

CASES = [
    case("add broadcast", lambda x, y: x + y, (2, 3), (3,), second_order=True),
    case("subtract broadcast", lambda x, y: x - y, (2, 1), (1, 3)),
    case("multiply broadcast", lambda x, y: x * y, (2, 3), (2, 1), second_order=True),
    case("divide", lambda x, y: x / y, (2, 3), POSITIVE, second_order=True),
    case("negative", lambda x: -x, (3,)),
    case("square", lambda x: tf.square(x), (2, 2), second_order=True),
    case("sqrt", lambda x: tf.sqrt(x), POSITIVE, second_order=True),
    case("exp", lambda x: tf.exp(x), (2, 3), second_order=True),
    case("log", lambda x: tf.math.log(x), POSITIVE, second_order=True),
    case("cast float64->float32->float64", lambda x: tf.cast(tf.cast(x, tf.float32), tf.float64) * x,
         (3,), rtol=2e-2, atol=2e-2),  # float32 round trip: finite differences are coarse
    case("matmul", lambda a, b: tf.matmul(a, b), (2, 3), (3, 4), second_order=True),
    case("matmul transposed", lambda a, b: tf.matmul(a, b, transpose_a=True, transpose_b=True),
         (3, 2), (4, 3)),
    case("batch matmul broadcast", lambda a, b: a @ b, (2, 2, 3), (3, 2)),
    case("conj (adjoint matmul)", lambda a, b: tf.matmul(a, b, adjoint_b=True), (2, 3), (2, 3)),
    case("reshape", lambda x: tf.reshape(x, [3, 2]) * tf.constant([[1.0, 2.0]] * 3, tf.float64), (2, 3)),
    case("transpose", lambda x: tf.transpose(x, [1, 0, 2]), (2, 3, 2)),
    case("broadcast_to", lambda x: tf.broadcast_to(x, [4, 3]), (1, 3)),
    case("identity", lambda x: tf.identity(x) * x, (3,)),
    case("reduce_sum axis", lambda x: tf.reduce_sum(x, axis=1), (2, 3), second_order=True),
    case("reduce_sum keepdims", lambda x: tf.reduce_sum(x * x, axis=[0], keepdims=True), (2, 3)),
    case("reduce_mean", lambda x: tf.reduce_mean(x, axis=0), (4, 3)),
    case("relu", lambda x: tf.nn.relu(x) * x, np.array([-1.0, 0.5, 2.0, -0.3]), second_order=True),
    case("abs", lambda x: tf.abs(x), np.array([-1.0, 0.5, 2.0])),
]
