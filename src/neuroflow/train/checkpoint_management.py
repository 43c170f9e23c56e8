"""A folder of numbered checkpoints: the `checkpoint` state file, `tf.train.latest_checkpoint`
and `tf.train.CheckpointManager` (numbering, retention, `restore_or_initialize`).

The `checkpoint` file is TensorFlow's `CheckpointState` in protobuf text format, with paths
relative to its folder. It is rewritten atomically and only after the checkpoint it names is
complete, so it never points at a missing or half-written checkpoint.

>>> import tempfile
>>> import neuroflow as tf
>>> folder = tempfile.mkdtemp()
>>> step = tf.Variable(0)
>>> manager = tf.train.CheckpointManager(tf.train.Checkpoint(step=step), folder, max_to_keep=2)
>>> for _ in range(3):
...     _ = step.assign_add(1)
...     _ = manager.save()
>>> [os.path.basename(p) for p in manager.checkpoints]
['ckpt-2', 'ckpt-3']
>>> tf.train.latest_checkpoint(folder) == manager.latest_checkpoint
True
"""
import collections
import os
import re
import time

from google.protobuf import text_format

from ..io.atomic import atomic_write, retire
from .async_checkpoint import wait_for_writes
from .checkpoint_proto import CheckpointState
from .tensor_bundle import index_path

__all__ = ["latest_checkpoint", "get_checkpoint_state", "update_checkpoint_state", "delete_checkpoint",
           "CheckpointManager"]


_STATE_STAGE = 2  # after a checkpoint's `.data` and `.index` files (stage 0, or 0 and 1)


def _state_path(directory, latest_filename=None):
    return os.path.join(directory, latest_filename or "checkpoint")


def get_checkpoint_state(checkpoint_dir, latest_filename=None):
    """The `CheckpointState` of `checkpoint_dir` (relative paths joined to it), or None without one.

    Waits for pending asynchronous saves into `checkpoint_dir` first.
    """
    wait_for_writes(checkpoint_dir)
    path = _state_path(checkpoint_dir, latest_filename)
    try:
        with open(path, encoding="utf-8") as f:
            state = text_format.Parse(f.read(), CheckpointState())
    except FileNotFoundError:
        return None
    except text_format.ParseError as e:
        raise ValueError(f"Invalid checkpoint state file {path}: {e}") from None
    if not state.model_checkpoint_path:
        raise ValueError(f"Invalid checkpoint state loaded from {checkpoint_dir}: it names no checkpoint.")
    if not os.path.isabs(state.model_checkpoint_path):
        state.model_checkpoint_path = os.path.join(checkpoint_dir, state.model_checkpoint_path)
    paths = [p if os.path.isabs(p) else os.path.join(checkpoint_dir, p) for p in state.all_model_checkpoint_paths]
    del state.all_model_checkpoint_paths[:]
    state.all_model_checkpoint_paths.extend(paths)
    return state


def update_checkpoint_state(save_dir, model_checkpoint_path, all_model_checkpoint_paths=None,
                            all_model_checkpoint_timestamps=None, last_preserved_timestamp=None,
                            latest_filename=None, files=None):
    """Atomically rewrites `save_dir`'s `checkpoint` file (paths stored relative to `save_dir`).

    With `files` (an `AtomicFiles` batch holding a checkpoint's files in earlier stages) the
    file joins the batch in stage 2: it is renamed only once the checkpoint it names is durable.
    """
    def relative(path):
        return os.path.relpath(path, save_dir) if os.path.isabs(path) or save_dir else path

    paths = list(all_model_checkpoint_paths or [])
    if not paths or paths[-1] != model_checkpoint_path:
        paths.append(model_checkpoint_path)
    state = CheckpointState(model_checkpoint_path=relative(model_checkpoint_path),
                            all_model_checkpoint_paths=[relative(p) for p in paths])
    if all_model_checkpoint_timestamps is not None:
        state.all_model_checkpoint_timestamps.extend(all_model_checkpoint_timestamps)
    if last_preserved_timestamp is not None:
        state.last_preserved_timestamp = last_preserved_timestamp
    text = text_format.MessageToString(state)
    if files is not None:
        files.open(_state_path(save_dir or ".", latest_filename), "w", stage=_STATE_STAGE, reuse=True).write(text)
        return
    with atomic_write(_state_path(save_dir or ".", latest_filename), "w") as f:
        f.write(text)


def latest_checkpoint(checkpoint_dir, latest_filename=None):
    """The prefix of the newest checkpoint recorded in `checkpoint_dir`, or None when there is none.

    Waits for pending asynchronous saves into `checkpoint_dir` first.

    Args:
        checkpoint_dir: the folder holding the `checkpoint` file.
        latest_filename: another name for the `checkpoint` file.
    """
    state = get_checkpoint_state(checkpoint_dir, latest_filename)
    if state is None or not os.path.exists(index_path(state.model_checkpoint_path)):
        return None
    return state.model_checkpoint_path


_DATA_SHARD = re.compile(r"\.data-\d{5}-of-\d{5}")  # what follows the prefix in a data file's name


def delete_checkpoint(prefix):
    """Removes the checkpoint `prefix`: its `.index` file and every `.data` shard (their disk space is
    kept for the next checkpoint written into the folder: `neuroflow.io.atomic.retire`)."""
    folder, base = os.path.split(prefix)
    try:
        names = os.listdir(folder or ".")
    except FileNotFoundError:
        return
    for name in names:
        if name.startswith(base) and (name == base + ".index" or _DATA_SHARD.fullmatch(name, len(base))):
            try:
                retire(os.path.join(folder, name))
            except FileNotFoundError:
                pass


def _evaluate(number):
    """An int from an int or an integer variable/tensor."""
    return int(number.numpy() if hasattr(number, "numpy") else number)


class CheckpointManager:
    """Saves numbered checkpoints of `checkpoint` in `directory`, keeping the newest `max_to_keep`.

    Each save writes the checkpoint's files and the folder's `checkpoint` file in one atomic
    batch (all fsynced together; the `checkpoint` file renamed last, naming only checkpoints that
    exist), then deletes the checkpoints beyond `max_to_keep`. With
    `save(options=tf.train.CheckpointOptions(enable_async=True))` that all happens in the
    background; `latest_checkpoint`, `checkpoints`, `restore_or_initialize` and `sync()` wait for it.
    A deleted checkpoint's `.data` and `.index` files and the replaced `checkpoint` file stay,
    hidden (`.neuroflow-spare.*.tmp`), until the next save writes over them (cheaper for the disk
    than new files: nothing to free, discard and allocate again), and are removed at exit.

    Args:
        checkpoint: the `tf.train.Checkpoint` to save and restore.
        directory: the folder (created when missing).
        max_to_keep: how many checkpoints to keep (None: keep all), oldest deleted first.
        keep_checkpoint_every_n_hours: additionally keep one checkpoint per this many hours.
        checkpoint_name: the file prefix (default 'ckpt': 'ckpt-1', 'ckpt-2', ...).
        step_counter, checkpoint_interval: with both, `save` skips saves fewer than
            `checkpoint_interval` steps after the last one.
        init_fn: called by `restore_or_initialize` when there is no checkpoint.
        last_checkpoint_step: the step of the last checkpoint, for `checkpoint_interval`.
    """

    def __init__(self, checkpoint, directory, max_to_keep, keep_checkpoint_every_n_hours=None,
                 checkpoint_name="ckpt", step_counter=None, checkpoint_interval=None, init_fn=None,
                 last_checkpoint_step=None):
        if max_to_keep is not None and max_to_keep <= 0:
            raise ValueError(f"Expected a positive integer or `None` for `max_to_keep`, got {max_to_keep}.")
        if checkpoint_interval is not None and step_counter is None:
            raise ValueError("`step_counter` should be passed if `checkpoint_interval` is not None.")
        self._checkpoint = checkpoint
        self._directory = os.fspath(directory)
        self._max_to_keep = max_to_keep
        self._keep_every_n_hours = keep_checkpoint_every_n_hours
        self._prefix = os.path.join(self._directory, checkpoint_name)
        self._step_counter = step_counter
        self._checkpoint_interval = checkpoint_interval
        self._init_fn = init_fn
        self._last_checkpoint_step = last_checkpoint_step
        self._maybe_delete = collections.OrderedDict()
        now = time.time()
        state = get_checkpoint_state(self._directory)
        if state is None:
            self._latest_checkpoint, self._last_preserved_timestamp = None, now
            return
        self._latest_checkpoint = state.model_checkpoint_path
        self._last_preserved_timestamp = state.last_preserved_timestamp
        if now < self._last_preserved_timestamp:  # the clock went back: start the interval again
            self._last_preserved_timestamp = now
        timestamps = list(state.all_model_checkpoint_timestamps) or \
            [self._last_preserved_timestamp] * len(state.all_model_checkpoint_paths)
        for path, stamp in zip(state.all_model_checkpoint_paths, timestamps):
            if stamp <= now:
                self._maybe_delete[path] = stamp

    @property
    def directory(self):
        return self._directory

    @property
    def checkpoint(self):
        return self._checkpoint

    @property
    def checkpoint_interval(self):
        return self._checkpoint_interval

    @property
    def latest_checkpoint(self):
        """The prefix of the newest checkpoint, or None (waits for a pending asynchronous save)."""
        self.sync()
        return self._latest_checkpoint

    @property
    def checkpoints(self):
        """The prefixes of the kept checkpoints, oldest first (waits for a pending asynchronous save)."""
        self.sync()
        return list(self._maybe_delete)

    def sync(self):
        """Waits for a pending asynchronous save and raises the error it ended with, if any."""
        self._checkpoint.sync()

    def _plan(self, path):
        """The kept checkpoints and preservation time once `path` is saved, and the checkpoints to delete."""
        kept = collections.OrderedDict(self._maybe_delete)
        kept.pop(path, None)  # an overwritten checkpoint moves to the end of the queue
        kept[path] = time.time()
        preserved, doomed = self._last_preserved_timestamp, []
        while self._max_to_keep and len(kept) > self._max_to_keep:
            old, stamp = kept.popitem(last=False)
            if self._keep_every_n_hours and stamp - self._keep_every_n_hours * 3600.0 >= preserved:
                preserved = stamp
                continue
            doomed.append(old)
        return kept, preserved, doomed

    def _adopt(self, path, kept, preserved):
        """Records a written checkpoint (on the writer, once its files are committed)."""
        self._latest_checkpoint, self._maybe_delete, self._last_preserved_timestamp = path, kept, preserved

    def save(self, checkpoint_number=None, check_interval=True, options=None):
        """Saves a checkpoint numbered `checkpoint_number` (default: the incremented `save_counter`).

        Args:
            checkpoint_number: the number in the file name (an int or an integer variable).
            check_interval: with `checkpoint_interval`, whether to skip saves that come too early.
            options: a `tf.train.CheckpointOptions`; `enable_async=True` writes in the background.

        Returns:
            The new checkpoint's prefix, or None when `checkpoint_interval` says it is too early.
        """
        if self._checkpoint_interval is not None:
            step = _evaluate(self._step_counter)
            if self._last_checkpoint_step is not None:
                if step == self._last_checkpoint_step:
                    return None
                if check_interval and step < self._last_checkpoint_step + self._checkpoint_interval:
                    return None
            self._last_checkpoint_step = step
        self.sync()
        counter = self._checkpoint.save_counter
        counter.assign_add(1)
        if checkpoint_number is None:
            checkpoint_number = int(counter.numpy())
        prefix = f"{self._prefix}-{_evaluate(checkpoint_number)}"
        kept, preserved, doomed = self._plan(prefix)
        # One state file, already without the checkpoints about to be deleted: it never names a
        # missing checkpoint (a crash while deleting leaves unlisted files, never dangling names).
        state = dict(save_dir=self._directory, model_checkpoint_path=prefix, all_model_checkpoint_paths=list(kept),
                     all_model_checkpoint_timestamps=list(kept.values()), last_preserved_timestamp=preserved)
        return self._checkpoint._write(prefix, options, state, doomed, lambda: self._adopt(prefix, kept, preserved))

    def restore_or_initialize(self):
        """Restores the latest checkpoint and returns its path; without one, runs `init_fn` and returns None."""
        latest = self.latest_checkpoint
        if latest is not None:
            self._checkpoint.restore(latest)
            if self._checkpoint_interval is not None:
                self._last_checkpoint_step = _evaluate(self._step_counter)
            return latest
        if self._init_fn is not None:
            self._init_fn()
        return None
