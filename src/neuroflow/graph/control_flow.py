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
from ..framework.tensor_shape import TensorShape
from ..framework.variable import Variable
from ..ops.registry import op, state, as_tensor
from .graph import Graph
from .replay import replay, has_side_effects
from .symbolic import SymbolicTensor
from .tracing import graph_output

__all__ = ["cond", "switch_case", "case", "while_loop"]


# --- tracing branches --------------------------------------------------------------------
def _trace_branch(fn, name, outer, args=(), shapes=None):
    """Traces `fn(*args)` into a subgraph of `outer`; returns (graph, structure of the result).

    `shapes` relaxes the arguments' static shapes (a loop's shape invariants)."""
    graph = Graph(outer.unique_name(name), outer=outer)
    graph.building_function = True
    shapes = shapes or [a._shape for a in args]
    with graph.as_default():
        placeholders = [graph.placeholder(a._dtype, s, f"loop_var_{i}", a._value if s == a._shape else None)
                        for i, (a, s) in enumerate(zip(args, shapes))]
        result = fn(*placeholders)
        leaves = _to_flows(nest.flatten(result), {})
        outputs = [graph_output(graph, x if x is None or hasattr(x, "_dtype") else convert_to_tensor(x))
                   for x in leaves]
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


def fresh(xp, outputs, inputs):
    """`outputs` with copies of those sharing memory with an input.

    A branch or loop body may return an input as it is (a variable no branch changed); the
    compiled caller may reuse that input's buffer on its next run, so results get their own.
    """
    arrays = [a for a in inputs if hasattr(a, "base")]   # (tensor lists are never shared)
    return tuple(o.copy() if hasattr(o, "base") and any(xp.may_share_memory(o, a) for a in arrays) else o
                 for o in outputs)


# --- Case: run one of several branch graphs ----------------------------------------------------
@op("Case")
def _case(xp, index, *arrays, branches, side_effects=False):
    i = int(index)
    branch = branches[i if 0 <= i < len(branches) else len(branches) - 1]
    return fresh(xp, _executable(branch).run(*arrays[:len(branch.inputs)]), arrays)


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
    templates = {}
    _to_flows(nest.flatten(result), templates)   # branches' TensorArrays come back as arrays
    leaves = _from_flows(leaves, templates)
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
def _while(xp, *arrays, cond_graph, body_graph, n_vars, n_captured, maximum_iterations=None, side_effects=False):
    test, body = _executable(cond_graph), _executable(body_graph)
    loop_vars, captured = tuple(arrays[:n_vars]), arrays[n_vars:n_vars + n_captured]
    count = 0
    while (maximum_iterations is None or count < maximum_iterations) and test.run(*loop_vars, *captured)[0]:
        loop_vars = body.run(*loop_vars, *captured)
        count += 1
    return fresh(xp, loop_vars, arrays)


@_while.gradient
def _(ctx, *dys):
    """Backpropagation through the iterations: the loop runs again recording each iteration's
    inputs, then each iteration's body is differentiated in reverse order. Eagerly that happens
    now; inside a traced function it is one `WhileGrad` node running the body's traced VJP."""
    n, n_captured = ctx.attrs["n_vars"], ctx.attrs["n_captured"]
    inputs = list(ctx.inputs)
    loop_vars, captured, variables = inputs[:n], inputs[n:n + n_captured], inputs[n + n_captured:]
    body_graph = ctx.attrs["body_graph"]
    if state.graph is not None or any(_is_symbolic(x) for x in inputs):
        return _symbolic_while_gradient(ctx, loop_vars, captured, variables, list(dys))
    vjp = _body_vjp(body_graph, captured, variables)
    limit = ctx.attrs["maximum_iterations"]
    history = []
    while (limit is None or len(history) < limit) and bool(_replay_body(ctx.attrs["cond_graph"], loop_vars,
                                                                        captured)[0]):
        history.append(loop_vars)
        loop_vars = _replay_body(body_graph, loop_vars, captured)
    var_grads, other_grads = list(dys), [None] * (len(captured) + len(variables))
    for xs in reversed(history):
        grads = vjp(*[Tensor(x._value, x._dtype) for x in xs], *var_grads)  # own ids: a loop var may be captured
        var_grads = grads[:n]
        other_grads = [g if total is None else total + g for total, g in zip(other_grads, grads[n:])]
    return tuple(var_grads) + tuple(other_grads)


def _replay_body(graph, loop_vars, captured):
    return replay(graph, {id(p): v for p, v in zip(graph.inputs, list(loop_vars) + captured)}, graph.outputs)


def _body_vjp(body_graph, captured, variables):
    """`vjp(*xs, *dys)`: gradients of one iteration w.r.t. its loop variables, captures and variables."""
    from ..autodiff.tape import GradientTape

    def vjp(*args):
        n = len(args) // 2
        xs, dys = list(args[:n]), list(args[n:])
        sources = xs + captured + variables
        with GradientTape(watch_accessed_variables=False) as tape:
            tape.watch([x for x in sources if x._dtype.kind in "fcv"])
            outputs = _replay_body(body_graph, xs, captured)
        return tape.gradient(outputs, sources, output_gradients=dys, unconnected_gradients="zero")
    return vjp


def _symbolic_while_gradient(ctx, loop_vars, captured, variables, dys):
    graph, n = state.graph, len(loop_vars)
    body_graph = ctx.attrs["body_graph"]
    vjp = _body_vjp(body_graph, captured, variables)
    vjp_graph, _ = _trace_branch(vjp, "while_grad_body", graph, body_graph.inputs[:n] + dys)
    outer, _ = _captured_inputs([vjp_graph], n_args=2 * n)
    recorded = loop_vars + captured + dys + outer
    attrs = {"cond_graph": ctx.attrs["cond_graph"], "body_graph": body_graph, "vjp_graph": vjp_graph,
             "n_vars": n, "n_captured": len(captured), "maximum_iterations": ctx.attrs["maximum_iterations"]}
    values = tuple(t._value for t in vjp_graph.outputs)
    grads = graph.add_recorded(_while_grad.op, [graph.capture(t) for t in recorded], attrs, values, False,
                               tuple(t._shape for t in vjp_graph.outputs), recorded=recorded)
    return tuple(grads)


@op("WhileGrad")
def _while_grad(xp, *arrays, cond_graph, body_graph, vjp_graph, n_vars, n_captured, maximum_iterations=None):
    """Runs the loop again keeping each iteration's loop variables, then the body's VJP in reverse."""
    test, body, vjp = _executable(cond_graph), _executable(body_graph), _executable(vjp_graph)
    n = n_vars
    loop_vars, captured = tuple(arrays[:n]), arrays[n:n + n_captured]
    var_grads, vjp_captured = tuple(arrays[n + n_captured:2 * n + n_captured]), arrays[2 * n + n_captured:]
    history = []
    while (maximum_iterations is None or len(history) < maximum_iterations) and \
            test.run(*loop_vars, *captured)[0]:
        history.append(loop_vars)
        loop_vars = body.run(*loop_vars, *captured)
    totals = None
    for xs in reversed(history):
        grads = vjp.run(*xs, *var_grads, *vjp_captured)
        var_grads = tuple(grads[:n])
        totals = list(grads[n:]) if totals is None else [t + g for t, g in zip(totals, grads[n:])]
    if totals is None:
        totals = [xp.zeros_like(t._value) for t in vjp_graph.outputs[n:]]
    return fresh(xp, tuple(var_grads) + tuple(totals), arrays)


def while_loop(cond, body, loop_vars, shape_invariants=None, parallel_iterations=10, back_prop=True,
               swap_memory=False, maximum_iterations=None, name="while"):
    """Repeats `loop_vars = body(*loop_vars)` while `cond(*loop_vars)` holds; returns the final loop_vars.

    Loop variables keep their dtypes, and their shapes unless `shape_invariants` gives a
    less specific shape (e.g. `tf.TensorShape([None])` for a vector that grows). Loop
    variables may be tensors, `tf.TensorArray`s, or nested lists/tuples/dicts of them.
    Gradients flow through the loop, eagerly and inside a traced function.

    >>> import neuroflow as tf
    >>> @tf.function
    ... def grow(n):
    ...     return tf.while_loop(lambda i, v: i < n, lambda i, v: (i + 1, tf.concat([v, v], 0)),
    ...                          [0, tf.ones([1])], shape_invariants=[None, tf.TensorShape([None])])
    >>> grow(tf.constant(3))[1].numpy()
    array([1., 1., 1., 1., 1., 1., 1., 1.], dtype=float32)
    """
    return loop(cond, body, loop_vars, shape_invariants, maximum_iterations, name)


def loop(cond, body, loop_vars, shape_invariants=None, maximum_iterations=None, name="while", names=None):
    """`while_loop`, with `names` (one per flattened loop variable) for error messages (AutoGraph's)."""
    if not (callable(cond) and callable(body)):
        raise TypeError(f"{name}: cond and body must be callables, got {cond!r} and {body!r}.")
    single = not nest.is_nested(loop_vars)
    structure = [loop_vars] if single else loop_vars
    templates = {}   # position -> TensorArray: arrays travel as their flow tensors
    flat = _to_flows(nest.flatten(structure), templates)

    def call(fn, leaves):
        args = nest.pack_sequence_as(structure, _from_flows(list(leaves), templates))
        return fn(*args)

    def as_leaves(result):
        if len(flat) == 1 and not nest.is_nested(result):
            result = [result]
        try:
            nest.assert_same_structure(structure if not single else [loop_vars], result, check_types=False)
        except (ValueError, TypeError):
            raise ValueError(f"{name}: body must return the same structure as loop_vars ({loop_vars!r}), "
                             f"got {result!r}.") from None
        leaves = nest.flatten(result)
        for i, x in enumerate(leaves):   # arrays learn their element shape inside the loop
            if i in templates and hasattr(x, "_element_shape"):
                templates[i] = templates[i]._from_flow(templates[i].flow)
                templates[i]._element_shape = x._element_shape
        return _to_flows(leaves, templates)

    if state.graph is None:
        leaves, count = flat, 0
        while (maximum_iterations is None or count < maximum_iterations) and bool(call(cond, leaves)):
            leaves = as_leaves(call(body, leaves))
            count += 1
    else:
        invariants = [None] * len(flat) if shape_invariants is None else \
            [None if s is None else TensorShape(s) for s in nest.flatten(
                [shape_invariants] if single else shape_invariants)]
        names = names or [f"loop variable {i}" for i in range(len(flat))]
        leaves = _graph_while(lambda *vs: call(cond, vs), lambda *vs: as_leaves(call(body, vs)), flat,
                              invariants, names, maximum_iterations, name)
    result = nest.pack_sequence_as(structure, _from_flows(list(leaves), templates))
    return result[0] if single else result


def _to_flows(leaves, templates):
    """Leaves with each TensorArray replaced by its flow (remembering the array, its newest shape)."""
    from ..ops.tensor_array_ops import TensorArray
    for i, x in enumerate(leaves):
        if isinstance(x, TensorArray):
            templates[i] = x
            leaves[i] = x.flow
    return leaves


def _from_flows(leaves, templates):
    for i, array in templates.items():
        leaves[i] = array._from_flow(leaves[i])
    return leaves


def _graph_while(cond, body, flat, invariants, names, maximum_iterations, name):
    graph = state.graph
    initial = [graph.capture(as_tensor(x)) for x in flat]
    shapes = [x._shape if s is None else s for x, s in zip(initial, invariants)]
    for x, s, label in zip(initial, shapes, names):
        if not s.is_compatible_with(x._shape):
            raise ValueError(f"{name}: the shape invariant {s} of {label} is not compatible with its initial "
                             f"shape {x._shape}.")
    cond_graph, (test, _) = _trace_branch(cond, f"{name}_cond", graph, initial, shapes)
    body_graph, _ = _trace_branch(body, f"{name}_body", graph, initial, shapes)
    if len(cond_graph.outputs) != 1 or cond_graph.outputs[0]._dtype is not dtypes.bool:
        raise TypeError(f"{name}: cond must return a scalar bool tensor, got {test!r}.")
    for before, shape, after, label in zip(initial, shapes, body_graph.outputs, names):
        if before._dtype is not after._dtype:
            raise TypeError(
                f"{label} has dtype {before._dtype.name} before the loop, but dtype {after._dtype.name} after "
                f"one iteration. Give {label} its final dtype before the loop (e.g. with tf.cast).")
        if not shape.is_compatible_with(after._shape):
            raise ValueError(
                f"{label} has shape {before._shape} before the loop, but shape {after._shape} after one "
                "iteration. Use tf.autograph.experimental.set_loop_options to set shape invariants (or the "
                "`shape_invariants` argument of tf.while_loop), e.g. tf.TensorShape([None]) for a length that "
                "changes.")
    captured, variables = _captured_inputs([cond_graph, body_graph], n_args=len(initial))
    recorded = initial + captured + variables
    attrs = {"cond_graph": cond_graph, "body_graph": body_graph, "n_vars": len(initial),
             "n_captured": len(captured), "maximum_iterations": maximum_iterations,
             "side_effects": _side_effects([cond_graph, body_graph])}
    values = tuple(t._value if s == t._shape else p._value for t, s, p in zip(initial, shapes, body_graph.inputs))
    alts = tuple(None if s == t._shape else p._alt for t, s, p in zip(initial, shapes, body_graph.inputs))
    return graph.add_recorded(_while.op, [graph.capture(t) for t in recorded], attrs, values, False,
                              tuple(shapes), alts, recorded=recorded)
