"""`EarlyStopping`: stops `fit` when a monitored quantity stops improving.

>>> from neuroflow import keras
>>> stop = keras.callbacks.EarlyStopping(monitor="loss", patience=1)
>>> class Model:
...     stop_training = False
>>> stop.set_model(Model()); stop.on_train_begin()
>>> for epoch, loss in enumerate([1.0, 0.5, 0.6]):
...     stop.on_epoch_end(epoch, {"loss": loss})
>>> stop.model.stop_training, stop.stopped_epoch, stop.best
(True, 2, 0.5)
"""
import operator
import warnings

from .callback import Callback
from .monitor import improvement_op

__all__ = ["EarlyStopping"]


class EarlyStopping(Callback):
    """Stops training when `monitor` has not improved for `patience` epochs.

    Args:
        monitor: the logged quantity to watch (default "val_loss").
        min_delta: smallest change that counts as an improvement.
        patience: epochs without improvement before stopping.
        verbose: 1 prints a message when stopping / restoring.
        mode: "auto", "min" or "max".
        baseline: a value the quantity must beat; until it does, training stops after `patience` epochs.
        restore_best_weights: at the end, put back the weights of the best epoch.
        start_from_epoch: epochs of warm-up before monitoring starts.
    """

    def __init__(self, monitor="val_loss", min_delta=0, patience=0, verbose=0, mode="auto", baseline=None,
                 restore_best_weights=False, start_from_epoch=0):
        super().__init__()
        if mode not in ("auto", "min", "max"):
            warnings.warn(f"EarlyStopping mode {mode} is unknown, fallback to auto mode.", stacklevel=2)
            mode = "auto"
        self.monitor, self.mode, self.patience, self.verbose = monitor, mode, patience, verbose
        self.min_delta = abs(min_delta)
        self.baseline = baseline
        self.restore_best_weights = restore_best_weights
        self.start_from_epoch = start_from_epoch
        self.monitor_op = None
        self.wait = self.stopped_epoch = self.best_epoch = 0
        self.best_weights = None

    def on_train_begin(self, logs=None):
        self.wait = self.stopped_epoch = self.best_epoch = 0
        self.best_weights = None

    def _is_improvement(self, value, reference):
        delta = -self.min_delta if self.monitor_op is operator.lt else self.min_delta
        return self.monitor_op(value - delta, reference)

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor_op is None:  # decided once the model's metrics exist
            self.monitor_op = improvement_op(self.monitor, self.mode, self.model)
            self.best = float("inf") if self.monitor_op is operator.lt else float("-inf")
        current = (logs or {}).get(self.monitor)
        if current is None:
            warnings.warn(f"Early stopping conditioned on metric `{self.monitor}` which is not available. "
                          f"Available metrics are: {','.join(logs or {})}", stacklevel=2)
            return
        if epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            self.best_weights, self.best_epoch = self.model.get_weights(), epoch
        self.wait += 1
        if self._is_improvement(current, self.best):
            self.best, self.best_epoch = current, epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            if self.baseline is None or self._is_improvement(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            print(f"Epoch {self.stopped_epoch + 1}: early stopping", flush=True)
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                print(f"Restoring model weights from the end of the best epoch: {self.best_epoch + 1}.", flush=True)
            self.model.set_weights(self.best_weights)
