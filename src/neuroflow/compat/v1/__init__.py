"""`tf.compat.v1`: TensorFlow 1's API — graphs, sessions, placeholders, TF1 optimizers.

Everything of the TF2 namespace is here too (TF1 code calls `tf.compat.v1.matmul`), plus
TF1's names: `placeholder`, `Session`, `global_variables_initializer`, `train.*Optimizer`,
`gradients`, `log`, `random_normal`, `reduce_sum(..., reduction_indices=...)`, ...

>>> import neuroflow.compat.v1 as tf
>>> tf.disable_eager_execution()
>>> x = tf.placeholder(tf.float32, [None, 2])
>>> W = tf.Variable(tf.ones([2, 1]))
>>> y = tf.matmul(x, W)
>>> with tf.Session() as sess:
...     sess.run(tf.global_variables_initializer())
...     sess.run(y, feed_dict={x: [[1.0, 2.0]]})
array([[3.]], dtype=float32)
>>> tf.enable_eager_execution()
>>> tf.reset_default_graph()
"""
import importlib

from ...graph.graph import Graph
from .graph_mode import *  # noqa: F401,F403
from .session import Session, InteractiveSession
from .gradients import gradients, group, no_op
from .variables import *  # noqa: F401,F403
from . import train

__all__ = ["Graph", "Session", "InteractiveSession", "gradients", "group", "no_op", "train"]


def _reduction(function):
    def reduce(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None):
        axis = reduction_indices if axis is None else axis
        keepdims = bool(keepdims if keepdims is not None else keep_dims)
        return getattr(_tf(), function)(input_tensor, axis=axis, keepdims=keepdims)
    reduce.__name__ = function
    reduce.__doc__ = f"TF1's `{function}`: also accepts `reduction_indices` and `keep_dims`."
    return reduce


def _tf():
    return importlib.import_module("neuroflow")


def _argmax(input, axis=None, name=None, dimension=None, output_type="int64"):
    """TF1's argmax: `dimension` is the old name of `axis` (default 0)."""
    axis = dimension if axis is None else axis
    return _tf().math.argmax(input, axis=0 if axis is None else axis, output_type=output_type)


def _to_float(x, name="ToFloat"):
    """`tf.cast(x, tf.float32)`."""
    return _tf().cast(x, "float32")


# TF1 names that moved in TF2: name -> (module path, attribute)
_RENAMED = {
    "log": ("math", "log"), "random_normal": ("random", "normal"), "random_uniform": ("random", "uniform"),
    "truncated_normal": ("random", "truncated_normal"), "set_random_seed": ("random", "set_seed"),
    "random_shuffle": ("random", "shuffle"), "multinomial": ("random", "categorical"),
    "div": ("math", "divide"), "mod": ("math", "floormod"),
}
_REDUCTIONS = {name: _reduction(name) for name in (
    "reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod", "reduce_any", "reduce_all",
    "reduce_logsumexp")}


def __getattr__(name):
    if name in _REDUCTIONS:
        return _REDUCTIONS[name]
    if name == "argmax":
        return _argmax
    if name == "to_float":
        return _to_float
    tf = _tf()
    if name in _RENAMED:
        module, attr = _RENAMED[name]
        return getattr(getattr(tf, module), attr)
    try:
        return getattr(tf, name)
    except AttributeError:
        raise AttributeError(f"module 'neuroflow.compat.v1' has no attribute {name!r}") from None
