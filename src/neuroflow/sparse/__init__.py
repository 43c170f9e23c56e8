"""`tf.sparse`: sparse tensors (a minimal set: `SparseTensor`, `to_dense`, `from_dense`)."""
from ..framework.sparse_tensor import SparseTensor
from .conversion import from_dense, to_dense
