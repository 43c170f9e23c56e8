"""`keras.metrics`: metric classes, metric functions and their string names.

>>> from neuroflow import keras
>>> keras.metrics.get("sparse_categorical_accuracy") is keras.metrics.sparse_categorical_accuracy
True
>>> keras.metrics.get("AUC").name
'auc'
"""
from ..backend.serialization import Catalog
from ..losses import (mean_squared_error, mean_absolute_error, mean_absolute_percentage_error,  # noqa: F401
                      mean_squared_logarithmic_error, binary_crossentropy, categorical_crossentropy,
                      sparse_categorical_crossentropy, kl_divergence, poisson, hinge, squared_hinge,
                      categorical_hinge, log_cosh)
from .metric import Metric
from .reduction_metrics import Sum, Mean, MeanMetricWrapper
from .accuracy_metrics import *  # noqa: F401,F403
from .regression_metrics import *  # noqa: F401,F403
from .probabilistic_metrics import *  # noqa: F401,F403
from .hinge_metrics import Hinge, SquaredHinge, CategoricalHinge
from .confusion_metrics import *  # noqa: F401,F403
from .f_score_metrics import FBetaScore, F1Score
from . import accuracy_metrics, regression_metrics, probabilistic_metrics, confusion_metrics

# Short names Keras accepts for the metric functions.
mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
kld = KLD = kl_divergence
logcosh = log_cosh

_FUNCTIONS = [mean_squared_error, mean_absolute_error, mean_absolute_percentage_error,
              mean_squared_logarithmic_error, binary_crossentropy, categorical_crossentropy,
              sparse_categorical_crossentropy, kl_divergence, poisson, hinge, squared_hinge,
              categorical_hinge, log_cosh]
_catalog = Catalog(
    "metric", "keras.metrics",
    [Metric, Sum, Mean, MeanMetricWrapper, Hinge, SquaredHinge, CategoricalHinge, FBetaScore, F1Score]
    + [getattr(module, name) for module in (accuracy_metrics, regression_metrics, probabilistic_metrics,
                                            confusion_metrics) for name in module.__all__]
    + _FUNCTIONS,
    aliases={"acc": accuracy, "mse": mse, "mae": mae, "mape": mape, "msle": msle,  # noqa: F405
             "kld": kld, "logcosh": logcosh})


def get(identifier):
    """The metric a name ('accuracy', 'AUC', 'mse'), config dict, class or callable names.

    Names of functions give the function; names of classes give a new instance.
    """
    return _catalog.get(identifier)


def serialize(metric):
    """A metric instance or built-in function as a config dict in Keras 3's format."""
    return _catalog.serialize(metric)


def deserialize(config, custom_objects=None):
    """The metric a name or config dict (from `serialize`) describes."""
    return _catalog.deserialize(config, custom_objects)
