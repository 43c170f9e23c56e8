"""`History`: records each epoch's logs; `fit` returns it.

>>> from neuroflow.keras.callbacks import History
>>> h = History()
>>> h.on_train_begin()
>>> h.on_epoch_end(0, {"loss": 0.5})
>>> h.on_epoch_end(1, {"loss": 0.25})
>>> h.history, h.epoch
({'loss': [0.5, 0.25]}, [0, 1])
"""
from .callback import Callback

__all__ = ["History"]


class History(Callback):
    """Collects `logs` per epoch into `history` (`{"loss": [...], "val_loss": [...]}`) and `epoch`."""

    def __init__(self):
        super().__init__()
        self.history = {}
        self.epoch = []

    def on_train_begin(self, logs=None):
        self.epoch = []

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(value)
        if self.model is not None:
            self.model.history = self
