"""`tf.random.experimental`: counter-based RNG helpers (re-exports)."""
from ...ops.random_ops import (  # noqa: F401
    Algorithm, Generator, create_rng_state, get_global_generator, set_global_generator,
    stateless_fold_in, stateless_split)
from ...ops.index_shuffle_ops import index_shuffle  # noqa: F401
from ...ops.stateless_shuffle_ops import stateless_shuffle  # noqa: F401
