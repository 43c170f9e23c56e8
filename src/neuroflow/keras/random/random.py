"""Keras 3's random functions: each takes `seed` (an int, a `SeedGenerator` or None).

>>> from neuroflow import keras
>>> x = keras.random.uniform((2, 3), minval=-1.0, maxval=1.0, seed=1)
>>> x.shape, bool((x.numpy() == keras.random.uniform((2, 3), -1.0, 1.0, seed=1).numpy()).all())
(TensorShape([2, 3]), True)
"""
import numpy as np

import neuroflow as tf

from ..backend.dtypes import standardize_dtype
from .seed_generator import draw_generator

__all__ = ["normal", "uniform", "truncated_normal", "randint", "categorical", "dropout", "shuffle",
           "gamma", "beta", "binomial"]


def _shape(shape):
    return [int(s) for s in shape]


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Samples from N(mean, stddev²)."""
    return draw_generator(seed).normal(_shape(shape), mean, stddev, dtype=standardize_dtype(dtype))


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    """Samples from the uniform distribution on [minval, maxval)."""
    dtype = standardize_dtype(dtype)
    if not tf.as_dtype(dtype).is_floating:
        raise ValueError(f"uniform: dtype must be a float type; use randint for integers. Received: dtype={dtype!r}.")
    return draw_generator(seed).uniform(_shape(shape), minval, maxval, dtype=dtype)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Normal samples, redrawn when more than two standard deviations from the mean."""
    return draw_generator(seed).truncated_normal(_shape(shape), mean, stddev, dtype=standardize_dtype(dtype))


def randint(shape, minval, maxval, dtype="int32", seed=None):
    """Integers drawn uniformly from [minval, maxval)."""
    return draw_generator(seed).uniform(_shape(shape), minval, maxval, dtype=standardize_dtype(dtype))


def categorical(logits, num_samples, dtype="int32", seed=None):
    """`num_samples` class indices per row of `logits` ([batch, classes]), drawn by softmax probability."""
    logits = tf.convert_to_tensor(logits)
    if logits.ndim != 2:
        raise ValueError(f"categorical: logits must be 2-D [batch_size, num_classes]. Received: shape={tuple(logits.shape)}.")
    gumbel = -tf.math.log(-tf.math.log(uniform([logits.shape[0], int(num_samples), logits.shape[1]],
                                                minval=np.finfo(np.float32).tiny, maxval=1.0, seed=seed)))
    return tf.cast(tf.argmax(tf.expand_dims(tf.cast(logits, "float32"), 1) + gumbel, axis=-1),
                   standardize_dtype(dtype))


def dropout(inputs, rate, noise_shape=None, seed=None):
    """Zeroes each element with probability `rate`, scaling the rest by 1 / (1 - rate)."""
    x = tf.convert_to_tensor(inputs)
    if rate == 0:
        return x
    shape = list(x.shape) if noise_shape is None else [x.shape[i] if d is None else int(d)
                                                       for i, d in enumerate(noise_shape)]
    keep = tf.cast(uniform(shape, dtype=x.dtype.name, seed=seed) >= rate, x.dtype)
    return x * keep * (1.0 / (1.0 - rate))


def shuffle(x, axis=0, seed=None):
    """`x` with its slices along `axis` in a random order."""
    x = tf.convert_to_tensor(x)
    order = tf.argsort(uniform([x.shape[axis]], seed=seed))
    return tf.gather(x, order, axis=axis)


def _gamma_draws(generator, shape, alpha):
    """Gamma(alpha, 1) samples as float64 NumPy (Marsaglia and Tsang's method, with retries)."""
    alpha = float(alpha)
    a = alpha + 1.0 if alpha < 1.0 else alpha  # boost small alphas, corrected below
    d = a - 1.0 / 3.0
    c = 1.0 / np.sqrt(9.0 * d)
    out = np.zeros(shape, np.float64)
    todo = np.ones(shape, bool)
    while todo.any():
        z = generator.normal(shape, dtype="float64").numpy()
        u = generator.uniform(shape, dtype="float64").numpy()
        v = np.maximum((1.0 + c * z) ** 3, 1e-300)
        accept = todo & (1.0 + c * z > 0) & (np.log(np.maximum(u, 1e-300)) < 0.5 * z * z + d - d * v + d * np.log(v))
        out[accept] = (d * v)[accept]
        todo &= ~accept
    if alpha < 1.0:
        out *= generator.uniform(shape, dtype="float64").numpy() ** (1.0 / alpha)
    return out


def gamma(shape, alpha, dtype=None, seed=None):
    """Samples from Gamma(alpha, 1) (eager: drawn by rejection sampling)."""
    draws = _gamma_draws(draw_generator(seed), _shape(shape), alpha)
    return tf.constant(draws.astype(tf.as_dtype(standardize_dtype(dtype)).as_numpy_dtype))


def beta(shape, alpha, beta, dtype=None, seed=None):
    """Samples from Beta(alpha, beta), as X / (X + Y) of two independent Gamma draws (eager)."""
    generator = draw_generator(seed)
    x = _gamma_draws(generator, _shape(shape), alpha)
    y = _gamma_draws(generator, _shape(shape), beta)
    return tf.constant((x / (x + y)).astype(tf.as_dtype(standardize_dtype(dtype)).as_numpy_dtype))


def binomial(shape, counts, probabilities, dtype=None, seed=None):
    """Samples from Binomial(counts, probabilities): successes in `counts` Bernoulli trials."""
    n = int(np.max(np.asarray(counts)))
    trials = uniform([n] + _shape(shape), dtype="float64", seed=seed)
    index = tf.reshape(tf.range(n), [n] + [1] * len(shape))
    success = tf.logical_and(trials < tf.cast(probabilities, "float64"), index < tf.cast(counts, "int32"))
    return tf.cast(tf.reduce_sum(tf.cast(success, "int32"), axis=0), standardize_dtype(dtype))
