"""Reading logs back with TensorBoard's own loaders, as TensorBoard does."""
import glob
import os
import struct
import zlib

import numpy as np
import pytest

event_accumulator = pytest.importorskip(
    "tensorboard.backend.event_processing.event_accumulator",
    reason="the `tensorboard` package (pip install neuroflow[tensorboard]) reads the logs back")
from tensorboard.backend.event_processing import event_file_loader  # noqa: E402
from tensorboard.util import tensor_util  # noqa: E402


def accumulator(logdir):
    """An EventAccumulator over `logdir` holding every event (no sampling, no purging)."""
    acc = event_accumulator.EventAccumulator(logdir, size_guidance={"tensors": 0, "images": 0},
                                             purge_orphaned_data=False)
    acc.Reload()
    return acc


def values(logdir, tag):
    """[(step, NumPy value)] of the summaries under `tag`."""
    return [(e.step, tensor_util.make_ndarray(e.tensor_proto)) for e in accumulator(logdir).Tensors(tag)]


def plugin(logdir, tag):
    return accumulator(logdir).SummaryMetadata(tag).plugin_data.plugin_name


def events(path):
    """Every event of one event file, read with TensorBoard's raw loader."""
    return list(event_file_loader.RawEventFileLoader(path).Load())


def event_files(logdir):
    return sorted(glob.glob(os.path.join(logdir, "events.out.tfevents.*")))


def decode_png(data):
    """(height, width, channels, pixels) of an unfiltered 8-bit PNG (what our encoder writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, {}
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunks.setdefault(kind, b"")
        chunks[kind] += data[pos + 8:pos + 8 + length]
        crc = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])[0]
        assert crc == zlib.crc32(kind + data[pos + 8:pos + 8 + length]) & 0xFFFFFFFF
        pos += 12 + length
    width, height, depth, color = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    channels = {0: 1, 4: 2, 2: 3, 6: 4}[color]
    rows = np.frombuffer(zlib.decompress(chunks[b"IDAT"]), np.uint8).reshape(height, 1 + width * channels)
    assert depth == 8 and not rows[:, 0].any()
    return height, width, channels, rows[:, 1:].reshape(height, width, channels)
