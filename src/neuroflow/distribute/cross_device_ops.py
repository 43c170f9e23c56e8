"""`tf.distribute.CrossDeviceOps`: how the values of a strategy's replicas are combined.

`MirroredStrategy(cross_device_ops=...)` accepts each of TensorFlow's kinds. Between processes
the transport is always MPI; these combine the `PerReplica` values of the replicas in one
process (the sum, or the mean, of their values), which is what every kind computes.

>>> import neuroflow as tf
>>> from neuroflow.distribute.values import PerReplica
>>> ops = tf.distribute.HierarchicalCopyAllReduce()
>>> ops.reduce(tf.distribute.ReduceOp.SUM, PerReplica([tf.constant(1.0), tf.constant(2.0)]), destinations=None)
<tf.Tensor: shape=(), dtype=float32, numpy=3.0>
"""
import numpy as np

from ..framework.convert import convert_to_tensor
from .reduce_op import ReduceOp, as_reduce_op
from .values import PerReplica

__all__ = ["CrossDeviceOps", "ReductionToOneDevice", "NcclAllReduce", "HierarchicalCopyAllReduce"]


class CrossDeviceOps:
    """Combines the replicas' values of a `PerReplica` (the base of the kinds below)."""

    def reduce(self, reduce_op, per_replica_value, destinations, options=None):
        """The SUM or MEAN of the replicas' values (a plain tensor is one replica's value)."""
        values = per_replica_value.values if isinstance(per_replica_value, PerReplica) else (per_replica_value,)
        total = self._accumulate([convert_to_tensor(v) for v in values])
        if as_reduce_op(reduce_op) is ReduceOp.MEAN:
            total = total / np.asarray(len(values), total.dtype.as_numpy_dtype)
        return total

    def batch_reduce(self, reduce_op, value_destination_pairs, options=None):
        """`reduce` of each `(per_replica_value, destinations)` pair."""
        return [self.reduce(reduce_op, value, destinations, options) for value, destinations in value_destination_pairs]

    def broadcast(self, tensor, destinations):
        """`tensor` on `destinations` (every replica of this process reads the same value)."""
        return convert_to_tensor(tensor)

    def _accumulate(self, tensors):
        from ..ops.math_ops import add_n
        return add_n(tensors) if len(tensors) > 1 else tensors[0]


class ReductionToOneDevice(CrossDeviceOps):
    """Reduces on one device with `accumulation_fn` (default `tf.math.add_n`)."""

    def __init__(self, reduce_to_device=None, accumulation_fn=None):
        self.reduce_to_device = reduce_to_device
        self.accumulation_fn = accumulation_fn

    def _accumulate(self, tensors):
        return self.accumulation_fn(tensors) if self.accumulation_fn is not None else super()._accumulate(tensors)


class _AllReduceCrossDeviceOps(CrossDeviceOps):
    def __init__(self, num_packs=1):
        if num_packs < 0:
            raise ValueError(f"NCCL all-reduce requires num_packs >= 0, but {num_packs} is specified")
        self.num_packs = num_packs


class NcclAllReduce(_AllReduceCrossDeviceOps):
    """TensorFlow's NCCL all-reduce (GPUs); here the replicas of a process share the CPU."""


class HierarchicalCopyAllReduce(_AllReduceCrossDeviceOps):
    """TensorFlow's hierarchical copy all-reduce (GPUs); here the replicas of a process share the CPU."""
