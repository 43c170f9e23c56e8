"""Atomic writes: the target holds the old file or the new one, never a broken one."""
import os
import sys

import pytest

from neuroflow.io.atomic import atomic_path, atomic_write


def test_new_file_is_written_and_no_temporary_file_remains(tmp_path):
    path = tmp_path / "a.bin"
    with atomic_write(path) as f:
        f.write(b"\x00\x01")
    assert path.read_bytes() == b"\x00\x01"
    assert os.listdir(tmp_path) == ["a.bin"]


def test_failing_writer_leaves_the_previous_file_intact(tmp_path):
    path = tmp_path / "model.txt"
    path.write_text("old model")
    with pytest.raises(RuntimeError, match="killed midway"):
        with atomic_write(path, "w") as f:
            f.write("new mod")
            raise RuntimeError("killed midway")
    assert path.read_text() == "old model"
    assert os.listdir(tmp_path) == ["model.txt"]


def test_atomic_path_hands_a_sibling_temporary_name_to_libraries(tmp_path):
    path = tmp_path / "w.h5"
    with atomic_path(path) as tmp:
        assert os.path.dirname(tmp) == str(tmp_path) and not os.path.exists(path)
        with open(tmp, "wb") as f:
            f.write(b"h5")
    assert path.read_bytes() == b"h5"


def test_written_file_gets_the_usual_permissions(tmp_path):
    path = tmp_path / "p.txt"
    with atomic_write(path, "w") as f:
        f.write("x")
    umask = os.umask(0)
    os.umask(umask)
    assert os.stat(path).st_mode & 0o777 == 0o666 & ~umask


def test_text_and_binary_modes_only(tmp_path):
    with pytest.raises(ValueError, match="mode must be"):
        with atomic_write(tmp_path / "x", "a"):
            pass


def test_start_writeback_leaves_the_contents_and_ignores_refusals(tmp_path):
    from neuroflow.io.atomic import _sync_file_range, start_writeback
    if sys.platform.startswith("linux"):
        assert _sync_file_range() is not None  # glibc and musl both have it
    path = tmp_path / "data.bin"
    with open(path, "wb") as f:
        f.write(b"\x01" * 200_000)
        f.flush()
        start_writeback(f.fileno())
        os.fsync(f.fileno())
    read_only = os.open(path, os.O_RDONLY)
    try:
        start_writeback(read_only)  # allowed on Linux, refused on some systems: never an error
    finally:
        os.close(read_only)
    start_writeback(-1)  # a bad descriptor: the kernel refuses, the caller's fsync would report real trouble
    assert path.read_bytes() == b"\x01" * 200_000


def test_a_batch_fsyncs_each_file_once_on_the_calling_thread(tmp_path, monkeypatch):
    """AtomicFiles starts every file's writeback, then syncs each one's contents (`fdatasync` where there
    is one): no helper thread is woken (beside a training loop one would take its processor)."""
    import threading
    from neuroflow.io import atomic
    synced, started = [], []
    name = "fdatasync" if hasattr(os, "fdatasync") else "fsync"
    real_sync = getattr(os, name)
    monkeypatch.setattr(atomic.os, name, lambda fd: (synced.append((fd, threading.get_ident())),
                                                     real_sync(fd))[1])
    monkeypatch.setattr(atomic, "start_writeback", lambda fd: started.append(fd))
    with atomic.AtomicFiles() as files:
        opened = [files.open(tmp_path / name) for name in ("a", "b", "c")]
        for f in opened:
            f.write(b"x" * 10000)
        numbers = [f.fileno() for f in opened]
    assert started == numbers  # the disk starts on all three before the first wait
    assert [fd for fd, _ in synced[:3]] == numbers and {t for _, t in synced} == {threading.get_ident()}
    assert sorted(os.listdir(tmp_path)) == ["a", "b", "c"]


def test_retired_file_is_written_over_and_cut_to_the_new_length(tmp_path):
    from neuroflow.io.atomic import AtomicFiles, retire
    with atomic_write(tmp_path / "old", "wb") as f:
        f.write(b"o" * 5000)
    inode = os.stat(tmp_path / "old").st_ino
    retire(tmp_path / "old")
    with atomic_write(tmp_path / "other", "wb") as f:  # a write that does not ask to reuse leaves the spare
        f.write(b"2")
    with AtomicFiles() as files:
        files.open(tmp_path / "new", reuse=True).write(b"new")
    assert os.stat(tmp_path / "new").st_ino == inode
    assert (tmp_path / "new").read_bytes() == b"new"
    assert sorted(os.listdir(tmp_path)) == ["new", "other"]
    with AtomicFiles() as files:  # no spare left: a new file
        files.open(tmp_path / "newer", reuse=True).write(b"newer")
    assert (tmp_path / "newer").read_bytes() == b"newer"



def test_a_reusing_write_keeps_the_file_it_replaces_for_the_next_write_of_its_kind(tmp_path):
    from neuroflow.io.atomic import AtomicFiles, retire
    with AtomicFiles() as files:
        files.open(tmp_path / "state", "w", reuse=True).write("first, and longer")
    first = os.stat(tmp_path / "state").st_ino
    with AtomicFiles() as files:
        files.open(tmp_path / "state", "w", reuse=True).write("second")
    assert (tmp_path / "state").read_text() == "second"
    spare, = [n for n in os.listdir(tmp_path) if n != "state"]  # the first file, hidden
    assert spare.startswith(".neuroflow-spare.") and os.stat(tmp_path / spare).st_ino == first
    with atomic_write(tmp_path / "ckpt.index", "wb") as f:
        f.write(b"index")
    retire(tmp_path / "ckpt.index")
    with AtomicFiles() as files:  # the third write goes over the first file; the `.index` spare stays for its kind
        files.open(tmp_path / "state", "w", reuse=True).write("third")
        files.open(tmp_path / "other.data", "wb", reuse=True).write(b"data")
    assert os.stat(tmp_path / "state").st_ino == first and (tmp_path / "state").read_text() == "third"
    # over the spares holding "second", "third" and the fourth: longer, the same length, shorter
    for text in ("the fourth, longer than any before", "fifth", "sixth"):
        with AtomicFiles() as files:
            files.open(tmp_path / "state", "w", reuse=True).write(text)
        assert (tmp_path / "state").read_text() == text
    assert len([n for n in os.listdir(tmp_path) if n.startswith(".neuroflow-spare.")]) == 2  # one of each kind
    with AtomicFiles() as files:
        files.open(tmp_path / "new.index", "wb", reuse=True).write(b"i")
    assert (tmp_path / "new.index").read_bytes() == b"i"


def test_a_file_with_other_names_is_never_kept_to_be_written_over(tmp_path):
    """A hard link elsewhere (a backup of a checkpoint, say) would change with a reused file."""
    from neuroflow.io.atomic import AtomicFiles, retire
    for name in ("old.data", "state"):
        (tmp_path / name).write_bytes(b"keep me")
        os.link(tmp_path / name, tmp_path / f"{name}.backup")
    retire(tmp_path / "old.data")  # removed, not kept
    with AtomicFiles() as files:  # replaced, not kept
        files.open(tmp_path / "state", "wb", reuse=True).write(b"new state")
        files.open(tmp_path / "new.data", "wb", reuse=True).write(b"new data")
    assert sorted(os.listdir(tmp_path)) == ["new.data", "old.data.backup", "state", "state.backup"]
    assert (tmp_path / "old.data.backup").read_bytes() == (tmp_path / "state.backup").read_bytes() == b"keep me"


def test_a_failed_replace_keeps_no_second_name_of_the_target(tmp_path):
    from neuroflow.io.atomic import AtomicFiles
    (tmp_path / "state").write_bytes(b"current")
    real_replace = os.replace

    def failing_replace(src, dst):
        raise PermissionError(13, "Permission denied", dst)
    files = AtomicFiles()
    files.open(tmp_path / "state", "wb", reuse=True).write(b"next")
    os.replace = failing_replace
    try:
        with pytest.raises(PermissionError):
            files.commit()
    finally:
        os.replace = real_replace
    assert os.listdir(tmp_path) == ["state"] and os.stat(tmp_path / "state").st_nlink == 1
    with AtomicFiles() as files:  # the next write is a new file: the target is never written through
        files.open(tmp_path / "state", "wb", reuse=True).write(b"next")
    assert (tmp_path / "state").read_bytes() == b"next"
