"""Running a graph node by node through the op registry.

Replaying calls each node's op exactly as eager code would, so whatever is active
sees the ops: a recording `GradientTape` records them, and a graph being traced
receives them (which is how one function's graph is inlined into another's).
The compiled executor is faster; replay is what keeps tapes and nesting correct, and
what `compat.v1.Session` runs.
"""
from ..framework import errors
from ..framework.tensor import Tensor
from ..framework.variable import Variable
from ..ops.registry import state
from .graph import CONST, PLACEHOLDER, STATEFUL_OPS, concrete_attrs

__all__ = ["needed_nodes", "replay", "evaluate", "outside_graph"]


def needed_nodes(graph, targets, side_effects=True, fed=()):
    """The nodes `targets` (tensors or nodes) depend on, in order; with `side_effects`, also every
    assignment and print. Tensors whose ids are in `fed` are given, so their producers are not needed."""
    wanted = set()
    stack = [t._node if hasattr(t, "_node") else t for t in targets]
    if side_effects:
        stack += [n for n in graph.nodes if has_side_effects(n)]
    while stack:
        node = stack.pop()
        if id(node) in wanted:
            continue
        wanted.add(id(node))
        stack.extend(x._node for x in node.inputs
                     if hasattr(x, "_node") and x._graph is graph and id(x) not in fed)
        stack.extend(getattr(node, "control_inputs", ()))
    return [n for n in graph.nodes if id(n) in wanted]


def has_side_effects(node):
    """True for nodes that must run even when nothing reads their outputs."""
    return node.type in STATEFUL_OPS or bool(node.attrs.get("side_effects"))


def replay(graph, feeds, targets, side_effects=True, on_node=None, special=None):
    """Runs what `targets` need; `feeds` maps id(tensor) -> value. Returns the values of the target tensors.

    `on_node(node, env)` is called before each node runs; `special` maps pseudo-ops to
    handlers `(node, env)` that compute those nodes (compat.v1's gradients).
    """
    env = dict(feeds)
    for node in needed_nodes(graph, targets, side_effects, env):
        if node.outputs and all(id(t) in env for t in node.outputs):
            continue
        if on_node is not None:
            on_node(node, env)
        op = node.op
        if special and op in special:
            special[op](node, env)
            continue
        if op is PLACEHOLDER:
            out = node.outputs[0]
            if id(out) not in env:
                raise errors.InvalidArgumentError(
                    None, node.name,
                    f"You must feed a value for placeholder tensor '{node.name}' with dtype "
                    f"{out._dtype.name} and shape {out._shape}. Pass it in feed_dict, e.g. "
                    f"sess.run(fetches, feed_dict={{{node.name}: value}}).")
            continue
        if op is CONST:
            env[id(node.outputs[0])] = Tensor(node.value, node.outputs[0]._dtype)
            continue
        args = [x if isinstance(x, Variable) else env[id(x)] for x in node.inputs]
        result = op(*args, **concrete_attrs(node.attrs, args))
        if node.outputs:
            results = result if type(result) is tuple else (result,)
            for symbolic, value in zip(node.outputs, results):
                env[id(symbolic)] = value
    return [env[id(t)] for t in targets if hasattr(t, "_index")]


class outside_graph:
    """Context manager running ops eagerly, even while a graph is being built (`init_scope`)."""

    def __enter__(self):
        self._saved = state.graph, state.tapes
        state.graph, state.tapes = None, []
        return self

    def __exit__(self, *exc):
        state.graph, state.tapes = self._saved
        return False


def evaluate(tensor, why):
    """The eager value of symbolic `tensor`, computed now.

    Graph inputs may be used only while the trace holds their real values (the arguments
    of the call being traced), as when a layer sizes its weights from its first input.
    """
    graph = tensor._graph
    feeds = {}
    for node in needed_nodes(graph, [tensor], side_effects=False):
        if node.op is PLACEHOLDER:
            value = node.outputs[0]._value
            if not getattr(value, "size", 0) or not any(value.strides) and value.size > 1 or \
                    graph.outer is not None:
                raise ValueError(
                    f"{why} depends on {node.outputs[0].name}, an input of the graph, whose value is only "
                    "known when the graph runs. Compute it from constants (or create it outside the "
                    "tf.function) instead.")
            feeds[id(node.outputs[0])] = Tensor(value, node.outputs[0]._dtype)
    with outside_graph():
        return replay(graph, feeds, [tensor], side_effects=False)[0]
