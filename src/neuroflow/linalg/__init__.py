"""`tf.linalg`: matrix products, inverses, decompositions (re-exports)."""
from ..ops.math_ops import matmul  # noqa: F401
