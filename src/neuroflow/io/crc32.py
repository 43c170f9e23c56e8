"""CRC-32 (the checksum of zip, gzip and PNG), fast on large buffers.

Uses ISA-L's carry-less-multiply implementation when the `isal` package is installed
(`pip install neuroflow[saving]`: about 4-6x zlib's speed here, which matters for the
tens of megabytes of weights a `.keras` file checksums on every save and load); otherwise
`zlib.crc32`, which gives the same values. Both release the GIL on large buffers, and with
ISA-L `value` checksums a large buffer's two halves on two threads and combines them.

>>> hex(extend(0, b"123456789"))  # the standard check value of CRC-32
'0xcbf43926'
>>> extend(extend(0, b"1234"), b"56789") == extend(0, b"123456789")
True
>>> value(b"123456789" * 2_000_000) == extend(0, b"123456789" * 2_000_000)
True
"""
import zlib

from .background import workers

__all__ = ["extend", "value", "implementation"]

try:
    from isal.isal_zlib import crc32 as _isal_crc32, crc32_combine as _isal_combine
except ImportError:  # the optional accelerator is absent: zlib serves
    _isal_crc32 = _isal_combine = None

implementation = "isal" if _isal_crc32 is not None else "zlib"
_PIECE = 1 << 30  # bytes per call: zlib takes less than 4 GiB at once
_PARALLEL_FLOOR = 8 << 20  # smaller buffers are checksummed on the calling thread alone


def extend(crc, data):
    """The CRC-32 of the bytes `crc` covered followed by `data` (bytes-like; `crc=0` to start)."""
    return _isal_crc32(data, crc) if _isal_crc32 is not None else zlib.crc32(data, crc)


def _pieces(view):
    crc = 0
    for start in range(0, len(view), _PIECE):
        crc = extend(crc, view[start:start + _PIECE])
    return crc


def value(data, parallel=True):
    """The CRC-32 of the bytes-like `data`; with ISA-L and `parallel`, a large buffer's halves are
    checksummed at once (for a caller that waits for it; one already working beside it passes False)."""
    with memoryview(data) as raw, raw.cast("B") as view:
        if not parallel or _isal_combine is None or len(view) < _PARALLEL_FLOOR:
            return _pieces(view)
        half = len(view) // 2
        tail = workers("neuroflow-checksum", 1).submit(_pieces, view[half:])
        try:
            head = _pieces(view[:half])
        finally:
            tail.wait()
        return _isal_combine(head, tail.result(), len(view) - half)
