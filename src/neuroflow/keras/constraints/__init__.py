"""`keras.constraints`: weight constraints by name, with `get`, `serialize`, `deserialize`.

>>> from neuroflow import keras
>>> keras.constraints.get("max_norm").get_config()
{'max_value': 2, 'axis': 0}
"""
from ..backend.serialization import Catalog
from .constraints import *  # noqa: F401,F403

# Keras' function-style names for the classes.
max_norm, min_max_norm, non_neg, unit_norm = MaxNorm, MinMaxNorm, NonNeg, UnitNorm  # noqa: F405

_catalog = Catalog("constraint", "keras.constraints",
                   [Constraint, MaxNorm, MinMaxNorm, NonNeg, UnitNorm],  # noqa: F405
                   aliases={"max_norm": MaxNorm, "min_max_norm": MinMaxNorm,  # noqa: F405
                            "non_neg": NonNeg, "unit_norm": UnitNorm})  # noqa: F405


def get(identifier):
    """The constraint a name ('non_neg'), config dict, class or callable names."""
    return _catalog.get(identifier)


def serialize(constraint):
    """A constraint as a config dict in Keras 3's format."""
    return _catalog.serialize(constraint)


def deserialize(config, custom_objects=None):
    """The constraint a name or config dict (from `serialize`) describes."""
    return _catalog.deserialize(config, custom_objects)
