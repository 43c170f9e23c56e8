"""Deferred restoration: objects report when they gain variables or sub-objects.

A checkpoint may be restored before the objects it fills exist (a Keras model whose
layers are built on first call, an optimizer whose slots appear at its first step).
`tf.train.Checkpoint.restore` then registers a listener here; `tf.Module`, Keras layers and
optimizers call `object_tracked(self)` when they gain state, and the listener restores the
new values from the checkpoint. With no restore pending, the cost is one list check.
"""
__all__ = ["listeners", "add_listener", "remove_listener", "object_tracked"]

listeners = []  # callables taking the object that just gained state


def add_listener(listener):
    """Calls `listener(owner)` whenever an object reports new state."""
    listeners.append(listener)


def remove_listener(listener):
    """Stops calling `listener` (no error when it is not registered)."""
    if listener in listeners:
        listeners.remove(listener)


def object_tracked(owner):
    """Tells pending restorations that `owner` gained variables or trackable attributes."""
    for listener in tuple(listeners):
        listener(owner)
