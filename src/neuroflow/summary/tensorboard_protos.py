"""The `tensorboard` package's protocol buffers, plugin metadata and event writer, imported on first use.

Event files are written by TensorBoard's own `EventFileWriter` (TFRecord framing, CRCs, a
background thread) with TensorBoard's own `Event`/`Summary` messages, so what TensorBoard
reads is what its own code wrote. The package is the optional extra
`neuroflow[tensorboard]`; without it, creating a writer raises an `ImportError` naming it.

Without TensorFlow, TensorBoard's record writer computes each record's CRC32C in pure
Python (about 0.2 ms per KB, on a thread that still holds the GIL). It computes it with
`neuroflow.io.crc32c` instead, which uses google-crc32c's C code (installed with the extra):
the same checksum, a thousand times faster.
"""
import functools
import importlib

__all__ = ["tensorboard", "plugin_metadata"]

_MODULES = {
    "event_pb2": "tensorboard.compat.proto.event_pb2",
    "summary_pb2": "tensorboard.compat.proto.summary_pb2",
    "config_pb2": "tensorboard.compat.proto.config_pb2",
    "graph_pb2": "tensorboard.compat.proto.graph_pb2",
    "event_file_writer": "tensorboard.summary.writer.event_file_writer",
    "scalar_metadata": "tensorboard.plugins.scalar.metadata",
    "histogram_metadata": "tensorboard.plugins.histogram.metadata",
    "image_metadata": "tensorboard.plugins.image.metadata",
    "audio_metadata": "tensorboard.plugins.audio.metadata",
    "text_metadata": "tensorboard.plugins.text.metadata",
    "graph_metadata": "tensorboard.plugins.graph.metadata",
}


def _use_neuroflow_crc32c():
    """Points TensorBoard's record writer at `neuroflow.io.crc32c` (the same checksum; google-crc32c's
    C code when installed, else a table loop a little faster than TensorBoard's own)."""
    from tensorboard.summary.writer import record_writer

    from ..io import crc32c
    record_writer.masked_crc32c = crc32c.masked_value


class _Modules:
    """Attribute access to the modules above (`tensorboard().event_pb2.Event`)."""

    def __init__(self):
        for key, path in _MODULES.items():
            setattr(self, key, importlib.import_module(path))


@functools.lru_cache(maxsize=None)
def tensorboard():
    """The TensorBoard modules summaries are written with; ImportError naming the extra when absent."""
    try:
        modules = _Modules()
    except ImportError as error:
        raise ImportError(
            f"tf.summary writes TensorBoard event files with the `tensorboard` package, which is not "
            f"installed ({error}). Install it with `pip install neuroflow[tensorboard]` "
            "(or `pip install tensorboard`).") from None
    _use_neuroflow_crc32c()
    return modules


@functools.lru_cache(maxsize=256)
def plugin_metadata(plugin, description=None):
    """The serialized `SummaryMetadata` of TensorBoard plugin `plugin` ("scalar", "histogram", ...)."""
    module = getattr(tensorboard(), f"{plugin}_metadata")
    return module.create_summary_metadata(display_name=None, description=description).SerializeToString()
