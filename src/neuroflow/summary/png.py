"""A minimal PNG encoder for image summaries: 8-bit gray, gray+alpha, RGB or RGBA, no filtering.

>>> import numpy as np
>>> encode_png(np.zeros((2, 3, 1), np.uint8))[:8]
b'\\x89PNG\\r\\n\\x1a\\n'
"""
import struct
import zlib

import numpy as np

__all__ = ["encode_png"]

_COLOR_TYPES = {1: 0, 2: 4, 3: 2, 4: 6}  # channels -> PNG color type


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def encode_png(image, compression=6):
    """PNG bytes of a `[height, width, channels]` uint8 array (1-4 channels)."""
    height, width, channels = image.shape
    rows = np.empty((height, 1 + width * channels), np.uint8)
    rows[:, 0] = 0  # filter type "none" for every row
    rows[:, 1:] = np.ascontiguousarray(image).reshape(height, width * channels)
    header = struct.pack(">IIBBBBB", width, height, 8, _COLOR_TYPES[channels], 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(rows.tobytes(), compression)) + _chunk(b"IEND", b""))
