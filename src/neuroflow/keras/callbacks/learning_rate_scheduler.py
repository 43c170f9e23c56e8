"""`LearningRateScheduler`: sets the learning rate at the start of each epoch from a function."""
import inspect

import numpy as np

from .callback import Callback
from .learning_rate import get_learning_rate, set_learning_rate

__all__ = ["LearningRateScheduler"]


def _takes_two_arguments(fn):
    try:
        parameters = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return True
    positional = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return len(positional) >= 2 or any(p.kind is p.VAR_POSITIONAL for p in parameters)


class LearningRateScheduler(Callback):
    """Calls `schedule(epoch, lr)` (or `schedule(epoch)`) before each epoch and uses the result.

    Args:
        schedule: returns the new learning rate as a float; `epoch` counts from 0.
        verbose: 1 prints the learning rate it sets.

    Each epoch's logs gain a `learning_rate` entry.
    """

    def __init__(self, schedule, verbose=0):
        super().__init__()
        if not callable(schedule):
            raise TypeError(f"LearningRateScheduler expects a function `schedule(epoch, lr)`. Received: {schedule!r}")
        self.schedule = schedule
        self.verbose = verbose

    def on_epoch_begin(self, epoch, logs=None):
        if _takes_two_arguments(self.schedule):
            learning_rate = self.schedule(epoch, get_learning_rate(self.model))
        else:
            learning_rate = self.schedule(epoch)
        if not isinstance(learning_rate, (float, np.floating)):
            raise ValueError(f"The output of the `schedule` function should be a float. Got: {learning_rate!r}")
        set_learning_rate(self.model, float(learning_rate))
        if self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: LearningRateScheduler setting learning rate to {learning_rate}.", flush=True)

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            logs["learning_rate"] = get_learning_rate(self.model)
