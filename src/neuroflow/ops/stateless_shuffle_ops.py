"""`tf.random.experimental.stateless_shuffle`: a seeded permutation of a tensor's first axis.

TensorFlow's `StatelessShuffle` kernel: the seed becomes a Philox key and counter (as for every
stateless op), then a Fisher-Yates pass over positions `i = 0 .. n-2` swaps `i` with
`i + word_i % (n - i)`, `word_i` being the `i`-th 32-bit word of the Philox stream. So the
permutation is TensorFlow's for the same seed.

>>> import neuroflow as tf
>>> tf.random.experimental.stateless_shuffle(tf.range(10), seed=[1, 2]).numpy()
array([0, 3, 8, 1, 5, 4, 9, 7, 6, 2], dtype=int32)
"""
import numpy as np

from . import philox
from .random_ops import _algorithm, _seed_tensor
from .registry import as_tensor, op

__all__ = ["stateless_shuffle"]


def permutation(n, seed):
    """The order TensorFlow's shuffle puts `n` rows in for a `[2]` seed (a list of ints)."""
    if n <= 1:
        return np.arange(n, dtype=np.int64)
    key, counter = philox.key_counter_from_seed(seed)
    words = philox.random_bits(np, n - 1, key, counter).astype(np.int64)
    targets = (np.arange(n - 1) + words % np.arange(n, 1, -1)).tolist()
    order = list(range(n))  # a list: the swaps are sequential, and list items swap fastest
    for i, j in enumerate(targets):
        order[i], order[j] = order[j], order[i]
    return np.array(order, np.int64)


@op("StatelessShuffle")
def _stateless_shuffle(xp, value, seed):
    if value.ndim == 0 or value.shape[0] <= 1:
        return value.copy()
    return value[xp.asarray(permutation(value.shape[0], seed.tolist()))]


def stateless_shuffle(value, seed, alg="auto_select", name=None):
    """`value` with its first dimension permuted in the order `seed` (two ints) determines.

    The same seed gives the same permutation, TensorFlow's. A scalar is returned unchanged.

    >>> import neuroflow as tf
    >>> tf.random.experimental.stateless_shuffle(tf.reshape(tf.range(6), [3, 2]), seed=[1, 2]).numpy()
    array([[2, 3],
           [4, 5],
           [0, 1]], dtype=int32)
    """
    _algorithm(alg)
    return _stateless_shuffle(as_tensor(value), _seed_tensor(seed))
