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


@pytest.mark.parametrize("accelerated", [True, False])
@pytest.mark.parametrize("size", [0, 9, (8 << 20) + 7])
def test_value_of_a_whole_buffer_in_halves_or_serially(accelerated, size, monkeypatch):
    if accelerated and crc32.implementation != "isal":
        pytest.skip("the isal package is not installed (pip install neuroflow[saving])")
    if not accelerated:
        monkeypatch.setattr(crc32, "_isal_crc32", None)
        monkeypatch.setattr(crc32, "_isal_combine", None)
    raw = np.random.default_rng(1).integers(0, 256, size, dtype=np.uint8)
    expected = zlib.crc32(raw.tobytes())
    assert crc32.value(raw) == crc32.value(memoryview(raw), parallel=False) == expected
    assert crc32.value(raw.view(np.uint8)[: size // 2 * 2].view(np.uint16)) == zlib.crc32(raw[: size // 2 * 2].tobytes())
