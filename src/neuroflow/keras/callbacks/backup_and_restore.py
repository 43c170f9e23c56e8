"""`BackupAndRestore`: survive interruptions: rerun the same script and training resumes.

During `fit`, the callback backs up the training state to `backup_dir` every epoch (or
every `save_freq` batches). If the process dies — even killed mid-write — rerunning the
same script restores the last backup in `on_train_begin` and continues from the exact
batch it reached, so the run ends with the same weights, bit for bit, as one that was
never interrupted (same seed). The backup holds:

- the weights and the optimizer's state (`latest.weights.h5`, Keras' layout), and in the
  same file, as one atomic write, the position (epoch, batch), the state of every random
  generator (NumPy's, Python's and neuroflow's streams) and the random state the current
  epoch's shuffle was drawn from;
- `training_metadata.json` (`{"epoch", "batch"}`), as Keras writes it.

Resuming is exact for NumPy data and `PyDataset`s (the epoch's shuffle is redrawn from the
saved state); from a generator or other iterable, the batches the interrupted epoch already
trained on are drawn again and skipped. When `fit` completes, the backup is deleted (unless
`delete_checkpoint=False`). Metric values of an interrupted epoch restart from the resumed
batch (they are averages for logs, not training state).

Under a `tf.distribute` strategy rank 0 writes the backup and every rank restores from it, so
`backup_dir` must be on a filesystem all ranks see (as in TensorFlow).

>>> import os, tempfile, numpy as np
>>> from neuroflow import keras
>>> model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])
>>> model.compile(optimizer="sgd", loss="mse")
>>> backup = keras.callbacks.BackupAndRestore(os.path.join(tempfile.mkdtemp(), "backup"))
>>> _ = model.fit(np.ones((8, 2)), np.ones((8, 1)), epochs=2, verbose=0, callbacks=[backup])
>>> os.path.exists(backup.backup_dir)  # deleted once training finished
False
"""
import json
import os
import random
import shutil

import numpy as np

from ...framework import replicas
from ...io.atomic import atomic_path, atomic_write
from ...ops import random_ops
from .callback import Callback

__all__ = ["BackupAndRestore"]

_STATE_ATTRIBUTE = "neuroflow_training_state"


def _numpy_state(state):
    name, keys, pos, has_gauss, cached = state
    return [name, keys.tolist(), int(pos), int(has_gauss), float(cached)]


def _python_state(state):
    version, internal, gauss = state
    return [version, list(internal), gauss]


class BackupAndRestore(Callback):
    """Backs up the training state so that an interrupted `fit` resumes where it stopped.

    Args:
        backup_dir: the folder for the backup files (give each training run its own).
        save_freq: "epoch" (back up at the end of each epoch) or an integer: back up every
            that many batches.
        double_checkpoint: keep the previous backup too (`*.bkp`), and fall back to it if the
            latest cannot be read.
        delete_checkpoint: delete `backup_dir` when training finishes.
    """

    def __init__(self, backup_dir, save_freq="epoch", double_checkpoint=False, delete_checkpoint=True):
        super().__init__()
        if not backup_dir:
            raise ValueError("Empty `backup_dir` argument passed")
        if save_freq != "epoch" and (not isinstance(save_freq, int) or isinstance(save_freq, bool)):
            raise ValueError(f"Invalid value for argument `save_freq`. Received: save_freq={save_freq}. Expected "
                             "either 'epoch' or an integer value.")
        if save_freq != "epoch":  # only then a batch hook (batch hooks make fit convert each batch's logs)
            self.on_train_batch_end = self._on_train_batch_end
        self.backup_dir = os.fspath(backup_dir)
        self.save_freq, self.double_checkpoint, self.delete_checkpoint = save_freq, double_checkpoint, delete_checkpoint
        self._weights_path = os.path.join(self.backup_dir, "latest.weights.h5")
        self._training_metadata_path = os.path.join(self.backup_dir, "training_metadata.json")
        self._prev_weights_path = self._weights_path + ".bkp"
        self._prev_training_metadata_path = self._training_metadata_path + ".bkp"
        self._current_epoch = 0
        self._batches_seen_since_last_saving = 0
        self._last_batch_seen = -1

    # --- restoring --------------------------------------------------------------------------
    def on_train_begin(self, logs=None):
        if not self.model.built:
            raise ValueError("To use the BackupAndRestore callback, you model must be built before you call `fit()`. "
                             f"Model {self.model} is unbuilt. You can build it beforehand by calling it on a batch "
                             "of data.")
        if not os.path.exists(self._weights_path):
            return
        try:
            self._restore(self._weights_path)
        except ValueError:
            if not (self.double_checkpoint and os.path.exists(self._prev_weights_path)):
                raise
            self._restore(self._prev_weights_path)

    def _restore(self, path):
        from ..saving import saving_lib
        from ..saving.h5_store import H5Reader
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer is not None and not optimizer.built:
            optimizer.build(self.model.trainable_weights)
        with saving_lib.open_h5(path, path) as f:
            state = f.attrs.get(_STATE_ATTRIBUTE)
            if state is None:
                raise ValueError(f"{path} holds no training state: it was not written by BackupAndRestore.")
            state = json.loads(state)
            saving_lib.load_state(self.model, H5Reader(f, path))  # all or nothing
        epoch, step = state["epoch"], state["batch"]
        self.model._initial_epoch = epoch
        shuffle = state.get("shuffle_state")
        self.model._initial_step = (step, None if shuffle is None else
                                    (shuffle[0], np.asarray(shuffle[1], np.uint32), *shuffle[2:]))
        np.random.set_state((state["numpy"][0], np.asarray(state["numpy"][1], np.uint32), *state["numpy"][2:]))
        version, internal, gauss = state["python"]
        random.setstate((version, tuple(internal), gauss))
        random_ops.set_rng_state(state["neuroflow"])
        self._current_epoch = epoch
        self._last_batch_seen = step - 1

    # --- backing up -----------------------------------------------------------------------------
    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def _on_train_batch_end(self, batch, logs=None):
        added = batch + 1 if batch <= self._last_batch_seen else batch - self._last_batch_seen
        self._batches_seen_since_last_saving += added
        self._last_batch_seen = batch
        if self._batches_seen_since_last_saving >= self.save_freq:
            self._batches_seen_since_last_saving = 0
            iterator = getattr(self.model, "_epoch_iterator", None)
            shuffle = None if iterator is None else iterator.shuffle_state
            self._save(self._current_epoch, batch + 1, shuffle)

    def on_epoch_end(self, epoch, logs=None):
        self._last_batch_seen = -1
        if self.save_freq == "epoch":
            self._save(epoch + 1, 0, None)

    def _save(self, epoch, step, shuffle_state):
        if not replicas.is_chief():  # tf.distribute: rank 0 writes; every rank restores from its backup
            return
        from ..saving import saving_lib
        from ..saving.h5_store import H5Writer
        os.makedirs(self.backup_dir, exist_ok=True)
        if self.double_checkpoint:
            for latest, previous in ((self._weights_path, self._prev_weights_path),
                                     (self._training_metadata_path, self._prev_training_metadata_path)):
                if os.path.exists(latest):
                    with atomic_path(previous) as tmp:
                        shutil.copyfile(latest, tmp)
        state = {"epoch": epoch, "batch": step, "numpy": _numpy_state(np.random.get_state()),
                 "python": _python_state(random.getstate()), "neuroflow": random_ops.rng_state(),
                 "shuffle_state": None if shuffle_state is None else _numpy_state(shuffle_state)}
        with atomic_path(self._weights_path) as tmp, saving_lib._h5py().File(tmp, "w") as f:
            saving_lib.save_state(self.model, H5Writer(f))
            f.attrs[_STATE_ATTRIBUTE] = json.dumps(state)
        with atomic_write(self._training_metadata_path, "w") as f:
            f.write(json.dumps({"epoch": epoch, "batch": step}))

    def on_train_end(self, logs=None):
        if self.delete_checkpoint and replicas.is_chief() and os.path.exists(self.backup_dir):
            shutil.rmtree(self.backup_dir)
