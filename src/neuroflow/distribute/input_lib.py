"""The datasets a strategy hands out: each rank iterates only its part of the input.

>>> import neuroflow as tf
>>> strategy = tf.distribute.get_strategy()
>>> dataset = strategy.experimental_distribute_dataset(tf.data.Dataset.range(6).batch(3))
>>> [b.numpy().tolist() for b in dataset]
[[0, 1, 2], [3, 4, 5]]
"""
__all__ = ["DistributedDataset", "PerWorkerDataset"]


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
    every rank reads the same dataset, so all ranks take the same number of steps."""

    def __init__(self, dataset, extended):
        super().__init__(dataset)
        self._extended = extended

    def __iter__(self):
        for batch in self._dataset:
            yield self._extended._local_batch(batch)

    def __len__(self):
        return len(self._dataset)


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
