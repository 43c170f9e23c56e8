"""`CallbackList`: calls every callback's hook in turn, skipping those that don't listen.

`fit` calls batch hooks thousands of times per epoch; the list keeps, per hook, only the
callbacks that override it, and converts a batch's logs to Python floats only when some
callback will read them.
"""
from .callback import BATCH_HOOKS, EPOCH_HOOKS, HOOKS, Callback
from .history import History
from .progbar_logger import ProgbarLogger

__all__ = ["CallbackList", "pythonify_logs"]

INDEXED_HOOKS = EPOCH_HOOKS + BATCH_HOOKS  # hooks whose first argument is an epoch or batch index
# A training-batch hook also counts as overridden when its Keras 2 alias is.
_ALIASES = {"on_train_batch_begin": "on_batch_begin", "on_train_batch_end": "on_batch_end"}


def _overrides(callback, hook):
    names = (hook, _ALIASES[hook]) if hook in _ALIASES else (hook,)
    return any(name in vars(callback) or getattr(type(callback), name) is not getattr(Callback, name)
               for name in names)


def pythonify_logs(logs):
    """Logs sorted by name, nested dicts flattened, scalar tensors as Python floats (what callbacks see)."""
    result = {}
    for key, value in sorted((logs or {}).items()):
        if isinstance(value, dict):
            result.update(pythonify_logs(value))
            continue
        try:
            result[key] = float(value)
        except (TypeError, ValueError):
            result[key] = value
    return result


def _relay(hook, python_logs):
    def relay(self, *args, logs=None):
        listeners = self._listeners[hook]
        if listeners:
            if len(args) == (2 if hook in INDEXED_HOOKS else 1):  # logs given positionally
                *args, logs = args
            logs = pythonify_logs(logs) if python_logs else (logs if logs is not None else {})
            for method in listeners:
                method(*args, logs)
    relay.__name__ = relay.__qualname__ = hook
    relay.__doc__ = f"Calls `{hook}` on each callback that overrides it."
    return relay


class CallbackList(Callback):
    """A list of callbacks driven as one.

    Args:
        callbacks: a list of `Callback` instances.
        add_history: append a `History` callback unless one is given.
        add_progbar: append a `ProgbarLogger` unless one is given.
        model: the model the callbacks observe.
        **params: training parameters passed to each callback's `set_params`.
    """

    def __init__(self, callbacks=None, add_history=False, add_progbar=False, model=None, **params):
        super().__init__()
        self.callbacks = _checked(callbacks)
        self._history = next((c for c in self.callbacks if isinstance(c, History)), None)
        if self._history is None and add_history:
            self._history = History()
            self.callbacks.append(self._history)
        if add_progbar and not any(isinstance(c, ProgbarLogger) for c in self.callbacks):
            self.callbacks.append(ProgbarLogger())
        self._index()
        self.set_model(model)
        self.set_params(params)

    def _index(self):
        self._listeners = {hook: [getattr(c, hook) for c in self.callbacks if _overrides(c, hook)]
                           for hook in HOOKS}

    def append(self, callback):
        self.callbacks.extend(_checked([callback]))
        self._index()

    def set_params(self, params):
        self.params = params
        if params:
            for callback in self.callbacks:
                callback.set_params(params)

    def set_model(self, model):
        if model is None:
            return
        super().set_model(model)
        if self._history is not None:
            model.history = self._history
        for callback in self.callbacks:
            callback.set_model(model)

    def __iter__(self):
        return iter(self.callbacks)

    def on_batch_begin(self, batch, logs=None):
        self.on_train_batch_begin(batch, logs=logs)

    def on_batch_end(self, batch, logs=None):
        self.on_train_batch_end(batch, logs=logs)


# One relay per hook. Train/test batch logs become floats; predict batches carry arrays.
for _hook in HOOKS:
    setattr(CallbackList, _hook, _relay(_hook, python_logs=_hook in BATCH_HOOKS and "predict" not in _hook))


def _checked(callbacks):
    if callbacks is None:
        return []
    if isinstance(callbacks, Callback) or not isinstance(callbacks, (list, tuple)):
        callbacks = [callbacks]
    result = []
    for i, callback in enumerate(callbacks):
        if isinstance(callback, CallbackList):
            result.extend(callback.callbacks)
        elif isinstance(callback, Callback):
            result.append(callback)
        else:
            hint = (f" To run a function at the end of each epoch, wrap it: "
                    f"keras.callbacks.LambdaCallback(on_epoch_end={getattr(callback, '__name__', 'fn')})."
                    if callable(callback) else "")
            raise TypeError(
                f"`callbacks` must be a list of keras.callbacks.Callback instances. Received "
                f"{callback!r} (of type {type(callback).__name__}) at index {i}.{hint}")
    return result
