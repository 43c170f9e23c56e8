"""The string hashes TensorFlow buckets with: FarmHash Fingerprint64, keyed SipHash-2-4, and Hash64.

`tf.strings.to_hash_bucket_fast` is `fingerprint64(s) % num_buckets`,
`tf.strings.to_hash_bucket_strong` is `siphash(key, s) % num_buckets` and the legacy
`tf.strings.to_hash_bucket` is `hash64(s) % num_buckets`, so buckets (and the Keras `Hashing`
layer built on them) agree with TensorFlow bit for bit. All are written from the published
algorithms (FarmHash's `farmhashna::Hash64`, by Geoff Pike; SipHash by Aumasson and Bernstein;
MurmurHash64A by Austin Appleby, which TensorFlow's `Hash64` is, with seed 0xDECAFCAFFE) on
Python integers.

>>> fingerprint64(b"hello") % 1000, siphash(1, 2, b"hello") % 1000, hash64(b"hello") % 1000
(296, 622, 938)
"""
import struct

__all__ = ["fingerprint64", "siphash", "hash64"]

_M = (1 << 64) - 1
_K0, _K1, _K2 = 0xc3a5c85c97cb3127, 0xb492b66fbe98f273, 0x9ae16a3b2f90404f


def _u64(s, i):
    return struct.unpack_from("<Q", s, i)[0]


def _u32(s, i):
    return struct.unpack_from("<I", s, i)[0]


def _ror(v, shift):
    return ((v >> shift) | (v << (64 - shift))) & _M if shift else v


def _shift_mix(v):
    return v ^ (v >> 47)


def _mix16(u, v, mul):
    a = _shift_mix(((u ^ v) * mul) & _M)
    b = _shift_mix(((v ^ a) * mul) & _M)
    return (b * mul) & _M


def _len0to16(s, n):
    if n >= 8:
        mul = _K2 + n * 2
        a = (_u64(s, 0) + _K2) & _M
        b = _u64(s, n - 8)
        c = (_ror(b, 37) * mul + a) & _M
        d = ((_ror(a, 25) + b) * mul) & _M
        return _mix16(c, d, mul)
    if n >= 4:
        return _mix16(n + (_u32(s, 0) << 3), _u32(s, n - 4), _K2 + n * 2)
    if n:
        y = s[0] + (s[n >> 1] << 8)
        z = n + (s[n - 1] << 2)
        return (_shift_mix(((y * _K2) ^ (z * _K0)) & _M) * _K2) & _M
    return _K2


def _ends(s, n, k):
    """The mixing of the first 16 and last 16 bytes shared by the 17-32 and 33-64 byte cases."""
    mul = _K2 + n * 2
    a = (_u64(s, 0) * k) & _M
    b = _u64(s, 8)
    c = (_u64(s, n - 8) * mul) & _M
    d = (_u64(s, n - 16) * _K2) & _M
    return mul, a, (_ror((a + b) & _M, 43) + _ror(c, 30) + d) & _M, (a + _ror((b + _K2) & _M, 18) + c) & _M


def _len17to32(s, n):
    mul, _, u, v = _ends(s, n, _K1)
    return _mix16(u, v, mul)


def _len33to64(s, n):
    mul, a, y, v = _ends(s, n, _K2)
    z = _mix16(y, v, mul)
    e = (_u64(s, 16) * mul) & _M
    f = _u64(s, 24)
    g = ((y + _u64(s, n - 32)) * mul) & _M
    h = ((z + _u64(s, n - 24)) * mul) & _M
    return _mix16((_ror((e + f) & _M, 43) + _ror(g, 30) + h) & _M,
                  (e + _ror((f + a) & _M, 18) + g) & _M, mul)


def _weak32(s, i, a, b):
    """FarmHash's weak 128-bit hash of the 32 bytes at `s[i:]` with seeds `a`, `b`."""
    w, x, y, z = struct.unpack_from("<4Q", s, i)
    a = (a + w) & _M
    b = _ror((b + a + z) & _M, 21)
    c = a
    a = (a + x + y) & _M
    b = (b + _ror(a, 44)) & _M
    return (a + z) & _M, (b + c) & _M


def fingerprint64(data):
    """FarmHash `Fingerprint64` of `data` (bytes): TensorFlow's stable string hash."""
    n = len(data)
    if n <= 16:
        return _len0to16(data, n)
    if n <= 32:
        return _len17to32(data, n)
    if n <= 64:
        return _len33to64(data, n)
    seed = 81
    x = (seed * _K2 + _u64(data, 0)) & _M
    y = (seed * _K1 + 113) & _M
    z = (_shift_mix((y * _K2 + 113) & _M) * _K2) & _M
    v = w = (0, 0)
    end = ((n - 1) // 64) * 64
    last64 = n - 64
    i = 0
    while True:
        x = (_ror((x + y + v[0] + _u64(data, i + 8)) & _M, 37) * _K1) & _M
        y = (_ror((y + v[1] + _u64(data, i + 48)) & _M, 42) * _K1) & _M
        x ^= w[1]
        y = (y + v[0] + _u64(data, i + 40)) & _M
        z = (_ror((z + w[0]) & _M, 33) * _K1) & _M
        v = _weak32(data, i, (v[1] * _K1) & _M, (x + w[0]) & _M)
        w = _weak32(data, i + 32, (z + w[1]) & _M, (y + _u64(data, i + 16)) & _M)
        z, x = x, z
        i += 64
        if i == end:
            break
    mul = _K1 + ((z & 0xff) << 1)
    i = last64
    w0 = (w[0] + ((n - 1) & 63)) & _M
    v0 = (v[0] + w0) & _M
    w0 = (w0 + v0) & _M
    v, w = (v0, v[1]), (w0, w[1])
    x = (_ror((x + y + v[0] + _u64(data, i + 8)) & _M, 37) * mul) & _M
    y = (_ror((y + v[1] + _u64(data, i + 48)) & _M, 42) * mul) & _M
    x ^= (w[1] * 9) & _M
    y = (y + v[0] * 9 + _u64(data, i + 40)) & _M
    z = (_ror((z + w[0]) & _M, 33) * mul) & _M
    v = _weak32(data, i, (v[1] * mul) & _M, (x + w[0]) & _M)
    w = _weak32(data, i + 32, (z + w[1]) & _M, (y + _u64(data, i + 16)) & _M)
    z, x = x, z
    return _mix16((_mix16(v[0], w[0], mul) + _shift_mix(y) * _K0 + z) & _M,
                  (_mix16(v[1], w[1], mul) + x) & _M, mul)


def _rotl(v, shift):
    return ((v << shift) | (v >> (64 - shift))) & _M


def _sip_round(v0, v1, v2, v3):
    v0 = (v0 + v1) & _M
    v1 = _rotl(v1, 13) ^ v0
    v0 = _rotl(v0, 32)
    v2 = (v2 + v3) & _M
    v3 = _rotl(v3, 16) ^ v2
    v0 = (v0 + v3) & _M
    v3 = _rotl(v3, 21) ^ v0
    v2 = (v2 + v1) & _M
    v1 = _rotl(v1, 17) ^ v2
    v2 = _rotl(v2, 32)
    return v0, v1, v2, v3


def siphash(k0, k1, data):
    """SipHash-2-4 of `data` (bytes) under the 128-bit key `(k0, k1)`: TensorFlow's keyed hash."""
    k0, k1 = k0 & _M, k1 & _M
    v0, v1 = k0 ^ 0x736f6d6570736575, k1 ^ 0x646f72616e646f6d
    v2, v3 = k0 ^ 0x6c7967656e657261, k1 ^ 0x7465646279746573
    n = len(data)
    tail = data[n - n % 8:] + bytes(7 - n % 8) + bytes([n & 0xff])
    for i in range(0, n - n % 8, 8):
        m = _u64(data, i)
        v3 ^= m
        v0, v1, v2, v3 = _sip_round(*_sip_round(v0, v1, v2, v3))
        v0 ^= m
    m = _u64(tail, 0)
    v3 ^= m
    v0, v1, v2, v3 = _sip_round(*_sip_round(v0, v1, v2, v3))
    v0 ^= m
    v2 ^= 0xff
    for _ in range(4):
        v0, v1, v2, v3 = _sip_round(v0, v1, v2, v3)
    return v0 ^ v1 ^ v2 ^ v3


def hash64(data, seed=0xDECAFCAFFE):
    """TensorFlow's `Hash64` of `data` (bytes): MurmurHash64A with TensorFlow's default seed."""
    mul, n = 0xc6a4a7935bd1e995, len(data)
    h = (seed ^ (n * mul)) & _M
    full = n - n % 8
    for i in range(0, full, 8):
        k = (_u64(data, i) * mul) & _M
        k = ((k ^ (k >> 47)) * mul) & _M
        h = ((h ^ k) * mul) & _M
    if n % 8:
        h = ((h ^ int.from_bytes(data[full:], "little")) * mul) & _M
    h = ((h ^ (h >> 47)) * mul) & _M
    return h ^ (h >> 47)
