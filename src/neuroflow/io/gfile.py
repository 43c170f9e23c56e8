"""`tf.io.gfile`: TensorFlow's file system API, on local paths.

Failures raise TensorFlow's error types (`NotFoundError`, `AlreadyExistsError`,
`PermissionDeniedError`, `FailedPreconditionError`), which also subclass the matching
Python exceptions. Files opened for writing (`GFile(path, "w")`) are written atomically:
the data appears at `path` when the file is closed.

>>> import os, tempfile
>>> from neuroflow.io import gfile
>>> root = tempfile.mkdtemp()
>>> gfile.makedirs(gfile.join(root, "a", "b"))
>>> with gfile.GFile(gfile.join(root, "a", "notes.txt"), "w") as f:
...     f.write("one\\ntwo\\n")
>>> [line for line in gfile.GFile(gfile.join(root, "a", "notes.txt"))]
['one\\n', 'two\\n']
>>> sorted(gfile.listdir(gfile.join(root, "a"))), gfile.stat(gfile.join(root, "a", "notes.txt")).length
(['b', 'notes.txt'], 8)
"""
import collections
import contextlib
import glob as _glob
import os
import shutil

from ..framework import errors
from .atomic import atomic_path
from .paths import as_bytes, as_path

__all__ = ["GFile", "Open", "FileStatistics", "copy", "exists", "glob", "isdir", "join", "listdir",
           "makedirs", "mkdir", "remove", "rename", "rmtree", "stat", "walk"]

_ERRORS = ((FileNotFoundError, errors.NotFoundError), (FileExistsError, errors.AlreadyExistsError),
           (PermissionError, errors.PermissionDeniedError),
           ((IsADirectoryError, NotADirectoryError), errors.FailedPreconditionError))


@contextlib.contextmanager
def _tf_errors(what, path):
    """Re-raises OSErrors as TensorFlow's error types, naming the operation and path."""
    try:
        yield
    except OSError as error:
        kind = next((tf_error for os_error, tf_error in _ERRORS if isinstance(error, os_error)),
                    errors.UnknownError)
        raise kind(None, None, f"{what} {path}: {error.strerror or error}") from error


FileStatistics = collections.namedtuple("FileStatistics", ["length", "mtime_nsec", "is_directory"])
FileStatistics.__doc__ = "What `stat` returns: size in bytes, modification time in ns, whether a folder."


def exists(path):
    """Whether `path` (a file or folder) exists."""
    return os.path.exists(as_path(path))


def isdir(path):
    """Whether `path` is a folder."""
    return os.path.isdir(as_path(path))


def join(path, *paths):
    """Joins path components with the separator (text only: any scheme, nothing checked)."""
    return os.path.join(*(os.fsdecode(os.fspath(p)) for p in (path, *paths)))


def glob(pattern):
    """The paths matching the shell pattern `pattern` (`*`, `?`, `[...]`), sorted."""
    return sorted(_glob.glob(as_path(pattern)))


def listdir(path):
    """The names of the entries of folder `path` (without "." and ".."). NotFoundError if absent."""
    path = as_path(path)
    if not os.path.isdir(path):
        raise errors.NotFoundError(None, None, f"Could not find directory {path}")
    return os.listdir(path)


def makedirs(path):
    """Creates folder `path` and any missing parents; an existing folder is fine."""
    path = as_path(path)
    with _tf_errors("makedirs", path):
        os.makedirs(path, exist_ok=True)


def mkdir(path):
    """Creates folder `path`; its parent must exist. AlreadyExistsError if it exists."""
    path = as_path(path)
    with _tf_errors("mkdir", path):
        os.mkdir(path)


def remove(path):
    """Deletes the file `path`. NotFoundError if absent."""
    path = as_path(path)
    with _tf_errors("remove", path):
        os.remove(path)


def rmtree(path):
    """Deletes folder `path` and everything below it. NotFoundError if absent."""
    path = as_path(path)
    with _tf_errors("rmtree", path):
        shutil.rmtree(path)


def _check_target(what, src, dst, overwrite):
    if not overwrite and os.path.exists(dst):
        raise errors.AlreadyExistsError(None, None, f"{what} {src} -> {dst}: the target exists. "
                                        "Pass overwrite=True to replace it.")


def rename(src, dst, overwrite=False):
    """Renames (moves) `src` to `dst`; an existing `dst` is replaced only with `overwrite=True`."""
    src, dst = as_path(src), as_path(dst)
    _check_target("rename", src, dst, overwrite)
    with _tf_errors("rename", f"{src} -> {dst}"):
        os.replace(src, dst)


def copy(src, dst, overwrite=False):
    """Copies file `src` to `dst` (atomically); an existing `dst` is replaced only with `overwrite=True`."""
    src, dst = as_path(src), as_path(dst)
    _check_target("copy", src, dst, overwrite)
    with _tf_errors("copy", f"{src} -> {dst}"), atomic_path(dst) as temporary:
        shutil.copyfile(src, temporary)


def stat(path):
    """`FileStatistics(length, mtime_nsec, is_directory)` of `path`. NotFoundError if absent."""
    path = as_path(path)
    with _tf_errors("stat", path):
        result = os.stat(path)
    return FileStatistics(result.st_size, result.st_mtime_ns, os.path.isdir(path))


def walk(top, topdown=True, onerror=None):
    """Yields `(folder, subfolder_names, file_names)` for `top` and every folder below it.

    Args:
        top: the folder to start from.
        topdown: yield a folder before (True) or after (False) its subfolders.
        onerror: called with the NotFoundError of a folder that cannot be listed; by default
            such folders are skipped.
    """
    top = as_path(top)
    try:
        names = listdir(top)
    except errors.NotFoundError as error:
        if onerror:
            onerror(error)
        return
    subdirs = [name for name in names if os.path.isdir(os.path.join(top, name))]
    files = [name for name in names if name not in subdirs]
    if topdown:
        yield top, subdirs, files
    for name in subdirs:
        yield from walk(os.path.join(top, name), topdown, onerror)
    if not topdown:
        yield top, subdirs, files


class GFile:
    """A file object in TensorFlow's style (`tf.io.gfile.GFile`, alias `Open`).

    Modes are "r", "w", "a", "r+", "w+", "a+", with "b" for bytes. Text mode decodes with
    `encoding` and splits lines only at "\\n", as TensorFlow does; `write` accepts str or bytes
    in either mode. Modes "w" and "w+" write atomically: the data replaces `name` on `close()`
    (a `with` block that raises leaves `name` untouched).
    """

    def __init__(self, name, mode="r", encoding="utf-8"):
        self._name, self._mode, self._encoding = as_path(name), mode, encoding
        base = mode.replace("b", "")
        if base not in ("r", "w", "a", "r+", "w+", "a+"):
            raise errors.InvalidArgumentError(None, None, f"GFile: mode must be 'r', 'w', 'a', 'r+', 'w+' "
                                              f"or 'a+' (with 'b' for bytes). Received: mode={mode!r}.")
        self._binary = "b" in mode
        self._readable = base in ("r", "r+", "w+", "a+")
        self._writable = base != "r"
        self._stack = contextlib.ExitStack()
        with self._stack:
            path = self._stack.enter_context(atomic_path(self._name)) if base in ("w", "w+") else self._name
            with _tf_errors("GFile: cannot open", self._name):
                self._file = self._stack.enter_context(open(path, base + "b"))
            self._stack = self._stack.pop_all()

    name = property(lambda self: self._name, doc="The file's path.")
    mode = property(lambda self: self._mode, doc="The mode it was opened with.")

    def _decode(self, data):
        return data if self._binary else data.decode(self._encoding)

    def _check(self, allowed, what):
        if self._file is None:
            raise ValueError(f"GFile {self._name}: I/O operation on a closed file.")
        if not allowed:
            raise errors.PermissionDeniedError(None, None, f"File {self._name} isn't open for {what} "
                                               f"(mode {self._mode!r}).")

    def size(self):
        """The file's current size in bytes."""
        self._check(True, "size")
        self._file.flush()
        return os.fstat(self._file.fileno()).st_size

    def read(self, n=-1):
        """Reads `n` bytes (all to the end when -1); str in text mode."""
        self._check(self._readable, "reading")
        return self._decode(self._file.read(n))

    def readline(self):
        """The next line, with its "\\n"; empty at the end of the file."""
        self._check(self._readable, "reading")
        return self._decode(self._file.readline())

    def readlines(self):
        """All remaining lines."""
        return list(self)

    def __iter__(self):
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def write(self, file_content):
        """Writes str (encoded) or bytes at the end of what was written so far."""
        self._check(self._writable, "writing")
        self._file.write(as_bytes(file_content, "file_content"))

    def seek(self, offset=None, whence=0, position=None):
        """Moves to byte `offset` relative to the start (0), the current position (1) or the end (2)."""
        self._check(True, "seeking")
        offset = position if offset is None else offset
        if offset is None or whence not in (0, 1, 2):
            raise errors.InvalidArgumentError(None, None, f"GFile.seek: give an offset and whence 0, 1 "
                                              f"or 2. Received: offset={offset}, whence={whence}.")
        self._file.seek(offset, whence)

    def tell(self):
        """The current position in bytes."""
        self._check(True, "tell")
        return self._file.tell()

    def seekable(self):
        return True

    def flush(self):
        """Pushes written data to the operating system (for atomic modes, to the temporary file)."""
        if self._file is not None and self._writable:
            self._file.flush()

    def close(self):
        """Closes the file; in modes "w"/"w+" its data now replaces `name`."""
        if self._file is not None:
            self._file = None
            self._stack.close()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None or self._file is None:
            self.close()
        else:
            self._file = None
            self._stack.__exit__(exc_type, exc, tb)


Open = GFile
