"""`tf.random`: seeded random tensors (re-exports)."""
from ..ops.random_ops import *  # noqa: F401,F403
from . import experimental  # noqa: F401
from ..ops.parameterized_truncated_normal import stateless_parameterized_truncated_normal  # noqa: F401
