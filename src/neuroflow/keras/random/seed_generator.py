"""`keras.random.SeedGenerator`: a seeded stream of randomness that a layer owns.

A layer that draws random numbers (dropout, augmentation) keeps one, so its draws are
reproducible from its `seed` and independent of other layers' draws. Its `state`
variable holds `[seed, number of draws]`, as Keras' does.

>>> from neuroflow import keras
>>> a = keras.random.normal((2,), seed=keras.random.SeedGenerator(3))
>>> b = keras.random.normal((2,), seed=keras.random.SeedGenerator(3))
>>> bool((a.numpy() == b.numpy()).all())
True
"""
import random

import neuroflow as tf

__all__ = ["SeedGenerator", "draw_generator", "global_seed_generator", "reset_global_seed_generator"]


class SeedGenerator:
    """A stream of random draws determined by `seed` (an int; None picks one at random)."""

    def __init__(self, seed=None, name=None, **kwargs):
        if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool)):
            raise ValueError(f"SeedGenerator: `seed` must be an integer or None. Received: seed={seed!r}.")
        self.name = name or "seed_generator"
        self._initial_seed = random.randint(1, 10 ** 9) if seed is None else seed
        self.state = tf.Variable([self._initial_seed, 0], dtype="int64", trainable=False,
                                 name="seed_generator_state")
        self.generator = tf.random.Generator.from_seed(self._initial_seed)

    def next(self, ordered=True):
        """Records one more draw; returns the state before it (the seed pair Keras would use)."""
        seed = tf.identity(self.state)
        self.state.assign_add(tf.constant([0, 1], "int64"))
        return seed

    def get_config(self):
        return {"seed": self._initial_seed}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


_GLOBAL = []


def global_seed_generator():
    """The generator unseeded `keras.random` calls draw from (reset by `set_random_seed`)."""
    if not _GLOBAL:
        _GLOBAL.append(SeedGenerator())
    return _GLOBAL[0]


def reset_global_seed_generator():
    _GLOBAL.clear()


def draw_generator(seed):
    """The `tf.random.Generator` a `seed` argument selects, having counted the draw.

    A SeedGenerator gives its own stream; an int gives a fresh stream from that seed (the same
    values on every call, as Keras' integer seeds do); None gives the global stream.
    """
    if seed is None:
        seed = global_seed_generator()
    if isinstance(seed, SeedGenerator):
        seed.next()
        return seed.generator
    if isinstance(seed, int) and not isinstance(seed, bool):
        return tf.random.Generator.from_seed(seed)
    raise ValueError(f"`seed` must be an int, a keras.random.SeedGenerator or None. Received: seed={seed!r}.")
