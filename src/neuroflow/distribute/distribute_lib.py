"""`tf.distribute.Strategy` and the replica/cross-replica contexts.

A strategy runs one replica per process: `MultiWorkerMirroredStrategy` under `mpiexec -n N`
has N replicas, one per MPI rank, each running the same program on its share of every global
batch. Variables created in `scope()` are mirrored: rank 0's initial values are broadcast at
the next collective (after checking that every rank created the same shapes). Keras `fit`,
`evaluate` and `predict` inside the scope split each global batch across the ranks,
all-reduce the gradients and keep the metrics global.

>>> import neuroflow as tf
>>> strategy = tf.distribute.get_strategy()  # the default strategy: one replica
>>> strategy.num_replicas_in_sync
1
>>> with strategy.scope():
...     v = tf.Variable(2.0)
>>> float(strategy.reduce(tf.distribute.ReduceOp.SUM, strategy.run(lambda: v * 3), axis=None))
6.0
"""
import contextlib
import threading

import numpy as np

from ..framework import nest, replicas
from ..framework.convert import convert_to_tensor
from ..framework.tensor import Tensor
from ..framework.variable import Variable
from ..graph.function import Function
from ..graph.replay import outside_graph
from .collective_ops import all_reduce
from .communicator import LocalCommunicator
from .gradient_buckets import GradientBuckets
from .input_context import InputContext, ValueContext
from .input_lib import DistributedDataset, PerWorkerDataset
from .lockstep import Lockstep
from .reduce_op import ReduceOp, as_reduce_op
from .values import MirroredVariable, PerReplica, regroup, select_replica

__all__ = ["Strategy", "StrategyExtended", "ReplicaContext", "get_strategy",
           "has_strategy", "in_cross_replica_context", "get_replica_context", "get_cross_replica_context",
           "is_chief", "experimental_set_strategy"]


class _Contexts(threading.local):
    def __init__(self):
        self.replica = []  # ReplicaContexts of the `strategy.run` calls in progress


_contexts = _Contexts()


def is_chief():
    """True on the process that prints progress and writes checkpoints and logs (rank 0).

    >>> is_chief()
    True
    """
    return replicas.is_chief()


def _reduce(communicator, reduce_op, tensors):
    """SUM or MEAN of each tensor over the replicas (a graph node while tracing)."""
    reduce_op = as_reduce_op(reduce_op)
    if communicator.size == 1:
        return [convert_to_tensor(t) for t in tensors]
    reduced = all_reduce(tensors, communicator, "sum")
    if reduce_op is ReduceOp.MEAN:
        reduced = [t / np.asarray(communicator.size, t.dtype.as_numpy_dtype) for t in reduced]
    return reduced


class StrategyExtended:
    """What a strategy does underneath: its transport, mirrored variables, input splitting."""

    def __init__(self, container_strategy, communicator=None, cluster_resolver=None, local_replicas=1):
        self._container_strategy = container_strategy
        self._communicator = communicator or LocalCommunicator()
        self._local_replicas = int(local_replicas)  # replicas in this process (run one after the other)
        self._cluster_resolver = cluster_resolver
        self._pending = []  # variables created in scope and not yet mirrored
        self._checked_gradients = False
        self._metrics_to_fold = []  # metric variables the next gradient all-reduce sums too
        self._metric_sums = None  # (metric variables, their sums over the replicas) of the last step
        self._overlap = True  # Keras steps start gradient all-reduces during backprop (`_overlap_backward`)
        self._buckets = None  # the GradientBuckets that backprop started, until the optimizer finishes them

    @property
    def worker_devices(self):
        return ("/job:worker/replica:0/task:%d/device:CPU:0" % self._communicator.rank,)

    parameter_devices = worker_devices

    @property
    def should_checkpoint(self):
        return replicas.is_chief()

    should_save_summary = should_checkpoint

    @property
    def experimental_between_graph(self):
        return self._communicator.size > 1

    # --- mirrored variables ------------------------------------------------------------------
    def _variable_created(self, variable):
        variable._distribute_owner = self
        if self._local_replicas > 1:  # one value for the replicas of this process
            variable.__class__, variable._replicas = MirroredVariable, self._local_replicas
        if self._communicator.size > 1:
            self._pending.append(variable)

    def variable_created_in_scope(self, v):
        """True if `v` was created while this strategy's `scope()` was open.

        >>> import neuroflow as tf
        >>> strategy = tf.distribute.get_strategy()
        >>> strategy.extended.variable_created_in_scope(tf.Variable(1.0))
        False
        """
        return getattr(v, "_distribute_owner", None) is self

    def _mirror(self, variables):
        """Broadcasts rank 0's values of `variables` (after checking that all ranks have the same shapes)."""
        if not variables:
            return
        comm = self._communicator
        description = "[" + ", ".join(f"{v.name} {tuple(v.shape)} {v.dtype.name}" for v in variables) + "]"
        comm.check_same(description, "The variables created in strategy.scope()")
        for variable, value in zip(variables, comm.broadcast([np.asarray(v.numpy()) for v in variables])):
            variable.assign(value)

    def _sync_pending(self, only=None, exclude=()):
        """Mirrors the pending variables (those in `only` when given; `exclude`d ones are dropped)."""
        if not self._pending:
            return
        skip = {id(v) for v in exclude}
        keep = None if only is None else {id(v) for v in only}
        ready = [v for v in self._pending if id(v) not in skip and (keep is None or id(v) in keep)]
        self._pending = [v for v in self._pending if id(v) not in skip and keep is not None and id(v) not in keep]
        with outside_graph():  # while tracing too: every rank traces the same function
            self._mirror(ready)

    # --- gradients (called by optimizers) ------------------------------------------------------
    def _fold_metrics(self, metric_variables):
        """Called by Keras's `train_step` (after updating the metrics, before applying the gradients):
        the next gradient all-reduce also sums these metric variables, so that one collective per
        step carries both; `_global_metrics` then reads the sums instead of all-reducing again."""
        self._metrics_to_fold = list(metric_variables)

    @contextlib.contextmanager
    def _overlap_backward(self, tape, variables):
        """Called by Keras's `train_step` around `tape.gradient(loss, variables)`: each bucket of
        gradients starts its all-reduce as soon as backprop has completed it (see
        `gradient_buckets`); the optimizer's `_aggregate_gradients` then finishes them."""
        comm = self._communicator
        if comm.size == 1 or not self._overlap:
            yield
            return
        self._sync_pending(only=variables)
        self._check_gradients(variables)
        buckets = GradientBuckets(comm, variables, comm.bucket_bytes)
        tape._gradient_ready = buckets.ready
        try:
            yield
        finally:
            tape._gradient_ready = None
        self._buckets = buckets

    def _check_gradients(self, variables):
        """At the first gradient all-reduce: a clear error when the ranks' trainable weights differ."""
        if not self._checked_gradients:
            with outside_graph():
                self._communicator.check_same("[" + ", ".join(f"{v.name} {tuple(v.shape)}" for v in variables) + "]",
                                              "The gradients (the models' trainable weights)")
            self._checked_gradients = True

    def _aggregate_gradients(self, grads, variables):
        """The SUM of each gradient over the replicas, in one bucketed all-reduce (with the metric
        variables `_fold_metrics` named, if any); finishes the buckets `_overlap_backward` started."""
        comm = self._communicator
        folded, self._metrics_to_fold = self._metrics_to_fold, []
        buckets, self._buckets = self._buckets, None
        if self._local_replicas > 1 and _contexts.replica:
            raise NotImplementedError(
                f"Applying gradients inside strategy.run with {self._local_replicas} replicas in one process is not "
                "supported: its replicas run one after the other. Train in one replica per process (launch N "
                "processes with `mpiexec -n N` or `python -m neuroflow.distribute.launch -n N`), or use "
                "Model.fit, which trains this process's replicas as one.")
        if comm.size == 1:
            return list(grads)
        on_result = None
        if folded:
            def on_result(arrays, variables=folded):  # the metric sums of this step (views, valid until the next)
                self._metric_sums = (variables, arrays[len(arrays) - len(variables):])
        extras = [v.value() for v in folded]
        if buckets is not None and buckets.started and buckets.handles(grads, variables):
            return buckets.finish(grads, extras, on_result)[0]
        self._sync_pending(only=variables)
        present = [i for i, g in enumerate(grads) if g is not None]
        self._check_gradients([variables[i] for i in present])
        reduced = all_reduce([grads[i] for i in present] + extras, comm, "sum", reuse=True, on_result=on_result)
        out = list(grads)
        for i, g in zip(present, reduced):
            out[i] = g
        return out

    # --- input -------------------------------------------------------------------------------
    def _local_batch(self, batch):
        """This replica's contiguous part of a global batch (parts differ in size by at most one)."""
        comm = self._communicator
        if comm.size == 1:
            return batch
        flat = nest.flatten(batch)
        size = flat[0].shape[0]
        if size < comm.size:
            raise ValueError(
                f"A global batch of {size} samples cannot be split across {comm.size} replicas: every replica "
                "needs at least one sample per step. Use a batch size that is a multiple of the replica count "
                "and drop the last partial batch (`dataset.batch(..., drop_remainder=True)`).")
        lo, hi = comm.rank * size // comm.size, (comm.rank + 1) * size // comm.size
        parts = [x[lo:hi] if isinstance(x, (Tensor, np.ndarray)) else convert_to_tensor(x)[lo:hi] for x in flat]
        return nest.pack_sequence_as(batch, parts)

    def _prepare_training(self, model, align_rng=True):
        """Before `fit`/`evaluate`/`predict` (and the `*_on_batch` methods): mirror the model's new
        variables; with `align_rng`, align the host RNG (the same shuffling on every replica)."""
        comm = self._communicator
        if comm.size == 1:
            return
        metric_variables = [v for m in model.metrics for v in m.variables]
        self._sync_pending(exclude=metric_variables)
        if not align_rng:
            return
        key, pos, has_gauss, gauss = np.random.get_state()[1:]
        key, meta = comm.broadcast([np.asarray(key), np.array([pos, has_gauss, gauss], np.float64)])
        np.random.set_state(("MT19937", key, int(meta[0]), int(meta[1]), float(meta[2])))

    def _global_metrics(self, model):
        """The model's metric results over all replicas (their states summed), as Python floats.

        The sums come from the step's gradient all-reduce when they travelled with it (see
        `_fold_metrics`), else from an all-reduce of their own."""
        variables = [v for m in model.metrics for v in m.variables]
        local = [np.array(v.numpy(), copy=True) for v in variables]
        folded, self._metric_sums = self._metric_sums, None
        if folded is not None and [id(v) for v in folded[0]] == [id(v) for v in variables]:
            totals = folded[1]
        else:
            totals = self._communicator.allreduce(local)
        for variable, total in zip(variables, totals):
            variable.assign(total)
        results = nest.map_structure(lambda t: float(np.asarray(t)) if np.ndim(t) == 0 else np.asarray(t),
                                     model.get_metrics_result())
        for variable, value in zip(variables, local):
            variable.assign(value)
        return results

    def _gather_outputs(self, arrays):
        return [self._communicator.allgather(a) for a in arrays]


class ReplicaContext:
    """The context of one replica inside `strategy.run` (or the default one outside any scope)."""

    def __init__(self, strategy, replica_id_in_sync_group=0, exchange=None):
        self._strategy = strategy
        self._replica_id = replica_id_in_sync_group
        self._exchange = exchange  # with several replicas in this process: `Lockstep`'s exchange

    strategy = property(lambda self: self._strategy)
    num_replicas_in_sync = property(lambda self: self._strategy.num_replicas_in_sync)

    @property
    def replica_id_in_sync_group(self):
        return convert_to_tensor(self._replica_id, dtype="int32")

    def all_reduce(self, reduce_op, value, options=None):
        """`value` (a tensor or nested structure) reduced over all replicas with SUM or MEAN."""
        flat = nest.flatten(value)
        if self._exchange is not None:  # the replicas of this process: their values are gathered here
            reduce_op = as_reduce_op(reduce_op)
            from ..ops.math_ops import add_n
            values = self._exchange(self._replica_id, [convert_to_tensor(v) for v in flat])
            flat = [add_n(list(vs)) for vs in zip(*values)]
            if reduce_op is ReduceOp.MEAN:
                flat = [t / np.asarray(len(values), t.dtype.as_numpy_dtype) for t in flat]
            return nest.pack_sequence_as(value, flat)
        return nest.pack_sequence_as(value, _reduce(self._strategy.extended._communicator, reduce_op, flat))

    def all_gather(self, value, axis, options=None):
        """`value` (a tensor or nested structure) of all replicas, concatenated along `axis`."""
        if self._exchange is not None:
            from ..ops.array_ops import concat
            flat = nest.flatten(value)
            values = self._exchange(self._replica_id, [convert_to_tensor(v) for v in flat])
            return nest.pack_sequence_as(value, [concat(list(vs), axis) for vs in zip(*values)])
        return self._strategy.gather(value, axis)

    def merge_call(self, merge_fn, args=(), kwargs=None):
        return merge_fn(self._strategy, *args, **(kwargs or {}))


class Strategy:
    """Distributes computation across replicas (see the module docstring)."""

    def __init__(self, extended):
        self._extended = extended

    extended = property(lambda self: self._extended)

    @property
    def num_replicas_in_sync(self):
        return self._extended._communicator.size * self._extended._local_replicas

    @property
    def cluster_resolver(self):
        return self._extended._cluster_resolver

    @contextlib.contextmanager
    def scope(self):
        """Variables created inside are mirrored; Keras `fit` inside trains on all replicas."""
        current = replicas.current_strategy()
        if current is not None and current is not self:
            raise ValueError(f"Mixing different tf.distribute.Strategy objects: {current!r} is in scope; "
                             f"exit its scope() before entering that of {self!r}.")
        replicas.enter_strategy(self)
        try:
            yield self
        finally:
            replicas.exit_strategy(self)

    def run(self, fn, args=(), kwargs=None, options=None):
        """Runs `fn(*args, **kwargs)` on each replica of this process; returns its result, or with
        several replicas here a `PerReplica` of them (`PerReplica` arguments give each replica its value)."""
        extended = self._extended
        extended._sync_pending()
        local, first = extended._local_replicas, extended._communicator.rank * extended._local_replicas
        if local == 1:
            with self.scope():
                _contexts.replica.append(ReplicaContext(self, first))
                try:
                    return fn(*args, **(kwargs or {}))
                finally:
                    _contexts.replica.pop()
        traced = isinstance(fn, Function)
        if traced:  # one trace would serve (and fix) every replica's id: run it eagerly
            fn = fn.python_function

        def replica(i, exchange):  # in replica i's thread (see `Lockstep`)
            with self.scope():
                _contexts.replica.append(ReplicaContext(self, first + i, exchange))
                try:
                    result = fn(*select_replica(i, tuple(args)), **select_replica(i, dict(kwargs or {})))
                finally:
                    _contexts.replica.pop()
            if traced:  # a tf.function returns the values of the variables it returns (an assign's result)
                result = nest.map_structure(lambda v: convert_to_tensor(v) if isinstance(v, Variable) else v, result)
            return result
        return regroup(Lockstep(local).run(replica))

    def reduce(self, reduce_op, value, axis=None):
        """Combines the replicas' `value`s: SUM or MEAN over replicas (and over `axis` when given)."""
        reduce_op = as_reduce_op(reduce_op)
        from ..ops.math_ops import add_n
        from ..ops.reduction_ops import reduce_sum
        comm = self._extended._communicator
        flat = [self._local_values(v) for v in nest.flatten(value)]
        if axis is None:
            sums = [add_n(vs) if len(vs) > 1 else vs[0] for vs in flat]
            out = _reduce(comm, ReduceOp.SUM, sums)
            if reduce_op is ReduceOp.MEAN:
                out = [t / np.asarray(self.num_replicas_in_sync, t.dtype.as_numpy_dtype) for t in out]
        else:
            sums = [add_n([reduce_sum(v, axis=axis) for v in vs]) for vs in flat]
            out = _reduce(comm, ReduceOp.SUM, sums)
            if reduce_op is ReduceOp.MEAN:
                counts = [convert_to_tensor(float(sum(v.shape[axis] for v in vs)), vs[0].dtype) for vs in flat]
                out = [s / c for s, c in zip(out, _reduce(comm, ReduceOp.SUM, counts))]
        return nest.pack_sequence_as(value, out)

    def _local_values(self, value):
        """The tensors of this process's replicas: a `PerReplica`'s values, else `value` on each."""
        if isinstance(value, PerReplica):
            return [convert_to_tensor(v) for v in value.values]
        return [convert_to_tensor(value)] * self._extended._local_replicas

    def gather(self, value, axis):
        """The replicas' values concatenated along `axis`, on every replica."""
        from ..ops.array_ops import concat

        def one(v):
            local = self._local_values(v)
            joined = concat(local, axis) if len(local) > 1 else local[0]
            if self._extended._communicator.size == 1:
                return joined
            array = np.moveaxis(np.asarray(joined.numpy()), axis, 0)
            return convert_to_tensor(np.moveaxis(self._extended._communicator.allgather(array), 0, axis))
        return nest.map_structure(one, value)

    def experimental_distribute_values_from_function(self, value_fn):
        """`value_fn(tf.distribute.experimental.ValueContext)` for each replica of this process: a
        `PerReplica` of the results (with one replica here, the result itself)."""
        extended = self._extended
        first = extended._communicator.rank * extended._local_replicas
        values = [value_fn(ValueContext(first + i, self.num_replicas_in_sync)) for i in range(extended._local_replicas)]
        return values[0] if len(values) == 1 else PerReplica(values)

    def experimental_distribute_dataset(self, dataset, options=None):
        """A dataset of global batches, each split across the replicas (this one sees its part)."""
        return DistributedDataset(dataset, self._extended)

    def distribute_datasets_from_function(self, dataset_fn, options=None):
        """`dataset_fn(InputContext)`: the function reads this worker's share, batched per replica.

        The ranks must get the same number of batches: one that runs out while another still has
        data is a ValueError on every rank (shard files evenly or batch with `drop_remainder=True`).
        """
        comm = self._extended._communicator
        return PerWorkerDataset(dataset_fn(InputContext(comm.size, comm.rank, comm.size)), comm)

    def experimental_local_results(self, value):
        """The values of this process's replicas, as a tuple (of structures, for a structure)."""
        local = self._extended._local_replicas
        if local == 1:
            return (value,)
        return tuple(select_replica(i, value) for i in range(local))

    def __repr__(self):
        return f"<{type(self).__name__} num_replicas_in_sync={self.num_replicas_in_sync}>"


class _DefaultStrategy(Strategy):
    def __init__(self):
        super().__init__(StrategyExtended(self))


_default = _DefaultStrategy()


def get_strategy():
    """The strategy whose `scope()` is open, else the default (one-replica) strategy."""
    return replicas.current_strategy() or _default


_global = []  # the scope `experimental_set_strategy` entered, while one is set


def experimental_set_strategy(strategy):
    """Sets `strategy` as the strategy in scope until it is set again (None: none), as if the rest of
    the program ran inside `with strategy.scope():`.

    >>> import neuroflow as tf
    >>> tf.distribute.experimental_set_strategy(tf.distribute.OneDeviceStrategy("/cpu:0"))
    >>> tf.distribute.has_strategy()
    True
    >>> tf.distribute.experimental_set_strategy(None)
    >>> tf.distribute.has_strategy()
    False
    """
    current = replicas.current_strategy()
    if current is not None and not (_global and current is _global[0][0]):
        raise RuntimeError("Must not be called inside a `tf.distribute.Strategy` scope.")
    if _global:
        _global.pop()[1].__exit__(None, None, None)
    if strategy is not None:
        scope = strategy.scope()
        scope.__enter__()
        _global.append((strategy, scope))


def has_strategy():
    """True inside a non-default strategy's `scope()`."""
    return replicas.current_strategy() is not None


def get_replica_context():
    """The replica context: inside `strategy.run`, or the default one outside any scope; None in cross-replica context."""
    if _contexts.replica:
        return _contexts.replica[-1]
    if replicas.current_strategy() is None:
        return ReplicaContext(_default)
    return None


def in_cross_replica_context():
    """True inside a strategy's `scope()` but outside `strategy.run`."""
    return replicas.current_strategy() is not None and not _contexts.replica


def get_cross_replica_context():
    return replicas.current_strategy() if in_cross_replica_context() else None
