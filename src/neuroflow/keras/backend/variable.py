"""`keras.Variable`: a variable made from an initializer and a shape, as in Keras 3.

>>> from neuroflow import keras
>>> v = keras.Variable(initializer="ones", shape=(2,), name="bias")
>>> v.numpy(), v.name, v.path
(array([1., 1.], dtype=float32), 'bias', 'bias')
"""
import math
import mmap

import numpy as np

from ... import backend
from ...framework import variable as tf_variable
from ...framework.context import state as _execution
from ...framework.dtypes import as_dtype
from ...framework.convert import register_tensor_type
from ...framework.name_scope import current_scope
from ...ops import math_ops
from ...ops.registry import as_tensor
from .config import floatx
from .naming import unique_name

__all__ = ["Variable"]

_MAPPED_ZEROS = 1 << 20  # arrays from this many bytes up get pages of their own


def _fresh_zeros(shape, dtype):
    """Zeros the OS fills in only when a page is first touched: no fill now, and nothing to copy.

    Large host arrays live in an anonymous memory mapping, since `numpy.zeros` may get recycled
    heap memory from malloc that calloc must clear first.
    """
    xp = backend.current_module()
    nbytes = math.prod(shape) * np.dtype(dtype).itemsize
    if xp is not np or nbytes < _MAPPED_ZEROS:
        return xp.zeros(shape, dtype)
    return np.ndarray(shape, dtype, buffer=mmap.mmap(-1, nbytes))


class Variable(tf_variable.Variable):
    """A `tf.Variable` built the Keras 3 way: `Variable(initializer, shape, dtype, trainable, name)`.

    Args:
        initializer: a value (array, tensor, Python number) or an initializer
            (name such as "glorot_uniform", or a callable `(shape, dtype) -> tensor`).
        shape: the variable's shape; required when `initializer` is an initializer.
        dtype: defaults to `keras.backend.floatx()`.
        trainable: whether gradients flow to it (default True).
        name: the variable's name; `path` adds the enclosing name scopes.
    """

    def __init__(self, initializer, shape=None, dtype=None, trainable=True, autocast=True,
                 aggregation="none", synchronization="auto", name=None):
        dtype = dtype or floatx()
        name = name or unique_name("variable")
        storage = None
        if isinstance(initializer, str) or callable(initializer):
            if shape is None:
                raise ValueError(
                    "When creating a Variable from an initializer, the `shape` argument should be "
                    f"specified. Received: initializer={initializer!r} and shape={shape}")
            from .. import initializers
            initializer = initializers.get(initializer)
            if type(initializer) is initializers.Zeros and _execution.graph is None \
                    and as_dtype(dtype).is_numeric:
                # loading a model creates every weight this way, then the file's arrays replace the storage
                storage = _fresh_zeros(tuple(shape), as_dtype(dtype).as_numpy_dtype)
                value = math_ops.cast(as_tensor(0), dtype)
            else:
                value = initializer(tuple(shape), dtype=dtype)
        else:
            value = math_ops.cast(as_tensor(initializer), dtype)
        super().__init__(value, trainable=trainable, name=name)
        if storage is not None:
            self._value = storage
        self._keras_name = name
        self.path = current_scope() + name

    name = property(lambda self: self._keras_name)


register_tensor_type(Variable)  # ops take it as a tensor (not a read copy), so gradients reach it
