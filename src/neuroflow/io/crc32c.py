"""CRC-32C (Castagnoli), the checksum of TFRecord files, and TensorFlow's masked form of it.

Uses the `google-crc32c` package's C implementation when it is installed
(`pip install neuroflow[tfrecord]`), otherwise a table-driven pure-Python loop that gives the
same values, only slower (about 10 MB/s).

>>> hex(value(b"123456789"))  # the standard check value of CRC-32C
'0xe3069283'
>>> hex(masked_value(b""))
'0xa282ead8'
"""
__all__ = ["value", "extend", "masked_value", "mask", "unmask"]

import numpy as np

_POLYNOMIAL = 0x82F63B78  # CRC-32C, bit-reversed
_MASK_DELTA = 0xA282EAD8  # TensorFlow's crc32c::Mask constant


def _make_table():
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ (_POLYNOMIAL if crc & 1 else 0)
        table.append(crc)
    return tuple(table)


_TABLE = _make_table()


def _python_extend(crc, data):
    crc, table = crc ^ 0xFFFFFFFF, _TABLE
    for byte in data:
        crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def _python_value(data):
    return _python_extend(0, data)


try:
    from google_crc32c import extend as _c_extend, implementation as _implementation, value as _c_value
except ImportError:  # the optional accelerator is absent: the pure-Python loop serves
    _implementation, _c_value, _c_extend = None, None, None


def _c_input(data):
    """`data` as google-crc32c's C functions take it without a copy: bytes, or a NumPy byte array
    (they refuse memoryviews and mmaps, whose buffers have to be released)."""
    return data if isinstance(data, bytes) else np.frombuffer(data, np.uint8)


def value(data):
    """The CRC-32C of `data` (bytes-like) as an unsigned 32-bit int."""
    if _implementation == "c":
        return _c_value(_c_input(data))
    return _python_value(memoryview(data).cast("B"))


def extend(crc, data):
    """The CRC-32C of the bytes `crc` covered followed by `data`: checksums data given in pieces.

    >>> extend(value(b"1234"), b"56789") == value(b"123456789")
    True
    """
    if _implementation == "c":
        return _c_extend(crc, _c_input(data))
    return _python_extend(crc, memoryview(data).cast("B"))


def mask(crc):
    """TensorFlow's masked CRC: rotate right by 15 bits and add a constant (mod 2**32).

    Checksumming data that contains its own checksum is error-prone; the mask avoids it.
    """
    return (((crc >> 15) | (crc << 17)) + _MASK_DELTA) & 0xFFFFFFFF


def unmask(masked):
    """The inverse of `mask`."""
    rotated = (masked - _MASK_DELTA) & 0xFFFFFFFF
    return ((rotated >> 17) | (rotated << 15)) & 0xFFFFFFFF


def masked_value(data):
    """`mask(value(data))`: the checksum TFRecord files store."""
    return mask(value(data))
