"""TensorFlow 1's symbolic gradients (`tf.gradients`), for compat.v1 graphs.

A gradients node is computed when a session runs it: the part of the graph its targets
need is run again under a `GradientTape` and differentiated, so graphs fed with any
batch size get exact gradients.

>>> import neuroflow as tf
>>> g = tf.compat.v1.Graph()
>>> with g.as_default():
...     x = tf.compat.v1.placeholder(tf.float32, shape=[None])
...     y = tf.reduce_sum(x * x)
...     dx, = tf.compat.v1.gradients(y, [x])
>>> tf.compat.v1.Session(graph=g).run(dx, feed_dict={x: [1.0, 2.0, 3.0]})
array([2., 4., 6.], dtype=float32)
"""
from ...autodiff.tape import GradientTape, _result, _unconnected
from ...framework import nest
from ...framework.context import state
from ...framework.variable import Variable
from ...graph.control_dependencies import NOOP, group, no_op
from ...graph.graph import PLACEHOLDER
from ...graph.replay import replay
from ...ops.registry import OpCall
from .graph_mode import current_graph

__all__ = ["AggregationMethod", "gradients", "group", "no_op", "SPECIAL_OPS", "GRADIENTS", "NOOP"]


class AggregationMethod:
    """How `tf.gradients` sums the gradients reaching one tensor (all give the same sums here)."""
    ADD_N = 0
    DEFAULT = ADD_N
    EXPERIMENTAL_TREE = 1
    EXPERIMENTAL_ACCUMULATE_N = 2


class _PseudoOp:
    """Ops a compat.v1 session computes itself (see SPECIAL_OPS)."""
    grad = None
    view = False

    def __init__(self, name):
        self.name = name


GRADIENTS = _PseudoOp("SymbolicGradient")


def gradients(ys, xs, grad_ys=None, name="gradients", gate_gradients=False, aggregation_method=None,
              stop_gradients=None, unconnected_gradients="none"):
    """Symbolic gradients of sum(`ys`) w.r.t. each of `xs` (tensors or variables), one tensor per x.

    A gradient is None when it is fetched for an x that `ys` does not depend on. Inside a
    `tf.function` the gradient is built into the function's graph at once (TensorFlow 2's
    `tf.gradients`); backpropagation does not pass through the `stop_gradients` tensors.
    """
    if state.graph is not None and state.graph.building_function:
        return _function_gradients(state.graph, ys, xs, grad_ys, stop_gradients, unconnected_gradients)
    graph = current_graph("tf.gradients")
    ys, xs = nest.flatten(ys), nest.flatten(xs)
    grad_ys = [] if grad_ys is None else nest.flatten(grad_ys)
    inputs = [graph.capture(t) for t in ys + xs + grad_ys]
    values = tuple(x._value for x in inputs[len(ys):len(ys) + len(xs)])
    node = graph.add_node(GRADIENTS, inputs, {"n_ys": len(ys), "n_xs": len(xs),
                                              "unconnected_gradients": unconnected_gradients}, values, name)
    node.single = False
    return list(node.outputs)


def _function_gradients(graph, ys, xs, grad_ys, stop_gradients, unconnected_gradients):
    """Backpropagates through the nodes of the function graph being traced, adding the gradient ops."""
    ys, xs = [graph.capture(t) for t in nest.flatten(ys)], [graph.capture(t) for t in nest.flatten(xs)]
    seeds = [None] * len(ys) if grad_ys is None else nest.flatten(grad_ys)
    stops = {id(graph.capture(t)) for t in nest.flatten(stop_gradients or [])}
    tape = GradientTape(persistent=True)
    tape._calls = [OpCall(node.op, node.inputs, node.attrs, node.outputs)
                   for node in list(graph.nodes)
                   if getattr(node.op, "grad", None) is not None and not any(id(o) in stops for o in node.outputs)]
    grads = tape._backward(ys, seeds)
    unconnected = _unconnected(unconnected_gradients)
    return [_result(grads.get(id(x)), x, unconnected) for x in xs]


def _run_gradients(node, env):
    graph = node.outputs[0].graph
    n_ys, n_xs = node.attrs["n_ys"], node.attrs["n_xs"]
    ys, xs = node.inputs[:n_ys], node.inputs[n_ys:n_ys + n_xs]
    seeds = [env[id(g)] for g in node.inputs[n_ys + n_xs:]] or None
    feeds = {id(n.outputs[0]): env[id(n.outputs[0])] for n in graph.nodes
             if n.op is PLACEHOLDER and id(n.outputs[0]) in env}
    tensor_xs = [x for x in xs if not isinstance(x, Variable)]
    wanted = {id(x) for x in tensor_xs}
    from ...autodiff.tape import GradientTape
    with GradientTape(watch_accessed_variables=False) as tape:
        tape.watch([x for x in xs if isinstance(x, Variable)] + [feeds[i] for i in wanted if i in feeds])

        def watch_sources(n, values):
            for x in n.inputs:
                if id(x) in wanted and id(x) in values:
                    tape.watch(values[id(x)])
        results = replay(graph, feeds, list(ys) + tensor_xs, side_effects=False, on_node=watch_sources,
                         special=SPECIAL_OPS)
    sources = iter(results[len(ys):])
    grads = tape.gradient(results[:len(ys)], [x if isinstance(x, Variable) else next(sources) for x in xs],
                          output_gradients=seeds, unconnected_gradients=node.attrs["unconnected_gradients"])
    for out, g in zip(node.outputs, grads):
        env[id(out)] = g


SPECIAL_OPS = {GRADIENTS: _run_gradients, NOOP: lambda node, env: None}
