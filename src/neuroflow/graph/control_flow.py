"""Control flow that depends on tensor values: `cond`, `switch_case`, `case`, `while_loop`.

Eagerly (or when the predicate is already known while tracing) these are plain Python
`if` and `while`. With a symbolic predicate, each branch (or the loop's condition and
body) is traced into its own graph and the outer graph gets one `Case` or `While`
node, which runs only the branch the predicate selects. Gradients flow through `cond`,
`case` and `switch_case`.

>>> import neuroflow as tf
>>> @tf.function
... def relu_or_square(x):
...     return tf.cond(tf.reduce_sum(x) > 0, lambda: tf.nn.relu(x), lambda: tf.square(x))
>>> relu_or_square(tf.constant([1.0, -2.0, 3.0])).numpy()
array([1., 0., 3.], dtype=float32)
>>> relu_or_square(tf.constant([-1.0, -2.0])).numpy()
array([1., 4.], dtype=float32)
>>> @tf.function
... def count_to(n):
...     return tf.while_loop(lambda i, s: i < n, lambda i, s: (i + 1, s + i), [0, 0])
>>> [t.numpy() for t in count_to(tf.constant(5))]
[np.int32(5), np.int32(10)]
"""
import numpy as np

from ..framework import dtypes, nest
from ..framework.convert import convert_to_tensor
from ..framework.tensor import Tensor
from ..framework.variable import Variable
from ..ops.registry import op, state, as_tensor
from .graph import Graph
from .replay import replay, has_side_effects
from .symbolic import SymbolicTensor
from .tracing import graph_output

__all__ = ["cond", "switch_case", "case", "while_loop"]


# --- tracing branches --------------------------------------------------------------------
def _trace_branch(fn, name, outer, args=()):
    """Traces `fn(*args)` into a subgraph of `outer`; returns (graph, structure of the result)."""
    graph = Graph(outer.unique_name(name), outer=outer)
    graph.building_function = True
    with graph.as_default():
        placeholders = [graph.placeholder(a._dtype, a._shape, f"loop_var_{i}", a._value)
                        for i, a in enumerate(args)]
        result = fn(*placeholders)
        outputs = [graph_output(graph, x if x is None or hasattr(x, "_dtype") else convert_to_tensor(x))
                   for x in nest.flatten(result)]
    graph.outputs = [x for x in outputs if x is not None]
    return graph, (result, outputs)


def _captured_inputs(graphs, n_args=0):
    """Unifies the outer tensors the subgraphs capture: each graph's inputs become args + all captures.

    Returns (outer tensors to pass, variables the subgraphs use).
    """
    outer, seen = [], set()
    for g in graphs:
        for key, (tensor, _) in g.captures.items():
            if key not in seen:
                seen.add(key)
                outer.append(tensor)
    for g in graphs:
        args = g.inputs[:n_args]
        g.inputs = args + [g.captures[id(t)][1] if id(t) in g.captures else
                           _unused(g, t) for t in outer]
    variables = {}
    for g in graphs:
        variables.update(g.variables)
    return outer, list(variables.values())


def _unused(graph, tensor):
    placeholder = graph.placeholder(tensor._dtype, tensor._shape, "unused", tensor._value)
    graph.inputs.pop()
    return placeholder


def _side_effects(graphs):
    return any(has_side_effects(n) for g in graphs for n in g.nodes)


def _executable(graph):
    program = getattr(graph, "_executable", None)
    if program is None or program[0] != graph._version:
        from .compiler import compile_graph
        program = graph._executable = (graph._version, compile_graph(graph))
    return program[1]


# --- Case: run one of several branch graphs ----------------------------------------------------
@op("Case")
def _case(xp, index, *arrays, branches, side_effects=False):
    i = int(index)
    branch = branches[i if 0 <= i < len(branches) else len(branches) - 1]
    return _executable(branch).run(*arrays[:len(branch.inputs)])


@_case.gradient
def _(ctx, *dys):
    index, captured = ctx.inputs[0], ctx.inputs[1:]

    def gradient_of(branch):
        return lambda: _branch_gradients(branch, captured, dys)
    grads = switch_case(index, [gradient_of(b) for b in ctx.attrs["branches"]])
    return (None, *grads)


def _branch_gradients(branch, captured, dys):
    """Gradients of `branch`'s outputs (weighted by `dys`) w.r.t. its captured inputs and variables."""
    from ..autodiff.tape import GradientTape
    tensors = [c for c in captured if not isinstance(c, Variable)]
    with GradientTape(persistent=False, watch_accessed_variables=False) as tape:
        tape.watch([c for c in captured if c._dtype.is_floating or c._dtype.is_complex])
        outputs = replay(branch, {id(p): t for p, t in zip(branch.inputs, tensors)}, branch.outputs)
    grads = tape.gradient(outputs, list(captured), output_gradients=list(dys), unconnected_gradients="zero")
    first = {}  # a tensor captured twice gets its (whole) gradient once
    return [(g if g is not None else _zeros(c)) if first.setdefault(id(c), i) == i else None
            for i, (g, c) in enumerate(zip(grads, captured))]


def _zeros(x):
    from ..ops.creation_ops import zeros_like
    return zeros_like(x)


def _switch(index, branch_fns, name):
    """The graph form of switch_case: one `Case` node choosing among traced branches."""
    graph = state.graph
    traced = [_trace_branch(fn, f"{name}_branch{i}", graph) for i, fn in enumerate(branch_fns)]
    graphs = [g for g, _ in traced]
    structures = [structure for _, (structure, _) in traced]
    _check_same_structure(name, structures, graphs)
    captured, variables = _captured_inputs(graphs)
    chosen = int(np.asarray(index._value).reshape(-1)[0]) if index._value.size else 0
    chosen = chosen if 0 <= chosen < len(graphs) else len(graphs) - 1
    values = tuple(t._value for t in graphs[chosen].outputs)
    recorded = [index] + captured + variables
    outputs = graph.add_recorded(_case.op, [graph.capture(t) for t in recorded],
                                 {"branches": tuple(graphs), "side_effects": _side_effects(graphs)},
                                 values, False, _common_shapes(graphs), recorded=recorded)
    result, flat = structures[0], traced[0][1][1]
    leaves, it = [], iter(outputs)
    for x in flat:
        leaves.append(None if x is None else next(it))
    return nest.pack_sequence_as(result, leaves) if nest.is_nested(result) else leaves[0]


def _common_shapes(graphs):
    """The static shapes of a choice among `graphs`' outputs: unknown where the branches differ."""
    shapes = [t._shape for t in graphs[0].outputs]
    for g in graphs[1:]:
        shapes = [a.most_specific_compatible_shape(t._shape) for a, t in zip(shapes, g.outputs)]
    return tuple(shapes)


def _check_same_structure(name, structures, graphs):
    first = structures[0]
    for other, g in zip(structures[1:], graphs[1:]):
        try:
            nest.assert_same_structure(first, other, check_types=False)
        except (ValueError, TypeError):
            raise ValueError(
                f"{name}: all branches must return the same number, type, and overall structure of "
                f"values, but got {first!r} and {other!r}. Make each branch return the same structure "
                "of tensors.") from None
        for a, b in zip(graphs[0].outputs, g.outputs):
            if a._dtype is not b._dtype:
                raise TypeError(
                    f"{name}: branches return tensors of different dtypes, {a._dtype.name} and "
                    f"{b._dtype.name}. Cast one of them with tf.cast so both branches return the same dtype.")


def _is_symbolic(x):
    return isinstance(x, SymbolicTensor)


# --- public functions ------------------------------------------------------------------------
def switch_case(branch_index, branch_fns, default=None, name="switch_case"):
    """Runs `branch_fns[branch_index]()` (the `default`, or the last branch, when out of range).

    Args:
        branch_index: an int32 scalar tensor (or Python int).
        branch_fns: a list of functions, a dict {int: function} or a list of (int, function) pairs.
        default: the function for indices with no branch.
    """
    if isinstance(branch_fns, dict):
        branch_fns = sorted(branch_fns.items())
    pairs = [(i, fn) if not isinstance(fn, tuple) else fn for i, fn in enumerate(branch_fns)]
    if sorted(i for i, _ in pairs) != list(range(len(pairs))):
        raise ValueError(f"{name}: branch keys must be 0, 1, ..., {len(pairs) - 1}; got {[i for i, _ in pairs]}.")
    fns = [fn for _, fn in sorted(pairs, key=lambda p: p[0])]
    for fn in fns + ([default] if default is not None else []):
        if not callable(fn):
            raise TypeError(f"{name}: each branch must be a callable, got {fn!r}.")
    if default is not None:
        fns = fns + [default]
    if not _is_symbolic(branch_index):
        i = int(as_tensor(branch_index)._value) if hasattr(branch_index, "_value") else int(branch_index)
        return fns[i if 0 <= i < len(fns) else len(fns) - 1]()
    if branch_index._dtype not in (dtypes.int32, dtypes.int64) or branch_index.shape.rank != 0:
        raise TypeError(f"{name}: branch_index must be a scalar int32 tensor, got {branch_index!r}.")
    return _switch(branch_index, fns, name)


def cond(pred, true_fn=None, false_fn=None, name="cond"):
    """`true_fn()` if `pred` else `false_fn()`; with a symbolic `pred`, only the chosen branch runs.

    Args:
        pred: a scalar boolean tensor (or Python bool).
        true_fn, false_fn: functions of no arguments returning the same structure of tensors.
    """
    if not (callable(true_fn) and callable(false_fn)):
        raise TypeError(f"{name}: true_fn and false_fn must be callables, got {true_fn!r} and {false_fn!r}.")
    if not _is_symbolic(pred):
        value = pred.numpy() if isinstance(pred, (Tensor, Variable)) else pred
        if np.ndim(value) != 0:
            raise ValueError(f"{name}: pred must be a scalar, got shape {np.shape(value)}. "
                             "Reduce it first, e.g. tf.reduce_all(pred).")
        return true_fn() if bool(value) else false_fn()
    if pred._dtype is not dtypes.bool or pred.shape.rank not in (0, None):
        raise ValueError(f"{name}: pred must be a scalar bool tensor, got {pred!r}. "
                         "Compare or reduce it first, e.g. tf.reduce_all(x > 0).")
    from ..ops.math_ops import cast
    return _switch(cast(pred, dtypes.int32), [false_fn, true_fn], name)


def case(pred_fn_pairs, default=None, exclusive=False, strict=False, name="case"):
    """Runs the function of the first true predicate in `pred_fn_pairs` (else `default`)."""
    pairs = list(pred_fn_pairs.items()) if isinstance(pred_fn_pairs, dict) else list(pred_fn_pairs)
    if not pairs:
        if default is None:
            raise ValueError(f"{name}: give at least one (predicate, function) pair or a default.")
        return default()
    if default is None:
        pairs, default = pairs[:-1], pairs[-1][1]
    if exclusive and not any(_is_symbolic(p) for p, _ in pairs):
        if sum(bool(as_tensor(p)) for p, _ in pairs) > 1:
            raise ValueError(f"{name}: more than one predicate is true, but exclusive=True.")
    result = default
    for pred, fn in reversed(pairs):
        result = (lambda p, f, rest: lambda: cond(p, f, rest, name))(pred, fn, result)
    return result()


# --- while loops ---------------------------------------------------------------------------------
@op("While")
def _while(xp, *arrays, cond_graph, body_graph, n_vars, maximum_iterations=None, side_effects=False):
    test, body = _executable(cond_graph), _executable(body_graph)
    loop_vars, captured = tuple(arrays[:n_vars]), arrays[n_vars:]
    count = 0
    while (maximum_iterations is None or count < maximum_iterations) and test.run(*loop_vars, *captured)[0]:
        loop_vars = body.run(*loop_vars, *captured)
        count += 1
    return tuple(loop_vars)


@_while.gradient
def _(ctx, *dys):
    """Backpropagation through the iterations, run when the loop itself ran eagerly (replayed).

    The forward loop is run again to record each iteration's inputs; then each iteration's
    body is differentiated in reverse order.
    """
    if state.graph is not None or any(_is_symbolic(x) for x in ctx.inputs):
        raise NotImplementedError(
            "Gradients through a tf.while_loop inside a traced tf.function are not supported. Use a "
            "Python `for` loop over a Python range (unrolled while tracing), or take the gradient "
            "outside the tf.function (an outer GradientTape sees through a compiled function).")
    from ..autodiff.tape import GradientTape
    n, attrs = ctx.attrs["n_vars"], ctx.attrs
    cond_graph, body_graph, limit = attrs["cond_graph"], attrs["body_graph"], attrs["maximum_iterations"]
    loop_vars, captured = list(ctx.inputs[:n]), list(ctx.inputs[n:])

    def run(graph, values):
        return replay(graph, {id(p): v for p, v in zip(graph.inputs, values + captured)}, graph.outputs)
    history = []
    while (limit is None or len(history) < limit) and bool(run(cond_graph, loop_vars)[0]):
        history.append(loop_vars)
        loop_vars = run(body_graph, loop_vars)
    var_grads, captured_grads = list(dys), [None] * len(captured)
    for inputs in reversed(history):
        inputs = [Tensor(x._value, x._dtype) for x in inputs]  # own ids: a loop var may also be captured
        with GradientTape(watch_accessed_variables=False) as tape:
            tape.watch([x for x in inputs + captured if x._dtype.is_floating or x._dtype.is_complex])
            outputs = run(body_graph, inputs)
        grads = tape.gradient(outputs, inputs + captured, output_gradients=var_grads,
                              unconnected_gradients="zero")
        var_grads = grads[:n]
        captured_grads = [g if total is None else total + g for total, g in zip(captured_grads, grads[n:])]
    return tuple(var_grads) + tuple(captured_grads)


def while_loop(cond, body, loop_vars, shape_invariants=None, parallel_iterations=10, back_prop=True,
               swap_memory=False, maximum_iterations=None, name="while"):
    """Repeats `loop_vars = body(*loop_vars)` while `cond(*loop_vars)` holds; returns the final loop_vars.

    Loop variables keep their shapes and dtypes from one iteration to the next.
    Gradients flow through a loop run eagerly, or through a compiled function containing
    it from a tape outside the function; a tape inside the traced function cannot yet
    differentiate a while loop (a Python `for` loop, unrolled while tracing, can).
    """
    if not (callable(cond) and callable(body)):
        raise TypeError(f"{name}: cond and body must be callables, got {cond!r} and {body!r}.")
    single = not nest.is_nested(loop_vars)
    structure = [loop_vars] if single else loop_vars
    flat = nest.flatten(structure)

    def call(fn, leaves):
        args = nest.pack_sequence_as(structure, leaves)
        return fn(*args)

    def as_leaves(result):
        if len(flat) == 1 and not nest.is_nested(result):
            result = [result]
        try:
            nest.assert_same_structure(structure if not single else [loop_vars], result, check_types=False)
        except (ValueError, TypeError):
            raise ValueError(f"{name}: body must return the same structure as loop_vars ({loop_vars!r}), "
                             f"got {result!r}.") from None
        return nest.flatten(result)

    if state.graph is None:
        leaves, count = flat, 0
        while (maximum_iterations is None or count < maximum_iterations) and bool(call(cond, leaves)):
            leaves = as_leaves(call(body, leaves))
            count += 1
        result = nest.pack_sequence_as(structure, leaves)
        return result[0] if single else result
    return _graph_while(cond, body, structure, single, flat, as_leaves, maximum_iterations, name)


def _graph_while(cond, body, structure, single, flat, as_leaves, maximum_iterations, name):
    graph = state.graph
    initial = [graph.capture(as_tensor(x)) for x in flat]
    pack = lambda leaves: nest.pack_sequence_as(structure, list(leaves))  # noqa: E731
    cond_graph, (test, _) = _trace_branch(lambda *vs: cond(*pack(vs)), f"{name}_cond", graph, initial)
    body_graph, (result, _) = _trace_branch(lambda *vs: as_leaves(body(*pack(vs))), f"{name}_body", graph,
                                            initial)
    if len(cond_graph.outputs) != 1 or cond_graph.outputs[0]._dtype is not dtypes.bool:
        raise TypeError(f"{name}: cond must return a scalar bool tensor, got {test!r}.")
    for i, (before, after) in enumerate(zip(initial, body_graph.outputs)):
        if before._dtype is not after._dtype or before.shape != after.shape:
            raise ValueError(
                f"{name}: loop variable {i} enters the loop as {before._dtype.name}{before.shape} but the "
                f"body returns {after._dtype.name}{after.shape}. Loop variables must keep their shape "
                "and dtype across iterations.")
    captured, _ = _captured_inputs([cond_graph, body_graph], n_args=len(initial))
    inputs = initial + [graph.capture(t) for t in captured]
    attrs = {"cond_graph": cond_graph, "body_graph": body_graph, "n_vars": len(initial),
             "maximum_iterations": maximum_iterations, "side_effects": _side_effects([cond_graph, body_graph])}
    outputs = graph.add_recorded(_while.op, inputs, attrs, tuple(t._value for t in initial), False,
                                 tuple(t._shape for t in initial))
    leaves = pack(outputs)
    return leaves[0] if single else leaves
