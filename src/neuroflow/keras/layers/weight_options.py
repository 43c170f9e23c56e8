"""The `<weight>_initializer` / `_regularizer` / `_constraint` arguments many layers take.

Each is resolved by its module (`initializers.get`, ...) when the layer is made, and written
back by `serialize` in `get_config`:

>>> from neuroflow import keras
>>> from neuroflow.keras.layers.weight_options import set_weight_options, weight_options_config
>>> layer = keras.layers.Layer()
>>> set_weight_options(layer, kernel_initializer="ones", kernel_regularizer=None)
>>> weight_options_config(layer, ["kernel_initializer", "kernel_regularizer"])
{'kernel_initializer': {'module': 'keras.initializers', 'class_name': 'Ones', 'config': {}, 'registered_name': None}, 'kernel_regularizer': None}
"""
from .. import constraints, initializers, regularizers

__all__ = ["set_weight_options", "weight_options_config"]

_MODULES = {"initializer": initializers, "regularizer": regularizers, "constraint": constraints}


def _module(name):
    return _MODULES[name.rsplit("_", 1)[1]]


def set_weight_options(layer, prefix="", **options):
    """`layer.<prefix><name> = <kind module>.get(value)` for each `<name>=value` (e.g. `kernel_initializer`)."""
    for name, value in options.items():
        setattr(layer, prefix + name, _module(name).get(value))


def weight_options_config(layer, names, prefix=""):
    """The serialized options `names` (read from `layer.<prefix><name>`), for `get_config`."""
    return {name: _module(name).serialize(getattr(layer, prefix + name)) for name in names}
