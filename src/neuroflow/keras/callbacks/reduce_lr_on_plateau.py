"""`ReduceLROnPlateau`: lowers the learning rate when a monitored quantity stops improving."""
import operator
import warnings

from .callback import Callback
from .monitor import improvement_op
from .learning_rate import get_learning_rate, set_learning_rate

__all__ = ["ReduceLROnPlateau"]


class ReduceLROnPlateau(Callback):
    """Multiplies the learning rate by `factor` after `patience` epochs without improvement.

    Args:
        monitor: the logged quantity to watch (default "val_loss").
        factor: multiplier for the learning rate (< 1).
        patience: epochs without improvement before reducing.
        verbose: 1 prints a message on each reduction.
        mode: "auto", "min" or "max".
        min_delta: smallest change that counts as an improvement.
        cooldown: epochs to wait after a reduction before counting again.
        min_lr: lower bound on the learning rate.

    Each epoch's logs gain a `learning_rate` entry.

    >>> from neuroflow.keras.callbacks import ReduceLROnPlateau
    >>> ReduceLROnPlateau(factor=2.0)
    Traceback (most recent call last):
    ...
    ValueError: ReduceLROnPlateau does not support a factor >= 1.0. Received factor=2.0
    """

    def __init__(self, monitor="val_loss", factor=0.1, patience=10, verbose=0, mode="auto", min_delta=1e-4,
                 cooldown=0, min_lr=0.0, **kwargs):
        super().__init__()
        if factor >= 1.0:
            raise ValueError(f"ReduceLROnPlateau does not support a factor >= 1.0. Received factor={factor}")
        if mode not in ("auto", "min", "max"):
            warnings.warn(f"Learning rate reduction mode {mode} is unknown, fallback to auto mode.", stacklevel=2)
            mode = "auto"
        self.monitor, self.factor, self.patience, self.verbose, self.mode = monitor, factor, patience, verbose, mode
        self.min_delta, self.cooldown, self.min_lr = min_delta, cooldown, min_lr
        self.monitor_op = None
        self.wait = self.cooldown_counter = 0

    def on_train_begin(self, logs=None):
        self.wait = self.cooldown_counter = 0
        self.monitor_op = None

    def _improved(self, current):
        if self.monitor_op is operator.lt:
            return current < self.best - self.min_delta
        return current > self.best + self.min_delta

    def on_epoch_end(self, epoch, logs=None):
        logs = logs if logs is not None else {}
        logs["learning_rate"] = get_learning_rate(self.model)
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(f"Learning rate reduction is conditioned on metric `{self.monitor}` which is not "
                          f"available. Available metrics are: {','.join(logs)}", stacklevel=2)
            return
        if self.monitor_op is None:
            self.monitor_op = improvement_op(self.monitor, self.mode, self.model)
            self.best = float("inf") if self.monitor_op is operator.lt else float("-inf")
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.wait = 0
        if self._improved(current):
            self.best, self.wait = current, 0
            return
        if self.cooldown_counter > 0:
            return
        self.wait += 1
        if self.wait >= self.patience:
            old_lr = logs["learning_rate"]
            if old_lr > self.min_lr:
                new_lr = max(old_lr * self.factor, self.min_lr)
                set_learning_rate(self.model, new_lr)
                if self.verbose > 0:
                    print(f"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing learning rate to {new_lr}.", flush=True)
                self.cooldown_counter, self.wait = self.cooldown, 0
