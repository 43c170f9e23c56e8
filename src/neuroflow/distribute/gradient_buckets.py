"""The gradient all-reduce of a training step, overlapped with its backward pass.

`GradientBuckets` receives each trainable variable's gradient from the `GradientTape` as soon
as backprop has completed it (the last layers' first), packs the ready gradients into buckets
of at least `bucket_bytes`, and starts each full bucket's non-blocking `Iallreduce` at once (a
`CollectiveAllReduceStart` op, so inside the compiled step too) while backprop goes on with the
earlier layers. `finish` (called by the optimizer's gradient aggregation) all-reduces what is
left as the last bucket and waits for all of them. The sums are those of one blocking
all-reduce; only when the communication happens changes.

MPICH advances non-blocking collectives only inside MPI calls (each bucket's start advances the
ones before it), or all the time on a helper thread with `MPIR_CVAR_ASYNC_PROGRESS=1`.

>>> import neuroflow as tf
>>> from neuroflow.distribute.communicator import LocalCommunicator
>>> w = tf.Variable([1.0, 2.0])
>>> buckets = GradientBuckets(LocalCommunicator(), [w], bucket_bytes=4)
>>> with tf.GradientTape() as tape:
...     loss = tf.reduce_sum(w * w)
>>> tape._gradient_ready = buckets.ready
>>> grads = tape.gradient(loss, [w])
>>> buckets.started  # the gradient of w, started as soon as backprop completed it
[[0]]
>>> buckets.finish(grads)[0][0].numpy()
array([2., 4.], dtype=float32)
"""
import numpy as np

from .collective_ops import all_reduce_start, all_reduce_wait
from .communicator import _Layout

__all__ = ["GradientBuckets"]

_ONE_BUFFER = 1 << 62  # a bucket's layout: one flat buffer per dtype, however large


class GradientBuckets:
    """The buckets of one traced step's gradients (see the module docstring).

    Args:
        communicator: the strategy's communicator.
        variables: the trainable variables, in the order the tape's sources list them.
        bucket_bytes: a bucket starts once its gradients hold at least this many bytes.
    """

    def __init__(self, communicator, variables, bucket_bytes):
        self._communicator = communicator
        self.variables = list(variables)
        self.grads = [None] * len(self.variables)  # as the tape handed them over
        self.bucket_bytes = int(bucket_bytes)
        self.started = []  # the variable indices of each bucket started during backprop
        self.specs = []  # (shape, dtype) of their gradients, in start order
        self._open, self._open_bytes, self._tokens = [], 0, []
        self._layouts = []  # at run time: each bucket's `_Layout`, made on its first run

    # --- while tracing (or running eagerly) ------------------------------------------------
    def ready(self, i, grad):
        """The tape's callback: the gradient of `variables[i]` is complete."""
        if self.grads[i] is not None:  # a variable listed twice
            return
        self.grads[i] = grad
        self._open.append(i)
        self._open_bytes += int(np.prod(grad.shape, dtype=np.int64)) * grad.dtype.size
        if self._open_bytes >= self.bucket_bytes:
            indices, self._open, self._open_bytes = self._open, [], 0
            self.started.append(indices)
            self.specs += [(tuple(self.grads[j].shape), self.grads[j].dtype.as_numpy_dtype) for j in indices]
            self._tokens.append(all_reduce_start([self.grads[j] for j in indices], self, len(self.started) - 1))

    def handles(self, grads, variables):
        """Whether `grads` are the gradients handed over for `variables` (the optimizer's arguments)."""
        return ([id(v) for v in variables] == [id(v) for v in self.variables]
                and all(grads[i] is self.grads[i] for b in self.started for i in b))

    def finish(self, grads, extras=(), on_result=None):
        """`(reduced grads, reduced extras)`: the sums over the replicas of `grads` (those of
        `handles`; None stays None) and of `extras` (tensors that travel in the last bucket)."""
        done = {i for b in self.started for i in b}
        last = [i for i, g in enumerate(grads) if g is not None and i not in done]
        reduced = all_reduce_wait(self._tokens, [grads[i] for i in last] + list(extras), self, on_result)
        out = list(grads)
        order = [i for b in self.started for i in b] + last
        for i, g in zip(order, reduced):
            out[i] = g
        return out, reduced[len(order):]

    # --- at run time (the kernels of the ops) ----------------------------------------------
    def _layout(self, index, arrays):
        if index == len(self._layouts):
            self._layouts.append(_Layout(arrays, _ONE_BUFFER))
        return self._layouts[index]

    def start(self, index, arrays):
        """Packs bucket `index` and starts its all-reduce."""
        self._communicator.start_allreduce(self._layout(index, arrays), arrays)

    def wait(self, last):
        """Starts the all-reduce of the `last` arrays and waits for every bucket; returns the results
        (views of the buckets, valid until the next step)."""
        if last:
            self._communicator.start_allreduce(self._layout(len(self.started), last), last)
        self._communicator.wait_allreduce()
        return [view for layout in self._layouts[:len(self.started) + bool(last)] for view in layout.views]
