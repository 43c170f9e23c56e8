"""`tf.distribute`: training on several processes and machines over MPI.

>>> import neuroflow as tf
>>> tf.distribute.get_strategy().num_replicas_in_sync
1
"""
from . import cluster_resolver, experimental  # noqa: F401
from .distribute_lib import (ReplicaContext, Strategy, StrategyExtended,  # noqa: F401
                             experimental_set_strategy, get_cross_replica_context, get_replica_context,
                             get_strategy, has_strategy, in_cross_replica_context, is_chief)
from .cross_device_ops import (CrossDeviceOps, HierarchicalCopyAllReduce, NcclAllReduce,  # noqa: F401
                               ReductionToOneDevice)
from .input_context import InputContext, InputOptions, InputReplicationMode, RunOptions  # noqa: F401
from .input_lib import DistributedDataset, DistributedIterator, PerWorkerDataset  # noqa: F401
from .mirrored_strategy import MirroredStrategy, MultiWorkerMirroredStrategy, OneDeviceStrategy  # noqa: F401
from .reduce_op import ReduceOp  # noqa: F401
from .values import DistributedValues  # noqa: F401
