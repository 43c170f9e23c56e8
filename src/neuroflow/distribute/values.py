"""Distributed values: one value per replica of this process (`PerReplica`), mirrored variables.

A strategy with several replicas in one process (`MirroredStrategy(["GPU:0", "GPU:1"])`) hands
out a `PerReplica` wherever each replica has its own value: the result of `strategy.run`, a
batch of a distributed dataset, `experimental_distribute_values_from_function`. Variables made
in its scope are `MirroredVariable`s: one value, the same on every replica; an update inside
`strategy.run` combines the replicas' updates by the variable's `aggregation`, as TensorFlow does.

>>> import neuroflow as tf
>>> PerReplica((tf.constant(1), tf.constant(2)))
PerReplica:{
  0: <tf.Tensor: shape=(), dtype=int32, numpy=1>,
  1: <tf.Tensor: shape=(), dtype=int32, numpy=2>
}
"""
import numpy as np

from ..framework import nest
from ..framework.convert import convert_to_tensor
from ..framework.variable import Variable, VariableAggregation

__all__ = ["DistributedValues", "PerReplica", "MirroredVariable", "PerReplicaSpec", "regroup", "select_replica"]


class DistributedValues:
    """A value per replica (`tf.distribute.DistributedValues`); `values` lists them by replica."""

    def __init__(self, values):
        self._values = tuple(values)

    @property
    def values(self):
        return self._values

    def __repr__(self):
        lines = ",\n".join(f"  {i}: {v!r}" for i, v in enumerate(self._values))
        return f"{type(self).__name__}:{{\n{lines}\n}}"

    def __str__(self):
        lines = ",\n".join(f"  {i}: {v}" for i, v in enumerate(self._values))
        return f"{type(self).__name__}:{{\n{lines}\n}}"


class PerReplica(DistributedValues):
    """Values that differ between the replicas (see the module docstring)."""


class PerReplicaSpec:
    """The type of a `PerReplica`: one `TensorSpec` per replica."""

    def __init__(self, *value_specs):
        self._value_specs = tuple(value_specs)

    def __eq__(self, other):
        return isinstance(other, PerReplicaSpec) and self._value_specs == other._value_specs

    def __hash__(self):
        return hash(self._value_specs)

    def __repr__(self):
        return f"PerReplicaSpec({', '.join(repr(s) for s in self._value_specs)})"


class MirroredVariable(Variable):
    """A variable created in the scope of a strategy with several replicas in this process: one
    value that every replica reads and updates (printed once per replica, as TensorFlow does)."""

    _replicas = 1

    def assign(self, value, use_locking=None, name=None, read_value=True):
        new = self._aggregated(value, lambda current, combined: combined)
        return Variable.assign(self, value if new is None else new, use_locking, name, read_value)

    def assign_add(self, delta, use_locking=None, name=None, read_value=True):
        new = self._aggregated(delta, lambda current, combined: current + combined)
        if new is None:
            return Variable.assign_add(self, delta, use_locking, name, read_value)
        return Variable.assign(self, new, use_locking, name, read_value)

    def assign_sub(self, delta, use_locking=None, name=None, read_value=True):
        new = self._aggregated(delta, lambda current, combined: current - combined)
        if new is None:
            return Variable.assign_sub(self, delta, use_locking, name, read_value)
        return Variable.assign(self, new, use_locking, name, read_value)

    def _aggregated(self, value, combine):
        """Inside `strategy.run` with several replicas here: the value every replica assigns, from
        all replicas' updates combined by the variable's `aggregation` (read before any applies
        it, so each replica assigns the same value); elsewhere None (a plain update)."""
        from .distribute_lib import _contexts  # on first use: distribute_lib builds on this module
        context = _contexts.replica[-1] if _contexts.replica else None
        exchange = getattr(context, "_exchange", None)
        if exchange is None or self._replicas == 1:
            return None
        if self.aggregation == VariableAggregation.NONE:
            raise ValueError(
                "You must specify an aggregation method to update a MirroredVariable in Replica Context. You can do "
                "so by passing an explicit value for argument `aggregation` to tf.Variable(..), e.g. "
                "`tf.Variable(..., aggregation=tf.VariableAggregation.SUM)`.")
        current = convert_to_tensor(self)
        values = exchange(context._replica_id, convert_to_tensor(value, self.dtype))
        if self.aggregation == VariableAggregation.ONLY_FIRST_REPLICA:
            combined = values[0]
        else:
            combined = values[0]
            for other in values[1:]:
                combined = combined + other
            if self.aggregation == VariableAggregation.MEAN:
                combined = combined / np.asarray(len(values), self.dtype.as_numpy_dtype)
        return combine(current, combined)

    def __repr__(self):
        one = Variable.__repr__(self)
        lines = ",\n".join(f"  {i}: {one}" for i in range(self._replicas))
        return f"MirroredVariable:{{\n{lines}\n}}"

    __str__ = __repr__


def select_replica(replica_id, structure):
    """`structure` with each `PerReplica` replaced by its value on replica `replica_id`."""
    return nest.map_structure(lambda v: v.values[replica_id] if isinstance(v, PerReplica) else v, structure)


def regroup(results):
    """The replicas' results (same structures) as one structure of `PerReplica` values; a leaf that
    is the same object on every replica (a variable, say) stays itself."""

    def group(*values):
        return values[0] if all(v is values[0] for v in values) else PerReplica(values)
    return nest.map_structure(group, *results)
