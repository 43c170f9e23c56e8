"""TensorFlow 1 optimizers: `GradientDescentOptimizer(0.5).minimize(loss)` returns a training op.

>>> import neuroflow as tf
>>> g = tf.compat.v1.Graph()
>>> with g.as_default():
...     w = tf.Variable(5.0)
...     loss = tf.square(w)
...     step = tf.compat.v1.train.GradientDescentOptimizer(0.25).minimize(loss)
...     init = tf.compat.v1.global_variables_initializer()
>>> with tf.compat.v1.Session(graph=g) as sess:
...     sess.run(init)
...     for _ in range(3):
...         sess.run(step)
...     print(sess.run(w))
0.625
"""
from ...framework import nest
from ...framework.variable import Variable
from ...graph.replay import needed_nodes
from ...ops.math_ops import sqrt
from ...ops.registry import state
from .gradients import gradients, group

__all__ = ["Optimizer", "GradientDescentOptimizer", "MomentumOptimizer", "AdamOptimizer", "get_global_step",
           "create_global_step", "get_or_create_global_step"]


def _variables_reaching(loss):
    graph = loss.graph
    seen = {}
    for node in needed_nodes(graph, [loss], side_effects=False):
        for x in node.inputs:
            if isinstance(x, Variable) and x.trainable:
                seen.setdefault(id(x), x)
    return list(seen.values())


class Optimizer:
    """The TF1 optimizer base: `compute_gradients`, `apply_gradients`, `minimize`."""

    def __init__(self, learning_rate, use_locking=False, name="Optimizer"):
        self._learning_rate = learning_rate
        self._name = name
        self._slots = {}

    def get_name(self):
        return self._name

    def compute_gradients(self, loss, var_list=None, gate_gradients=1, aggregation_method=None,
                          colocate_gradients_with_ops=False, grad_loss=None):
        """[(gradient, variable)] for the trainable variables `loss` depends on (or `var_list`)."""
        if callable(loss) and state.graph is None:
            from ...autodiff.tape import GradientTape
            with GradientTape() as tape:
                value = loss()
            var_list = var_list if var_list is not None else list(tape.watched_variables())
            return list(zip(tape.gradient(value, var_list), var_list))
        var_list = nest.flatten(var_list) if var_list is not None else _variables_reaching(loss)
        if not var_list:
            raise ValueError(f"{self._name}: no trainable variables to optimize: the loss does not depend "
                             "on any trainable tf.Variable.")
        return list(zip(gradients(loss, var_list, grad_ys=grad_loss), var_list))

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        """An operation applying the update rule to each (gradient, variable) pair."""
        pairs = [(g, v) for g, v in grads_and_vars if g is not None]
        if not pairs:
            raise ValueError(f"No gradients provided for any variable: {[v.name for _, v in grads_and_vars]}.")
        graph = state.graph
        start = len(graph.nodes) if graph is not None else 0
        self._prepare(graph, [v for _, v in pairs])
        for g, v in pairs:
            self._apply(g, v)
        self._finish()
        if global_step is not None:
            global_step.assign_add(1)
        if graph is None:
            return None
        updates = [n for n in graph.nodes[start:] if n.type.startswith("Assign")]
        return group(*updates, name=name or self._name)

    def minimize(self, loss, global_step=None, var_list=None, gate_gradients=1, aggregation_method=None,
                 colocate_gradients_with_ops=False, name=None, grad_loss=None):
        """An operation taking one optimization step on `loss` (compute_gradients + apply_gradients)."""
        return self.apply_gradients(self.compute_gradients(loss, var_list, grad_loss=grad_loss),
                                    global_step=global_step, name=name)

    def _slot(self, variable, name, initial=0.0):
        key = (id(variable), name)
        if key not in self._slots:
            from ...ops.creation_ops import fill
            self._slots[key] = Variable(fill(list(variable.shape), variable.dtype.as_numpy_dtype(initial)),
                                        trainable=False, name=f"{variable.name[:-2]}/{self._name}_{name}")
        return self._slots[key]

    def _prepare(self, graph, variables):
        """Creates slots and per-step values before the updates (optional)."""

    def _finish(self):
        """Runs after the updates (optional)."""

    def _apply(self, grad, variable):
        raise NotImplementedError


class GradientDescentOptimizer(Optimizer):
    """`variable -= learning_rate * gradient`."""

    def __init__(self, learning_rate, use_locking=False, name="GradientDescent"):
        super().__init__(learning_rate, use_locking, name)

    def _apply(self, grad, variable):
        variable.assign_sub(grad * self._learning_rate)


class MomentumOptimizer(Optimizer):
    """`accum = momentum * accum + gradient; variable -= learning_rate * accum` (or Nesterov's form)."""

    def __init__(self, learning_rate, momentum, use_locking=False, name="Momentum", use_nesterov=False):
        super().__init__(learning_rate, use_locking, name)
        self._momentum, self._nesterov = momentum, use_nesterov

    def _apply(self, grad, variable):
        accum = self._slot(variable, "momentum")
        accum.assign(accum * self._momentum + grad)
        step = grad + accum * self._momentum if self._nesterov else accum
        variable.assign_sub(step * self._learning_rate)


class AdamOptimizer(Optimizer):
    """Adam (Kingma & Ba), with TensorFlow 1's epsilon placement."""

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-08, use_locking=False,
                 name="Adam"):
        super().__init__(learning_rate, use_locking, name)
        self._beta1, self._beta2, self._epsilon = beta1, beta2, epsilon
        self._powers = None

    def _prepare(self, graph, variables):
        if self._powers is None:
            self._powers = (Variable(self._beta1, trainable=False, name="beta1_power"),
                            Variable(self._beta2, trainable=False, name="beta2_power"))
        b1, b2 = self._powers
        self._rate = self._learning_rate * sqrt(1 - b2) / (1 - b1)

    def _apply(self, grad, variable):
        m, v = self._slot(variable, "m"), self._slot(variable, "v")
        m.assign(m * self._beta1 + grad * (1 - self._beta1))
        v.assign(v * self._beta2 + grad * grad * (1 - self._beta2))
        variable.assign_sub(self._rate * m / (sqrt(v) + self._epsilon))

    def _finish(self):
        b1, b2 = self._powers
        b1.assign(b1 * self._beta1)
        b2.assign(b2 * self._beta2)


_global_steps = {}


def get_global_step(graph=None):
    from .graph_mode import get_default_graph
    return _global_steps.get(id(graph or get_default_graph()))


def create_global_step(graph=None):
    from .graph_mode import get_default_graph
    graph = graph or get_default_graph()
    step = Variable(0, trainable=False, name="global_step", dtype="int64")
    _global_steps[id(graph)] = step
    return step


def get_or_create_global_step(graph=None):
    return get_global_step(graph) or create_global_step(graph)
