"""`tf.experimental`: TensorFlow's experimental top-level names (extension types and API dispatch,
`Optional`, row partitions, structured tensors).

>>> import neuroflow as tf
>>> class Pair(tf.experimental.ExtensionType):
...     first: tf.Tensor
...     second: int = 0
>>> Pair(1.5).second
0
>>> print(tf.experimental.Optional.from_value(5).get_value())
tf.Tensor(5, shape=(), dtype=int32)
>>> print(tf.experimental.RowPartition.from_row_lengths([2, 0, 1]))
tf.RowPartition(row_splits=[0 2 2 3])
"""
from ..data.optional import Optional
from .dispatch import (
    dispatch_for_api, dispatch_for_binary_elementwise_apis, dispatch_for_binary_elementwise_assert_apis,
    dispatch_for_unary_elementwise_apis, unregister_dispatch_for)
from ..framework.extension_type import ExtensionType
from ..framework.row_partition import RowPartition
from ..framework.structured_tensor import StructuredTensor
from ..ops import ragged_operators  # noqa: F401 - installs Python operators on RaggedTensor

__all__ = ["ExtensionType", "Optional", "RowPartition", "StructuredTensor", "dispatch_for_api",
           "dispatch_for_binary_elementwise_apis", "dispatch_for_binary_elementwise_assert_apis",
           "dispatch_for_unary_elementwise_apis", "unregister_dispatch_for"]
