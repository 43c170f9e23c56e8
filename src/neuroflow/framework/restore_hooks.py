"""Objects report when they gain variables or sub-objects: for deferred restoration, and for
caches of the object graph.

A checkpoint may be restored before the objects it fills exist (a Keras model whose
layers are built on first call, an optimizer whose slots appear at its first step).
`tf.train.Checkpoint.restore` then registers a listener here; `tf.Module`s, Keras layers,
`tf.train.Checkpoint`s (on every attribute set) and Keras optimizers (when they build their
slots, and on every attribute set that puts or replaces a trackable value) call
`object_tracked(self)` (their classes say so with `_reports_tracking = True`), and the
listener restores the new values from the checkpoint.
Every report, and every new `tf.Variable` (`variable_created()`), also advances
`generation`: a cached object graph is stale once it moved.
"""
__all__ = ["listeners", "add_listener", "remove_listener", "object_tracked", "variable_created", "generation"]

listeners = []  # callables taking the object that just gained state
generation = 0  # the number of reports and new variables so far


def add_listener(listener):
    """Calls `listener(owner)` whenever an object reports new state."""
    listeners.append(listener)


def remove_listener(listener):
    """Stops calling `listener` (no error when it is not registered)."""
    if listener in listeners:
        listeners.remove(listener)


def object_tracked(owner):
    """Tells pending restorations that `owner` gained variables or trackable attributes."""
    global generation
    generation += 1
    for listener in tuple(listeners):
        listener(owner)


def variable_created():
    """Counts a new variable (it may have been put where a cached object graph does not look)."""
    global generation
    generation += 1
