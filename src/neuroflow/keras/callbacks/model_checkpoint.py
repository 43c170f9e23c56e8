"""`ModelCheckpoint`: saves the model (or its weights) during training, every epoch or every N batches.

The file name may hold placeholders filled from the epoch and the logs, e.g.
`"ckpt/{epoch:02d}-{val_loss:.2f}.keras"`. Each file is written atomically.

>>> import os, tempfile, numpy as np
>>> from neuroflow import keras
>>> model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])
>>> model.compile(optimizer="sgd", loss="mse")
>>> folder = tempfile.mkdtemp()
>>> path = os.path.join(folder, "model-{epoch:02d}-{loss:.2f}.weights.h5")
>>> checkpoint = keras.callbacks.ModelCheckpoint(path, monitor="loss", save_weights_only=True)
>>> _ = model.fit(np.zeros((8, 2)), np.zeros((8, 1)), epochs=2, verbose=0, callbacks=[checkpoint])
>>> sorted(os.listdir(folder))
['model-01-0.00.weights.h5', 'model-02-0.00.weights.h5']
"""
import os
import warnings

from ...framework import replicas
from .callback import Callback
from .monitor import improvement_op

__all__ = ["ModelCheckpoint"]


class ModelCheckpoint(Callback):
    """Saves the model or its weights at some frequency during `fit`.

    Args:
        filepath: where to save: ends in `.keras` (or `.h5`), or `.weights.h5` with
            `save_weights_only=True`; may contain `{epoch:02d}`, `{batch}` and log names
            such as `{val_loss:.2f}`.
        monitor: the logged quantity `save_best_only` compares (default "val_loss").
        verbose: 1 prints a line per save.
        save_best_only: save only when `monitor` improves on the best value so far.
        save_weights_only: save `model.save_weights(...)` instead of the whole model.
        mode: "auto", "min" or "max": whether smaller or larger `monitor` is better.
        save_freq: "epoch", or an integer: save every that many batches.
        initial_value_threshold: the value `monitor` must beat for the first save (with
            `save_best_only`).
    """

    def __init__(self, filepath, monitor="val_loss", verbose=0, save_best_only=False, save_weights_only=False,
                 mode="auto", save_freq="epoch", initial_value_threshold=None):
        super().__init__()
        if mode not in ("auto", "min", "max"):
            warnings.warn(f"ModelCheckpoint mode '{mode}' is unknown, fallback to auto mode.", stacklevel=2)
            mode = "auto"
        self.monitor, self.mode, self.best, self.monitor_op = monitor, mode, initial_value_threshold, None
        self.verbose = verbose
        self.filepath = os.fspath(filepath)
        self.save_best_only, self.save_weights_only = save_best_only, save_weights_only
        self.save_freq = save_freq
        self._batches_seen_since_last_saving = 0
        self._last_batch_seen = None
        self._current_epoch = 0
        if save_freq != "epoch" and (not isinstance(save_freq, int) or isinstance(save_freq, bool)):
            raise ValueError(f"Unrecognized save_freq: {save_freq}. Expected save_freq are 'epoch' or integer values")
        if save_freq != "epoch":  # only then a batch hook (batch hooks make fit convert each batch's logs)
            self.on_train_batch_end = self._on_train_batch_end
        if save_weights_only:
            if not self.filepath.endswith(".weights.h5"):
                raise ValueError("When using `save_weights_only=True` in `ModelCheckpoint`, the filepath provided "
                                 "must end in `.weights.h5` (Keras weights format). Received: "
                                 f"filepath={self.filepath}")
        elif not self.filepath.endswith((".keras", ".h5")):
            raise ValueError("The filepath provided must end in `.keras` (Keras model format). Received: "
                             f"filepath={self.filepath}")

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def _on_train_batch_end(self, batch, logs=None):
        if self._should_save_on_batch(batch):
            self._save_model(self._current_epoch, batch, logs)

    def on_epoch_end(self, epoch, logs=None):
        if self.save_freq == "epoch":
            self._save_model(epoch, None, logs)

    def _should_save_on_batch(self, batch):
        if self.save_freq == "epoch":
            return False
        if self._last_batch_seen is None or batch <= self._last_batch_seen:
            added = batch + 1  # a new epoch started
        else:
            added = batch - self._last_batch_seen
        self._batches_seen_since_last_saving += added
        self._last_batch_seen = batch
        if self._batches_seen_since_last_saving >= self.save_freq:
            self._batches_seen_since_last_saving = 0
            return True
        return False

    def _is_improvement(self, current):
        if self.monitor_op is None:
            self.monitor_op = improvement_op(self.monitor, self.mode, self.model)
        return self.best is None or self.monitor_op(current, self.best)

    def _should_save_model(self, epoch, logs, filepath):
        if not self.save_best_only:
            if self.verbose > 0:
                print(f"\nEpoch {epoch + 1}: saving model to {filepath}")
            return True
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(f"Can save best model only with {self.monitor} available.", stacklevel=3)
            return True
        best = "None" if self.best is None else f"{self.best:.5f}"
        if self._is_improvement(current):
            if self.verbose > 0:
                print(f"\nEpoch {epoch + 1}: {self.monitor} improved from {best} to {current:.5f}, saving model "
                      f"to {filepath}")
            self.best = current
            return True
        if self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: {self.monitor} did not improve from {best}")
        return False

    def _save_model(self, epoch, batch, logs):
        logs = logs or {}
        filepath = self._get_file_path(epoch, batch, logs)
        if not self._should_save_model(epoch, logs, filepath) or not replicas.is_chief():
            return  # tf.distribute: only rank 0 writes (every rank tracks the best value)
        if os.path.isdir(filepath):
            raise IOError("Please specify a non-directory filepath for ModelCheckpoint. Filepath used is an "
                          f"existing directory: {filepath}")
        folder = os.path.dirname(filepath)
        if folder:
            os.makedirs(folder, exist_ok=True)
        if self.save_weights_only:
            self.model.save_weights(filepath, overwrite=True)
        else:
            self.model.save(filepath, overwrite=True)
        if self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: finished saving model to {filepath}")

    def _get_file_path(self, epoch, batch, logs):
        try:
            if batch is None or "batch" in logs:
                return self.filepath.format(epoch=epoch + 1, **logs)
            return self.filepath.format(epoch=epoch + 1, batch=batch + 1, **logs)
        except KeyError as error:
            raise KeyError(f'Failed to format this callback filepath: "{self.filepath}". Reason: {error}') from error
