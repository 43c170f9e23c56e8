"""`tf.random.experimental.index_shuffle`: the position of an index in a seeded permutation.

TensorFlow's algorithm: a Simon block cipher (4 rounds, block size the bits of `max_index`,
at least 16) applied until the value falls in `[0, max_index]` (cycle walking), keyed by
`[498247692, seed[0], seed[1]]`. So the permutation is TensorFlow's for the same seed.

>>> import neuroflow as tf
>>> tf.random.experimental.index_shuffle(tf.range(4), seed=[5, 9], max_index=3).numpy()
array([2, 0, 1, 3], dtype=int32)
"""
import math

import numpy as np

from .registry import as_tensor, op

__all__ = ["index_shuffle"]

_KEY_PAD = 498247692  # TensorFlow's first key word, before the user's two-word seed
_ROUNDS = 4


def _rotl(x, r, bits, mask):
    return ((x << r) | (x >> (bits - r))) & mask


def _round_keys(key, bits):
    """Simon's key schedule for `bits`-bit words (TensorFlow's variant with any word size)."""
    mask = (1 << bits) - 1
    c, z = 0xFFFFFFFC & mask, 0x7369F885192C0EF5 & mask
    keys = [k & mask for k in key]
    for i in range(3, _ROUNDS):
        keys.append(c ^ (z & 1) ^ keys[i - 3] ^ _rotl(keys[i - 1], bits - 3, bits, mask)
                    ^ _rotl(keys[i - 1], bits - 4, bits, mask))
        z >>= 1
    return keys


def _encrypt(value, keys, bits, mask):
    left, right = (value >> bits) & mask, value & mask
    for k1, k2 in zip(keys[::2], keys[1::2]):
        left ^= (_rotl(right, 1, bits, mask) & _rotl(right, 8, bits, mask)) ^ _rotl(right, 2, bits, mask)
        left ^= k1
        right ^= (_rotl(left, 1, bits, mask) & _rotl(left, 8, bits, mask)) ^ _rotl(left, 2, bits, mask)
        right ^= k2
    return (left << bits) | right


def _shuffle_one(index, key, max_index):
    if max_index == 0:
        return 0
    block = math.ceil(math.log2(max_index))
    block = min(max(block + block % 2, 16), 64)
    bits = block // 2
    mask = (1 << bits) - 1
    keys = _round_keys(key, bits)
    value = index
    while True:
        value = _encrypt(value, keys, bits, mask)
        if value <= max_index:
            return value


@op("IndexShuffle")
def _index_shuffle(xp, index, seed, max_index):
    index, max_index = np.broadcast_arrays(np.asarray(index), np.asarray(max_index))
    seed = np.asarray(seed)
    seeds = np.concatenate([np.full(seed.shape[:-1] + (1,), _KEY_PAD, np.uint32),
                            seed.astype(np.uint64).astype(np.uint32)], axis=-1)
    batch = np.broadcast_shapes(index.shape, seeds.shape[:-1])
    index, max_index = np.broadcast_to(index, batch), np.broadcast_to(max_index, batch)
    seeds = np.broadcast_to(seeds, batch + (3,))
    out = np.empty(batch, index.dtype)
    for at in np.ndindex(batch):
        if not 0 <= index[at] <= max_index[at]:
            raise ValueError(f"index {index[at]} is outside [0, max_index={max_index[at]}]")
        out[at] = _shuffle_one(int(index[at]), [int(k) for k in seeds[at]], int(max_index[at]))
    return xp.asarray(out)


def index_shuffle(index, seed, max_index):
    """Where `index` goes in the permutation of `[0, ..., max_index]` that `seed` (shape `[2]`, or
    `[n, 2]` for a batch) selects: TensorFlow's permutation for the same seed.

    `index` and `max_index` are integer scalars or vectors (broadcast together); the result has
    `index`'s dtype.
    """
    index = as_tensor(index)
    max_index = as_tensor(max_index) if hasattr(max_index, "dtype") else as_tensor(max_index, index.dtype)
    seed = as_tensor(seed)
    if not index.dtype.is_integer or index.dtype != max_index.dtype:
        raise TypeError(f"index_shuffle: index and max_index must be integers of one dtype, got "
                        f"{index.dtype.name} and {max_index.dtype.name}.")
    if not seed.dtype.is_integer or not seed.shape or seed.shape[-1] != 2:
        raise ValueError(f"index_shuffle: seed must be an integer tensor of shape [2] or [n, 2], got "
                         f"{seed.dtype.name} of shape {list(seed.shape)}.")
    return _index_shuffle(index, seed, max_index)
