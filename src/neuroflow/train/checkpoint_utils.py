"""Reading checkpoints by key: `tf.train.load_checkpoint`, `list_variables`, `load_variable`.

Keys are the checkpoint's tensor names (`model/_operations/1/_kernel/.ATTRIBUTES/VARIABLE_VALUE`).
Each function takes a checkpoint prefix or a folder (meaning its latest checkpoint).

>>> import os, tempfile
>>> import neuroflow as tf
>>> path = tf.train.Checkpoint(v=tf.Variable([1.0, 2.0])).write(os.path.join(tempfile.mkdtemp(), "w"))
>>> tf.train.list_variables(path)
[('_CHECKPOINTABLE_OBJECT_GRAPH', []), ('v/.ATTRIBUTES/VARIABLE_VALUE', [2])]
>>> tf.train.load_variable(path, "v/.ATTRIBUTES/VARIABLE_VALUE")
array([1., 2.], dtype=float32)
"""
import os

from ..framework.errors import NotFoundError
from .checkpoint_management import latest_checkpoint
from .tensor_bundle import BundleReader

__all__ = ["CheckpointReader", "load_checkpoint", "list_variables", "load_variable"]


class CheckpointReader:
    """The tensors of one checkpoint, by key (what `tf.train.load_checkpoint` returns)."""

    def __init__(self, prefix):
        self._bundle = BundleReader(prefix)

    def has_tensor(self, key):
        return key in self._bundle

    def get_tensor(self, key):
        """The value stored under `key` as a NumPy array (a scalar string as bytes)."""
        value = self._bundle.tensor(key).copy()
        return value.item() if value.dtype == object and value.ndim == 0 else value

    def get_variable_to_shape_map(self):
        return {key: list(self._bundle.shape(key)) for key in self._bundle.keys()}

    def get_variable_to_dtype_map(self):
        return {key: self._bundle.dtype(key) for key in self._bundle.keys()}


def _prefix(ckpt_dir_or_file):
    path = os.fspath(ckpt_dir_or_file)
    if os.path.isdir(path):
        latest = latest_checkpoint(path)
        if latest is None:
            raise ValueError(f"Couldn't find 'checkpoint' file or checkpoints in given directory {path}")
        return latest
    return path


def load_checkpoint(ckpt_dir_or_file):
    """A `CheckpointReader` of the checkpoint (prefix or folder) `ckpt_dir_or_file`."""
    return CheckpointReader(_prefix(ckpt_dir_or_file))


def list_variables(ckpt_dir_or_file):
    """`[(key, shape)]` of every tensor in the checkpoint, sorted by key."""
    reader = load_checkpoint(ckpt_dir_or_file)
    return sorted(reader.get_variable_to_shape_map().items())


def load_variable(ckpt_dir_or_file, name):
    """The value stored under key `name` (a trailing ':0' is ignored)."""
    if name.endswith(":0"):
        name = name[:-2]
    reader = load_checkpoint(ckpt_dir_or_file)
    if not reader.has_tensor(name):
        raise NotFoundError(None, None, f"Key {name} not found in checkpoint {_prefix(ckpt_dir_or_file)}")
    return reader.get_tensor(name)
