"""The background writer of asynchronous checkpoints (`CheckpointOptions(enable_async=True)`).

A save snapshots the variables' values on the caller's thread (a copy, so training may
change them at once) and hands the file writing to the checkpoint writer process where there
is one (`checkpoint_writer`: the save sends the job and returns, the answer is read when the
write is waited for), else to the process's checkpoint writer thread (`neuroflow.io.background`:
started at the first asynchronous save, then kept waiting for the next, so a save costs no
thread start). At most one write per `Checkpoint` is in
flight: the next save, restore or `sync()` of that checkpoint waits for it first and raises
the error the write ended with, if any; `tf.train.latest_checkpoint` and
`tf.train.get_checkpoint_state` of its folder wait too. An `atexit` hook waits for pending
writes (the writer thread is a daemon) and reports their errors.

>>> writer = AsyncWriter()
>>> done = []
>>> writer.submit(lambda: done.append("written"), "/tmp")
>>> writer.sync()
>>> done
['written']
>>> writer.submit(lambda: 1 / 0, "/tmp")
>>> writer.sync()
Traceback (most recent call last):
...
ZeroDivisionError: division by zero
"""
import atexit
import os
import threading
import weakref

from ..io.background import workers

__all__ = ["AsyncWriter", "wait_for_writes", "WRITER_THREAD"]

WRITER_THREAD = "neuroflow-checkpoint-writer"
_writers = weakref.WeakSet()  # the writers that ever had a write: their errors are reported at exit


def _on_writer_thread():
    """Whether this is the writer thread (a write callback must not wait for its own write)."""
    return threading.current_thread().name.startswith(WRITER_THREAD)


class AsyncWriter:
    """One write at a time, run on the writer thread or done by the writer process; its error surfaces at the
    next `sync`."""

    def __init__(self):
        self._task = None  # the pending (or finished, unreported) write
        self._directory = None  # the folder it goes to

    @property
    def pending(self):
        """Whether a write is still running."""
        return self._task is not None and not self._task.done()

    def submit(self, write, directory):
        """Waits for the previous write (raising its error), then hands `write()` to the writer thread.

        Args:
            write: a function doing the whole write.
            directory: the folder written to (`tf.train.latest_checkpoint` of it waits for the write).
        """
        self.sync()
        self.track(workers(WRITER_THREAD, 1).submit(write), directory)

    def track(self, task, directory):
        """Waits for the previous write (raising its error), then keeps `task`, a write already under way
        elsewhere (a `checkpoint_writer.PendingWrite`: `done()`, `wait()`, `error`), as the pending one."""
        self.sync()
        self._directory = os.path.abspath(directory)
        _writers.add(self)
        self._task = task

    def wait(self):
        """Waits for the pending write, if any (its error stays for `sync`)."""
        task = self._task
        if task is not None and not _on_writer_thread():
            task.wait()

    def sync(self):
        """Waits for the pending write and raises the error it ended with."""
        self.wait()
        task, self._task = self._task, None
        if task is not None and task.done() and task.error is not None:
            raise task.error


def wait_for_writes(directory=None):
    """Waits for the pending asynchronous checkpoint writes into `directory` (by default, all of them)."""
    directory = directory and os.path.abspath(directory)
    for writer in list(_writers):
        if writer.pending and directory in (None, writer._directory):
            writer.wait()


@atexit.register
def _report_at_exit():
    """Waits for writes still pending and raises the first error a write ended with, unreported so far."""
    errors = []
    for writer in list(_writers):
        try:
            writer.sync()
        except BaseException as e:
            errors.append(e)
    if errors:
        raise errors[0]
