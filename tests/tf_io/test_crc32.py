"""neuroflow.io.crc32: the zip/gzip CRC-32, through ISA-L when installed, else zlib, with equal values."""
import zlib

import numpy as np
import pytest

from neuroflow.io import crc32


@pytest.mark.parametrize("accelerated", [True, False])
def test_crc32_matches_zlib_in_pieces_and_on_arrays(accelerated, monkeypatch):
    if accelerated and crc32.implementation != "isal":
        pytest.skip("the isal package is not installed (pip install neuroflow[saving])")
    if not accelerated:
        monkeypatch.setattr(crc32, "_isal_crc32", None)
    data = np.random.default_rng(0).random(300_001, dtype=np.float32)
    raw = data.tobytes()
    assert crc32.extend(0, data) == zlib.crc32(raw)
    crc = 0
    for start in range(0, len(raw), 65_537):  # pieces of odd sizes, as a memoryview
        crc = crc32.extend(crc, memoryview(raw)[start:start + 65_537])
    assert crc == zlib.crc32(raw)
    assert crc32.extend(0, b"") == 0 and crc32.extend(0, b"123456789") == 0xCBF43926
