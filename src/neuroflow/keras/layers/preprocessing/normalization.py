"""`Normalization`: shifts and scales features to mean 0 and variance 1, with statistics from `adapt`.

>>> import numpy as np
>>> from neuroflow import keras
>>> layer = keras.layers.Normalization()
>>> layer.adapt(np.array([[0.0, 7.0], [2.0, 9.0]]))
>>> layer(np.array([[1.0, 8.0], [2.0, 9.0]])).numpy()
array([[0., 0.],
       [1., 1.]], dtype=float32)
>>> keras.layers.Normalization(mean=3.0, variance=2.0)(np.array([[1.0]])).numpy()
array([[-1.4142135]], dtype=float32)
"""
import math

import numpy as np

from ....ops.array_ops import broadcast_to, reshape
from ....ops.creation_ops import constant
from ....ops.math_ops import cast, maximum, sqrt
from ...backend import epsilon
from ..layer import Layer

__all__ = ["Normalization"]


class Normalization(Layer):
    """Normalizes inputs feature-wise: `(inputs - mean) / sqrt(variance)`.

    Args:
        axis: the axis (or axes) that keep separate statistics, -1 (default) for the last
            (one mean per feature); None for a single mean and variance.
        mean, variance: fixed statistics; without them, call `adapt(data)` before use.
        invert: apply the inverse transformation, `mean + inputs * sqrt(variance)`.
    """

    def __init__(self, axis=-1, mean=None, variance=None, invert=False, **kwargs):
        super().__init__(**kwargs)
        self.axis = () if axis is None else (axis,) if isinstance(axis, int) else tuple(axis)
        if (mean is None) != (variance is None):
            raise ValueError("When setting values directly, both `mean` and `variance` must be set. "
                             f"Received: mean={mean} and variance={variance}")
        if mean is not None and np.shape(mean) != np.shape(variance):
            raise ValueError("When setting values directly, `mean` and `variance` must have the same shape. "
                             f"Received: mean shape {np.shape(mean)} and variance shape {np.shape(variance)}")
        self.input_mean, self.input_variance, self.invert = mean, variance, invert
        self.supports_masking = True

    def build(self, input_shape):
        rank = len(input_shape)
        if any(not -rank <= a < rank for a in self.axis):
            raise ValueError("All `axis` values must be in the range [-ndim, ndim). "
                             f"Received inputs with ndim={rank}, while axis={self.axis}")
        self._keep = tuple(sorted(a % rank for a in self.axis))
        unknown = [d for d in self._keep if input_shape[d] is None]
        if unknown:
            raise ValueError(f"All `axis` values to be kept must have a known shape. Received axis={self.axis}, "
                             f"inputs.shape={tuple(input_shape)}, with unknown axis at index {unknown[0]}")
        self._reduce = tuple(d for d in range(rank) if d not in self._keep)
        self._broadcast_shape = tuple(input_shape[d] if d in self._keep else 1 for d in range(rank))
        stats_shape = tuple(input_shape[d] for d in self._keep)
        if self.input_mean is None:
            self.adapt_mean = self.add_weight(name="mean", shape=stats_shape, initializer="zeros", trainable=False)
            self.adapt_variance = self.add_weight(name="variance", shape=stats_shape, initializer="ones",
                                                  trainable=False)
            self.count = self.add_weight(name="count", shape=(), dtype="int64", initializer="zeros", trainable=False)
        else:
            self._fixed = tuple(broadcast_to(reshape(constant(v, self.dtype), _aligned(np.shape(v), self._keep, rank)),
                                             self._broadcast_shape) for v in (self.input_mean, self.input_variance))

    def _statistics(self):
        if self.input_mean is None:
            return reshape(self.adapt_mean, self._broadcast_shape), reshape(self.adapt_variance, self._broadcast_shape)
        return self._fixed

    @property
    def mean(self):
        """The mean inputs are centred by, broadcast to the input's rank (after `build` or `adapt`)."""
        return self._statistics()[0]

    @property
    def variance(self):
        """The variance inputs are scaled by, broadcast to the input's rank."""
        return self._statistics()[1]

    def adapt(self, data):
        """Computes the mean and variance of `data` (an array, a tensor, or an iterable of batches)."""
        batches = [data] if hasattr(data, "shape") else data
        total_mean = total_var = None
        total_count = 0
        for batch in batches:
            if isinstance(batch, tuple):  # (x, y) pairs: statistics of x
                batch = batch[0]
            batch = np.asarray(batch, dtype=np.float64)
            if not self.built:
                self.build(batch.shape)
            elif any(batch.shape[d] != self.adapt_mean.shape[i] for i, d in enumerate(self._keep)):
                raise ValueError(f"The layer was built with input_shape={self._build_input_shape}, but adapt() "
                                 f"is being called with data with an incompatible shape, data.shape={batch.shape}")
            count = math.prod(batch.shape[d] for d in self._reduce)
            mean, var = batch.mean(axis=self._reduce), batch.var(axis=self._reduce)
            if total_mean is None:
                total_mean, total_var, total_count = mean, var, count
                continue
            weight = count / (total_count + count)
            new_mean = total_mean * (1 - weight) + mean * weight
            total_var = (total_var + (total_mean - new_mean) ** 2) * (1 - weight) + \
                (var + (mean - new_mean) ** 2) * weight
            total_mean, total_count = new_mean, total_count + count
        if total_mean is None:
            raise ValueError("adapt() received no data. Pass an array or an iterable of batches.")
        if self.input_mean is not None:
            raise ValueError("Normalization was given `mean` and `variance`; adapt() cannot change them. "
                             "Create the layer without them to learn the statistics from data.")
        self.adapt_mean.assign(total_mean)
        self.adapt_variance.assign(total_var)
        self.count.assign(total_count)

    def call(self, inputs):
        mean, variance = self._statistics()
        inputs = cast(inputs, self.dtype)
        scale = maximum(sqrt(variance), epsilon())
        if self.invert:
            return mean + inputs * scale
        return (inputs - mean) / scale

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis, "invert": self.invert,
                "mean": _plain(self.input_mean), "variance": _plain(self.input_variance)}


def _aligned(shape, keep, rank):
    """Where given statistics of `shape` sit among the input's `rank` axes (right-aligned to the kept axes)."""
    out = [1] * rank
    for i in range(1, len(shape) + 1):
        out[keep[-i]] = shape[-i]
    return out


def _plain(value):
    return np.asarray(value).tolist() if value is not None else None
