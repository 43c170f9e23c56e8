"""Keras' global settings: the default float type, the fuzz factor, the image layout.

>>> from neuroflow import keras
>>> keras.backend.floatx(), keras.backend.epsilon(), keras.backend.image_data_format()
('float32', 1e-07, 'channels_last')
"""
__all__ = ["floatx", "set_floatx", "epsilon", "set_epsilon", "image_data_format",
           "set_image_data_format", "backend", "enable_interactive_logging",
           "disable_interactive_logging", "is_interactive_logging_enabled"]

_FLOATX = ("float16", "bfloat16", "float32", "float64")
_DATA_FORMATS = ("channels_last", "channels_first")
_settings = {"floatx": "float32", "epsilon": 1e-7, "image_data_format": "channels_last",
             "interactive_logging": True}


def floatx():
    """The default float type, as a string: 'float32' unless changed with `set_floatx`."""
    return _settings["floatx"]


def set_floatx(value):
    """Sets the default float type ('float16', 'bfloat16', 'float32' or 'float64')."""
    value = getattr(value, "name", value)
    if value not in _FLOATX:
        raise ValueError(f"Unknown `floatx` value: {value!r}. Expected one of {set(_FLOATX)}.")
    _settings["floatx"] = str(value)


def epsilon():
    """The fuzz factor that keeps divisions and logarithms finite (1e-7 by default)."""
    return _settings["epsilon"]


def set_epsilon(value):
    """Sets the fuzz factor returned by `epsilon()`."""
    _settings["epsilon"] = float(value)


def image_data_format():
    """The default image layout: 'channels_last' (NHWC) or 'channels_first' (NCHW)."""
    return _settings["image_data_format"]


def set_image_data_format(data_format):
    """Sets the default image layout ('channels_last' or 'channels_first')."""
    data_format = str(data_format).lower()
    if data_format not in _DATA_FORMATS:
        raise ValueError(f"The `data_format` argument must be one of {set(_DATA_FORMATS)}. "
                         f"Received: data_format={data_format!r}")
    _settings["image_data_format"] = data_format


def backend():
    """The name of the backend Keras runs on.

    neuroflow stands in for TensorFlow, so code that branches on the backend takes
    its TensorFlow branch.
    """
    return "tensorflow"


def enable_interactive_logging():
    """Progress bars and summaries print to stdout (the default)."""
    _settings["interactive_logging"] = True


def disable_interactive_logging():
    """Progress bars and summaries go to the `logging` module instead of stdout."""
    _settings["interactive_logging"] = False


def is_interactive_logging_enabled():
    return _settings["interactive_logging"]
