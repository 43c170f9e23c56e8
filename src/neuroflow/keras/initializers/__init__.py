"""`keras.initializers`: initializer classes by name, with `get`, `serialize`, `deserialize`.

>>> from neuroflow import keras
>>> keras.initializers.get("glorot_uniform")
GlorotUniform(seed=None, input_axes=None, output_axes=None)
>>> keras.initializers.get("zeros")(shape=(2,)).numpy()
array([0., 0.], dtype=float32)
"""
from ..backend.serialization import Catalog
from .initializer import Initializer
from .constant_initializers import *  # noqa: F401,F403
from .random_initializers import *  # noqa: F401,F403
from . import constant_initializers as _constant, random_initializers as _random

# Keras' other spellings.
LeCunUniform, LeCunNormal = LecunUniform, LecunNormal  # noqa: F405
IdentityInitializer, OrthogonalInitializer = Identity, Orthogonal  # noqa: F405
# Keras 3's lower-case names of the classes (`keras.initializers.ones()`).
zeros, ones, constant, identity = Zeros, Ones, Constant, Identity  # noqa: F405
random_normal, random_uniform, truncated_normal = RandomNormal, RandomUniform, TruncatedNormal  # noqa: F405
variance_scaling, orthogonal = VarianceScaling, Orthogonal  # noqa: F405
glorot_normal, glorot_uniform, he_normal, he_uniform = GlorotNormal, GlorotUniform, HeNormal, HeUniform  # noqa: F405
lecun_normal, lecun_uniform = LecunNormal, LecunUniform  # noqa: F405

_catalog = Catalog(
    "initializer", "keras.initializers",
    [Initializer] + [getattr(_constant, n) for n in _constant.__all__] +
    [getattr(_random, n) for n in _random.__all__ if n != "compute_fans"],
    aliases={"uniform": RandomUniform, "normal": RandomNormal, "zero": Zeros,  # noqa: F405
             "one": Ones, "IdentityInitializer": Identity,  # noqa: F405
             "OrthogonalInitializer": Orthogonal})  # noqa: F405


def get(identifier):
    """The initializer a name ('glorot_uniform', 'HeNormal'), config dict, class or callable names."""
    return _catalog.get(identifier)


def serialize(initializer):
    """An initializer as a config dict in Keras 3's format."""
    return _catalog.serialize(initializer)


def deserialize(config, custom_objects=None):
    """The initializer a name or config dict (from `serialize`) describes."""
    return _catalog.deserialize(config, custom_objects)
