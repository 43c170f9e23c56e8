"""`tf.io.read_file`, `write_file` and `matching_files`: whole files as string tensors.

>>> import os, tempfile
>>> import neuroflow as tf
>>> path = os.path.join(tempfile.mkdtemp(), "new", "hello.txt")
>>> tf.io.write_file(path, "hello")
>>> tf.io.read_file(path)
<tf.Tensor: shape=(), dtype=string, numpy=b'hello'>
"""
import os

import numpy as np

from ..framework import dtypes
from ..framework.convert import convert_to_tensor
from ..framework.errors import NotFoundError
from ..framework.tensor import Tensor
from ..ops.registry import op
from .atomic import atomic_write
from .gfile import _tf_errors, glob
from .host_ops import eager_only, is_stand_in
from .paths import as_bytes, as_path

__all__ = ["read_file", "write_file", "matching_files"]


@op("ReadFile")
def _read_file(xp, filename):
    name = filename[()]
    if is_stand_in(name):   # tracing: the contents are a stand-in too (decoders then give stand-ins)
        return np.zeros((), dtype=object)
    path = as_path(name)
    if not os.path.exists(path):
        raise NotFoundError(None, "ReadFile", f"ReadFile: {path}; No such file or directory")
    with _tf_errors("ReadFile:", path), open(path, "rb") as f:
        return np.array(f.read(), dtype=object)


def read_file(filename, name=None):
    """The contents of the file `filename` as a scalar `tf.string` tensor.

    Works inside `tf.function` and `Dataset.map` (the file is read when the graph runs).

    Raises:
        NotFoundError: the file does not exist.
    """
    if hasattr(filename, "_as_tensor"):  # e.g. a tf.saved_model.Asset: its path tensor, which functions capture
        filename = filename._as_tensor()
    if not hasattr(filename, "_dtype"):
        filename = convert_to_tensor(as_path(filename), dtypes.string)
    if filename.shape.rank != 0:
        raise ValueError(f"read_file expects one file name (a scalar). Received shape {filename.shape}.")
    return _read_file(filename)


def write_file(filename, contents, name=None):
    """Writes `contents` (a scalar string tensor, bytes or str) to `filename`, atomically.

    Missing parent folders are created, as TensorFlow's WriteFile op does.
    """
    path = as_path(filename)
    data = as_bytes(contents, "contents")
    with _tf_errors("WriteFile:", path):
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        with atomic_write(path, "wb") as f:
            f.write(data)


def matching_files(pattern, name=None):
    """The paths matching the glob `pattern` (`*`, `?`, `[...]`), sorted, as a 1-D string tensor."""
    eager_only("MatchingFiles", "List the files before tracing, e.g. with tf.data.Dataset.list_files.")
    paths = [path.encode() for path in glob(as_path(pattern))]
    array = np.empty(len(paths), dtype=object)  # built directly: convert_to_tensor rejects an empty list
    array[:] = paths
    return Tensor(array, dtypes.string)
