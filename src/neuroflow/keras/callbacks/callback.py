"""`Callback`: hooks that `fit`, `evaluate` and `predict` call as they run.

>>> from neuroflow import keras
>>> class Count(keras.callbacks.Callback):
...     def on_epoch_end(self, epoch, logs=None):
...         print(f"epoch {epoch}: loss {logs['loss']:.1f}")
>>> Count().on_epoch_end(0, {"loss": 0.5})
epoch 0: loss 0.5
"""

__all__ = ["Callback", "HOOKS"]

# Every hook a callback may override, grouped by what they receive.
EPOCH_HOOKS = ("on_epoch_begin", "on_epoch_end")
BATCH_HOOKS = ("on_train_batch_begin", "on_train_batch_end", "on_test_batch_begin", "on_test_batch_end",
               "on_predict_batch_begin", "on_predict_batch_end")
RUN_HOOKS = ("on_train_begin", "on_train_end", "on_test_begin", "on_test_end", "on_predict_begin",
             "on_predict_end")
HOOKS = EPOCH_HOOKS + BATCH_HOOKS + RUN_HOOKS


class Callback:
    """Base class for callbacks: override the hooks you need.

    Attributes:
        params: dict of training parameters (`verbose`, `epochs`, `steps`).
        model: the model being trained (set by `fit`).
    """

    def __init__(self):
        self.params = None
        self._model = None

    def set_params(self, params):
        self.params = params

    def set_model(self, model):
        self._model = model

    @property
    def model(self):
        return getattr(self, "_model", None)

    @model.setter
    def model(self, model):
        self._model = model

    # Keras 2 names for the training-batch hooks; the train hooks call them by default.
    def on_batch_begin(self, batch, logs=None):
        """Alias of `on_train_batch_begin` kept for old callbacks."""

    def on_batch_end(self, batch, logs=None):
        """Alias of `on_train_batch_end` kept for old callbacks."""

    def on_epoch_begin(self, epoch, logs=None):
        """Called at the start of an epoch (training only)."""

    def on_epoch_end(self, epoch, logs=None):
        """Called at the end of an epoch; `logs` holds the epoch's metrics and `val_` metrics."""

    def on_train_batch_begin(self, batch, logs=None):
        """Called before each training batch."""
        self.on_batch_begin(batch, logs=logs)

    def on_train_batch_end(self, batch, logs=None):
        """Called after each training batch; `logs` holds the running metrics."""
        self.on_batch_end(batch, logs=logs)

    def on_test_batch_begin(self, batch, logs=None):
        """Called before each batch in `evaluate` (and validation)."""

    def on_test_batch_end(self, batch, logs=None):
        """Called after each batch in `evaluate` (and validation)."""

    def on_predict_batch_begin(self, batch, logs=None):
        """Called before each batch in `predict`."""

    def on_predict_batch_end(self, batch, logs=None):
        """Called after each batch in `predict`; `logs["outputs"]` holds the batch's predictions."""

    def on_train_begin(self, logs=None):
        """Called when `fit` starts."""

    def on_train_end(self, logs=None):
        """Called when `fit` ends; `logs` holds the last epoch's metrics."""

    def on_test_begin(self, logs=None):
        """Called when `evaluate` (or a validation run) starts."""

    def on_test_end(self, logs=None):
        """Called when `evaluate` (or a validation run) ends."""

    def on_predict_begin(self, logs=None):
        """Called when `predict` starts."""

    def on_predict_end(self, logs=None):
        """Called when `predict` ends."""
