"""`tf.distribute.cluster_resolver`: the job's workers, as MPI launched them.

>>> resolver = MPIClusterResolver()
>>> resolver.task_type, resolver.task_id, resolver.num_workers
('worker', 0, 1)
"""
__all__ = ["MPIClusterResolver"]


class MPIClusterResolver:
    """The workers of an `mpiexec`/`srun` job: task `worker:<rank>` of `num_workers`."""

    def __init__(self, communicator=None):
        self._communicator = communicator
        self.task_type = "worker"
        self.task_id = communicator.rank if communicator is not None else 0
        self.num_workers = communicator.size if communicator is not None else 1
        self.rpc_layer = "mpi"
        self.environment = ""

    def cluster_spec(self):
        """`{"worker": [host of rank 0, host of rank 1, ...]}`."""
        peers = getattr(self._communicator, "peers", None)
        return {"worker": [host for _, host in peers] if peers else ["localhost"]}

    def num_accelerators(self, task_type=None, task_id=None, config_proto=None):
        return {}

    def master(self, task_type=None, task_id=None, rpc_layer=None):
        return ""
