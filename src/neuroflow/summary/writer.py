"""Summary writers and the summary state: the default writer, the default step, the recording condition.

`create_file_writer(logdir)` makes a writer of TensorBoard event files
(`events.out.tfevents.<time>.<host>.<pid>.<n>.v2`); `with writer.as_default(step=...)`
makes it the writer that `tf.summary.scalar` and friends write to. Without a default
writer, summary calls do nothing and return False. Records are queued and written by
the event writer's own thread, so training does not wait for the disk; the file is
flushed every `flush_millis`, when `max_queue` records are waiting, on `flush()`, when
an `as_default()` block exits and on `close()`.

>>> import tempfile
>>> import neuroflow as tf
>>> writer = tf.summary.create_file_writer(tempfile.mkdtemp())
>>> with writer.as_default(step=3):
...     tf.summary.experimental.get_step()
3
>>> print(tf.summary.experimental.get_step())
None
>>> tf.summary.should_record_summaries()
False
>>> with writer.as_default(), tf.summary.record_if(False):
...     tf.summary.should_record_summaries()
False
"""
import contextlib
import os
import threading
import time
import weakref

from ..framework import errors
from ..framework.name_scope import current_scope, name_scope
from ..graph.graph_def import set_tensor_proto
from .tensorboard_protos import tensorboard

__all__ = ["SummaryWriter", "create_file_writer", "create_noop_writer", "default_writer", "flush", "record_if",
           "should_record_summaries", "get_step", "set_step", "summary_scope", "summary_state",
           "condition_holds"]


class _State(threading.local):
    """Per thread, as in TensorFlow: the default writer, the default step, the recording condition."""

    def __init__(self):
        self.writer = None
        self.step = None
        self.condition = True


summary_state = _State()


class SummaryWriter:
    """The interface of summary writers (`tf.summary.SummaryWriter`)."""

    writes = False  # whether summaries under this writer are written anywhere

    def as_default(self, step=None):
        """A context manager making this the default writer (and `step` the default step, if given).

        On exit the previous writer and step come back, and this writer is flushed.
        """
        self._check_open()
        return _DefaultWriter(self, step)

    def set_as_default(self, step=None):
        """Makes this the default writer (and `step` the default step) until another is set."""
        self.as_default(step).__enter__()

    def init(self):
        """Initializes the writer (a no-op: writers are ready when created)."""

    def flush(self):
        """Writes every queued record to disk."""

    def hand_over(self):
        """Gives queued records to the writer thread without waiting for the disk (neuroflow's addition)."""

    def close(self):
        """Flushes and closes the writer; it cannot be used afterwards."""

    def write_array(self, tag, array, step, metadata):
        """Writes one summary value: `array` (NumPy) at `step` with serialized `metadata`."""

    def _check_open(self):
        """Raises RuntimeError when the writer was closed."""


class _DefaultWriter:
    def __init__(self, writer, step, flush=True):
        self._writer, self._step, self._flush = writer, step, flush

    def __enter__(self):
        self._saved = summary_state.writer, summary_state.step
        summary_state.writer = self._writer
        if self._step is not None:
            summary_state.step = self._step
        return self._writer

    def __exit__(self, *exc):
        if self._flush:
            summary_state.writer.flush()
        else:
            summary_state.writer.hand_over()
        summary_state.writer = self._saved[0]
        if self._step is not None:
            summary_state.step = self._saved[1]
        return False


class _FileWriter(SummaryWriter):
    """Writes TensorBoard event files with the `tensorboard` package's `EventFileWriter`.

    Records wait in a list until `max_queue` of them are pending or `flush_millis` have
    passed since the last hand-over (TensorFlow's rule); then they go to the event writer's
    thread together, so the training thread wakes that thread once per batch of records.
    """

    writes = True

    def __init__(self, logdir, max_queue, flush_millis, filename_suffix):
        tb = tensorboard()
        _make_directory(logdir)
        self._tb = tb
        self._logdir = logdir
        self._max_queue = max_queue
        self._flush_seconds = flush_millis / 1000.0
        self._deadline = time.monotonic() + self._flush_seconds
        self._pending = []
        self._events = tb.event_file_writer.EventFileWriter(
            logdir, max_queue_size=2 * max(max_queue, 1), flush_secs=self._flush_seconds,
            filename_suffix=filename_suffix)
        _buffer_stub_file(self._events)
        self._closed = False
        self._lock = threading.Lock()
        # Pending records are written and the file closed when the writer is collected or at exit.
        self._finalizer = weakref.finalize(self, _hand_over_and_close, self._events, self._pending, self._lock)

    @property
    def logdir(self):
        return self._logdir

    def _check_open(self):
        if self._closed:
            raise RuntimeError(f"SummaryWriter {self!r} is already closed. Create a new writer with "
                               "tf.summary.create_file_writer(logdir).")

    def add_event(self, event):
        """Queues an `Event` message for the writer thread."""
        self._check_open()
        if not event.wall_time:
            event.wall_time = time.time()
        self._pending.append(event)
        if len(self._pending) >= self._max_queue or time.monotonic() >= self._deadline:
            _hand_over(self._events, self._pending, self._lock)
            self._deadline = time.monotonic() + self._flush_seconds

    def write_array(self, tag, array, step, metadata):
        event = self._tb.event_pb2.Event(step=step, wall_time=time.time())
        value = event.summary.value.add(tag=tag)  # built in place: no message is copied
        if metadata:
            value.metadata.ParseFromString(metadata)
        set_tensor_proto(value.tensor, array)
        self.add_event(event)

    def flush(self):
        if not self._closed:
            _hand_over(self._events, self._pending, self._lock)
            self._events.flush()

    def hand_over(self):
        if not self._closed:
            _hand_over(self._events, self._pending, self._lock)
            self._deadline = time.monotonic() + self._flush_seconds

    def close(self):
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._finalizer()

    def __repr__(self):
        return f"<SummaryWriter logdir={self._logdir!r}{' (closed)' if self._closed else ''}>"


def _buffer_stub_file(events):
    """Gives TensorBoard's record writer a buffered file when it would write through TensorBoard's
    TensorFlow-less GFile stub, which opens and closes the file for every record (14 us of CPU per
    record against 1.6). The same bytes go to the same file, from the same thread; with TensorFlow
    installed (a real GFile) nothing changes."""
    records = getattr(getattr(events, "_async_writer", None), "_writer", None)
    stub = getattr(records, "_writer", None)
    if stub is None or not type(stub).__module__.startswith("tensorboard.compat.tensorflow_stub"):
        return
    events.flush()  # the header record is on disk: the buffered file appends after it
    records._writer = open(stub.filename, "ab")  # noqa: SIM115 - closed by the record writer's close()
    stub.close()


def _hand_over(events, pending, lock):
    """Gives the pending records to the event writer's thread, in order."""
    with lock:
        records = pending[:]
        del pending[:]
        for event in records:
            events.add_event(event)


def _hand_over_and_close(events, pending, lock):
    _hand_over(events, pending, lock)
    events.close()


class _NoopWriter(SummaryWriter):
    """A writer that writes nothing: summaries under it return False."""

    def __repr__(self):
        return "<NoopSummaryWriter>"


def _make_directory(logdir):
    """Creates `logdir`, raising TensorFlow's error types when it cannot be created."""
    try:
        os.makedirs(logdir, exist_ok=True)
    except (NotADirectoryError, FileExistsError) as error:
        raise errors.FailedPreconditionError(
            None, "CreateSummaryFileWriter",
            f"Cannot create the log directory {logdir!r}: {error.strerror} ({error.filename}). "
            "Choose a logdir whose parents are folders.") from None
    except PermissionError as error:
        raise errors.PermissionDeniedError(
            None, "CreateSummaryFileWriter",
            f"Cannot create the log directory {logdir!r}: permission denied ({error.filename}). "
            "Choose a logdir you may write to.") from None
    except OSError as error:
        raise errors.NotFoundError(
            None, "CreateSummaryFileWriter",
            f"Cannot create the log directory {logdir!r}: {error.strerror} ({error.filename}).") from None
    if not os.access(logdir, os.W_OK):
        raise errors.PermissionDeniedError(
            None, "CreateSummaryFileWriter",
            f"The log directory {logdir!r} is not writable. Choose a logdir you may write to.")


def create_file_writer(logdir, max_queue=None, flush_millis=None, filename_suffix=None, name=None,
                       experimental_trackable=False, experimental_mesh=None):
    """A writer of TensorBoard event files in `logdir` (created if needed).

    Args:
        logdir: the folder the event file goes to (one TensorBoard "run").
        max_queue: records queued before the writer thread is waited for (default 10).
        flush_millis: the longest time between flushes to disk, in ms (default 120,000).
        filename_suffix: appended to the event file's name (default ".v2").
        name, experimental_trackable, experimental_mesh: accepted for compatibility.

    Returns:
        A `SummaryWriter`.

    Raises:
        ImportError: the `tensorboard` package is missing (`pip install neuroflow[tensorboard]`).
        FailedPreconditionError, NotFoundError, PermissionDeniedError: `logdir` cannot be created.
    """
    logdir = os.fspath(logdir)
    if not logdir:
        raise ValueError("create_file_writer: logdir must be a non-empty path, e.g. 'logs/run1'.")
    return _FileWriter(logdir, 10 if max_queue is None else int(max_queue),
                       120_000 if flush_millis is None else float(flush_millis),
                       ".v2" if filename_suffix is None else str(filename_suffix))


def create_noop_writer():
    """A writer that writes nothing (summaries under it are skipped and return False)."""
    return _NoopWriter()


def default_writer(writer, step=None):
    """As `writer.as_default(step)`, but leaving the block only hands the queued records to the
    writer thread instead of waiting for them to reach the disk (for callers that flush on
    their own schedule, such as the Keras TensorBoard callback)."""
    writer._check_open()
    return _DefaultWriter(writer, step, flush=False)


def flush(writer=None, name=None):
    """Flushes `writer` (default: the default writer) to disk."""
    writer = writer if writer is not None else summary_state.writer
    if writer is not None:
        writer.flush()


def condition_holds(condition):
    """The recording condition's value now: a bool, a callable returning one, or a boolean tensor."""
    if callable(condition):
        condition = condition()
    return bool(condition if isinstance(condition, bool) else getattr(condition, "numpy", lambda: condition)())


def should_record_summaries():
    """Whether summaries are written now: a writer is the default and the `record_if` condition holds."""
    if summary_state.writer is None or not summary_state.writer.writes:
        return False
    return condition_holds(summary_state.condition)


@contextlib.contextmanager
def record_if(condition):
    """Records summaries inside the block only when `condition` holds.

    Args:
        condition: a bool, a boolean scalar tensor, or a callable returning one; a callable
            is evaluated each time a summary is written (inside a `tf.function`: each run).
    """
    saved = summary_state.condition
    summary_state.condition = condition
    try:
        yield
    finally:
        summary_state.condition = saved


def get_step():
    """The default step for summaries (`tf.summary.experimental.get_step`), or None."""
    return summary_state.step


def set_step(step):
    """Sets the default step for summaries: an int, a tensor or a `tf.Variable` (read at each write); None unsets."""
    summary_state.step = step


@contextlib.contextmanager
def summary_scope(name, default_name="summary", values=None):
    """Yields `(tag, scope)` for a summary `name`: the tag is `name` under the enclosing name scopes.

    >>> import neuroflow as tf
    >>> with tf.name_scope("outer"):
    ...     with tf.summary.experimental.summary_scope("loss") as (tag, scope):
    ...         tag, scope
    ('outer/loss', 'outer/loss/')
    """
    name = name or default_name
    tag = current_scope() + name
    scope_name = "".join(c for c in name if c.isalnum() or c in "_-./") or default_name
    with name_scope(scope_name) as scope:
        yield tag, scope
