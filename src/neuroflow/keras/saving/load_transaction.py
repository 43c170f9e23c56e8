"""Loading weights all or nothing, without copying them more than once.

Inside `load_transaction()`, `install(variable, value)` gives the variable new storage
instead of writing into its old one, and keeps the old array: if anything in the block
raises, every variable gets its old storage back, so a model is never left half-loaded.
The new storage is `value` itself when the file reader created it for this load (see
`fresh`) — the array read from the file becomes the weight, with no further copy — and
a converted copy otherwise. Objects with their own `load_own_variables` may assign in
place: `protect(variables)` first snapshots them, and a failure assigns the snapshot back.

Outside a transaction `install` is a plain `variable.assign` (e.g. `layer.load_own_variables`
called with a dict).

>>> import numpy as np
>>> from neuroflow import keras
>>> v = keras.Variable(np.zeros(3, "float32"))
>>> try:
...     with load_transaction():
...         _ = install(v, fresh(np.ones(3, "float32")))
...         raise ValueError("the next weight does not fit")
... except ValueError:
...     pass
>>> v.numpy()
array([0., 0., 0.], dtype=float32)
>>> with load_transaction():
...     _ = install(v, fresh(np.ones(3, "float32")))
>>> v.numpy()
array([1., 1., 1.], dtype=float32)
"""
import contextlib
import threading

import numpy as np

from ... import backend

__all__ = ["load_transaction", "install", "fresh", "protect"]


class _Transaction:
    def __init__(self):
        self.replaced = []   # (variable, its storage before the load), in install order
        self.restore = []    # (variable, a copy of its value) for objects that assign in place
        self.fresh = {}      # id -> array the reader made for this load, not yet handed to a variable

    def rollback(self):
        for variable, value in reversed(self.restore):
            variable.assign(value)
        for variable, storage in reversed(self.replaced):
            variable._value = storage


_local = threading.local()


def _current():
    return getattr(_local, "transaction", None)


@contextlib.contextmanager
def load_transaction():
    """Variables installed inside the block keep their new values only if the block ends normally."""
    outer = _current()
    if outer is not None:  # nested (a layer loading inside a model's load): the outer one decides
        yield
        return
    transaction = _local.transaction = _Transaction()
    try:
        yield
    except BaseException:
        transaction.rollback()
        raise
    finally:
        _local.transaction = None


def fresh(array):
    """Marks `array` (made by a file reader, referenced nowhere else) as one `install` may adopt; returns it."""
    transaction = _current()
    if transaction is not None:
        transaction.fresh[id(array)] = array
    return array


def protect(variables):
    """Snapshots `variables` so that a failure of the transaction assigns their current values back."""
    transaction = _current()
    if transaction is not None:
        transaction.restore.extend((v, v.numpy()) for v in variables)


def _adoptable(transaction, variable, value):
    storage = variable._value
    return (transaction.fresh.get(id(value)) is value and type(value) is np.ndarray and type(storage) is np.ndarray
            and value.dtype == storage.dtype and value.shape == storage.shape and value.flags.c_contiguous
            and value.flags.writeable and value.flags.aligned)


def install(variable, value):
    """Sets `variable` to `value` (an array of the variable's shape, checked by the caller)."""
    transaction = _current()
    if transaction is None:
        return variable.assign(value)
    if _adoptable(transaction, variable, value):
        del transaction.fresh[id(value)]  # adopted once: two variables never share storage
        storage = value
    else:
        storage = variable._value
        storage = backend.array_module(storage).array(np.asarray(value), dtype=storage.dtype)
        if storage.shape != variable._value.shape:
            raise ValueError(f"cannot load a value of shape {storage.shape} into variable '{variable.name}' of "
                             f"shape {tuple(variable.shape)}.")
    transaction.replaced.append((variable, variable._value))
    variable._value = storage
    return variable
