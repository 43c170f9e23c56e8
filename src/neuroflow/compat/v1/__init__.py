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

from ...framework.sparse_tensor import SparseTensorValue
from ...graph.graph import Graph
from ...ops import init_ops as _init_ops
from .graph_mode import *  # noqa: F401,F403
from .session import Session, InteractiveSession
from .gradients import gradients, group, no_op
from .variables import *  # noqa: F401,F403
from .variable_scope import *  # noqa: F401,F403
from .print_v1 import Print
from .string_split import string_split
from . import train

__all__ = ["Graph", "SparseTensorValue", "Session", "InteractiveSession", "gradients", "group", "no_op", "train",
           "Print", "string_split"]


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


def _reverse_sequence(input, seq_lengths, seq_axis=None, batch_axis=None, name=None, seq_dim=None,
                      batch_dim=None):
    """TF1's reverse_sequence: `seq_dim`/`batch_dim` are the old names of `seq_axis`/`batch_axis`."""
    return _tf().reverse_sequence(input, seq_lengths, seq_dim if seq_axis is None else seq_axis,
                                  batch_dim if batch_axis is None else batch_axis)


def _py_func(func, inp, Tout, stateful=True, name=None):
    """TF1's name of `tf.numpy_function`: `func` runs on NumPy arrays."""
    return _tf().numpy_function(func, inp, Tout, stateful=stateful, name=name)


def _tables_initializer(name="init_all_tables"):
    """The operation filling every `tf.lookup` table of the default graph (None executing eagerly)."""
    return importlib.import_module("neuroflow.lookup.tables").tables_initializer(name)


def _cast_to(dtype):
    def to(x, name=None):
        return _tf().cast(x, dtype)
    to.__doc__ = f"TF1's shorthand for `tf.cast(x, tf.{dtype})`."
    return to


_CASTS = {f"to_{short}": _cast_to(dtype) for short, dtype in (
    ("float", "float32"), ("double", "float64"), ("int32", "int32"), ("int64", "int64"),
    ("bfloat16", "bfloat16"), ("complex64", "complex64"), ("complex128", "complex128"))}


def _random_uniform_initializer(minval=0.0, maxval=None, seed=None, dtype="float32"):
    """TF1's uniform initializer: `[0, 1)` by default, dtype fixed when created."""
    return _init_ops.random_uniform_initializer(minval, 1.0 if maxval is None else maxval, seed, dtype)


def _random_normal_initializer(mean=0.0, stddev=1.0, seed=None, dtype="float32"):
    """TF1's normal initializer: standard normal by default, dtype fixed when created."""
    return _init_ops.random_normal_initializer(mean, stddev, seed, dtype)


_V1_ONLY = {"random_uniform_initializer": _random_uniform_initializer,
            "constant_initializer": _init_ops.v1_constant_initializer,
            "reverse_sequence": _reverse_sequence, "py_func": _py_func,
            "tables_initializer": _tables_initializer,
            "glorot_uniform_initializer": _init_ops.glorot_uniform_initializer,
            "random_normal_initializer": _random_normal_initializer,
            "sparse_reduce_sum": ("sparse", "reduce_sum"), "sparse_reduce_max": ("sparse", "reduce_max"),
            "sparse_tensor_dense_matmul": ("sparse", "sparse_dense_matmul"), "sparse_add": ("sparse", "add"),
            "sparse_concat": ("sparse", "concat"), "sparse_reorder": ("sparse", "reorder"),
            "sparse_reshape": ("sparse", "reshape"), "sparse_slice": ("sparse", "slice"),
            "sparse_split": ("sparse", "split"), "sparse_transpose": ("sparse", "transpose"),
            "sparse_retain": ("sparse", "retain"), "sparse_maximum": ("sparse", "maximum"),
            "sparse_minimum": ("sparse", "minimum"), "sparse_softmax": ("sparse", "softmax"),
            "sparse_to_dense": ("sparse", "to_dense"), "sparse_fill_empty_rows": ("sparse", "fill_empty_rows"),
            "sparse_tensor_to_dense": ("sparse", "to_dense")}
_V1_ONLY.update((name, ("quantization", name)) for name in (
    "fake_quant_with_min_max_args", "fake_quant_with_min_max_vars", "fake_quant_with_min_max_vars_per_channel"))
_V1_ONLY.update((name, ("queue", name)) for name in (
    "QueueBase", "FIFOQueue", "PaddingFIFOQueue", "RandomShuffleQueue", "PriorityQueue"))


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
    if name in _CASTS:
        return _CASTS[name]
    tf = _tf()
    if name in _V1_ONLY:
        target = _V1_ONLY[name]
        return getattr(getattr(tf, target[0]), target[1]) if isinstance(target, tuple) else target
    if name in _RENAMED:
        module, attr = _RENAMED[name]
        return getattr(getattr(tf, module), attr)
    try:
        return getattr(tf, name)
    except AttributeError:
        raise AttributeError(f"module 'neuroflow.compat.v1' has no attribute {name!r}") from None
