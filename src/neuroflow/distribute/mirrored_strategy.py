"""`MirroredStrategy`, `MultiWorkerMirroredStrategy`, `OneDeviceStrategy`: synchronous data parallelism.

Each MPI rank is one replica holding a full copy of the variables. Launch N of them with
`mpiexec -n N python train.py` (or `python -m neuroflow.distribute.launch -n N train.py`);
started as a plain `python train.py`, the same script trains on one replica.

>>> import neuroflow as tf
>>> strategy = tf.distribute.OneDeviceStrategy("/cpu:0")
>>> strategy.num_replicas_in_sync
1
"""
from ..framework import replicas
from .cluster_resolver import MPIClusterResolver
from .communicator import LocalCommunicator, MPICommunicator, launched_by_mpi
from .distribute_lib import Strategy, StrategyExtended

__all__ = ["MirroredStrategy", "MultiWorkerMirroredStrategy", "OneDeviceStrategy"]

_world = {}


def _mpi_communicator():
    """The process's one MPI communicator (created on first use)."""
    if "mpi" not in _world:
        communicator = MPICommunicator()
        replicas.set_worker(communicator.rank)
        _world["mpi"] = communicator
    return _world["mpi"]


class MultiWorkerMirroredStrategy(Strategy):
    """Data parallelism over the MPI ranks of a job, on one host or many.

    Args:
        cluster_resolver: accepted for compatibility; the ranks come from MPI.
        communication_options: `tf.distribute.experimental.CommunicationOptions`: its
            `timeout_seconds` and `bytes_per_pack` (bucket size) set the transport's.

    Raises:
        ImportError: mpi4py is not installed (install `neuroflow[mpi]`).
    """

    def __init__(self, cluster_resolver=None, communication_options=None):
        communicator = _mpi_communicator()
        if communication_options is not None:  # the job's one communicator takes the settings
            if communication_options.timeout_seconds is not None:
                communicator.timeout = float(communication_options.timeout_seconds)
            if communication_options.bytes_per_pack:
                communicator.bucket_bytes = int(communication_options.bytes_per_pack)
        super().__init__(StrategyExtended(self, communicator, MPIClusterResolver(communicator)))


class MirroredStrategy(Strategy):
    """Data parallelism over the local processes `mpiexec` started, or over `devices` in this process.

    Under `mpiexec` each process is one replica. Run alone, a list of several `devices` gives one
    replica per device in this process (placed softly: on this CPU-only build they share the CPU),
    whose values are `PerReplica`s, as in TensorFlow; Keras `fit` trains them as one.

    >>> import neuroflow as tf
    >>> strategy = tf.distribute.MirroredStrategy(["GPU:0", "GPU:1"])
    >>> strategy.num_replicas_in_sync
    2
    >>> strategy.run(lambda: tf.distribute.get_replica_context().replica_id_in_sync_group)
    PerReplica:{
      0: <tf.Tensor: shape=(), dtype=int32, numpy=0>,
      1: <tf.Tensor: shape=(), dtype=int32, numpy=1>
    }

    Args:
        devices: device names; one replica per device when run without `mpiexec`.
        cross_device_ops: accepted for compatibility (the transport is MPI).
    """

    def __init__(self, devices=None, cross_device_ops=None):
        if launched_by_mpi():
            communicator, local = _mpi_communicator(), 1
        else:
            communicator, local = LocalCommunicator(), max(1, len(set(devices or ())))
        self._devices = tuple(devices or ("/cpu:0",))
        super().__init__(StrategyExtended(self, communicator, MPIClusterResolver(communicator), local))


class OneDeviceStrategy(Strategy):
    """One replica on one device: variables and computation placed on `device`."""

    def __init__(self, device):
        self._device = device
        super().__init__(StrategyExtended(self))
