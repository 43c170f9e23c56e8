"""`tf.linalg`: matrix products, inverses, decompositions, structured linear operators (re-exports)."""
from ..ops.math_ops import matmul  # noqa: F401
from ..ops.contraction_ops import *  # noqa: F401,F403
from ..ops.linalg_ops import *  # noqa: F401,F403
from ..ops.creation_ops import eye  # noqa: F401
from ..ops.nn_ops import l2_normalize  # noqa: F401
from ..ops.linalg_solvers import *  # noqa: F401,F403
from ..ops.matrix_functions import *  # noqa: F401,F403
from .linear_operator import *  # noqa: F401,F403
from .linear_operator_block import *  # noqa: F401,F403
