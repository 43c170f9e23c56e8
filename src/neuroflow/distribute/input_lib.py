"""The datasets a strategy hands out: each rank iterates only its part of the input.

>>> import neuroflow as tf
>>> strategy = tf.distribute.get_strategy()
>>> dataset = strategy.experimental_distribute_dataset(tf.data.Dataset.range(6).batch(3))
>>> [b.numpy().tolist() for b in dataset]
[[0, 1, 2], [3, 4, 5]]
"""
from ..framework import errors, nest
from .values import PerReplicaSpec, regroup

__all__ = ["DistributedDataset", "DistributedIterator", "PerWorkerDataset"]


class _ReplicaDataset:
    """A dataset whose batches are already this replica's: Keras `fit` does not split them again."""

    _replica_local = True

    def __init__(self, dataset):
        self._dataset = dataset

    @property
    def element_spec(self):
        return self._dataset.element_spec

    def reduce(self, initial_state, reduce_func):
        state = initial_state
        for batch in self:
            state = reduce_func(state, batch)
        return state


class DistributedDataset(_ReplicaDataset):
    """Global batches of which this replica sees its contiguous part (`experimental_distribute_dataset`):
    every rank reads the same dataset, so all ranks take the same number of steps. With several
    replicas in this process, each element is a `PerReplica` of their parts."""

    def __init__(self, dataset, extended):
        super().__init__(dataset)
        self._extended = extended

    @property
    def _keras_batches(self):
        """What Keras `fit`/`evaluate`/`predict` iterate: the global batches when this process holds
        several replicas (Keras trains them as one), else this one's parts."""
        return self._dataset if self._extended._local_replicas > 1 else self

    @property
    def element_spec(self):
        local = self._extended._local_replicas
        spec = self._dataset.element_spec
        return spec if local == 1 else nest.map_structure(lambda s: PerReplicaSpec(*[s] * local), spec)

    def __iter__(self):
        return DistributedIterator(self)

    def __len__(self):
        return len(self._dataset)


class DistributedIterator:
    """An iterator over a `DistributedDataset` (`tf.distribute.DistributedIterator`)."""

    def __init__(self, dataset):
        self._distributed = dataset
        self._iterator = iter(dataset._dataset)

    element_spec = property(lambda self: self._distributed.element_spec)

    def __iter__(self):
        return self

    def __next__(self):
        extended = self._distributed._extended
        batch = extended._local_batch(next(self._iterator))
        local = extended._local_replicas
        if local == 1:
            return batch
        return regroup([_part(batch, i, local) for i in range(local)])

    def get_next(self):
        """The next element; `tf.errors.OutOfRangeError` at the end."""
        try:
            return next(self)
        except StopIteration:
            raise errors.OutOfRangeError(None, None, "End of sequence") from None


def _part(batch, i, parts):
    """Part `i` of `parts` (contiguous, sizes differing by at most one) of each tensor of `batch`."""
    def one(x):
        n = x.shape[0]
        return x[i * n // parts:(i + 1) * n // parts]
    return nest.map_structure(one, batch)


class PerWorkerDataset(_ReplicaDataset):
    """Each worker's own dataset (`distribute_datasets_from_function`), checked to give every rank
    the same number of batches: each step all-gathers whether the ranks still have data."""

    def __init__(self, dataset, communicator):
        super().__init__(dataset)
        self._communicator = communicator

    def __iter__(self):
        comm, end = self._communicator, object()
        iterator, step = iter(self._dataset), 0
        while True:
            batch = next(iterator, end)
            if comm.size > 1:
                has_data = comm.allgather_ints(int(batch is not end))
                if not has_data.all():
                    if not has_data.any():
                        return
                    ended = [r for r in range(comm.size) if not has_data[r]]
                    raise ValueError(
                        f"The ranks' datasets give different numbers of batches: rank(s) {ended} ran out after "
                        f"{step} steps while the others have more. Give every rank the same number of batches: "
                        "shard evenly and batch with `drop_remainder=True`, or `repeat()` and pass `steps_per_epoch`.")
            elif batch is end:
                return
            yield batch
            step += 1
