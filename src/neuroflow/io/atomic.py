"""Atomic file writes: a reader sees the old file or the new one, never half of one.

A write goes to a temporary file in the target's folder, is flushed and fsynced, and
only then renamed over the target (a rename within one folder is atomic). If anything
fails before the rename — an exception, a full disk, a killed process — the target is
untouched and the temporary file is removed (or, after a kill, left under a hidden name
that no reader looks for).

>>> import os, tempfile
>>> from neuroflow.io.atomic import atomic_write
>>> path = os.path.join(tempfile.mkdtemp(), "notes.txt")
>>> with atomic_write(path, "w") as f:
...     _ = f.write("first")
>>> try:
...     with atomic_write(path, "w") as f:
...         _ = f.write("half of the sec")
...         raise OSError("disk full")
... except OSError:
...     pass
>>> open(path).read()
'first'
"""
import contextlib
import os
import shutil
import uuid

__all__ = ["atomic_path", "atomic_write", "atomic_directory"]


def _fsync_directory(directory):
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # some platforms cannot open folders; the rename is still atomic
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _fsync_file(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_path(path):
    """Yields a temporary path to write `path` through (for libraries that open files by name).

    When the block ends normally, the temporary file is fsynced and renamed to `path`;
    when it raises, the temporary file is removed and `path` keeps its old contents.

    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "data.bin")
    >>> with atomic_path(path) as tmp:
    ...     with open(tmp, "wb") as f:
    ...         _ = f.write(b"abc")
    >>> open(path, "rb").read()
    b'abc'
    """
    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path))
    tmp = os.path.join(directory, f".{os.path.basename(path)}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        yield tmp
        _fsync_file(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_directory(directory)


@contextlib.contextmanager
def atomic_write(path, mode="wb", encoding=None):
    """Opens a file object whose contents replace `path` atomically when the block ends.

    Args:
        path: the file to write.
        mode: "wb" (default) or "w".
        encoding: for text mode; UTF-8 when not given.
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_write: mode must be 'w' or 'wb'. Received: mode={mode!r}.")
    if mode == "w" and encoding is None:
        encoding = "utf-8"
    with atomic_path(path) as tmp:
        # O_EXCL: never write through a file someone else placed at the temporary name.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, mode, encoding=encoding) as f:
            yield f
            f.flush()


@contextlib.contextmanager
def atomic_directory(path):
    """Yields a temporary folder that becomes the folder `path` when the block ends normally.

    The folder is made beside `path`, so the final rename stays within one file system.
    Every file written into it is fsynced before the rename. When the block raises, the
    temporary folder is removed and nothing appears at `path`. An existing folder at
    `path` is replaced (after the new one is complete); a file at `path` is refused.

    >>> import os, tempfile
    >>> target = os.path.join(tempfile.mkdtemp(), "export")
    >>> with atomic_directory(target) as tmp:
    ...     with open(os.path.join(tmp, "a.txt"), "w") as f:
    ...         _ = f.write("done")
    >>> sorted(os.listdir(target))
    ['a.txt']
    """
    path = os.path.abspath(os.fspath(path))
    if os.path.exists(path) and not os.path.isdir(path):
        raise FileExistsError(f"{path} exists and is a file, not a folder. Pass a folder path, or remove the file.")
    parent = os.path.dirname(path)
    os.makedirs(parent, exist_ok=True)
    tmp = os.path.join(parent, f".{os.path.basename(path)}.{uuid.uuid4().hex[:12]}.tmp")
    os.mkdir(tmp)
    old = None
    try:
        yield tmp
        for folder, _, files in os.walk(tmp):
            for name in files:
                _fsync_file(os.path.join(folder, name))
        if os.path.isdir(path):
            old = f"{tmp}.old"
            os.rename(path, old)
        os.rename(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and not os.path.exists(path):
            os.rename(old, path)  # the rename failed: put the previous folder back
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    _fsync_directory(parent)
