"""Checks and normal forms of the layer arguments convolutions, pooling and padding layers share.

>>> from neuroflow.keras.utils.argument_validation import standardize_tuple, standardize_data_format
>>> standardize_tuple(3, 2, "kernel_size"), standardize_data_format(None)
((3, 3), 'channels_last')
>>> standardize_tuple((2, 0), 2, "strides")
Traceback (most recent call last):
...
ValueError: The `strides` argument must be a tuple of 2 integers, each > 0. Received: strides=(2, 0) including {0} ...
"""
from ..backend.config import image_data_format

__all__ = ["standardize_tuple", "standardize_padding", "standardize_data_format"]


def standardize_tuple(value, n, name, allow_zero=False):
    """`value` (an int, or an iterable of `n` ints) as a tuple of `n` ints, each > 0 (>= 0 with `allow_zero`)."""
    error = (f"The `{name}` argument must be a tuple of {n} integers, each "
             f"{'>= 0' if allow_zero else '> 0'}. Received: {name}={value}")
    if isinstance(value, int) and not isinstance(value, bool):
        values = (value,) * n
    else:
        try:
            values = tuple(value)
        except TypeError:
            raise ValueError(error) from None
        if len(values) != n or not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            raise ValueError(error)
    bad = {v for v in values if v < 0 or (v == 0 and not allow_zero)}
    if bad:
        raise ValueError(f"{error} including {bad} that does not satisfy `value {'>=' if allow_zero else '>'} 0`.")
    return values


def standardize_padding(value, allow_causal=False):
    """'valid', 'same' (or 'causal' for 1-D convolutions), lower-cased."""
    if isinstance(value, (list, tuple)):
        return value
    padding = str(value).lower()
    allowed = ("valid", "same", "causal") if allow_causal else ("valid", "same")
    if padding not in allowed:
        raise ValueError(f"The `padding` argument must be a list/tuple or one of {allowed}. Received: {value}")
    return padding


def standardize_data_format(data_format):
    """'channels_last' or 'channels_first'; None means `keras.backend.image_data_format()`."""
    if data_format is None:
        return image_data_format()
    normalized = str(data_format).lower()
    if normalized not in ("channels_first", "channels_last"):
        raise ValueError("The `data_format` argument must be one of {'channels_first', 'channels_last'}. "
                         f"Received: data_format={data_format}")
    return normalized
