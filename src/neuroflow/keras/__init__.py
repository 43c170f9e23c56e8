"""`keras`: the Keras 3 API on neuroflow. Sub-packages load on first use.

>>> from neuroflow import keras
>>> keras.layers.Dense(3).units
3
"""
import importlib

_SUBPACKAGES = ("layers", "models", "losses", "optimizers", "metrics", "callbacks", "activations",
                "initializers", "regularizers", "constraints", "datasets", "utils", "backend", "config",
                "ops", "random", "saving")
_SUBPACKAGES += ("preprocessing",)
_SUBPACKAGES += ("export",)
_SUBPACKAGES += ("applications",)
# Top-level Keras names and the sub-package that defines each.
_NAMES = {"Sequential": "models", "Model": "models", "Input": "layers", "Layer": "layers",
          "InputSpec": "layers", "KerasTensor": "layers", "Variable": "backend"}


def __getattr__(name):
    if name in _SUBPACKAGES:
        module = importlib.import_module("." + name, __name__)
        globals()[name] = module
        return module
    if name in _NAMES:
        value = getattr(importlib.import_module("." + _NAMES[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'neuroflow.keras' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_SUBPACKAGES) | set(_NAMES))
