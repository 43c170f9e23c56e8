"""The `tensorboard` package's protocol buffers, plugin metadata and event writer, imported on first use.

Event files are written by TensorBoard's own `EventFileWriter` (TFRecord framing, CRCs, a
background thread) with TensorBoard's own `Event`/`Summary` messages, so what TensorBoard
reads is what its own code wrote. The package is the optional extra
`neuroflow[tensorboard]`; without it, creating a writer raises an `ImportError` naming it.

Without TensorFlow, TensorBoard's record writer computes each record's CRC32C in pure
Python (about 0.2 ms per KB, on a thread that still holds the GIL). The extra also installs
`google-crc32c`; when its C implementation is present, the record writer uses it instead:
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


def _masked_crc32c(value):
    """TensorFlow's masked CRC32C of a record from an unmasked CRC32C `value` (as TensorBoard computes it)."""
    return (((value >> 15) | (value << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def _use_fast_crc32c():
    """Points TensorBoard's record writer at google-crc32c's C CRC32C, when that is installed."""
    try:
        import google_crc32c
    except ImportError:
        return False
    if google_crc32c.implementation != "c":
        return False
    from tensorboard.summary.writer import record_writer
    value = google_crc32c.value
    record_writer.masked_crc32c = lambda data: _masked_crc32c(value(data))
    return True


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
    modules.fast_crc32c = _use_fast_crc32c()
    return modules


@functools.lru_cache(maxsize=256)
def plugin_metadata(plugin, description=None):
    """The serialized `SummaryMetadata` of TensorBoard plugin `plugin` ("scalar", "histogram", ...)."""
    module = getattr(tensorboard(), f"{plugin}_metadata")
    return module.create_summary_metadata(display_name=None, description=description).SerializeToString()
