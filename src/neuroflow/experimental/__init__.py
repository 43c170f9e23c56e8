"""`tf.experimental`: TensorFlow's experimental top-level names.

>>> import neuroflow as tf
>>> print(tf.experimental.Optional.from_value(5).get_value())
tf.Tensor(5, shape=(), dtype=int32)
"""
from ..data.optional import Optional

__all__ = ["Optional"]
