"""`tf.summary.audio`: sound clips per step, played by TensorBoard's audio dashboard (WAV-encoded).

>>> import numpy as np
>>> encode_wav(np.zeros((4, 1), np.float32), 8000)[:4]
b'RIFF'
"""
import io
import wave

import numpy as np

from .tensorboard_protos import tensorboard
from .write_op import is_writing, write_named

__all__ = ["audio", "encode_wav"]


def encode_wav(samples, sample_rate):
    """16-bit PCM WAV bytes of `[frames, channels]` samples in [-1, 1] (as `tf.audio.encode_wav`)."""
    pcm = np.clip(np.asarray(samples, np.float64) * 32767.0, -32768, 32767)
    pcm = np.round(pcm).astype("<i2")
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as f:
        f.setnchannels(pcm.shape[1])
        f.setsampwidth(2)
        f.setframerate(int(sample_rate))
        f.writeframes(pcm.tobytes())
    return buffer.getvalue()


def audio(name, data, sample_rate, step=None, max_outputs=3, encoding=None, description=None):
    """Writes up to `max_outputs` clips of `data` (`[k, frames, channels]`, floats in [-1, 1]) under `name`.

    Args:
        name: the summary's name.
        data: `[k, t, c]` float samples in [-1, 1] (clipped).
        sample_rate: samples per second (an int or scalar tensor).
        step: the step (int, tensor or variable); default `tf.summary.experimental.get_step()`.
        max_outputs: at most this many clips are written per step.
        encoding: "wav" (the default, and the only one).
        description: Markdown text shown with the clips.

    Returns:
        True if written; False without a default writer or when `record_if` is off.
    """
    if encoding not in (None, "wav"):
        raise ValueError(f"Unknown encoding: {encoding!r}. tf.summary.audio writes 'wav'.")
    if not is_writing():
        return False
    shape = tuple(getattr(data, "shape", np.shape(data)))
    if len(shape) != 3:
        raise ValueError(f"Tensor {name} must have rank 3.  Received rank {len(shape)}, shape {shape}. "
                         "tf.summary.audio takes clips [k, frames, channels].")
    rate, limit = int(np.asarray(getattr(sample_rate, "numpy", lambda: sample_rate)())), int(max_outputs)
    tb = tensorboard()
    metadata = tb.audio_metadata.create_summary_metadata(
        display_name=None, description=description, encoding=tb.audio_metadata.Encoding.Value("WAV"))

    def encode(array):
        clips = [encode_wav(clip, rate) for clip in array[:limit]]
        return np.array([[clip, b""] for clip in clips], dtype=object).reshape(len(clips), 2)
    return write_named(name, "audio_summary", data, encode, step, metadata)
