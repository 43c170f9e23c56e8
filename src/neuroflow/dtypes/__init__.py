"""`tf.dtypes`: the dtypes, `DType`, `as_dtype` and `cast` (re-exports)."""
from ..framework.dtypes import *  # noqa: F401,F403
from ..framework.dtypes import DType, as_dtype  # noqa: F401
from ..ops.math_ops import cast  # noqa: F401
