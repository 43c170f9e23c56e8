"""TensorFlow 1's graph mode: the default graph, placeholders, and turning eager execution off.

>>> import neuroflow as tf
>>> g = tf.compat.v1.Graph()
>>> with g.as_default():
...     x = tf.compat.v1.placeholder(tf.float32, shape=[None, 3], name="x")
>>> x
<tf.Tensor 'x:0' shape=(None, 3) dtype=float32>
>>> tf.compat.v1.placeholder(tf.float32)
Traceback (most recent call last):
...
RuntimeError: tf.placeholder() is not compatible with eager execution. Build the graph inside `with tf.compat.v1.Graph().as_default():`, or call tf.compat.v1.disable_eager_execution() first.
"""
from ...graph.graph import Graph
from ...ops.registry import state

__all__ = ["placeholder", "placeholder_with_default", "get_default_graph", "reset_default_graph",
           "disable_eager_execution", "enable_eager_execution", "executing_eagerly",
           "executing_eagerly_outside_functions", "disable_v2_behavior",
           "enable_v2_behavior", "current_graph"]

_mode = {"graph": Graph("default"), "eager": True}


def current_graph(caller):
    """The compat.v1 graph ops go into now; RuntimeError when executing eagerly."""
    graph = state.graph
    if graph is None or graph.building_function:
        raise RuntimeError(
            f"{caller} is not compatible with eager execution. Build the graph inside "
            "`with tf.compat.v1.Graph().as_default():`, or call tf.compat.v1.disable_eager_execution() first.")
    return graph


def get_default_graph():
    """The graph new ops are added to (the global default graph outside any `as_default()`)."""
    graph = state.graph
    return graph if graph is not None else _mode["graph"]


def reset_default_graph():
    """Replaces the global default graph by a new, empty one."""
    _mode["graph"] = Graph("default")
    if not _mode["eager"]:
        state.graph = _mode["graph"]


def disable_eager_execution():
    """From now on ops build the default graph (TensorFlow 1 style); run it with a `Session`."""
    _mode["eager"] = False
    state.graph = _mode["graph"]


def enable_eager_execution(config=None, device_policy=None, execution_mode=None):
    """Back to eager execution (ops compute their values at once)."""
    _mode["eager"] = True
    if state.graph is _mode["graph"]:
        state.graph = None


def executing_eagerly():
    """True when ops compute values at once (not building a graph or tracing a tf.function)."""
    return state.graph is None


def executing_eagerly_outside_functions():
    """True when the outermost context executes eagerly: a `tf.function` being traced counts as
    eager (its caller is), a compat.v1 graph does not."""
    graph = state.graph
    if graph is None:
        return True
    return graph.building_function and _mode["eager"]


disable_v2_behavior = disable_eager_execution
enable_v2_behavior = enable_eager_execution


def placeholder(dtype, shape=None, name=None):
    """A graph input whose value is fed when the graph runs: `sess.run(y, feed_dict={x: value})`.

    Args:
        dtype: the dtype of the values to feed.
        shape: the shape they must have; None dimensions (or shape=None) accept any size.
        name: the node's name (default "Placeholder").
    """
    return current_graph("tf.placeholder()").placeholder(dtype, shape, name or "Placeholder")


def placeholder_with_default(input, shape, name=None):
    """A placeholder that takes `input`'s value when it is not fed."""
    from ...ops.array_ops import identity
    current_graph("tf.placeholder_with_default()")
    result = identity(input)
    result.set_shape(shape)
    return result
