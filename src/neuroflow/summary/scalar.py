"""`tf.summary.scalar`: one number per step, drawn as a curve by TensorBoard's scalars dashboard.

>>> import tempfile
>>> import neuroflow as tf
>>> with tf.summary.create_file_writer(tempfile.mkdtemp()).as_default(step=1):
...     tf.summary.scalar("loss", 0.25)
True
"""
import numpy as np

from ..framework.convert import convert_to_tensor
from ..framework.tensor import Tensor
from ..framework.variable import Variable
from .tensorboard_protos import plugin_metadata
from .write_op import is_writing, write_named

__all__ = ["scalar"]


def _as_float32(array):
    return array.astype(np.float32, copy=False)


def scalar(name, data, step=None, description=None):
    """Writes the scalar `data` under `name` (prefixed by the enclosing name scopes).

    Args:
        name: the summary's name.
        data: a real number, or a scalar tensor (written as float32).
        step: the step (int, tensor or variable); default `tf.summary.experimental.get_step()`.
        description: Markdown text shown with the chart.

    Returns:
        True if written; False without a default writer or when `record_if` is off.

    Raises:
        ValueError: `data` is not a scalar, or no step is known.
    """
    if not is_writing():
        return False
    if not isinstance(data, (Tensor, Variable)) and not isinstance(data, (int, float, np.number)):
        data = convert_to_tensor(data)
    shape = tuple(getattr(data, "shape", ()))
    if shape:
        raise ValueError(f"Expected scalar shape, saw shape: {shape}. tf.summary.scalar({name!r}) writes one "
                         "number per step; reduce the tensor first, e.g. tf.reduce_mean(data).")
    return write_named(name, "scalar_summary", data, _as_float32, step, plugin_metadata("scalar", description))
