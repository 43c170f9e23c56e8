"""Philox-4x32-10 and TensorFlow's distribution transforms: the bits behind counter-based random ops.

TensorFlow's stateless random ops (`tf.random.stateless_*`) and `tf.random.Generator` draw from
Philox-4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011): a
counter-based generator where block `i` is a keyed bijection of the 128-bit `counter + i`.
This file reproduces TensorFlow's use of it bit for bit, on NumPy/CuPy arrays:

- `key_counter_from_seed`: a `[2]` seed scrambled into a 64-bit key and a 128-bit counter
  (TensorFlow's `GenerateKey`);
- `sample(dist, dtype, n, key, counter)`: `n` values of a distribution, filled as TensorFlow's
  `FillPhiloxRandom` does: fixed-size distributions take consecutive blocks, truncated normal
  gives each group of outputs its own reserved run of 256 blocks per element;
- `samples_used(n)`: how far a stateful generator's counter moves after drawing `n` values.

>>> key, counter = key_counter_from_seed([1, 2])
>>> sample("uniform", np.dtype("float32"), 3, key, counter)
array([0.8440604 , 0.19204533, 0.9962232 ], dtype=float32)
"""
import math

import numpy as np

__all__ = ["key_counter_from_seed", "sample", "samples_used", "random_bits", "block_values"]

_M0, _M1 = np.uint64(0xD2511F53), np.uint64(0xCD9E8D57)
_W0, _W1 = 0x9E3779B9, 0xBB67AE85
_LOW32 = np.uint64(0xFFFFFFFF)
_SHIFT32 = np.uint64(32)
_MASK64 = (1 << 64) - 1
_RESERVED_PER_OUTPUT = 256  # TensorFlow's kReservedSamplesPerOutput: blocks a truncated value may use


def _rounds(xp, c0, c1, c2, c3, k0, k1):
    """Ten Philox rounds over uint64 arrays that hold 32-bit words; the key is two Python ints."""
    for _ in range(10):
        p0, p1 = c0 * _M0, c2 * _M1
        c0, c1, c2, c3 = ((p1 >> _SHIFT32) ^ c1 ^ np.uint64(k0), p1 & _LOW32,
                          (p0 >> _SHIFT32) ^ c3 ^ np.uint64(k1), p0 & _LOW32)
        k0, k1 = (k0 + _W0) & 0xFFFFFFFF, (k1 + _W1) & 0xFFFFFFFF
    return c0, c1, c2, c3


def _blocks(xp, key, counter, offsets):
    """The Philox blocks at `counter + offsets` as uint32 words, shape `offsets.shape + (4,)`."""
    base_lo, base_hi = counter & _MASK64, counter >> 64
    lo = offsets.astype(np.uint64) + np.uint64(base_lo)
    carry = (lo < np.uint64(base_lo)).astype(np.uint64)
    hi = carry + np.uint64(base_hi & _MASK64)
    words = _rounds(xp, lo & _LOW32, lo >> _SHIFT32, hi & _LOW32, hi >> _SHIFT32,
                    key & 0xFFFFFFFF, key >> 32)
    return xp.stack(words, axis=-1).astype(np.uint32)


def key_counter_from_seed(seed):
    """TensorFlow's `GenerateKey`: a `[2]` seed (ints, int32 or int64) as a (key, counter) pair.

    The seed is scrambled through one Philox block so that either half of it may be weak.
    Returns Python ints: a 64-bit key and a 128-bit counter.
    """
    s0, s1 = (int(s) & _MASK64 for s in seed)
    words = [s0 & 0xFFFFFFFF, s0 >> 32, s1 & 0xFFFFFFFF, s1 >> 32]
    mix = _block(words, 0x3EC8F720, 0x02461E29)
    return mix[0] | mix[1] << 32, (mix[2] | mix[3] << 32) << 64


def _block(words, k0, k1):
    arrays = [np.array([w], np.uint64) for w in words]
    return [int(a[0]) for a in _rounds(np, *arrays, k0, k1)]


def random_bits(xp, n, key, counter):
    """The first `n` uint32 words of the stream at (key, counter)."""
    blocks = _blocks(xp, key, counter, xp.arange(-(-n // 4), dtype=np.uint64))
    return blocks.reshape(-1)[:n]


# --- TensorFlow's transforms from uint32 words to values ----------------------------------------
def _unit_float32(xp, words):
    """[0, 1) from the low 23 bits of each word (TensorFlow's `Uint32ToFloat`)."""
    return ((words & np.uint32(0x7FFFFF)) | np.uint32(0x3F800000)).view(np.float32) - np.float32(1)


def _unit_float64(xp, hi_words, lo_words):
    """[0, 1) from 52 bits of two words (TensorFlow's `Uint64ToDouble`)."""
    mantissa = (hi_words.astype(np.uint64) & np.uint64(0xFFFFF)) << _SHIFT32 | lo_words.astype(np.uint64)
    return (mantissa | np.uint64(1023 << 52)).view(np.float64) - 1.0


def _unit_half(xp, words, dtype):
    """[0, 1) in float16 (10 mantissa bits) or bfloat16 (7 bits), from each word's low bits."""
    low = words.astype(np.uint16)
    if dtype == np.float16:
        bits = (low & np.uint16(0x3FF)) | np.uint16(15 << 10)
    else:
        bits = (low & np.uint16(0x7F)) | np.uint16(127 << 7)
    return bits.view(dtype) - dtype.type(1)


def _box_muller32(xp, words):
    """Standard normals in float32, two per pair of words (TensorFlow's `BoxMullerFloat`)."""
    pairs = words.reshape(-1, 2)
    u1 = xp.maximum(_unit_float32(xp, pairs[:, 0]), np.float32(1e-7))
    angle = (2 * math.pi * _unit_float32(xp, pairs[:, 1]).astype(np.float64)).astype(np.float32)
    # logf/sinf/cosf as C's libm rounds them: evaluate in float64, round once to float32
    radius = xp.sqrt(np.float32(-2) * _rounded(xp, xp.log, u1))
    angle = angle.astype(np.float64)
    return xp.stack([_rounded(xp, xp.sin, angle) * radius, _rounded(xp, xp.cos, angle) * radius],
                    axis=-1).reshape(-1)


def _rounded(xp, fn, x):
    return fn(x.astype(np.float64)).astype(np.float32)


def _box_muller64(xp, words):
    """Standard normals in float64, two per four words (TensorFlow's `BoxMullerDouble`)."""
    quads = words.reshape(-1, 4)
    u1 = xp.maximum(_unit_float64(xp, quads[:, 0], quads[:, 1]), 1e-7)
    angle = 2 * math.pi * _unit_float64(xp, quads[:, 2], quads[:, 3])
    radius = xp.sqrt(-2.0 * xp.log(u1))
    return xp.stack([xp.sin(angle) * radius, xp.cos(angle) * radius], axis=-1).reshape(-1)


def _uniform(xp, words, dtype):
    if dtype == np.float64:
        return _unit_float64(xp, words[0::2], words[1::2])
    if dtype == np.float32:
        return _unit_float32(xp, words)
    return _unit_half(xp, words, dtype)


def _normal(xp, words, dtype):
    if dtype == np.float64:
        return _box_muller64(xp, words)
    return _box_muller32(xp, words).astype(dtype)


def _integers(xp, words, dtype, low, high):
    """`low + bits % (high - low)` (TensorFlow's `UniformDistribution` for integers)."""
    if dtype.itemsize == 8:
        bits = words[0::2].astype(np.uint64) | words[1::2].astype(np.uint64) << _SHIFT32
        span = np.uint64((high - low) & _MASK64)
        return ((bits % span) + np.uint64(low & _MASK64)).view(dtype)
    span = np.uint32((high - low) & 0xFFFFFFFF)
    return ((words % span) + np.uint32(low & 0xFFFFFFFF)).view(dtype)


def _full_int(xp, words, dtype):
    if dtype.itemsize == 8:
        bits = words[0::2].astype(np.uint64) | words[1::2].astype(np.uint64) << _SHIFT32
        return bits.view(dtype)
    return words.view(dtype)


def sample(dist, dtype, n, key, counter, low=None, high=None, xp=np):
    """`n` values of `dist` in `dtype`, filled from the Philox stream at (key, counter).

    Args:
        dist: "uniform" ([0, 1) floats), "normal", "truncated_normal" (|x| < 2), "int"
            (`low <= x < high`) or "full_int" (every bit pattern of an integer dtype).
        dtype: a NumPy dtype (float16, bfloat16, float32, float64, or an integer type).
        n: how many values.
        key, counter: Python ints (64-bit key, 128-bit counter).
    """
    dtype = np.dtype(dtype)
    if dist == "truncated_normal":
        return _truncated_normal(xp, dtype, n, key, counter)
    per_block = 2 if dtype.itemsize == 8 else 4  # TensorFlow's kResultElementCount
    words = random_bits(xp, -(-n // per_block) * 4, key, counter)
    if dist == "uniform":
        values = _uniform(xp, words, dtype)
    elif dist == "normal":
        values = _normal(xp, words, dtype)
    elif dist == "int":
        values = _integers(xp, words, dtype, low, high)
    else:
        values = _full_int(xp, words, dtype)
    return values[:n]


def _truncated_normal(xp, dtype, n, key, counter):
    """TensorFlow's truncated normal: group `g` of K outputs (K = 4, or 2 for float64) takes the
    first K normals with |x| < 2 drawn from the blocks at `counter + g * K * 256 / 4 + j`."""
    per_group = 2 if dtype == np.float64 else 4
    skip = per_group * _RESERVED_PER_OUTPUT // 4
    groups = xp.arange(-(-n // per_group), dtype=np.uint64)
    result = xp.empty((len(groups), per_group), dtype)
    pending, blocks = groups, 2
    while len(pending):
        offsets = pending[:, None] * np.uint64(skip) + xp.arange(blocks, dtype=np.uint64)[None, :]
        words = _blocks(xp, key, counter, offsets).reshape(-1)
        values = (_box_muller64 if dtype == np.float64 else _box_muller32)(xp, words)
        values = values.reshape(len(pending), -1)
        keep = xp.abs(values) < 2
        done = keep.sum(axis=1) >= per_group
        first = xp.argsort(~keep[done], axis=1, kind="stable")[:, :per_group]
        result[pending[done].astype(np.intp)] = xp.take_along_axis(values[done], first, axis=1)
        pending, blocks = pending[~done], blocks * 2
    return result.reshape(-1)[:n]


def block_values(dist, dtype, key, counter, offsets, xp=np):
    """What one call of TensorFlow's `UniformDistribution` or `NormalDistribution` returns for each
    block at `counter + offsets`: shape `offsets.shape + (K,)`, K = 4 (2 for float64).

    >>> key, counter = key_counter_from_seed([1, 2])
    >>> block_values("uniform", np.dtype("float64"), key, counter, np.arange(2)).shape
    (2, 2)
    """
    dtype = np.dtype(dtype)
    words = _blocks(xp, key, counter, xp.asarray(offsets, np.uint64)).reshape(-1)
    values = _uniform(xp, words, dtype) if dist == "uniform" else _normal(xp, words, dtype)
    return values.reshape(tuple(np.shape(offsets)) + (-1,))


def samples_used(n):
    """How far a stateful generator's counter moves for `n` values (TensorFlow reserves 256 each)."""
    return n * _RESERVED_PER_OUTPUT
