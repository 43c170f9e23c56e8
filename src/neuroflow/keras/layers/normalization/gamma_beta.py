"""The learned scale `gamma` and offset `beta` that normalization layers share, and their arguments.

>>> from neuroflow import keras
>>> layer = keras.layers.LayerNormalization(gamma_initializer="zeros")
>>> layer.build((None, 3))
>>> [w.name for w in layer.weights], layer.gamma.numpy().tolist()
(['gamma', 'beta'], [0.0, 0.0, 0.0])
"""
from ... import constraints, initializers, regularizers

__all__ = ["set_options", "add_gamma_beta", "options_config"]

_KINDS = {"initializer": initializers, "regularizer": regularizers, "constraint": constraints}
OPTIONS = tuple(f"{weight}_{kind}" for kind in _KINDS for weight in ("beta", "gamma"))


def set_options(layer, options):
    """Resolves `beta_initializer`, `gamma_regularizer`, ... (names, configs or objects) onto `layer`."""
    for name in OPTIONS:
        setattr(layer, name, _KINDS[name.split("_")[1]].get(options[name]))


def add_gamma_beta(layer, shape, scale, center):
    """Creates `layer.gamma` (when `scale`) and `layer.beta` (when `center`) of `shape`, else sets them to None."""
    for weight, wanted in (("gamma", scale), ("beta", center)):
        setattr(layer, weight, layer.add_weight(
            shape=shape, name=weight, initializer=getattr(layer, f"{weight}_initializer"),
            regularizer=getattr(layer, f"{weight}_regularizer"),
            constraint=getattr(layer, f"{weight}_constraint")) if wanted else None)


def options_config(layer):
    """The six weight arguments, serialized as Keras 3 writes them in `get_config()`."""
    return {name: _KINDS[name.split("_")[1]].serialize(getattr(layer, name)) for name in OPTIONS}
