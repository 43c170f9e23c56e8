"""`keras.random`: Keras 3's seeded random functions and `SeedGenerator` (re-exports).

>>> from neuroflow import keras
>>> keras.random.randint((3,), 0, 10, seed=5).dtype
tf.int32
"""
from .random import *  # noqa: F401,F403
from .seed_generator import SeedGenerator  # noqa: F401
