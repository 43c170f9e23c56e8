"""`tf.summary.text`: strings per step (Markdown), shown by TensorBoard's text dashboard.

>>> import tempfile
>>> import neuroflow as tf
>>> with tf.summary.create_file_writer(tempfile.mkdtemp()).as_default(step=0):
...     tf.summary.text("notes", "**learning rate** halved")
True
"""
import numpy as np

from .tensorboard_protos import plugin_metadata
from .write_op import is_writing, write_named

__all__ = ["text"]


def _as_bytes(array):
    return np.array([v if isinstance(v, bytes) else str(v).encode() for v in array.reshape(-1)],
                    dtype=object).reshape(array.shape)


def text(name, data, step=None, description=None):
    """Writes the string (or array of strings) `data` under `name`.

    Args:
        name: the summary's name.
        data: a string, or an array or string tensor of strings (Markdown).
        step: the step (int, tensor or variable); default `tf.summary.experimental.get_step()`.
        description: Markdown text shown with the text.

    Returns:
        True if written; False without a default writer or when `record_if` is off.

    Raises:
        TypeError: `data` is not strings.
    """
    if not is_writing():
        return False
    values = data if hasattr(data, "dtype") else np.asarray(data, dtype=object)
    kind = np.dtype(getattr(values.dtype, "as_numpy_dtype", values.dtype)).kind
    if kind not in "SUO" or (kind == "O" and not all(isinstance(v, (str, bytes))
                                                      for v in np.asarray(values).reshape(-1))):
        raise TypeError(f"tf.summary.text({name!r}) needs strings; received {values.dtype}. "
                        "Format numbers first, e.g. f'{value:.3f}'.")
    return write_named(name, "text_summary", data if hasattr(data, "dtype") else values, _as_bytes, step,
                       plugin_metadata("text", description))
