"""`keras.backend`: Keras' global settings, name counters and `Variable`.

>>> from neuroflow import keras
>>> keras.backend.floatx()
'float32'
"""
from .dtypes import result_type, standardize_dtype  # noqa: F401
from .config import (floatx, set_floatx, epsilon, set_epsilon, image_data_format,  # noqa: F401
                     set_image_data_format, backend)
from .naming import get_uid, clear_session  # noqa: F401
from .variable import Variable  # noqa: F401
