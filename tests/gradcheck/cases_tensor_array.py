"""Gradient cases for the tensor-list ops behind tf.TensorArray, eagerly and in a traced while loop."""
import numpy as np

import neuroflow as tf
from .harness import case


def _write_read_stack(x, y):
    ta = tf.TensorArray(tf.float64, size=3, clear_after_read=False)
    ta = ta.write(0, x).write(1, y * x).write(2, tf.sin(y))
    return ta.stack() * 2.0 + ta.read(1)


def _unstack_gather(x):
    ta = tf.TensorArray(tf.float64, size=4).unstack(x * x)
    return ta.gather([3, 0, 3])


def _scatter_concat(x, y):
    ta = tf.TensorArray(tf.float64, size=3).scatter([2, 0, 1], tf.stack([x, y, x * y]))
    return ta.concat()


def _split_read(x):
    ta = tf.TensorArray(tf.float64, size=2, clear_after_read=False).split(x, [1, 3])
    return ta.read(1) * ta.read(0)


@tf.function
def _loop_writes(x):
    """Writes x * i at step i of a while loop, then reads the array back."""
    ta = tf.TensorArray(tf.float64, size=4)
    _, ta = tf.while_loop(lambda i, ta: i < 4, lambda i, ta: (i + 1, ta.write(i, x * tf.cast(i + 1, tf.float64))),
                          [0, ta])
    return ta.stack() * ta.stack()


CASES = [
    case("TensorArray write/read/stack", _write_read_stack, (2,), (2,)),
    case("TensorArray unstack/gather", _unstack_gather, (4, 2)),
    case("TensorArray scatter/concat", _scatter_concat, (2,), (2,)),
    case("TensorArray split/read", _split_read, (4,)),
    case("TensorArray in a traced while loop", _loop_writes, (3,)),
]
