"""`keras.regularizers`: weight penalties by name, with `get`, `serialize`, `deserialize`.

>>> from neuroflow import keras
>>> keras.regularizers.get("l2").get_config()
{'l2': 0.01}
"""
from ..backend.serialization import Catalog
from .regularizers import *  # noqa: F401,F403

# Keras' function-style names for the classes.
l1, l2, l1_l2, orthogonal_regularizer = L1, L2, L1L2, OrthogonalRegularizer  # noqa: F405

_catalog = Catalog("regularizer", "keras.regularizers",
                   [Regularizer, L1, L2, L1L2, OrthogonalRegularizer],  # noqa: F405
                   aliases={"l1": L1, "l2": L2, "l1_l2": L1L2,  # noqa: F405
                            "orthogonal_regularizer": OrthogonalRegularizer})  # noqa: F405


def get(identifier):
    """The regularizer a name ('l2'), config dict, class or callable names."""
    return _catalog.get(identifier)


def serialize(regularizer):
    """A regularizer as a config dict in Keras 3's format."""
    return _catalog.serialize(regularizer)


def deserialize(config, custom_objects=None):
    """The regularizer a name or config dict (from `serialize`) describes."""
    return _catalog.deserialize(config, custom_objects)
