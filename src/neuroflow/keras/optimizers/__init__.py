"""`keras.optimizers`: optimizer classes by name, with `get`, `serialize`, `deserialize`.

>>> from neuroflow import keras
>>> keras.optimizers.get("adam").get_config()["learning_rate"]  # stored as float32, as in Keras
0.0010000000474974513
>>> keras.optimizers.get("sgdd")
Traceback (most recent call last):
...
ValueError: Could not interpret optimizer identifier: sgdd. ...
"""
from ..backend.serialization import Catalog
from . import schedules  # noqa: F401
from .optimizer import Optimizer
from .sgd import SGD
from .adam import Adam
from .adamw import AdamW
from .rmsprop import RMSprop
from .adagrad import Adagrad
from .adadelta import Adadelta
from .adamax import Adamax
from .nadam import Nadam
from .lion import Lion

_catalog = Catalog("optimizer", "keras.optimizers",
                   [Optimizer, SGD, Adam, AdamW, RMSprop, Adagrad, Adadelta, Adamax, Nadam, Lion])


def get(identifier):
    """The optimizer a name ('adam', 'SGD'), config dict or instance names; names give new instances."""
    if identifier is None:
        return None
    optimizer = _catalog.get(identifier) if isinstance(identifier, (str, dict)) else identifier
    if not isinstance(optimizer, Optimizer):
        raise ValueError(f"Could not interpret optimizer identifier: {identifier}. Pass an optimizer "
                         "instance, a name such as 'adam' or 'sgd', or a config dict.")
    return optimizer


def serialize(optimizer):
    """An optimizer as a config dict in Keras 3's format."""
    return _catalog.serialize(optimizer)


def deserialize(config, custom_objects=None):
    """The optimizer a config dict (from `serialize`) or name describes."""
    return _catalog.deserialize(config, custom_objects)
