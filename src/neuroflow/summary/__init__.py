"""`tf.summary`: TensorBoard logs — scalars, histograms, images, audio, text and graphs.

Needs the optional `tensorboard` package (`pip install neuroflow[tensorboard]`), whose
own event writer and protocol buffers write the files; it is imported when a writer is
created.

>>> import tempfile
>>> import neuroflow as tf
>>> writer = tf.summary.create_file_writer(tempfile.mkdtemp())
>>> with writer.as_default():
...     for step in range(3):
...         _ = tf.summary.scalar("loss", 1.0 / (step + 1), step=step)
...         _ = tf.summary.histogram("weights", tf.random.normal([100]), step=step)
>>> writer.close()

Then `tensorboard --logdir <that folder>` shows them.
"""
from . import experimental
from .audio import audio
from .histogram import histogram
from .image import image
from .scalar import scalar
from .text import text
from .trace import graph, trace_export, trace_off, trace_on
from .write_op import write
from .writer import (SummaryWriter, create_file_writer, create_noop_writer, flush, record_if,
                     should_record_summaries)

__all__ = ["experimental", "audio", "histogram", "image", "scalar", "text", "graph", "trace_export",
           "trace_off", "trace_on", "write", "SummaryWriter", "create_file_writer", "create_noop_writer",
           "flush", "record_if", "should_record_summaries"]
