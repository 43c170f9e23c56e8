"""`tf.bitwise`: bitwise and/or/xor, invert and shifts on integer tensors (re-exports).

>>> import neuroflow as tf
>>> tf.bitwise.bitwise_and(tf.constant([12, 10]), 6).numpy()
array([4, 2], dtype=int32)
>>> tf.bitwise.left_shift(tf.constant([1, 3], tf.uint8), tf.constant(2, tf.uint8)).numpy()
array([ 4, 12], dtype=uint8)
"""
from ..ops.comparison_ops import bitwise_and, bitwise_or, bitwise_xor, invert, left_shift, right_shift  # noqa: F401
