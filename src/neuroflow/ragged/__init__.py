"""`tf.ragged`: tensors whose rows have different lengths.

>>> import neuroflow as tf
>>> print(tf.ragged.constant([[1, 2], [3]]))
<tf.RaggedTensor [[1, 2], [3]]>
"""
from ..framework.ragged_tensor import RaggedTensor, constant, map_flat_values

__all__ = ["RaggedTensor", "constant", "map_flat_values"]
