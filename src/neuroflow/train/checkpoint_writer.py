"""Writing a checkpoint's files, here or in the checkpoint writer process.

`write_checkpoint` is the whole write of one checkpoint, the same for every save: the `.data`
and `.index` files and the `checkpoint` state file in one atomic batch, then the deletion of
checkpoints that fell out of the kept list.

An asynchronous save (`CheckpointOptions(enable_async=True)`) must take as little as possible
from the training loop beside it. A writer *thread* still takes a lot: its Python work
(checksums, the index table, the state file) holds the interpreter lock the training steps
need, and each hand-over of the lock between the two threads costs the steps more than the
work itself. So, where the system can share memory between processes (Linux: `memfd_create`
and file descriptors sent over a socket), the files are written by a *writer process*:

- the save copies the values, laid out as the `.data` file, into a `Snapshot` (memory that
  can be shared, kept from save to save with its layout: each variable is copied straight
  into its place);
- then it sends the writer process a short message (`marshal` data, the same interpreter
  reading it: the prefix, the state file's fields, the checkpoints to delete; then the layout:
  each tensor's name, dtype, shape and offset) and returns: no thread of the training process
  takes part;
- the writer process runs `write_checkpoint` on the snapshot's memory and answers with an
  empty message or the error it raised, in the order the jobs were sent; the save is waited
  for at the next save, restore or `sync()`, which raises that error. Waiting for a write
  that is already done costs no system call: the writer process also counts the jobs it has
  written in a word of memory both processes map (until a job fails: from then on every
  answer is read), and the answers of jobs that word shows written are read later, several
  at a time. A save with write callbacks has its answer waited for on the writer thread,
  which runs the callbacks once the files are written.

The writer process keeps each snapshot's memory mapped from save to save: the file descriptor
goes with a job until a job with it was written, and the next job after the snapshot's memory
was freed (or replaced by a larger one) tells the writer process to unmap it.

The writer process starts (`python -c`, importing this package) at the first asynchronous
save and then serves every checkpoint of its parent. It ignores Ctrl-C (its own session) and
exits when its parent closes the socket, at exit or when killed, after finishing the write in
hand. A forked child starts its own (a save its parent has pending stays the parent's: the
child does not wait for it). If it is killed, the saves it held fail with `WriterProcessExited`
and the next save starts another; if it ends by itself before its first answer (it cannot run
here), a `RuntimeWarning` says so, the thread waiting for the save writes it, and later saves go
to the writer thread, as they do on systems without a writer process.

>>> import os, tempfile, numpy as np
>>> from neuroflow.train.tensor_bundle import BundleReader
>>> snapshot = Snapshot()
>>> snapshot.take({"w": np.arange(3.0)})
>>> prefix = os.path.join(tempfile.mkdtemp(), "ckpt")
>>> write_snapshot(prefix, snapshot)
>>> BundleReader(prefix).tensor("w")
array([0., 1., 2.])
"""
import atexit
import builtins
import collections
import gc
import itertools
import json
import marshal
import mmap
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import warnings
import weakref

import numpy as np

from ..framework import errors
from ..io.atomic import AtomicFiles
from .async_checkpoint import wait_for_writes
from .checkpoint_management import delete_checkpoint, update_checkpoint_state
from .tensor_bundle import data_pieces, write_pieces

__all__ = ["write_checkpoint", "Snapshot", "send_snapshot", "write_snapshot", "PendingWrite", "WriterProcessExited",
           "WRITER_PROCESS"]

# Whether asynchronous checkpoints are written by a writer process (else on the writer thread).
WRITER_PROCESS = (hasattr(os, "memfd_create") and hasattr(socket, "send_fds") and bool(sys.executable)
                  and not getattr(sys, "frozen", False))
_HEADER = struct.Struct("<I")  # a message's length, before it (and a job's head's, before the head)
_UNREAD_ANSWERS = 64  # the answers of settled jobs that may wait in the socket (a few bytes each)


def write_checkpoint(prefix, pieces, state=None, delete=()):
    """Writes the checkpoint `prefix` from `pieces` (as `tensor_bundle.data_pieces` gives them).

    Args:
        prefix: the checkpoint's path prefix (its folder is made where it is missing).
        pieces: the `.data` file's pieces.
        state: the `update_checkpoint_state` arguments of the folder's `checkpoint` file, renamed
            into place once the checkpoint is durable; None for none (`Checkpoint.write`).
        delete: the prefixes of checkpoints to delete once the state file no longer names them.
    """
    folder = os.path.dirname(prefix)
    if folder and not os.path.isdir(folder):
        os.makedirs(folder, exist_ok=True)
    with AtomicFiles() as files:
        write_pieces(prefix, pieces, files, index_stage=1 if state is None else 0)
        if state is not None:
            update_checkpoint_state(files=files, **state)
    for old in delete:
        delete_checkpoint(old)


class Snapshot:
    """One save's values laid out as its `.data` file, in memory the writer process can map.

    `take(tensors)` copies them in; the memory and the layout are kept for the next save: while
    the names, dtypes, shapes and strings stay those of the last `take`, only the numbers are
    copied again, each straight into its place. `pieces()` gives them back as `write_pieces` takes them.
    """

    def __init__(self):
        self._memory = self._release = None  # an mmap, and the finalizer freeing it for the writer process
        self.fd = None  # the memfd it maps, where the writer process is used
        self.memory_id = None  # the memfd's number in the writer process's messages
        self.layout = []  # (name, dtype enum, shape, offset, size, checksum)
        self.layout_bytes = marshal.dumps([])  # the layout for the writer process (encoded once per layout)
        self._targets = []  # [(name, NumPy view of the memory)] of each numeric tensor
        self._strings = None  # {name: its strings} of each string tensor (None: nothing laid out yet)

    @property
    def size(self):
        return len(self._memory)

    def take(self, tensors):
        """Copies `tensors` (a dict of name -> NumPy array) in, laid out as `data_pieces` lays them out."""
        if not self._fits(tensors):
            self._lay_out(tensors)
        for name, target in self._targets:
            target[...] = tensors[name]  # (same dtype and shape, `_fits` says)

    def _fits(self, tensors):
        """Whether `tensors` have the names, dtypes, shapes and strings of the last layout."""
        return (self._strings is not None and len(tensors) == len(self._targets) + len(self._strings)
                and all(name in tensors and tensors[name].dtype == target.dtype and tensors[name].shape == target.shape
                        for name, target in self._targets)
                and all(name in tensors and tensors[name].tolist() == strings
                        for name, strings in self._strings.items()))

    def _lay_out(self, tensors):
        self._targets, self._strings = [], {}  # (views of the memory: dropped before it is replaced)
        pieces = data_pieces(tensors)
        size = sum(len(data) for *_, data, _ in pieces)
        if self._memory is None or len(self._memory) < size:
            self._allocate(size)
        offset, self.layout = 0, []
        with memoryview(self._memory) as view:
            for name, dtype, shape, data, checksum in pieces:
                if checksum is not None:  # a string tensor: its bytes stay until the strings change
                    view[offset:offset + len(data)] = data
                    self._strings[name] = tensors[name].tolist()
                else:  # numbers: `take` copies them (a little-endian view, as `data_pieces` writes them)
                    item = tensors[name].dtype.newbyteorder("<")
                    self._targets.append((name, np.ndarray(shape, item, self._memory, offset)))
                self.layout.append((name, dtype, list(shape), offset, len(data), checksum))
                offset += len(data)
        self.layout_bytes = marshal.dumps(self.layout)

    def _allocate(self, size):
        if self._release is not None:
            self._release()
        self.fd = self._release = None
        size = max(size, mmap.PAGESIZE)
        if WRITER_PROCESS:
            self.fd, self.memory_id = os.memfd_create("neuroflow-checkpoint", os.MFD_CLOEXEC), next(_memory_ids)
            self._release = weakref.finalize(self, _release_memory, self.fd, self.memory_id)
            self._release.atexit = False  # a write pending at exit still sends it (the system closes it)
            os.ftruncate(self.fd, size)
        self._memory = mmap.mmap(-1 if self.fd is None else self.fd, size)

    def pieces(self):
        return _pieces(self._memory, self.layout)


_memory_ids = itertools.count()
_released = []  # the memory_ids of snapshots freed since the last job: the writer process unmaps them


def _release_memory(fd, memory_id):
    os.close(fd)
    _released.append(memory_id)


def _pieces(memory, layout):
    """The pieces `layout` places in `memory`, as views of it."""
    view = memoryview(memory)
    return [(name, dtype, shape, view[offset:offset + size], checksum)
            for name, dtype, shape, offset, size, checksum in layout]


def send_snapshot(prefix, snapshot, state=None, delete=(), then=None):
    """Hands the `write_checkpoint` of `snapshot` to the writer process and returns at once.

    Returns the `PendingWrite` to wait for (`then()` runs once it is known to be written), or
    None where there is no writer process (the caller writes it then). `snapshot` must stay
    unchanged until the write was waited for.
    """
    global _process
    if snapshot.fd is None or not WRITER_PROCESS:
        return None
    job = {"prefix": prefix, "state": state, "delete": list(delete), "memory": snapshot.memory_id,
           "size": snapshot.size}
    with _lock:
        if _process is None or _process.pid != os.getpid() or _process.exit_code is not None:
            _process = WriterProcess()
        return _process.send(PendingWrite(_process, job, snapshot, then))


def write_snapshot(prefix, snapshot, state=None, delete=()):
    """`write_checkpoint` of `snapshot`: by the writer process where there is one (waits for it)."""
    pending = send_snapshot(prefix, snapshot, state, delete)
    if pending is None:
        write_checkpoint(prefix, snapshot.pieces(), state, delete)
    elif pending.wait().error is not None:
        raise pending.error


# --- the writer process, as its parent sees it ---------------------------------------------------
_process = None  # the WriterProcess of this process id
_lock = threading.Lock()


@atexit.register
def _close_at_exit():
    """Once the pending writes are done, closes the socket (the writer process then exits) and reaps it."""
    wait_for_writes()
    if _process is not None and _process.pid == os.getpid():
        _process.close()


class WriterProcessExited(OSError):
    """The writer process ended before answering (killed, or it could not start)."""


def _give_up_on_writer_processes(error):
    """After a writer process that ended by itself before its first answer (it cannot import this package,
    say): this process writes on its writer thread from now on."""
    global WRITER_PROCESS
    WRITER_PROCESS = False
    warnings.warn(f"{error} Asynchronous checkpoints are written on a thread of this process instead.",
                  RuntimeWarning, stacklevel=2)


class WriterProcess:
    """The child process writing this process's asynchronous checkpoints, in the order they are sent."""

    def __init__(self):
        self.pid = os.getpid()
        self.answered = 0  # jobs it answered
        self._sent = collections.deque()  # the PendingWrites it has not answered yet, oldest first
        self._numbered = 0  # jobs sent so far (a job's number: its place in the order, from 1)
        self._counting = True  # whether its progress word counts the jobs written (until one fails)
        self._unread = 0  # answers not read yet of jobs the progress word showed written (they come first)
        self._mapped = set()  # the memory_ids it has mapped (a job that was given the memfd was written)
        self._send_lock, self._receive_lock = threading.Lock(), threading.Lock()
        self._received = b""  # what was read of its messages and not taken yet
        self._socket, theirs = socket.socketpair()
        progress_fd = os.memfd_create("neuroflow-writer-progress", os.MFD_CLOEXEC)
        package_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        code = (f"import sys; sys.path.insert(0, {package_root!r}); "
                f"from neuroflow.train.checkpoint_writer import serve; serve({theirs.fileno()}, {progress_fd})")
        try:
            os.ftruncate(progress_fd, mmap.PAGESIZE)
            self._written = _progress_word(progress_fd)  # the jobs it has written, modulo 2**32
            self._child = subprocess.Popen([sys.executable, "-c", code], pass_fds=[theirs.fileno(), progress_fd],
                                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                           start_new_session=True)
        finally:
            theirs.close()
            os.close(progress_fd)

    def close(self):
        self._socket.close()
        try:
            self._child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._child.kill()

    @property
    def child_pid(self):
        return self._child.pid

    @property
    def exit_code(self):
        """Its exit status once it ended (negative: the signal that ended it), else None."""
        return self._child.poll()

    def send(self, pending):
        """Sends `pending`'s job, with its snapshot's file descriptor until it is mapped there (the message
        is short: the socket's buffer takes it without waiting); returns `pending`."""
        snapshot = pending.snapshot
        with self._send_lock:
            job = dict(pending.job, release=[m for m in _taken(_released) if m in self._mapped])
            self._mapped.difference_update(job["release"])
            fds = [] if snapshot.memory_id in self._mapped else [snapshot.fd]
            pending.maps = bool(fds)
            self._numbered += 1
            pending.number = self._numbered
            self._sent.append(pending)
            head = marshal.dumps(job)
            try:
                _send(self._socket, _HEADER.pack(len(head)) + head + snapshot.layout_bytes, fds)
            except OSError:  # it ended (or its socket was closed): receiving the answer says so
                pass
        return pending

    def answer(self, pending):
        """Settles `pending` by the progress word where it shows it written, else reads answers until
        `pending`'s came; raises the error it reports."""
        with self._receive_lock:
            self._settle_written(pending)
            while pending in self._sent:
                self._receive_one()
        if isinstance(pending.answer, Exception):
            raise pending.answer
        if pending.answer:  # (empty: written)
            raise _rebuilt(json.loads(pending.answer))

    def _settle_written(self, pending):
        """Where the progress word shows `pending` written, settles it and the jobs sent before it as written,
        without reading their answers; those are read later, several in one `recv`."""
        if pending not in self._sent or not self._shows_written(pending):
            return
        while pending in self._sent:
            self._answered(self._sent.popleft(), b"")
            self._unread += 1
        if self._unread >= _UNREAD_ANSWERS:
            self._read_unread()

    def _shows_written(self, pending):
        """Whether the progress word counts `pending` as written (it counts modulo 2**32: far fewer jobs than
        2**31 are ever in flight)."""
        return self._counting and (int(self._written[0]) - pending.number) % 2**32 < 2**31

    def _read_unread(self):
        """Reads the unread answers (of jobs already settled) that have come, without waiting."""
        try:
            self._received += self._socket.recv(65536, socket.MSG_DONTWAIT)
        except OSError:  # none there (or the socket ended: the next answer read says so)
            return
        while self._unread and self._buffered_message() is not None:
            self._unread -= 1

    def _answered(self, pending, answer):
        self.answered += 1
        pending.answer = answer
        if answer:
            self._counting = False  # it stopped counting at this failure
        elif pending.maps:
            self._mapped.add(pending.job["memory"])

    def _receive_one(self):
        """Reads the next answer, which is the oldest sent job's; at the end of the stream (the writer
        process ended) every job still unanswered gets a `WriterProcessExited`."""
        try:
            answer = self._next_message()
            while answer is not None and self._unread:  # an answer of a job settled already
                self._unread -= 1
                answer = self._next_message()
        except OSError:  # it ended while we sent
            answer = None
        if answer is not None:
            self._answered(self._sent.popleft(), answer)
            return
        code = self._child.wait()
        self._socket.close()
        while self._sent:
            pending = self._sent.popleft()
            pending.answer = WriterProcessExited(
                f"The checkpoint writer process (pid {self._child.pid}) exited with code {code} "
                f"before writing {pending.job['prefix']}: that checkpoint was not written.")

    def _next_message(self):
        """The next message from the writer process (usually one `recv` reads it whole), None at the end."""
        while True:
            message = self._buffered_message()
            if message is not None:
                return message
            chunk = self._socket.recv(65536)
            if not chunk:  # (in the middle of a message too: the answer is lost with the process)
                return None
            self._received += chunk

    def _buffered_message(self):
        """The next message, where what was read holds it whole; else None."""
        if len(self._received) >= _HEADER.size:
            end = _HEADER.size + _HEADER.unpack_from(self._received)[0]
            if len(self._received) >= end:
                message, self._received = self._received[_HEADER.size:end], self._received[end:]
                return message
        return None


class PendingWrite:
    """A job sent to the writer process: `wait()` (reads its answer), `done()`, and `error` after it.

    Where the writer process ended by itself before its first answer (it cannot run here), `wait()`
    writes the snapshot on the waiting thread instead, and later saves use the writer thread.
    """

    def __init__(self, process, job, snapshot, then=None):
        self.job, self.snapshot = job, snapshot
        self.answer = None  # the answer (empty: written; else the error as JSON), or a WriterProcessExited
        self.error = None  # after `wait()`: the error the write ended with, or None
        self.maps = False  # whether its message carried the snapshot's file descriptor
        self.number = None  # its place in the order of the jobs sent
        self._process, self._then = process, then
        self._finished = False
        self._lock = threading.Lock()

    def done(self):
        return self._finished

    def wait(self):
        """Waits for the write and runs `then()` after it; returns this."""
        with self._lock:
            if not self._finished:
                try:
                    self._finish()
                except Exception as e:
                    self.error = e
                self._finished = True
        return self

    def _finish(self):
        if self._process.pid != os.getpid():
            return  # a forked child: its parent has the write, and reads the answer
        try:
            self._process.answer(self)
        except WriterProcessExited as e:
            if self._process.answered or self._process.exit_code < 0:  # it worked, or a signal ended it
                raise
            _give_up_on_writer_processes(e)
            write_checkpoint(self.job["prefix"], self.snapshot.pieces(), self.job["state"], self.job["delete"])
        if self._then is not None:
            self._then()


def _progress_word(fd):
    """The 32-bit word at the start of the memfd `fd`, mapped here (NumPy view; an aligned word is read and
    written whole): the number of jobs the writer process has written, modulo 2**32, while none failed."""
    return np.frombuffer(mmap.mmap(fd, mmap.PAGESIZE), np.uint32, 1)


def _taken(items):
    """Empties the list `items` (which other threads may append to); returns what it held."""
    taken = items[:]
    del items[:len(taken)]  # (what was appended meanwhile stays)
    return taken


def _send(sock, message, fds=()):
    data = _HEADER.pack(len(message)) + message
    sent = socket.send_fds(sock, [data], fds) if fds else sock.send(data)
    if sent < len(data):  # (an empty sendall still sends: EPIPE once the other side has read and closed)
        sock.sendall(data[sent:])


def _receive(sock):
    """The next message and the file descriptors sent with it; (None, []) at the end of the stream."""
    header, fds, _, _ = socket.recv_fds(sock, _HEADER.size, 1)
    if not header:
        return None, fds
    header += _exactly(sock, _HEADER.size - len(header))
    return _exactly(sock, _HEADER.unpack(header)[0]), fds


def _exactly(sock, size):
    chunks = []
    while size:
        chunk = sock.recv(size)
        if not chunk:
            raise EOFError("the checkpoint writer's socket closed in the middle of a message")
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _described(error):
    """An exception as JSON fields, for the parent to raise it again."""
    described = {"type": type(error).__name__, "message": str(error)}
    if isinstance(error, OSError):
        described.update(errno=error.errno, strerror=error.strerror, filename=error.filename,
                         filename2=error.filename2)
    return described


def _rebuilt(described):
    """The exception `_described` describes: an OSError of the same errno (so FileNotFoundError, ...) and
    file names (a failed rename names both), a neuroflow or built-in error of the same type, else a
    RuntimeError naming it.

    >>> error = _rebuilt(_described(IsADirectoryError(21, "Is a directory", "a.tmp", None, "a")))
    >>> type(error).__name__, str(error)
    ('IsADirectoryError', "[Errno 21] Is a directory: 'a.tmp' -> 'a'")
    """
    if described.get("errno") is not None:
        return OSError(described["errno"], described["strerror"], described["filename"], None,
                       described["filename2"])
    cls = getattr(errors, described["type"], None) or getattr(builtins, described["type"], None)
    if isinstance(cls, type) and issubclass(cls, errors.OpError):
        return cls(None, None, described["message"])
    if isinstance(cls, type) and issubclass(cls, Exception):
        return cls(described["message"])
    return RuntimeError(f"{described['type']}: {described['message']}")


# --- the writer process itself -------------------------------------------------------------------
def serve(fd, progress_fd):
    """The writer process's loop: a job, `write_checkpoint`, the answer; until the socket closes. The word
    of `progress_fd` counts the jobs written, until one fails."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.freeze()  # the objects of its imports stay: collections look only at those of the jobs
    sock = socket.socket(fileno=fd)
    mapped = {}  # memory_id -> (its mmap, the last layout's bytes, that layout)
    written, counting = _progress_word(progress_fd), True
    while True:
        message, fds = _receive(sock)
        if message is None:
            return
        try:
            end = _HEADER.size + _HEADER.unpack_from(message)[0]
            job, layout_bytes = marshal.loads(message[_HEADER.size:end]), message[end:]
            for memory_id in job["release"]:
                mapped.pop(memory_id)[0].close()
            if fds:
                mapped[job["memory"]] = (mmap.mmap(fds[0], job["size"], access=mmap.ACCESS_READ), b"", [])
            memory, known_bytes, layout = mapped[job["memory"]]
            if layout_bytes != known_bytes:
                layout = marshal.loads(layout_bytes)
                mapped[job["memory"]] = memory, layout_bytes, layout
            write_checkpoint(job["prefix"], _pieces(memory, layout), job["state"], job["delete"])
            answer = b""  # written
        except Exception as e:
            answer = json.dumps(_described(e)).encode()
        finally:
            for received in fds:
                os.close(received)
        counting = counting and not answer
        if counting:
            written += 1  # (in place, wrapping around at 2**32)
        try:
            _send(sock, answer)
        except OSError:  # the parent is gone (killed, or it exited without waiting): the jobs it sent still count
            pass
