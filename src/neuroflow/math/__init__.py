"""`tf.math`: elementwise math, comparisons, reductions and scans (re-exports)."""
from ..ops.math_ops import *  # noqa: F401,F403
from ..ops.unary_ops import *  # noqa: F401,F403
from ..ops.comparison_ops import *  # noqa: F401,F403
from ..ops.reduction_ops import *  # noqa: F401,F403
from ..ops.scan_ops import *  # noqa: F401,F403
from ..ops.sort_ops import *  # noqa: F401,F403
