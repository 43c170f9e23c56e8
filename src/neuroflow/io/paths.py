"""`as_path`: the file name in any form TensorFlow accepts (str, bytes, os.PathLike, string tensor).

Only local files are supported: `file://` URLs become local paths, other schemes (`gs://`,
`s3://`, `hdfs://`...) are refused with `UnimplementedError` rather than looked up on disk.

>>> import pathlib
>>> as_path(pathlib.Path("/tmp") / "a.txt"), as_path(b"/tmp/b.txt"), as_path("file:///tmp/c.txt")
('/tmp/a.txt', '/tmp/b.txt', '/tmp/c.txt')
"""
import os
import re

from ..framework.errors import UnimplementedError

__all__ = ["as_path", "as_bytes"]


def as_bytes(value, what="value"):
    """`value` (bytes, bytearray, memoryview, str, or a scalar string tensor) as bytes."""
    if hasattr(value, "numpy"):
        value = value.numpy()
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise TypeError(f"Expected a {what} of type bytes or str (or a scalar string tensor). "
                    f"Received: {type(value).__name__} {value!r:.80}")


def as_path(path):
    """`path` as a str file name."""
    if hasattr(path, "numpy"):
        path = path.numpy()
    path = os.fspath(path)
    path = os.fsdecode(path) if isinstance(path, bytes) else path
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*)://", path)
    if scheme is None:
        return path
    if scheme.group(1).lower() == "file":
        return path[len("file://"):]
    raise UnimplementedError(None, None, f"File system scheme '{scheme.group(1)}' not implemented (file: "
                             f"'{path}'). neuroflow reads and writes local files only; copy the file "
                             "to a local path first.")
