"""`CollectiveAllReduce`: the op that all-reduces tensors across replicas, eagerly or in a graph.

Inside a traced `tf.function` (the compiled Keras step) it is one stateful graph node, so the
gradients of a compiled step travel in one bucketed collective when the step runs. While
tracing it only returns stand-ins of the right shapes (no communication).

>>> import neuroflow as tf
>>> from neuroflow.distribute.communicator import LocalCommunicator
>>> all_reduce([tf.constant([1.0, 2.0])], LocalCommunicator())[0].numpy()
array([1., 2.], dtype=float32)
"""
from ..framework.context import state
from ..ops.registry import as_tensor, op

__all__ = ["all_reduce"]


def _all_reduce(xp, *arrays, communicator, reduction, reuse, on_result):
    if state.graph is not None:  # shape inference while tracing: no communication
        return tuple(xp.array(a, copy=True) for a in arrays)
    results = communicator.allreduce(arrays, reduction, reuse=reuse)
    if on_result is not None:
        on_result(results)
    return tuple(results)


_all_reduce_kernel = op("CollectiveAllReduce", stateful=True)(_all_reduce)


def all_reduce(tensors, communicator, reduction="sum", reuse=False, on_result=None):
    """The element-wise `reduction` ("sum", "max", "min") of each tensor over the ranks.

    `reuse=True` (gradients, consumed at once) keeps the transport's buffers from call to call:
    the results are valid until the next such call. `on_result(arrays)`, when given, receives
    the reduced arrays each time the op runs (also inside a compiled function).
    """
    if not tensors:
        return []
    return list(_all_reduce_kernel(*[as_tensor(t) for t in tensors], communicator=communicator,
                                   reduction=reduction, reuse=reuse, on_result=on_result))
