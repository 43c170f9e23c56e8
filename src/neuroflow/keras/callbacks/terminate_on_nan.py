"""`TerminateOnNaN`: stops training as soon as a batch's loss is NaN or infinite."""
import math

from .callback import Callback

__all__ = ["TerminateOnNaN"]


class TerminateOnNaN(Callback):
    """Sets `model.stop_training` when the loss becomes NaN or inf; `fit` then ends cleanly.

    >>> from neuroflow.keras.callbacks import TerminateOnNaN
    >>> class Model:
    ...     stop_training = False
    >>> callback = TerminateOnNaN(); callback.set_model(Model())
    >>> callback.on_batch_end(3, {"loss": float("nan")})
    Batch 3: Invalid loss, terminating training
    >>> callback.model.stop_training
    True
    """

    def on_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is not None and not math.isfinite(float(loss)):
            print(f"Batch {batch}: Invalid loss, terminating training", flush=True)
            self.model.stop_training = True
