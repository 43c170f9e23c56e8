"""The ops that all-reduce tensors across replicas, eagerly or in a graph.

`CollectiveAllReduce` is one bucketed collective. `CollectiveAllReduceStart` /
`CollectiveAllReduceWait` split one into non-blocking parts: each start packs a bucket and
starts its all-reduce, the wait finishes them all (see `gradient_buckets`). Inside a traced
`tf.function` (the compiled Keras step) each is one stateful graph node that communicates when
the step runs; while tracing they only return stand-ins of the right shapes.

>>> import neuroflow as tf
>>> from neuroflow.distribute.communicator import LocalCommunicator
>>> all_reduce([tf.constant([1.0, 2.0])], LocalCommunicator())[0].numpy()
array([1., 2.], dtype=float32)
"""
import numpy as np

from ..framework.context import state
from ..ops.registry import as_tensor, op

__all__ = ["all_reduce", "all_reduce_start", "all_reduce_wait"]


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


def _all_reduce_start(xp, *arrays, buckets, index):
    if state.graph is None:
        buckets.start(index, arrays)
    return xp.asarray(index, np.int64)


def _all_reduce_wait(xp, *arrays, buckets, tokens, on_result):
    last = arrays[tokens:]
    if state.graph is not None:
        return tuple(xp.zeros(shape, dtype) for shape, dtype in buckets.specs) + tuple(xp.array(a) for a in last)
    results = buckets.wait(last)
    if on_result is not None:
        on_result(results)
    return tuple(results)


_start_kernel = op("CollectiveAllReduceStart", stateful=True)(_all_reduce_start)
_wait_kernel = op("CollectiveAllReduceWait", stateful=True)(_all_reduce_wait)


def all_reduce_start(tensors, buckets, index):
    """Starts the all-reduce of bucket `index` of `buckets` (a `gradient_buckets.GradientBuckets`)
    holding `tensors`; returns a token for `all_reduce_wait`."""
    return _start_kernel(*[as_tensor(t) for t in tensors], buckets=buckets, index=index)


def all_reduce_wait(tokens, tensors, buckets, on_result=None):
    """All-reduces `tensors` (the last bucket) and waits for the buckets the `tokens` started; returns
    their results in start order, then those of `tensors`. `on_result` as for `all_reduce`."""
    return list(_wait_kernel(*tokens, *[as_tensor(t) for t in tensors], buckets=buckets, tokens=len(tokens),
                             on_result=on_result))
