"""The transport of `tf.distribute`: collectives on contiguous NumPy arrays, over MPI or in-process.

`LocalCommunicator` is one replica (every collective returns a copy of its input).
`MPICommunicator` runs buffer-based `mpi4py` collectives on a duplicate of `MPI.COMM_WORLD`:
many arrays travel packed in buckets (one flat contiguous buffer per dtype, at most
`bucket_bytes` each); one bucket is one blocking `Allreduce`, several are non-blocking
`Iallreduce`s in flight together. Failures end in bounded time instead of a hang: a watchdog
thread ends a rank stuck in a collective when a peer process on its host has exited (naming
that rank) or after `timeout` seconds; an uncaught exception on a rank aborts the job.

>>> import numpy as np
>>> comm = LocalCommunicator()
>>> comm.allreduce([np.ones(3, np.float32)])[0]
array([1., 1., 1.], dtype=float32)
"""
import atexit
import os
import socket
import sys
import threading
import time
import zlib

import numpy as np

from ..framework import errors

__all__ = ["LocalCommunicator", "MPICommunicator", "import_mpi", "launched_by_mpi"]

DEFAULT_BUCKET_BYTES = 32 << 20  # 32 MiB: few, large collectives; bounded pack buffers
_ENV_SIZES = ("PMI_SIZE", "OMPI_COMM_WORLD_SIZE", "MPI_LOCALNRANKS", "PMIX_SIZE")


def launched_by_mpi():
    """True when `mpiexec`/`srun` started this process as one of several ranks."""
    return any(int(os.environ.get(name, "1") or 1) > 1 for name in _ENV_SIZES)


def import_mpi():
    """`mpi4py.MPI`, or an ImportError naming the extra to install."""
    try:
        from mpi4py import MPI
    except ImportError as error:
        raise ImportError("Multi-process training needs mpi4py and an MPI library: "
                          "pip install 'neuroflow[mpi]' (installs mpi4py and the mpich wheel).") from error
    return MPI


def _bucket_groups(arrays, bucket_bytes):
    """Index lists: arrays of one dtype, in order, packed into buckets of at most `bucket_bytes`."""
    groups, open_bucket = [], {}
    for i, array in enumerate(arrays):
        key = array.dtype.str
        bucket = open_bucket.get(key)
        if bucket is None or (bucket[1] + array.nbytes > bucket_bytes and bucket[0]):
            bucket = open_bucket[key] = ([], 0)
            groups.append(bucket[0])
        bucket[0].append(i)
        open_bucket[key] = (bucket[0], bucket[1] + array.nbytes)
    return groups


class _Layout:
    """How a list of arrays (their dtypes and shapes) travels: buckets, each one flat buffer, and the
    arrays' views of those buffers, which are what a collective returns (no copy back).

    A bucket of several arrays is packed into its buffer and reduced in place; a bucket of one
    contiguous array is sent from that array and received into the buffer (no copy at all).
    """

    def __init__(self, arrays, bucket_bytes):
        self.buckets = []  # (flat buffer, [(index, view of the buffer)])
        self.views = [None] * len(arrays)
        for group in _bucket_groups(arrays, bucket_bytes):
            flat = np.empty(sum(arrays[i].size for i in group), arrays[group[0]].dtype)
            parts, offset = [], 0
            for i in group:
                self.views[i] = flat[offset:offset + arrays[i].size].reshape(arrays[i].shape)
                parts.append((i, self.views[i]))
                offset += arrays[i].size
            self.buckets.append((flat, parts))

    def send_buffer(self, arrays, bucket, copy=False):
        """The buffer to send for `bucket`: the array itself when it is alone and contiguous (and
        `copy` is False), else None after packing the arrays into the bucket (reduced in place)."""
        flat, parts = self.buckets[bucket]
        if len(parts) == 1 and not copy:
            array = arrays[parts[0][0]]
            if array.flags.c_contiguous and not np.may_share_memory(array, flat):
                return array
        for i, view in parts:
            np.copyto(view, arrays[i])
        return None

class LocalCommunicator:
    """One replica: collectives are copies."""

    rank, size = 0, 1

    def allreduce(self, arrays, op="sum", reuse=False):
        return [np.array(a, copy=True) for a in arrays]

    def start_allreduce(self, layout, arrays, op="sum"):
        for k in range(len(layout.buckets)):
            layout.send_buffer(arrays, k, copy=True)

    def wait_allreduce(self):
        pass

    def broadcast(self, arrays, root=0):
        return [np.array(a, copy=True) for a in arrays]

    def allgather(self, array):
        return np.array(array, copy=True)

    def allgather_ints(self, value):
        return np.array([value], np.int64)

    def allgather_bytes(self, data):
        return [bytes(data)]

    def check_same(self, description, what):
        pass

    def barrier(self):
        pass


class MPICommunicator:
    """Collectives over `MPI.COMM_WORLD` (see the module docstring).

    Args:
        timeout: seconds a collective may wait for its peers before `UnavailableError`
            (default: the environment variable `NEUROFLOW_COLLECTIVE_TIMEOUT`, else 30).
        bucket_bytes: the most bytes one all-reduce moves.
    """

    def __init__(self, timeout=None, bucket_bytes=DEFAULT_BUCKET_BYTES):
        MPI = self._MPI = import_mpi()
        self._comm = MPI.COMM_WORLD.Dup()
        self._comm.Set_errhandler(MPI.ERRORS_RETURN)  # errors become exceptions we can name
        self.rank, self.size = self._comm.Get_rank(), self._comm.Get_size()
        self.timeout = float(timeout if timeout is not None else os.environ.get("NEUROFLOW_COLLECTIVE_TIMEOUT", 30))
        self.bucket_bytes = int(bucket_bytes)
        self._ops = {"sum": MPI.SUM, "max": MPI.MAX, "min": MPI.MIN}
        self._lost = None
        self._waiting = None  # (collective, start time) while one waits
        self._local_peers = []
        self._layouts = {}  # the kept `_Layout`s of `allreduce(..., reuse=True)`, by dtypes and shapes
        self._in_flight = []  # the requests of `start_allreduce` not yet waited for
        host = socket.gethostname()
        peers = [p.decode().split(" ", 1) for p in self.allgather_bytes(f"{os.getpid()} {host}".encode())]
        self.peers = [(int(pid), name) for pid, name in peers]
        self._local_peers = [(r, pid) for r, (pid, name) in enumerate(self.peers) if name == host and r != self.rank]
        atexit.register(self._exit_if_lost)
        if self.size > 1:
            self._abort_on_uncaught_exception()
        self._record_pid()
        threading.Thread(target=self._watch, name="neuroflow-collective-watchdog", daemon=True).start()

    def _abort_on_uncaught_exception(self):
        """An exception that ends one rank's script aborts the whole job at once (after printing its
        traceback), instead of leaving the other ranks waiting in a collective until the timeout —
        what `python -m mpi4py` does."""
        previous = sys.excepthook

        def excepthook(kind, value, traceback):
            previous(kind, value, traceback)
            sys.stderr.flush()
            sys.stdout.flush()
            self._comm.Abort(1)
        sys.excepthook = excepthook

    def _record_pid(self):
        """Under `neuroflow.distribute.launch`: records `pid host` for this rank, so that the launcher can
        name the rank whose process died (MPICH's mpiexec reports only the pid)."""
        folder = os.environ.get("NEUROFLOW_LAUNCH_DIR")
        if folder:
            from ..io.atomic import atomic_write
            with atomic_write(os.path.join(folder, f"rank-{self.rank}"), "w") as file:
                file.write(f"{os.getpid()} {socket.gethostname()}")

    # --- failures -------------------------------------------------------------------------
    def _dead_peer(self):
        """The first peer rank on this host whose process has exited (or is a zombie), else None."""
        for rank, pid in self._local_peers:
            try:
                with open(f"/proc/{pid}/stat", "rb") as stat:
                    if stat.read().rsplit(b")", 1)[1].split()[0] in (b"Z", b"X"):
                        return rank
            except FileNotFoundError:
                return rank
            except OSError:  # no /proc (not Linux): ask the kernel whether the pid exists
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    return rank
                except PermissionError:
                    pass
        return None

    def _fail(self, what, rank=None, reason=None):
        if rank is not None:
            pid, host = self.peers[rank]
            message = (f"{what}: lost rank {rank} of {self.size} (pid {pid} on {host}): the process exited. "
                       f"Rank {self.rank} stops too; restart the job (keras.callbacks.BackupAndRestore resumes it).")
        else:
            message = (f"{what}: rank {self.rank} of {self.size} {reason}. A peer rank crashed, hangs or runs a "
                       "different program; raise NEUROFLOW_COLLECTIVE_TIMEOUT if steps are legitimately slow.")
        self._lost = message
        return errors.UnavailableError(None, None, message)

    def _exit_if_lost(self):
        """At exit after a lost peer: skip MPI_Finalize, which would wait for the dead rank."""
        if self._lost is not None:
            sys.stderr.flush()
            sys.stdout.flush()
            os._exit(1)

    def _collective(self, what, run, *args):
        """`run(*args)`: one blocking MPI collective, watched (see `_watch`); MPI errors become
        `UnavailableError`."""
        if self._lost is not None:
            raise errors.UnavailableError(None, None, self._lost)
        self._waiting = (what, time.monotonic())
        try:
            return run(*args)
        except self._MPI.Exception as error:
            raise self._fail(what, reason=f"got an MPI error ({error})") from None
        finally:
            self._waiting = None

    def _watch(self, interval=0.05):
        """The watchdog (a daemon thread): while a collective waits, checks every `interval` seconds
        that the peers on this host are alive and that the wait is within `timeout`; if not, prints
        the error naming the lost rank and exits this process with status 1 (its MPI call cannot be
        interrupted)."""
        while True:
            time.sleep(interval)
            waiting = self._waiting
            if waiting is None:
                continue
            what, since = waiting
            dead = self._dead_peer()
            if dead is not None:
                error = self._fail(what, dead)
            elif time.monotonic() - since > self.timeout:
                error = self._fail(what, reason=f"waited {self.timeout:g} s for its peers")
            else:
                continue
            if self._waiting is waiting:  # still stuck in the same collective
                sys.stderr.write(f"neuroflow.distribute: UnavailableError: {error.message}\n")
                self._exit_if_lost()

    # --- collectives ----------------------------------------------------------------------
    def allreduce(self, arrays, op="sum", reuse=False):
        """Element-wise `op` ("sum", "max", "min") of each array over the ranks.

        One bucket runs as a blocking `Allreduce` (what a bare mpi4py call costs); several run as
        non-blocking `Iallreduce`s, all in flight at once. With `reuse=True` the buckets are kept
        from call to call (no allocation, no fresh pages to fault in), so the results are only
        valid until the next such call with the same dtypes and shapes: the gradient all-reduce
        of a training step uses it.
        """
        arrays = [np.asarray(a) for a in arrays]
        layout = self.layout(arrays, reuse)
        mpi_op, in_place = self._ops[op], self._MPI.IN_PLACE
        if len(layout.buckets) == 1:
            send = layout.send_buffer(arrays, 0)
            self._collective("all-reduce", self._comm.Allreduce, in_place if send is None else send,
                             layout.buckets[0][0], mpi_op)
        else:
            sends = [layout.send_buffer(arrays, k) for k in range(len(layout.buckets))]
            self._collective("all-reduce", self._MPI.Request.Waitall, [
                self._comm.Iallreduce(in_place if send is None else send, flat, op=mpi_op)
                for send, (flat, _) in zip(sends, layout.buckets)])
        return list(layout.views)

    def layout(self, arrays, reuse=True):
        """The `_Layout` of `arrays`: the one kept for their dtypes and shapes with `reuse`, else a new one."""
        if not reuse:
            return _Layout(arrays, self.bucket_bytes)
        key = (self.bucket_bytes, *[(a.dtype, a.shape) for a in arrays])
        layout = self._layouts.get(key)
        if layout is None:
            if len(self._layouts) >= 16:  # a bound on the memory kept: layouts of shapes no longer used go
                self._layouts.clear()
            layout = self._layouts[key] = _Layout(arrays, self.bucket_bytes)
        return layout

    def start_allreduce(self, layout, arrays, op="sum"):
        """Packs `arrays` into the buckets of `layout` (a `layout(..., reuse=False)` of their own, kept
        by the caller) and starts their non-blocking in-place `Iallreduce`s; `wait_allreduce()`
        finishes them, and the results are then `layout.views`. Also lets the collectives started
        before progress (MPICH advances them only inside MPI calls)."""
        if self._in_flight:
            self._MPI.Request.Testall(self._in_flight)
        for k, (flat, _) in enumerate(layout.buckets):
            layout.send_buffer(arrays, k, copy=True)  # the caller may reuse its arrays at once
            self._in_flight.append(self._comm.Iallreduce(self._MPI.IN_PLACE, flat, op=self._ops[op]))

    def wait_allreduce(self):
        """Waits for every all-reduce `start_allreduce` started."""
        requests, self._in_flight = self._in_flight, []
        self._collective("all-reduce", self._MPI.Request.Waitall, requests)

    def broadcast(self, arrays, root=0):
        """The arrays of rank `root`, on every rank; new arrays."""
        arrays = [np.asarray(a) for a in arrays]
        layout = _Layout(arrays, self.bucket_bytes)
        for k in range(len(layout.buckets)):
            layout.send_buffer(arrays, k, copy=True)
        self._collective("broadcast", self._MPI.Request.Waitall,
                         [self._comm.Ibcast(flat, root=root) for flat, _ in layout.buckets])
        return list(layout.views)

    def allgather(self, array):
        """The ranks' arrays concatenated along axis 0 (their first dimensions may differ)."""
        array = np.asarray(array, order="C")
        counts = self.allgather_ints(array.shape[0])
        row = int(np.prod(array.shape[1:], dtype=np.int64))
        out = np.empty((int(counts.sum()),) + array.shape[1:], array.dtype)
        self._collective("all-gather", self._comm.Allgatherv, array, [out, (counts * row).tolist()])
        return out

    def allgather_ints(self, value):
        """Every rank's `value` (an int), as an int64 array indexed by rank."""
        counts = np.empty(self.size, np.int64)
        self._collective("all-gather", self._comm.Allgather, np.array([value], np.int64), counts)
        return counts

    def allgather_bytes(self, data):
        """Every rank's `data` (bytes), as a list indexed by rank."""
        data = np.frombuffer(bytes(data), np.uint8)
        counts = self.allgather_ints(data.size)
        out = np.empty(int(counts.sum()), np.uint8)
        self._collective("all-gather", self._comm.Allgatherv, data, [out, counts.tolist()])
        offsets = np.concatenate([[0], np.cumsum(counts)])
        return [out[offsets[i]:offsets[i + 1]].tobytes() for i in range(self.size)]

    def check_same(self, description, what):
        """Raises ValueError naming the ranks when `description` (a str) differs between ranks."""
        digests = self.allgather_ints(zlib.crc32(description.encode()))
        if (digests == digests[0]).all():
            return
        texts = [d.decode() for d in self.allgather_bytes(description.encode())]
        differing = [r for r in range(self.size) if digests[r] != digests[0]]
        raise ValueError(
            f"{what} differ between ranks: rank 0 has {texts[0]}, but rank {differing[0]} has "
            f"{texts[differing[0]]} (ranks that differ from rank 0: {differing}). Every rank must build the "
            "same model: run the same script with the same arguments on every rank.")

    def barrier(self):
        self._collective("barrier", self._comm.Barrier)
