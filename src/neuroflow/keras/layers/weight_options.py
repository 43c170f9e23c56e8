"""Layer arguments naming an activation, initializer, regularizer or constraint: stored as Keras objects.

A layer calls `set_options(self, kernel_initializer="zeros", activation="relu", ...)`; each
argument is resolved by the kind its name ends with (`*_initializer`, `*_regularizer`,
`*_constraint`, `activation`), and `options_config(self, names)` gives them back for `get_config`.

>>> from neuroflow.keras.layers.weight_options import options_config, set_options
>>> class Holder:
...     pass
>>> holder = Holder()
>>> set_options(holder, activation="relu", bias_initializer="zeros")
>>> options_config(holder, ["activation", "bias_initializer"])["activation"]
'relu'
"""
from .. import activations, constraints, initializers, regularizers

__all__ = ["set_options", "options_config"]

_KINDS = {"activation": activations, "initializer": initializers, "regularizer": regularizers,
          "constraint": constraints}


def set_options(layer, **options):
    """Stores each option on `layer` as the Keras object its name's kind (`*_initializer`, ...) gets."""
    for name, value in options.items():
        setattr(layer, name, _KINDS[name.rsplit("_", 1)[-1]].get(value))


def options_config(layer, names):
    """The serialized values of the options `set_options` stored, for `get_config`."""
    return {name: _KINDS[name.rsplit("_", 1)[-1]].serialize(getattr(layer, name)) for name in names}
