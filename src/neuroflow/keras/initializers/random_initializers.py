"""Random initializers: normal, uniform, truncated normal, variance scaling (Glorot, He,
LeCun) and orthogonal.

A seeded initializer (`seed=42`) always returns the same values. Without a seed, one
is drawn from `tf.random` when the initializer is created, so `tf.random.set_seed`
(or `keras.utils.set_random_seed`) makes a whole model's initial weights repeat.

>>> from neuroflow import keras
>>> init = keras.initializers.GlorotUniform(seed=1)
>>> w = init(shape=(3, 5))
>>> bool((w.numpy() == init(shape=(3, 5)).numpy()).all())
True
>>> bool(abs(w.numpy()).max() <= (6 / (3 + 5)) ** 0.5)
True
"""
import math

import neuroflow as tf
from ..backend.config import floatx
from .initializer import Initializer

__all__ = ["RandomNormal", "RandomUniform", "TruncatedNormal", "VarianceScaling", "GlorotUniform",
           "GlorotNormal", "HeUniform", "HeNormal", "LecunUniform", "LecunNormal", "Orthogonal",
           "compute_fans"]

_TRUNCATED_STDDEV = 0.87962566103423978  # std of a unit normal truncated to [-2, 2]


def compute_fans(shape, input_axes=None, output_axes=None):
    """(fan_in, fan_out) of a weight shape; convolution kernels count their receptive field.

    `input_axes`/`output_axes` (both or neither) name the axes that count as inputs and outputs.
    """
    shape = tuple(shape)
    if input_axes is not None and output_axes is not None:
        return math.prod(shape[a] for a in input_axes), math.prod(shape[a] for a in output_axes)
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive_field = math.prod(shape[:-2])
    return shape[-2] * receptive_field, shape[-1] * receptive_field


class RandomInitializer(Initializer):
    """Base of the random initializers: holds the seed the draws are made from."""

    def __init__(self, seed=None):
        if seed is not None and not isinstance(seed, int):
            raise ValueError(f"`seed` argument should be an integer. Received: seed={seed!r}")
        self._init_seed = seed
        self.seed = seed if seed is not None else \
            int(tf.random.uniform([], 0, 2 ** 31 - 1, dtype="int64"))

    def _stateless(self):
        return [self.seed, 0]

    def get_config(self):
        return {"seed": self._init_seed}


class RandomNormal(RandomInitializer):
    """Samples from a normal distribution with `mean` and `stddev`."""

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        self.mean, self.stddev = mean, stddev
        super().__init__(seed)

    def __call__(self, shape, dtype=None):
        return tf.random.stateless_normal(list(shape), self._stateless(), self.mean, self.stddev,
                                          dtype or floatx())

    def get_config(self):
        return {**super().get_config(), "mean": self.mean, "stddev": self.stddev}


class TruncatedNormal(RandomInitializer):
    """Like `RandomNormal`, but values more than two standard deviations from the mean are redrawn."""

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        self.mean, self.stddev = mean, stddev
        super().__init__(seed)

    def __call__(self, shape, dtype=None):
        return tf.random.stateless_truncated_normal(list(shape), self._stateless(), self.mean,
                                                    self.stddev, dtype or floatx())

    def get_config(self):
        return {**super().get_config(), "mean": self.mean, "stddev": self.stddev}


class RandomUniform(RandomInitializer):
    """Samples uniformly from `[minval, maxval)`."""

    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        self.minval, self.maxval = minval, maxval
        super().__init__(seed)

    def __call__(self, shape, dtype=None):
        return tf.random.stateless_uniform(list(shape), self._stateless(), self.minval, self.maxval,
                                           dtype or floatx())

    def get_config(self):
        return {**super().get_config(), "minval": self.minval, "maxval": self.maxval}


class VarianceScaling(RandomInitializer):
    """Random values whose variance is `scale / n`, with `n` from the weight's shape.

    Args:
        scale: positive scaling factor.
        mode: `n` is the number of inputs ("fan_in"), outputs ("fan_out") or their mean ("fan_avg").
        distribution: "truncated_normal" (std adjusted for the truncation), "untruncated_normal",
            or "uniform" on `[-limit, limit]` with `limit = sqrt(3 * scale / n)`.
        seed: an integer for reproducible values.
        input_axes, output_axes: the axes of the weight that count as inputs and outputs for
            the fans (default: all but the last one, and the last one).
    """

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None, input_axes=None,
                 output_axes=None):
        if scale <= 0.0:
            raise ValueError(f"Argument `scale` must be positive float. Received: scale={scale}")
        modes = ("fan_in", "fan_out", "fan_avg")
        if mode not in modes:
            raise ValueError(f"Invalid `mode` argument: {mode}. Please use one of {modes}")
        distribution = "truncated_normal" if distribution.lower() == "normal" else distribution.lower()
        distributions = ("uniform", "truncated_normal", "untruncated_normal")
        if distribution not in distributions:
            raise ValueError(f"Invalid `distribution` argument: {distribution}. "
                             f"Please use one of {distributions}")
        self.scale, self.mode, self.distribution = scale, mode, distribution
        self.input_axes, self.output_axes = input_axes, output_axes
        super().__init__(seed)

    def __call__(self, shape, dtype=None):
        fan_in, fan_out = compute_fans(shape, self.input_axes, self.output_axes)
        n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}[self.mode]
        variance = self.scale / max(1.0, n)
        shape, seed, dtype = list(shape), self._stateless(), dtype or floatx()
        if self.distribution == "truncated_normal":
            stddev = math.sqrt(variance) / _TRUNCATED_STDDEV
            return tf.random.stateless_truncated_normal(shape, seed, 0.0, stddev, dtype)
        if self.distribution == "untruncated_normal":
            return tf.random.stateless_normal(shape, seed, 0.0, math.sqrt(variance), dtype)
        limit = math.sqrt(3.0 * variance)
        return tf.random.stateless_uniform(shape, seed, -limit, limit, dtype)

    def get_config(self):
        return {**super().get_config(), "scale": self.scale, "mode": self.mode,
                "distribution": self.distribution, "input_axes": self.input_axes, "output_axes": self.output_axes}


class _Preset(VarianceScaling):
    """A `VarianceScaling` with fixed arguments: only `seed` is configurable."""

    def get_config(self):
        return {"seed": self._init_seed, "input_axes": self.input_axes, "output_axes": self.output_axes}


class GlorotUniform(_Preset):
    """Glorot (Xavier) uniform: limit `sqrt(6 / (fan_in + fan_out))`."""

    def __init__(self, seed=None, input_axes=None, output_axes=None):
        super().__init__(1.0, "fan_avg", "uniform", seed, input_axes, output_axes)


class GlorotNormal(_Preset):
    """Glorot (Xavier) normal: truncated, std `sqrt(2 / (fan_in + fan_out))`."""

    def __init__(self, seed=None, input_axes=None, output_axes=None):
        super().__init__(1.0, "fan_avg", "truncated_normal", seed, input_axes, output_axes)


class HeUniform(_Preset):
    """He uniform: limit `sqrt(6 / fan_in)` (for ReLU networks)."""

    def __init__(self, seed=None, input_axes=None, output_axes=None):
        super().__init__(2.0, "fan_in", "uniform", seed, input_axes, output_axes)


class HeNormal(_Preset):
    """He normal: truncated, std `sqrt(2 / fan_in)` (for ReLU networks)."""

    def __init__(self, seed=None, input_axes=None, output_axes=None):
        super().__init__(2.0, "fan_in", "truncated_normal", seed, input_axes, output_axes)


class LecunUniform(_Preset):
    """LeCun uniform: limit `sqrt(3 / fan_in)`."""

    def __init__(self, seed=None, input_axes=None, output_axes=None):
        super().__init__(1.0, "fan_in", "uniform", seed, input_axes, output_axes)


class LecunNormal(_Preset):
    """LeCun normal: truncated, std `sqrt(1 / fan_in)` (for SELU networks)."""

    def __init__(self, seed=None, input_axes=None, output_axes=None):
        super().__init__(1.0, "fan_in", "truncated_normal", seed, input_axes, output_axes)


class Orthogonal(RandomInitializer):
    """A random orthogonal matrix times `gain` (from the QR decomposition of a normal matrix).

    Shapes of rank > 2 are treated as (product of leading axes, last axis).
    """

    def __init__(self, gain=1.0, seed=None):
        self.gain = gain
        super().__init__(seed)

    def __call__(self, shape, dtype=None):
        if len(shape) < 2:
            raise ValueError("The tensor to initialize must be at least two-dimensional. "
                             f"Received: shape={tuple(shape)} of rank {len(shape)}.")
        rows, cols = math.prod(shape[:-1]), shape[-1]
        a = tf.random.stateless_normal([max(rows, cols), min(rows, cols)], self._stateless(),
                                       dtype=dtype or floatx())
        q, r = tf.linalg.qr(a)
        q = q * tf.sign(tf.linalg.diag_part(r))
        if rows < cols:
            q = tf.transpose(q)
        return self.gain * tf.reshape(q, list(shape))

    def get_config(self):
        return {**super().get_config(), "gain": self.gain}
