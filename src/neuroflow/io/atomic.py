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
import atexit
import contextlib
import functools
import os
import shutil
import stat
import sys
import uuid


__all__ = ["atomic_path", "atomic_write", "atomic_directory", "AtomicFiles", "start_writeback", "retire"]

_SYNC_FILE_RANGE_WRITE = 2  # Linux: start writing the range's dirty pages, don't wait


@functools.cache
def _sync_file_range():
    """libc's `sync_file_range` (Linux), or None where there is none."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes
    try:
        function = ctypes.CDLL(None, use_errno=True).sync_file_range
    except (OSError, AttributeError):
        return None
    function.argtypes = (ctypes.c_int, ctypes.c_int64, ctypes.c_int64, ctypes.c_uint)
    return function


def start_writeback(fd):
    """Starts writing the file `fd`'s changed pages to the disk, without waiting for them.

    A writer that calls this as it goes overlaps the disk's work with its own, so the fsync
    that makes the file durable has little left to wait for. Linux only (`sync_file_range`);
    elsewhere, and on file systems that refuse it, it does nothing.

    >>> import tempfile
    >>> with tempfile.TemporaryFile() as f:
    ...     _ = f.write(b"x" * 65536)
    ...     f.flush()
    ...     start_writeback(f.fileno())
    """
    function = _sync_file_range()
    if function is not None:
        function(fd, 0, 0, _SYNC_FILE_RANGE_WRITE)  # a failure only means no head start: the fsync still runs


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


def _sync_contents(fd):
    """Makes the file `fd`'s contents durable, with what reading them needs (its size, its blocks):
    `fdatasync` where there is one, which skips the file's timestamps (one disk write less per file
    when only they changed, as for a file written over in place)."""
    getattr(os, "fdatasync", os.fsync)(fd)


def _fsync_file(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        _sync_contents(fd)
    finally:
        os.close(fd)


def _temporary_name(path):
    return os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.{uuid.uuid4().hex[:12]}.tmp")


_spares = {}  # (folder, kind) -> a retired file of this process that the next reusing write there overwrites


def _spare_key(path):
    """Where a spare of `path` is kept: its folder and its kind, the name's extension (a checkpoint's
    `.index`, its `.data-00000-of-00001`, the extensionless `checkpoint` file): files of one kind are
    alike in size, so one's blocks fit the next."""
    folder, name = os.path.split(os.path.abspath(path))
    return folder, os.path.splitext(name)[1]


def _spare_name(folder):
    return os.path.join(folder, f".neuroflow-spare.{uuid.uuid4().hex[:12]}.tmp")


def _is_sole_file(path):
    """Whether `path` is a regular file with no other name (only such a file may be written over later:
    a hard link elsewhere, a backup say, would change with it)."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_nlink == 1


def _keep_spare(key, spare):
    """Makes `spare` the spare of `key`, unless there is one already (then it is removed)."""
    if _spares.setdefault(key, spare) != spare:
        os.remove(spare)


def retire(path):
    """Removes the file `path` from view, keeping its disk space for the next write of its kind (its
    extension) into its folder that reuses space (`AtomicFiles.open(..., reuse=True)`).

    Overwriting a file's blocks costs the file system far less than freeing them and allocating
    new ones (a checkpoint deleting the oldest one each save, say): no blocks to free, discard and
    allocate again. The file is renamed to a hidden name; one is kept per folder and kind (another
    one is removed), and any left is removed at exit. A file with other names (hard links) is
    simply removed.

    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> with atomic_write(os.path.join(folder, "old.bin")) as f:
    ...     _ = f.write(b"old contents")
    >>> retire(os.path.join(folder, "old.bin"))
    >>> with AtomicFiles() as files:
    ...     _ = files.open(os.path.join(folder, "new.bin"), reuse=True).write(b"new")
    >>> os.listdir(folder), open(os.path.join(folder, "new.bin"), "rb").read()
    (['new.bin'], b'new')
    """
    if not _is_sole_file(path):
        os.remove(path)
        return
    key = _spare_key(path)
    spare = _spare_name(key[0])
    os.rename(path, spare)
    _keep_spare(key, spare)


def _replace_keeping(tmp, path):
    """`os.replace(tmp, path)`, keeping the file it replaces as the spare of its kind where there is none
    yet (linked under a spare name first, so its blocks are written over next time instead of freed)."""
    key, spare = _spare_key(path), None
    if key not in _spares and hasattr(os, "link") and _is_sole_file(path):
        spare = _spare_name(key[0])
        try:
            os.link(path, spare)
        except OSError:  # no hard links on this file system
            spare = None
    try:
        os.replace(tmp, path)
    except BaseException:
        if spare is not None:  # (never leave a second name of the file still in place)
            with contextlib.suppress(OSError):
                os.unlink(spare)
        raise
    if spare is not None:
        _keep_spare(key, spare)


def _claim_spare(path, tmp):
    """Renames this process's spare of `path`'s kind in its folder to `tmp`; whether there was one."""
    spare = _spares.pop(_spare_key(path), None)
    if spare is None:
        return False
    try:
        os.rename(spare, tmp)
    except FileNotFoundError:  # someone removed it
        return False
    return True


@atexit.register
def _remove_spares():
    for folder in list(_spares):
        with contextlib.suppress(OSError, KeyError):
            os.remove(_spares.pop(folder))


def _fsync_all(fds):
    """Syncs the contents of the file descriptors `fds` (`_sync_contents`), first starting the disk's
    writes of them all: their blocks are then allocated together, and a journaling file system commits
    them in one go at the first sync (the later ones have little left to wait for). No threads: the
    waits need none, and a thread woken on the processor beside a training loop would take it from the
    loop."""
    for fd in fds:
        start_writeback(fd)
    for fd in fds:
        _sync_contents(fd)


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
    tmp = _temporary_name(os.path.abspath(path))
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
    with AtomicFiles() as files:
        yield files.open(path, mode, encoding)


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


class AtomicFiles:
    """Several files replaced atomically, in stages, with as few waits for the disk as possible.

    `open(path, stage=k)` gives a file object writing to a temporary file. When the block ends
    normally, every temporary file is flushed and fsynced together (one journal commit), then stage by
    stage the files are renamed into place (in the order they were opened) and their folders
    fsynced once per stage. So after a crash a file of stage k+1 is never newer than those of
    stage k: a later stage may name earlier ones (a checkpoint's `.index` its `.data`, the
    `checkpoint` state file the checkpoint). When the block raises, every temporary file is
    removed and no target changes.

    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> with AtomicFiles() as files:
    ...     _ = files.open(os.path.join(folder, "data")).write(b"123")
    ...     _ = files.open(os.path.join(folder, "names"), "w", stage=1).write("data")
    >>> sorted(os.listdir(folder)), open(os.path.join(folder, "names")).read()
    (['data', 'names'], 'data')
    """

    def __init__(self):
        self._files = []  # (stage, temporary path, target path, file object)
        self._reused = []  # the file objects writing over a retired file
        self._keeping = set()  # the targets whose replaced file is kept as a spare

    def open(self, path, mode="wb", encoding=None, stage=0, reuse=False, buffering=-1):
        """A new file object whose contents become `path` when the batch commits.

        With `reuse=True` it writes over the file of its kind that `retire` kept in that folder, if
        there is one, and the file it replaces at the commit is kept that way (`retire`) for the next.
        `buffering` is `open`'s (0: an unbuffered binary file, for writers of a few large buffers).
        """
        if mode not in ("w", "wb"):
            raise ValueError(f"AtomicFiles.open: mode must be 'w' or 'wb'. Received: mode={mode!r}.")
        path = os.path.abspath(os.fspath(path))
        tmp = _temporary_name(path)
        reused = reuse and _claim_spare(path, tmp)
        if reused:
            fd = os.open(tmp, os.O_WRONLY)
        else:  # O_EXCL: never write through a file someone else placed at the temporary name.
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        f = os.fdopen(fd, mode, buffering, encoding=encoding or ("utf-8" if mode == "w" else None))
        if reused:
            self._reused.append(f)  # cut to its new length at the commit
        if reuse:
            self._keeping.add(path)
        self._files.append((stage, tmp, path, f))
        return f

    def commit(self):
        """fsyncs every file, then renames them into place stage by stage (folders fsynced per stage)."""
        try:
            for f in self._reused:  # cut to the new length (only where it differs: a cut rewrites the last block)
                f.flush()
                if os.fstat(f.fileno()).st_size != f.tell():
                    f.truncate()
            for _, _, _, f in self._files:
                f.flush()
            _fsync_all([f.fileno() for _, _, _, f in self._files])
            for _, _, _, f in self._files:
                f.close()
            for stage in sorted({entry[0] for entry in self._files}):
                folders = []
                for entry_stage, tmp, path, _ in self._files:
                    if entry_stage == stage:
                        (_replace_keeping if path in self._keeping else os.replace)(tmp, path)
                        if os.path.dirname(path) not in folders:
                            folders.append(os.path.dirname(path))
                for folder in folders:
                    _fsync_directory(folder)
        except BaseException:
            self.abort()
            raise
        self._files, self._reused, self._keeping = [], [], set()

    def abort(self):
        """Closes and removes the temporary files that were not renamed yet; the targets stay as they were."""
        for _, tmp, _, f in self._files:
            with contextlib.suppress(OSError):
                f.close()
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        self._files, self._reused, self._keeping = [], [], set()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.commit()
        else:
            self.abort()
