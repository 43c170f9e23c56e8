"""TensorFlow's initializers (`tf.zeros_initializer`, `tf.random_normal_initializer`, ...).

An initializer is called with a shape and a dtype and returns the initial tensor. The TF2 forms
take the dtype at call time; the `tf.compat.v1` forms (`v1=True` below) take it when created.
A seeded random initializer draws from the stateless ops with seed `[seed, 0]`, so it gives
TensorFlow's values and the same tensor on every call.

>>> import neuroflow as tf
>>> tf.constant_initializer([1, 2, 3, 4])(shape=[2, 2], dtype=tf.float32).numpy()
array([[1., 2.],
       [3., 4.]], dtype=float32)
>>> tf.random_uniform_initializer(-1.0, 1.0, seed=3)(shape=[2]).numpy()
array([-0.6081743,  0.8786905], dtype=float32)
"""
import numpy as np

from ..framework import dtypes
from ..framework.convert import convert_to_tensor
from . import random_ops
from .creation_ops import fill

__all__ = ["constant_initializer", "zeros_initializer", "ones_initializer", "random_uniform_initializer",
           "random_normal_initializer", "Initializer"]


class Initializer:
    """The base class: `initializer(shape, dtype)` returns a tensor; `get_config`/`from_config`."""

    def __call__(self, shape, dtype=None, **kwargs):
        raise NotImplementedError

    def _dtype(self, dtype):
        dtype = dtype if dtype is not None else getattr(self, "dtype", None)
        return dtypes.as_dtype(dtype or dtypes.float32)

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class zeros_initializer(Initializer):  # noqa: N801 - TensorFlow's name
    """Zeros of the requested shape and dtype."""

    def __init__(self, dtype=None):
        self.dtype = dtype

    def __call__(self, shape, dtype=None, **kwargs):
        return fill(list(shape), convert_to_tensor(0, self._dtype(dtype)))

    def get_config(self):
        return {} if self.dtype is None else {"dtype": self._dtype(None).name}


class ones_initializer(zeros_initializer):  # noqa: N801
    """Ones of the requested shape and dtype."""

    def __call__(self, shape, dtype=None, **kwargs):
        return fill(list(shape), convert_to_tensor(1, self._dtype(dtype)))


class constant_initializer(Initializer):  # noqa: N801
    """`value` (a scalar fills the shape; a list or array must have exactly its number of elements)."""

    def __init__(self, value=0, dtype=None, verify_shape=False, support_partition=False):
        if not (np.isscalar(value) or isinstance(value, (list, tuple, np.ndarray)) or hasattr(value, "numpy")):
            raise TypeError(f"Invalid type for initial value: {type(value).__name__} (expected Python scalar, "
                            "list or tuple of values, or numpy.ndarray).")
        self.value, self.dtype = value, dtype

    def __call__(self, shape, dtype=None, **kwargs):
        dtype, shape = self._dtype(dtype), tuple(int(d) for d in shape)
        value = np.asarray(self.value.numpy() if hasattr(self.value, "numpy") else self.value)
        if value.ndim == 0:
            return fill(list(shape), convert_to_tensor(value, dtype))
        if value.size != int(np.prod(shape)):
            raise TypeError(f"Eager execution of tf.constant with unsupported shape. Tensor's value has "
                            f"{value.size} elements, shape is {shape} with {int(np.prod(shape))} elements.")
        return convert_to_tensor(value.reshape(shape).astype(dtype.as_numpy_dtype))

    def get_config(self):
        return {"value": self.value}


class v1_constant_initializer(constant_initializer):  # noqa: N801 - tf.compat.v1.constant_initializer
    """TensorFlow 1's constant initializer: a shorter `value` is padded with its last element.

    A longer `value` raises ValueError; with `verify_shape=True` the shape of `value` must be
    the requested shape (TypeError otherwise).

    >>> import neuroflow as tf
    >>> init = tf.compat.v1.constant_initializer([1, 2, 3])
    >>> init([2, 3]).numpy()
    array([[1., 2., 3.],
           [3., 3., 3.]], dtype=float32)
    >>> init([2, 1])
    Traceback (most recent call last):
    ...
    ValueError: Too many elements provided. Needed at most 2, but received 3
    """

    def __init__(self, value=0, dtype=dtypes.float32, verify_shape=False):
        super().__init__(value, dtype)
        self.verify_shape = verify_shape

    def __call__(self, shape, dtype=None, partition_info=None, verify_shape=None, **kwargs):
        dtype, shape = self._dtype(dtype), tuple(int(d) for d in shape)
        value = np.asarray(self.value.numpy() if hasattr(self.value, "numpy") else self.value)
        size = int(np.prod(shape))
        verify = self.verify_shape if verify_shape is None else verify_shape
        if verify and value.shape != shape:
            raise TypeError(f"Expected Tensor's shape: {shape}, got {value.shape}.")
        if value.ndim and value.size > size:
            raise ValueError(f"Too many elements provided. Needed at most {size}, but received {value.size}")
        flat = value.reshape(-1)
        if value.ndim and flat.size < size:
            flat = np.concatenate([flat, np.repeat(flat[-1:], size - flat.size)])
        return convert_to_tensor(np.broadcast_to(flat if value.ndim else value, (size,)).reshape(shape)
                                 .astype(dtype.as_numpy_dtype))

    def get_config(self):
        return {"value": self.value, "dtype": self._dtype(None).name, "verify_shape": self.verify_shape}


class _RandomInitializer(Initializer):
    """Draws `_draw(shape, dtype, seed)`: stateless with seed `[seed, 0]` when seeded, else from tf.random."""

    def __call__(self, shape, dtype=None, **kwargs):
        return self._draw(list(shape), self._dtype(dtype), None if self.seed is None else [self.seed, 0])


class random_uniform_initializer(_RandomInitializer):  # noqa: N801
    """Uniform values on `[minval, maxval)`."""

    def __init__(self, minval=-0.05, maxval=0.05, seed=None, dtype=None):
        self.minval, self.maxval, self.seed, self.dtype = minval, maxval, seed, dtype

    def _draw(self, shape, dtype, seed):
        if seed is not None:
            return random_ops.stateless_uniform(shape, seed, self.minval, self.maxval, dtype)
        return random_ops.uniform(shape, self.minval, self.maxval, dtype)

    def get_config(self):
        return {"minval": self.minval, "maxval": self.maxval, "seed": self.seed}


class random_normal_initializer(_RandomInitializer):  # noqa: N801
    """Normal values with `mean` and `stddev`."""

    def __init__(self, mean=0.0, stddev=0.05, seed=None, dtype=None):
        self.mean, self.stddev, self.seed, self.dtype = mean, stddev, seed, dtype

    def _draw(self, shape, dtype, seed):
        if seed is not None:
            return random_ops.stateless_normal(shape, seed, self.mean, self.stddev, dtype)
        return random_ops.normal(shape, self.mean, self.stddev, dtype)

    def get_config(self):
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed}


class glorot_uniform_initializer(random_uniform_initializer):  # noqa: N801 - tf.compat.v1's name
    """Uniform on `[-limit, limit)` with `limit = sqrt(6 / (fan_in + fan_out))` (Glorot & Bengio, 2010).

    TensorFlow 1's default initializer of `tf.compat.v1.get_variable`. For a convolution kernel
    the fans are the channels times the receptive field size.

    >>> import neuroflow as tf
    >>> w = tf.compat.v1.glorot_uniform_initializer(seed=1)([300, 300])
    >>> bool(tf.reduce_max(tf.abs(w)) <= 0.1)
    True
    """

    def __init__(self, seed=None, dtype=dtypes.float32):
        super().__init__(0.0, 0.0, seed, dtype)

    def _draw(self, shape, dtype, seed):
        receptive = int(np.prod(shape[:-2])) if len(shape) > 2 else 1
        fan_in = shape[-2] * receptive if len(shape) > 1 else (shape[0] if shape else 1)
        fan_out = shape[-1] * receptive if len(shape) > 1 else fan_in
        self.maxval = float(np.sqrt(6.0 / max(1.0, fan_in + fan_out)))
        self.minval = -self.maxval
        return super()._draw(shape, dtype, seed)

    def get_config(self):
        return {"seed": self.seed, "dtype": self._dtype(None).name}
