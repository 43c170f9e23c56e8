"""`tf.math`: elementwise math, comparisons, reductions, scans and segment sums (re-exports).

>>> import neuroflow as tf
>>> tf.math.reduce_logsumexp([0.0, 0.0]).numpy()
np.float32(0.6931472)
>>> tf.math.softmax([0.0, 0.0]).numpy()
array([0.5, 0.5], dtype=float32)
"""
from ..ops.math_ops import *  # noqa: F401,F403
from ..ops.unary_ops import *  # noqa: F401,F403
from ..ops.comparison_ops import *  # noqa: F401,F403
from ..ops.reduction_ops import *  # noqa: F401,F403
from ..ops.scan_ops import *  # noqa: F401,F403
from ..ops.sort_ops import *  # noqa: F401,F403
from ..ops.nn_ops import softmax, log_softmax, l2_normalize  # noqa: F401 - tf.math has them too
from ..ops.segment_ops import *  # noqa: F401,F403
from ..ops.special_ops import (  # noqa: F401
    bessel_i0, bessel_i0e, bessel_i1, bessel_i1e, lgamma, digamma, polygamma, zeta, igamma, igammac, betainc,
    erfinv, erfcinv, ndtri)
from ..ops.math_composites import *  # noqa: F401,F403
from . import special  # noqa: F401
