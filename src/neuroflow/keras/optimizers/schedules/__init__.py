"""`keras.optimizers.schedules`: learning rates that change with the training step.

>>> from neuroflow import keras
>>> s = keras.optimizers.schedules.deserialize(keras.optimizers.schedules.serialize(
...     keras.optimizers.schedules.PiecewiseConstantDecay([10], [0.1, 0.01])))
>>> round(float(s(5)), 4), round(float(s(11)), 4)
(0.1, 0.01)
"""
from ...backend.serialization import Catalog
from .learning_rate_schedule import *  # noqa: F401,F403
from . import learning_rate_schedule as _module

_catalog = Catalog("learning rate schedule", "keras.optimizers.schedules",
                   [getattr(_module, name) for name in _module.__all__])


def serialize(learning_rate_schedule):
    """A schedule as a config dict in Keras 3's format."""
    return _catalog.serialize(learning_rate_schedule)


def deserialize(config, custom_objects=None):
    """The schedule a config dict (from `serialize`) describes."""
    return _catalog.deserialize(config, custom_objects)
