"""`tf.io.read_file` and `tf.io.write_file`: a whole file as a scalar string tensor.

>>> import os, tempfile
>>> import neuroflow as tf
>>> path = os.path.join(tempfile.mkdtemp(), "new", "hello.txt")
>>> tf.io.write_file(path, "hello")
>>> tf.io.read_file(path)
<tf.Tensor: shape=(), dtype=string, numpy=b'hello'>
"""
import os

from ..framework import dtypes
from ..framework.convert import convert_to_tensor
from ..framework.errors import NotFoundError
from .atomic import atomic_write
from .gfile import _tf_errors
from .paths import as_bytes, as_path

__all__ = ["read_file", "write_file"]


def read_file(filename, name=None):
    """The contents of the file `filename` as a scalar `tf.string` tensor.

    Raises:
        NotFoundError: the file does not exist.
    """
    path = as_path(filename)
    if not os.path.exists(path):
        raise NotFoundError(None, "ReadFile", f"ReadFile: {path}; No such file or directory")
    with _tf_errors("ReadFile:", path), open(path, "rb") as f:
        return convert_to_tensor(f.read(), dtypes.string)


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
