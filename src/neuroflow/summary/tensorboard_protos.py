"""The `tensorboard` package's protocol buffers, plugin metadata and event writer, imported on first use.

Event files are written by TensorBoard's own `EventFileWriter` (TFRecord framing, CRCs, a
background thread) with TensorBoard's own `Event`/`Summary` messages, so what TensorBoard
reads is what its own code wrote. The package is the optional extra
`neuroflow[tensorboard]`; without it, creating a writer raises an `ImportError` naming it.
"""
import functools
import importlib

__all__ = ["tensorboard"]

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


class _Modules:
    """Attribute access to the modules above (`tensorboard().event_pb2.Event`)."""

    def __init__(self):
        for key, path in _MODULES.items():
            setattr(self, key, importlib.import_module(path))


@functools.lru_cache(maxsize=None)
def tensorboard():
    """The TensorBoard modules summaries are written with; ImportError naming the extra when absent."""
    try:
        return _Modules()
    except ImportError as error:
        raise ImportError(
            f"tf.summary writes TensorBoard event files with the `tensorboard` package, which is not "
            f"installed ({error}). Install it with `pip install neuroflow[tensorboard]` "
            "(or `pip install tensorboard`).") from None
