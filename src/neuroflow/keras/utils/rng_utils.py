"""`set_random_seed`: one call makes a run reproducible, bit for bit.

>>> import numpy as np
>>> from neuroflow.keras.utils import set_random_seed
>>> set_random_seed(7); a = np.random.rand()
>>> set_random_seed(7); a == np.random.rand()
True
"""
import random

import numpy as np

__all__ = ["set_random_seed"]


def set_random_seed(seed):
    """Seeds Python's `random`, NumPy's global generator and `tf.random` with `seed`.

    Weight initializers, dropout and the shuffling in `fit` all draw from these, so two
    runs that call `set_random_seed(s)` first produce identical weights.
    """
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool):
        raise ValueError(f"Expected `seed` argument to be an integer. Received: seed={seed!r} "
                         f"(of type {type(seed)})")
    from ... import random as tf_random  # loaded lazily: keras.utils must import quickly
    from ..random.seed_generator import reset_global_seed_generator
    random.seed(int(seed))
    np.random.seed(int(seed))
    tf_random.set_seed(int(seed))
    reset_global_seed_generator()
