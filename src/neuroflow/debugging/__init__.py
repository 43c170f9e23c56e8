"""`tf.debugging`: assertions on values, ranks, dtypes and shapes, and NaN/Inf checks (re-exports).

>>> import neuroflow as tf
>>> tf.debugging.assert_less(tf.constant([1, 2]), 3)
>>> tf.debugging.assert_rank(tf.zeros([2, 3]), 2)
"""
from .asserts import *  # noqa: F401,F403
from .numerics import *  # noqa: F401,F403
