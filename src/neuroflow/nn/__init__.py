"""`tf.nn`: activations, softmax, cross-entropies, dropout, convolutions, pooling, normalization (re-exports)."""
from ..ops.nn_ops import *  # noqa: F401,F403
from ..ops.unary_ops import sigmoid, softplus, softsign, tanh  # noqa: F401 - tf.nn has them too
from ..ops.sort_ops import in_top_k, top_k  # noqa: F401
from ..ops.replica_loss_ops import compute_average_loss, scale_regularization_loss  # noqa: F401 - tf.distribute losses
from ..sparse.sparse_ops import embedding_lookup_sparse  # noqa: F401 - tf.nn's sparse lookup
from . import experimental  # noqa: F401
from ..ops.weighted_cross_entropy import weighted_cross_entropy_with_logits  # noqa: F401
from ..ops.conv_ops import *  # noqa: F401,F403
from ..ops.pooling_ops import *  # noqa: F401,F403
from ..ops.normalization_ops import *  # noqa: F401,F403
from ..ops.space_depth_ops import *  # noqa: F401,F403
from ..ops.isotonic_ops import isotonic_regression  # noqa: F401
from ..ops.ctc_ops import ctc_loss, ctc_greedy_decoder, ctc_beam_search_decoder  # noqa: F401
