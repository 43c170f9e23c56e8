"""`tf.linalg`: matrix products, inverses, decompositions (re-exports)."""
from ..ops.math_ops import matmul  # noqa: F401
from ..ops.contraction_ops import *  # noqa: F401,F403
from ..ops.linalg_ops import *  # noqa: F401,F403
