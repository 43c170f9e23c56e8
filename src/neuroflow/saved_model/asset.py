"""`tf.saved_model.Asset`: a file a SavedModel carries with it (a vocabulary, a config).

`tf.saved_model.save` copies each `Asset` reachable from the saved object into the folder's
`assets/` and records it as TensorFlow does (an `AssetFileDef` in the MetaGraph, an `asset`
node in the object graph); functions that read `asset.asset_path` take the path as a captured
input. `tf.saved_model.load` gives back `Asset`s whose `asset_path` is the copy in the loaded
folder, so the SavedModel can be moved and still finds its files.

>>> import os, tempfile
>>> import neuroflow as tf
>>> source = tempfile.mkdtemp()
>>> with open(os.path.join(source, "vocab.txt"), "w") as f:
...     _ = f.write("a\\nb\\n")
>>> module = tf.Module()
>>> module.vocab = tf.saved_model.Asset(os.path.join(source, "vocab.txt"))
>>> module.read = tf.function(lambda: tf.io.read_file(module.vocab), input_signature=[])
>>> folder = os.path.join(tempfile.mkdtemp(), "with_vocab")
>>> tf.saved_model.save(module, folder)
>>> os.listdir(os.path.join(folder, "assets"))
['vocab.txt']
>>> loaded = tf.saved_model.load(folder)
>>> loaded.vocab.asset_path.numpy() == os.path.join(folder, "assets", "vocab.txt").encode()
True
>>> loaded.read().numpy()
b'a\\nb\\n'
"""
import os

from ..framework import dtypes
from ..framework.convert import convert_to_tensor

__all__ = ["Asset"]


class Asset:
    """A file to include in a SavedModel.

    Args:
        path: the file's path (a string, `os.PathLike` or a scalar `tf.string` tensor).
    """

    def __init__(self, path):
        if isinstance(path, os.PathLike):
            path = os.fspath(path)
        self._path = convert_to_tensor(path, dtype=dtypes.string)
        if self._path.shape.rank != 0:
            raise ValueError(f"tf.saved_model.Asset: the path must be a scalar string; got shape {self._path.shape}.")

    @property
    def asset_path(self):
        """The path as a scalar `tf.string` tensor (one tensor: functions capture it)."""
        return self._path

    def _as_tensor(self):
        return self._path

    def _trackable_children(self):
        return []

    def __repr__(self):
        return f"<tf.saved_model.Asset {self._path.numpy().decode(errors='replace')!r}>"
