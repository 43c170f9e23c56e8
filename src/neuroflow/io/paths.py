"""`as_path`: the file name in any form TensorFlow accepts (str, bytes, os.PathLike, string tensor).

>>> import pathlib
>>> as_path(pathlib.Path("/tmp") / "a.txt"), as_path(b"/tmp/b.txt")
('/tmp/a.txt', '/tmp/b.txt')
"""
import os

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
    return os.fsdecode(path) if isinstance(path, bytes) else path
