"""`keras.ops`: Keras 3's backend-neutral ops, as thin faces over neuroflow's (re-exports).

Code written for Keras 3 (custom layers, keras.io examples) calls these; each is a line or
two over the TensorFlow-style op that does the work, with Keras' argument names, defaults
and dtype promotion.

>>> from neuroflow import keras
>>> from neuroflow.keras import ops
>>> ops.matmul(ops.ones((2, 3)), ops.ones((3,))).numpy()
array([3., 3.], dtype=float32)
>>> ops.nn.relu(ops.array([-1.0, 2.0])).numpy()
array([0., 2.], dtype=float32)
"""
from . import core, linalg, math, nn, numpy  # noqa: F401
from .einops import rearrange  # noqa: F401
from . import image  # noqa: F401 - keras.ops.image
from .core import *  # noqa: F401,F403
from .linalg import *  # noqa: F401,F403
from .math import *  # noqa: F401,F403
from .nn import *  # noqa: F401,F403
from .numpy import *  # noqa: F401,F403
from .numpy import abs, all, any, max, min, round, sum  # noqa: F401 - names that shadow builtins
