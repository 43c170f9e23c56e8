"""`tf.nn`: activations, softmax, cross-entropies, dropout and friends (re-exports)."""
from ..ops.nn_ops import *  # noqa: F401,F403
