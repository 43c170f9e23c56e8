"""CRC-32 (the checksum of zip, gzip and PNG), fast on large buffers.

Uses ISA-L's carry-less-multiply implementation when the `isal` package is installed
(`pip install neuroflow[saving]`: about 4-6x zlib's speed here, which matters for the
tens of megabytes of weights a `.keras` file checksums on every save and load); otherwise
`zlib.crc32`, which gives the same values. Both release the GIL on large buffers.

>>> hex(extend(0, b"123456789"))  # the standard check value of CRC-32
'0xcbf43926'
>>> extend(extend(0, b"1234"), b"56789") == extend(0, b"123456789")
True
"""
import zlib

__all__ = ["extend", "implementation"]

try:
    from isal.isal_zlib import crc32 as _isal_crc32
except ImportError:  # the optional accelerator is absent: zlib serves
    _isal_crc32 = None

implementation = "isal" if _isal_crc32 is not None else "zlib"


def extend(crc, data):
    """The CRC-32 of the bytes `crc` covered followed by `data` (bytes-like; `crc=0` to start)."""
    return _isal_crc32(data, crc) if _isal_crc32 is not None else zlib.crc32(data, crc)
