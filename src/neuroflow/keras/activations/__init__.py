"""`keras.activations`: activation functions by name, with `get`, `serialize`, `deserialize`.

>>> from neuroflow import keras
>>> keras.activations.get("relu") is keras.activations.relu
True
>>> keras.activations.serialize(keras.activations.softmax)
'softmax'
"""
from ..backend.serialization import Catalog
from .activations import *  # noqa: F401,F403
from . import activations as _module

_catalog = Catalog("activation function", "keras.activations",
                   [getattr(_module, name) for name in _module.__all__ if name not in ("swish", "hard_swish")],
                   aliases={"swish": _module.swish, "hard_swish": _module.hard_swish})


def get(identifier):
    """The activation function `identifier` names (None means `linear`)."""
    if identifier is None:
        return _module.linear
    return _catalog.get(identifier)


def serialize(activation):
    """A built-in or plain function by its name; other activations as a config dict."""
    config = _catalog.serialize(activation)
    return config["config"] if isinstance(config["config"], str) else config


def deserialize(config, custom_objects=None):
    """The activation function a name or config dict describes."""
    return _catalog.deserialize(config, custom_objects)
