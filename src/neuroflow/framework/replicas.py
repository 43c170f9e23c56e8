"""Where this process stands among training replicas, for the layers below `tf.distribute`.

`neuroflow.distribute` (layer 8) records here the strategy whose `scope()` is open and this
worker's rank; Keras (below it) asks `current_strategy()` to shard batches and all-reduce
gradients, and callbacks ask `is_chief()` so that only rank 0 prints and writes files.

>>> is_chief(), num_replicas_in_sync()
(True, 1)
"""
import threading

__all__ = ["is_chief", "current_strategy", "num_replicas_in_sync", "num_processes_in_sync", "enter_strategy",
           "exit_strategy", "set_worker", "variable_created"]


class _Replicas(threading.local):
    def __init__(self):
        self.strategies = []  # the strategies whose scope() is open, innermost last


_local = _Replicas()
_worker = {"rank": 0}


def set_worker(rank):
    """Records this process's rank among the workers (0 is the chief)."""
    _worker["rank"] = int(rank)


def is_chief():
    """True on the process that prints progress and writes checkpoints and logs (rank 0)."""
    return _worker["rank"] == 0


def current_strategy():
    """The strategy whose `scope()` is open in this thread, else None."""
    return _local.strategies[-1] if _local.strategies else None


def num_replicas_in_sync():
    strategy = current_strategy()
    return 1 if strategy is None else strategy.num_replicas_in_sync


def num_processes_in_sync():
    """The processes training together under the strategy in scope, each on its part of every batch
    (Keras trains the replicas of one process as one: the gradient of their parts is the batch's)."""
    strategy = current_strategy()
    return 1 if strategy is None else strategy.extended._communicator.size


def enter_strategy(strategy):
    _local.strategies.append(strategy)


def exit_strategy(strategy):
    _local.strategies.remove(strategy)


def variable_created(variable):
    """Called by every new `Variable`: a strategy in scope mirrors it (see `tf.distribute`)."""
    strategy = current_strategy()
    if strategy is not None:
        strategy.extended._variable_created(variable)
