"""`tf.nn.experimental.stateless_dropout` and `general_dropout`: dropout with the randomness given.

`stateless_dropout` draws its keep mask with `tf.random.stateless_uniform(seed)`, so a seed gives
TensorFlow's mask; `general_dropout` takes any `uniform_sampler(shape, dtype)`. Kept values are
scaled by `1 / (1 - rate)`, as TensorFlow computes them (`x * scale` where the draw >= rate).

>>> import neuroflow as tf
>>> tf.nn.experimental.stateless_dropout(tf.ones([6]), rate=0.5, seed=[1, 2]).numpy()
array([2., 0., 2., 0., 0., 2.], dtype=float32)
"""
import functools
import numbers

from ..framework.convert import convert_to_tensor
from .creation_ops import zeros_like
from .indexing_ops import where
from .nn_ops import _as_list, _floating
from .random_ops import stateless_uniform

__all__ = ["general_dropout", "stateless_dropout"]


def general_dropout(x, rate, uniform_sampler, noise_shape=None, name=None):
    """Dropout whose keep mask comes from `uniform_sampler(shape=, dtype=)` (values in [0, 1)).

    Args:
        x: a floating-point tensor.
        rate: the probability of dropping each element, in [0, 1).
        uniform_sampler: a function of `shape` and `dtype` returning uniform samples.
        noise_shape: the mask's shape, broadcast against `x` (None entries take `x`'s size).
    """
    x = _floating(x, "Dropout")
    if isinstance(rate, numbers.Real) and not 0 <= rate < 1:
        raise ValueError(f"`rate` must be a scalar tensor or a float in the range [0, 1). Received: rate={rate}")
    rate = float(rate.numpy() if hasattr(rate, "numpy") else rate)
    if rate == 0:
        return x
    shape = list(x.shape) if noise_shape is None else [
        x.shape[i] if d is None else int(d) for i, d in enumerate(_as_list(noise_shape))]
    scaled = x * convert_to_tensor(1 / (1 - rate), x.dtype)
    keep = uniform_sampler(shape=shape, dtype=x.dtype) >= rate
    return where(keep, scaled, zeros_like(scaled))


def stateless_dropout(x, rate, seed, rng_alg=None, noise_shape=None, name=None):
    """Dropout whose mask is determined by `seed` (two ints): the same seed drops the same units,
    and the units TensorFlow drops for that seed."""
    sampler = functools.partial(stateless_uniform, seed=seed, alg=rng_alg or "auto_select")
    return general_dropout(x, rate, sampler, noise_shape=noise_shape, name=name)
