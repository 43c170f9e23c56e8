"""The background writer of asynchronous checkpoints (`CheckpointOptions(enable_async=True)`).

A save snapshots the variables' values on the caller's thread (a copy, so training may
change them at once) and hands the file writing to a background thread: at most one write
per `Checkpoint` is in flight. The next save, restore or `sync()` of that checkpoint waits
for it first and raises the error the write ended with, if any; `tf.train.latest_checkpoint`
and `tf.train.get_checkpoint_state` of its folder wait too. At interpreter exit pending
writes are joined, so the last checkpoint is complete; each write runs on its own
short-lived thread, so an idle checkpoint holds no thread.

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

__all__ = ["AsyncWriter", "wait_for_writes"]

_writers = weakref.WeakSet()  # the writers that ever had a write: waited for at exit


class AsyncWriter:
    """Runs one write at a time on a background thread; errors surface at the next `sync`."""

    def __init__(self):
        self._thread = None
        self._directory = None  # the folder the pending write goes to
        self._error = None

    @property
    def pending(self):
        """Whether a write is still running."""
        return self._thread is not None and self._thread.is_alive()

    def submit(self, write, directory):
        """Waits for the previous write (raising its error), then starts `write()` in the background.

        Args:
            write: a function doing the whole write.
            directory: the folder written to (`tf.train.latest_checkpoint` of it waits for the write).
        """
        self.sync()
        self._directory = os.path.abspath(directory)
        self._thread = threading.Thread(target=self._run, args=(write,), name="neuroflow-checkpoint-writer",
                                        daemon=True)
        _writers.add(self)
        self._thread.start()

    def _run(self, write):
        try:
            write()
        except BaseException as e:  # kept for the caller's next call
            self._error = e

    def wait(self):
        """Waits for the pending write, if any (its error stays for `sync`)."""
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join()

    def sync(self):
        """Waits for the pending write and raises the error it ended with."""
        self.wait()
        self._thread = None
        error, self._error = self._error, None
        if error is not None:
            raise error


def wait_for_writes(directory):
    """Waits for the pending asynchronous checkpoint writes into `directory`."""
    directory = os.path.abspath(directory)
    for writer in list(_writers):
        if writer.pending and writer._directory == directory:
            writer.wait()


@atexit.register
def _join_at_exit():
    """Lets pending writes finish before the interpreter exits, and reports their errors."""
    errors = []
    for writer in list(_writers):
        try:
            writer.sync()
        except BaseException as e:
            errors.append(e)
    if errors:
        raise errors[0]
