"""`tf.autograph`: Python control flow on tensors, converted for `tf.function` (re-exports).

`tf.function` converts the function it traces (and the user functions that one calls):
an `if` on a tensor becomes `tf.cond`, a `while` on a tensor or a `for` over a tensor,
`tf.range` or dataset becomes `tf.while_loop`; on Python values they stay Python.

>>> import neuroflow as tf
>>> @tf.function
... def collatz_steps(n):
...     steps = 0
...     while n != 1:
...         if n % 2 == 0:
...             n = n // 2
...         else:
...             n = 3 * n + 1
...         steps += 1
...     return steps
>>> collatz_steps(tf.constant(6)).numpy()
np.int32(8)
>>> print(tf.autograph.to_code(collatz_steps.python_function).splitlines()[0])
def tf__collatz_steps(n):
"""
from .api import to_code, to_graph, set_verbosity, trace
from . import experimental

__all__ = ["to_code", "to_graph", "set_verbosity", "trace", "experimental"]
