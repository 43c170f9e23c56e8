"""`tf.experimental`: TensorFlow's experimental names (extension types and API dispatch).

>>> import neuroflow as tf
>>> class Pair(tf.experimental.ExtensionType):
...     first: tf.Tensor
...     second: int = 0
>>> Pair(1.5).second
0
"""
from .dispatch import (  # noqa: F401
    dispatch_for_api, dispatch_for_binary_elementwise_apis, dispatch_for_binary_elementwise_assert_apis,
    dispatch_for_unary_elementwise_apis, unregister_dispatch_for)
from ..framework.extension_type import ExtensionType  # noqa: F401
