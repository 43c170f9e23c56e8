"""Gradient cases for the graph layer's ops: `Case` (tf.cond in a graph) and `ReadVariableOp`.

A tf.function called while a tape records replays its graph op by op, so the tape sees
these ops and differentiates them like any other.
"""
import numpy as np

import neuroflow as tf
from .harness import case

_SCALE = tf.Variable(np.array([1.5, -2.0, 0.5]))


@tf.function
def _cond(x, y):
    return tf.cond(tf.reduce_sum(x) > 0, lambda: x * y + tf.sin(x), lambda: x - y * y)


@tf.function
def _read(x):
    return x * _SCALE.read_value()


CASES = [
    case("cond, true branch", _cond, np.array([1.0, 0.5, 2.0]), (3,)),
    case("cond, false branch", _cond, np.array([-1.0, -0.5, 2.0]), (3,)),
    case("cond, second order", lambda x: _cond(x, x), np.array([0.5, 1.0, 0.2]), second_order=True),
    case("read a variable", _read, (3,)),
]


@tf.function
def _power_loop(x, y):
    """x * y**3 by three iterations of a while loop."""
    return tf.while_loop(lambda i, acc: i < 3, lambda i, acc: (i + 1, acc * y), [tf.constant(0), x])[1]


CASES.append(case("while_loop", _power_loop, (3,), np.array([0.5, 1.5, -1.0])))
