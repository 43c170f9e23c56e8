"""`tf.ragged`: tensors whose rows have different lengths.

>>> import neuroflow as tf
>>> print(tf.ragged.constant([[1, 2], [3]]))
<tf.RaggedTensor [[1, 2], [3]]>
"""
from ..framework.ragged_tensor import RaggedTensor, constant, map_flat_values
from ..ops.ragged_ops import (boolean_mask, cross, cross_hashed, ragged_range as range, row_splits_to_segment_ids,
                              segment_ids_to_row_splits, stack, stack_dynamic_partitions)

__all__ = ["RaggedTensor", "boolean_mask", "constant", "cross", "cross_hashed", "map_flat_values", "range",
           "row_splits_to_segment_ids", "segment_ids_to_row_splits", "stack", "stack_dynamic_partitions"]
