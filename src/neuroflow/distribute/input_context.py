"""`tf.distribute.InputContext`: what an input function needs to read its share of the data.

>>> ctx = InputContext(num_input_pipelines=2, input_pipeline_id=1, num_replicas_in_sync=2)
>>> ctx.get_per_replica_batch_size(128)
64
"""
import collections

__all__ = ["InputContext", "InputOptions", "InputReplicationMode", "RunOptions", "ValueContext"]


class InputReplicationMode:
    PER_WORKER = "PER_WORKER"
    PER_REPLICA = "PER_REPLICA"


class InputOptions(collections.namedtuple("InputOptions", [
        "experimental_fetch_to_device", "experimental_replication_mode", "experimental_place_dataset_on_device",
        "experimental_per_replica_buffer_size"])):
    """Options of `experimental_distribute_dataset` / `distribute_datasets_from_function` (accepted;
    the batches are NumPy arrays on the host, where every replica reads them)."""

    def __new__(cls, experimental_fetch_to_device=None, experimental_replication_mode=InputReplicationMode.PER_WORKER,
                experimental_place_dataset_on_device=False, experimental_per_replica_buffer_size=1):
        return super().__new__(cls, True if experimental_fetch_to_device is None else experimental_fetch_to_device,
                               experimental_replication_mode, experimental_place_dataset_on_device,
                               experimental_per_replica_buffer_size)


class RunOptions(collections.namedtuple("RunOptions", [
        "experimental_enable_dynamic_batch_size", "experimental_bucketizing_dynamic_shape",
        "experimental_xla_options"])):
    """Options of `Strategy.run` (accepted; they concern TPUs)."""

    def __new__(cls, experimental_enable_dynamic_batch_size=True, experimental_bucketizing_dynamic_shape=False,
                experimental_xla_options=None):
        return super().__new__(cls, experimental_enable_dynamic_batch_size, experimental_bucketizing_dynamic_shape,
                               experimental_xla_options)


class InputContext:
    """Passed to the function of `distribute_datasets_from_function`.

    Args:
        num_input_pipelines: input pipelines in the job (one per worker).
        input_pipeline_id: this worker's pipeline, in `[0, num_input_pipelines)`.
        num_replicas_in_sync: replicas training together.
    """

    def __init__(self, num_input_pipelines=1, input_pipeline_id=0, num_replicas_in_sync=1):
        self.num_input_pipelines = num_input_pipelines
        self.input_pipeline_id = input_pipeline_id
        self.num_replicas_in_sync = num_replicas_in_sync

    def get_per_replica_batch_size(self, global_batch_size):
        """`global_batch_size / num_replicas_in_sync`; ValueError when it does not divide."""
        if global_batch_size % self.num_replicas_in_sync:
            raise ValueError(f"The `global_batch_size` {global_batch_size} is not divisible by "
                             f"`num_replicas_in_sync` {self.num_replicas_in_sync}.")
        return global_batch_size // self.num_replicas_in_sync

    def __repr__(self):
        return (f"tf.distribute.InputContext(input pipeline id {self.input_pipeline_id}, "
                f"total: {self.num_input_pipelines})")


class ValueContext:
    """Passed to the function of `experimental_distribute_values_from_function`: which replica the
    value is for.

    >>> ValueContext(replica_id_in_sync_group=1, num_replicas_in_sync=2).replica_id_in_sync_group
    1
    """

    def __init__(self, replica_id_in_sync_group=0, num_replicas_in_sync=1):
        self.replica_id_in_sync_group = replica_id_in_sync_group
        self.num_replicas_in_sync = num_replicas_in_sync

    def __repr__(self):
        return (f"tf.distribute.ValueContext(replica id {self.replica_id_in_sync_group}, "
                f"total replicas in sync: {self.num_replicas_in_sync})")
