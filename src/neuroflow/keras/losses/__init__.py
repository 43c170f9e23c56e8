"""`keras.losses`: loss classes, loss functions and their string names.

>>> from neuroflow import keras
>>> keras.losses.get("mse") is keras.losses.mean_squared_error
True
>>> keras.losses.get("CategoricalCrossentropy").name
'categorical_crossentropy'
"""
from ..backend.serialization import Catalog
from .loss import Loss, LossFunctionWrapper, reduce_weighted_values  # noqa: F401
from .regression import *  # noqa: F401,F403
from .probabilistic import *  # noqa: F401,F403
from .hinge_losses import *  # noqa: F401,F403
from . import regression as _regression, probabilistic as _probabilistic, hinge_losses as _hinge

# Short names Keras accepts for the loss functions.
mse = MSE = mean_squared_error  # noqa: F405
mae = MAE = mean_absolute_error  # noqa: F405
mape = MAPE = mean_absolute_percentage_error  # noqa: F405
msle = MSLE = mean_squared_logarithmic_error  # noqa: F405
kld = KLD = kullback_leibler_divergence = kl_divergence  # noqa: F405
logcosh = log_cosh  # noqa: F405
bce = BCE = binary_crossentropy  # noqa: F405

_catalog = Catalog(
    "loss", "keras.losses",
    [Loss, LossFunctionWrapper] + [getattr(m, name) for m in (_regression, _probabilistic, _hinge)
                                   for name in m.__all__],
    aliases={"mse": mse, "mae": mae, "mape": mape, "msle": msle, "kld": kld, "logcosh": logcosh,
             "kullback_leibler_divergence": kld, "bce": bce, "huber_loss": huber})  # noqa: F405


def get(identifier):
    """The loss a name ('mse', 'CategoricalCrossentropy'), config dict, class or callable names.

    Names of functions give the function; names of classes give a new instance.
    """
    return _catalog.get(identifier)


def serialize(loss):
    """A loss class instance or built-in function as a config dict in Keras 3's format."""
    return _catalog.serialize(loss)


def deserialize(config, custom_objects=None):
    """The loss a name or config dict (from `serialize`) describes."""
    return _catalog.deserialize(config, custom_objects)
