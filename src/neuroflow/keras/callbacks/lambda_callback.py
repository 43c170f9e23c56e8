"""`LambdaCallback`: a callback made of plain functions.

>>> from neuroflow.keras.callbacks import LambdaCallback
>>> callback = LambdaCallback(on_epoch_end=lambda epoch, logs: print("done", epoch))
>>> callback.on_epoch_end(4, {})
done 4
"""
from .callback import HOOKS, Callback

__all__ = ["LambdaCallback"]


class LambdaCallback(Callback):
    """Runs the given functions at the matching hooks.

    Args:
        on_epoch_begin, on_epoch_end: `f(epoch, logs)`.
        on_train_begin, on_train_end: `f(logs)`.
        on_train_batch_begin, on_train_batch_end: `f(batch, logs)`.
        **kwargs: any other hook (`on_test_begin`, `on_predict_batch_end`, ...) by name.
    """

    def __init__(self, on_epoch_begin=None, on_epoch_end=None, on_train_begin=None, on_train_end=None,
                 on_train_batch_begin=None, on_train_batch_end=None, **kwargs):
        super().__init__()
        hooks = dict(on_epoch_begin=on_epoch_begin, on_epoch_end=on_epoch_end, on_train_begin=on_train_begin,
                     on_train_end=on_train_end, on_train_batch_begin=on_train_batch_begin,
                     on_train_batch_end=on_train_batch_end, **kwargs)
        for name, fn in hooks.items():
            if name not in HOOKS + ("on_batch_begin", "on_batch_end"):
                raise ValueError(f"LambdaCallback: unknown hook {name!r}. Valid hooks: {', '.join(HOOKS)}.")
            if fn is not None:
                if not callable(fn):
                    raise TypeError(f"LambdaCallback: `{name}` must be callable. Received: {fn!r}")
                setattr(self, name, fn)
