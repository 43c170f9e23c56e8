"""`tf.experimental`: TensorFlow's experimental names (row partitions, structured tensors).

>>> import neuroflow as tf
>>> print(tf.experimental.RowPartition.from_row_lengths([2, 0, 1]))
tf.RowPartition(row_splits=[0 2 2 3])
"""
from ..framework.row_partition import RowPartition
from ..framework.structured_tensor import StructuredTensor
from ..ops import ragged_operators  # noqa: F401 - installs Python operators on RaggedTensor

__all__ = ["RowPartition", "StructuredTensor"]
