"""`tf.experimental`: TensorFlow's experimental top-level names (extension types and API dispatch,
`Optional`).

>>> import neuroflow as tf
>>> class Pair(tf.experimental.ExtensionType):
...     first: tf.Tensor
...     second: int = 0
>>> Pair(1.5).second
0
>>> print(tf.experimental.Optional.from_value(5).get_value())
tf.Tensor(5, shape=(), dtype=int32)
"""
from ..data.optional import Optional
from ..framework.dispatch import (
    dispatch_for_api, dispatch_for_binary_elementwise_apis, dispatch_for_binary_elementwise_assert_apis,
    dispatch_for_unary_elementwise_apis, unregister_dispatch_for)
from ..framework.extension_type import ExtensionType

__all__ = ["ExtensionType", "Optional", "dispatch_for_api", "dispatch_for_binary_elementwise_apis",
           "dispatch_for_binary_elementwise_assert_apis", "dispatch_for_unary_elementwise_apis",
           "unregister_dispatch_for"]
