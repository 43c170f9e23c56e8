"""`tf.recompute_grad`: trade compute for memory by re-running a function on the backward pass.

The wrapped function's intermediate results are not kept for the gradient: the gradient runs
the function again under its own tape (so, for example, a `tf.print` inside runs again).

>>> import neuroflow as tf
>>> w = tf.Variable(3.0)
>>> scaled = tf.recompute_grad(lambda x: x * w)
>>> x = tf.constant(2.0)
>>> with tf.GradientTape() as tape:
...     tape.watch(x)
...     y = scaled(x)
>>> [g.numpy() for g in tape.gradient(y, [x, w])]
[np.float32(3.0), np.float32(2.0)]
"""
import functools

from ..framework import nest
from .custom_gradient import custom_gradient
from .tape import GradientTape

__all__ = ["recompute_grad"]


def recompute_grad(f):
    """`f` wrapped so that its gradient recomputes `f` instead of storing its intermediates.

    The original is `g.__wrapped__` (a Keras model's variables are reached through it).
    """
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        @custom_gradient
        def recompute(*inputs):
            result = f(*inputs, **kwargs)

            def grad(*upstream, variables=None):
                variables = list(variables or [])
                with GradientTape() as tape:  # integer inputs have no gradient: not watched
                    tape.watch([x for x in inputs if x.dtype.is_floating or x.dtype.is_complex] + variables)
                    again = f(*inputs, **kwargs)
                grads = tape.gradient(nest.flatten(again), list(inputs) + variables,
                                      output_gradients=list(upstream))
                return grads[:len(inputs)], grads[len(inputs):]
            return result, grad
        return recompute(*args)
    return wrapper
