"""`tf.sparse`: sparse tensors and their operations (re-exports)."""
from ..framework.sparse_tensor import SparseTensor
from .conversion import from_dense, to_dense
from .sparse_ops import *  # noqa: F401,F403
from .cross import cross, cross_hashed
from . import sparse_operators  # noqa: F401 - installs SparseTensor * and / with dense tensors
from ..framework.sparse_tensor import SparseTensorSpec  # noqa: F401
