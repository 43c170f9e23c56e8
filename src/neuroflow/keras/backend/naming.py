"""Name counters for auto-named objects (`dense`, `dense_1`, ...) and `clear_session`.

>>> from neuroflow import keras
>>> keras.backend.clear_session()
>>> keras.backend.get_uid("dense"), keras.backend.get_uid("dense")
(1, 2)
>>> keras.backend.clear_session()
>>> keras.backend.get_uid("dense")
1
"""
import collections
import re

__all__ = ["get_uid", "unique_name", "clear_session", "to_snake_case"]

_uids = collections.defaultdict(int)


def get_uid(prefix=""):
    """Counts calls per `prefix`: 1 on the first call after `clear_session()`, then 2, 3, ..."""
    _uids[prefix] += 1
    return _uids[prefix]


def unique_name(prefix):
    """`prefix` the first time, then `prefix_1`, `prefix_2`, ...: how Keras names layers."""
    uid = get_uid(prefix)
    return prefix if uid == 1 else f"{prefix}_{uid - 1}"


def clear_session(free_memory=True):
    """Resets Keras' global state: the name counters start again (`dense`, `dense_1`, ...)."""
    _uids.clear()


def to_snake_case(name):
    """'MeanSquaredError' -> 'mean_squared_error', 'Conv2D' -> 'conv2d' (Keras' rule).

    >>> to_snake_case("MeanSquaredError"), to_snake_case("Conv2D"), to_snake_case("GRU")
    ('mean_squared_error', 'conv2d', 'gru')
    """
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()
