"""`tf.distribute.ReduceOp`: how values from the replicas combine.

>>> ReduceOp.SUM.value
'SUM'
"""
import enum

__all__ = ["ReduceOp", "as_reduce_op"]


class ReduceOp(enum.Enum):
    """`SUM` adds the replicas' values; `MEAN` averages them."""

    SUM = "SUM"
    MEAN = "MEAN"

    @staticmethod
    def from_variable_aggregation(aggregation):
        name = str(getattr(aggregation, "value", aggregation)).upper()
        if name not in ("SUM", "MEAN"):
            raise ValueError(f"Could not convert from `tf.VariableAggregation` {aggregation!r} to `tf.distribute.ReduceOp`.")
        return ReduceOp[name]


def as_reduce_op(reduce_op):
    """A `ReduceOp` from one or its name ("SUM", "mean", ...).

    >>> as_reduce_op("mean")
    <ReduceOp.MEAN: 'MEAN'>
    """
    return ReduceOp(reduce_op.value if isinstance(reduce_op, ReduceOp) else str(reduce_op).upper())
