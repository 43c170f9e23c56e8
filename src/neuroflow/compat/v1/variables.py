"""Initializing TensorFlow 1 variables: `global_variables_initializer` and friends.

In a compat.v1 graph a variable has no value in a session until its initializer runs.

>>> import neuroflow as tf
>>> g = tf.compat.v1.Graph()
>>> with g.as_default():
...     w = tf.Variable(tf.ones([2]), name="w")
...     init = tf.compat.v1.global_variables_initializer()
>>> sess = tf.compat.v1.Session(graph=g)
>>> sess.run(w)
Traceback (most recent call last):
...
neuroflow.framework.errors.FailedPreconditionError: Attempting to use uninitialized value w. Run the variable initializers first: sess.run(tf.compat.v1.global_variables_initializer()).
>>> sess.run(init)
>>> sess.run(w)
array([1., 1.], dtype=float32)
"""
from .gradients import group
from ...ops.registry import state
from .graph_mode import current_graph, get_default_graph

__all__ = ["global_variables_initializer", "initialize_all_variables", "variables_initializer",
           "local_variables_initializer", "global_variables", "trainable_variables", "assign", "assign_add",
           "assign_sub"]


def global_variables():
    """The variables created in the default graph."""
    return list(get_default_graph().created_variables)


def trainable_variables(scope=None):
    """The trainable variables created in the default graph."""
    return [v for v in global_variables() if v.trainable and (scope is None or v.name.startswith(scope))]


def variables_initializer(var_list, name="init"):
    """An operation assigning each variable of `var_list` its initial value."""
    graph = current_graph("tf.variables_initializer")
    assigns = []
    for v in var_list:
        initial = graph.initializers.get(id(v), v.initial_value if id(v) not in graph.initializers else None)
        v.assign(initial)
        assigns.append(graph.nodes[-1])
    return group(*assigns, name=name)


def global_variables_initializer():
    """An operation initializing every variable of the default graph."""
    return variables_initializer(global_variables())


initialize_all_variables = global_variables_initializer


def local_variables_initializer():
    """An operation initializing local variables (there are none here): a no-op."""
    return group(name="init_1")


def _assign(method):
    def apply(ref, value, validate_shape=None, use_locking=None, name=None):
        graph = state.graph
        getattr(ref, method)(value)
        if graph is None:
            return ref
        with graph.control_dependencies([ref]):   # the value after this assignment
            return ref.read_value()
    apply.__name__ = method
    apply.__doc__ = (f"`ref.{method}(value)` in TensorFlow 1's functional form: in a graph, a tensor "
                     "holding the new value (fetching it runs the assignment); eagerly, `ref`.")
    return apply


assign, assign_add, assign_sub = _assign("assign"), _assign("assign_add"), _assign("assign_sub")
