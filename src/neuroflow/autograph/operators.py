"""What converted code calls (`ag__.if_stmt`, `ag__.for_stmt`, ...): Python semantics on Python
values, graph control flow on tensors.

A condition or loop test that is a symbolic tensor (inside `tf.function`) turns into `tf.cond`
or `tf.while_loop`; anything else (Python values, eager tensors) runs as ordinary Python, so
loops over Python lists unroll while tracing, as in TensorFlow.
"""
import builtins

from ..framework import nest
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from ..framework.variable import Variable
from ..graph import control_flow
from ..graph.graph import Graph
from ..graph.symbolic import SymbolicTensor
from ..ops.registry import state
from ..ops.tensor_array_ops import TensorArray

__all__ = ["Undefined", "UndefinedReturnValue", "retval", "if_stmt", "while_stmt", "for_stmt", "and_", "or_",
           "not_", "assert_stmt", "len_", "range_", "list_append", "is_graph_tensor", "loop_options"]


class Undefined:
    """The value of a variable before its first assignment (and of one only some branches set)."""

    __slots__ = ("symbol_name",)

    def __init__(self, symbol_name):
        self.symbol_name = symbol_name

    def __getattr__(self, attr):
        self._fail()

    def _fail(self, *args):
        raise UnboundLocalError(
            f"'{self.symbol_name}' is used before it is assigned: it is assigned only in some branches or "
            "only inside a loop that tensors control. Give it a value before the if/loop.")

    def __repr__(self):
        return f"Undefined({self.symbol_name!r})"

    for _method in ("add", "radd", "sub", "rsub", "mul", "rmul", "truediv", "rtruediv", "floordiv", "mod", "pow",
                    "matmul", "rmatmul", "neg", "lt", "le", "gt", "ge", "getitem", "call", "iter", "len", "bool",
                    "float", "int", "index"):
        locals()[f"__{_method}__"] = _fail
    del _method


class UndefinedReturnValue:
    """`retval_` before a return statement ran."""


def retval(value):
    return None if isinstance(value, UndefinedReturnValue) else value


def is_graph_tensor(x):
    """True for tensors whose value is known only when a graph runs (inside tf.function)."""
    return isinstance(x, SymbolicTensor)


def _check_not_in_try(in_try, what):
    if in_try:
        raise NotImplementedError(
            f"this {what} depends on a tensor, inside a `try` block. A graph's errors happen "
            "when it runs, after tracing, so Python's try/except cannot catch them. Move the try/except "
            "outside the tf.function, or check the condition with tf.debugging assertions instead.")


# --- if -----------------------------------------------------------------------------------------
def _portable(value):
    """Whether a branch output can be a tf.cond output (tensors, arrays, Python numbers)."""
    if isinstance(value, (Undefined, UndefinedReturnValue)):
        return False
    return isinstance(value, (Tensor, Variable, TensorArray, bool, int, float, complex)) or \
        hasattr(value, "dtype") or isinstance(value, (list, tuple)) and all(map(_portable, value))


def if_stmt(cond, true_fn, false_fn, state_values, names, in_try=False):
    """`if cond:` — tf.cond when `cond` is a graph tensor, else Python's if."""
    if not is_graph_tensor(cond):
        return true_fn(*state_values) if cond else false_fn(*state_values)
    _check_not_in_try(in_try, "if statement")
    if cond.shape.rank not in (0, None):
        raise ValueError(f"the condition of an `if` must be a scalar boolean tensor, got shape "
                         f"{cond.shape}. Reduce it first, e.g. `if tf.reduce_all(x > 0):`.")
    seen = {}   # the first traced branch decides which variables are outputs; the second must agree

    def branch(fn, label):
        def run():
            outputs = fn(*state_values)
            defined = [not isinstance(v, Undefined) for v in outputs]
            defined = [d and not isinstance(v, UndefinedReturnValue) for d, v in zip(defined, outputs)]
            passed = [not _portable(v) and v is s and d for v, s, d in zip(outputs, state_values, defined)]
            if seen:
                other, (other_defined, other_passed, other_outputs) = next(iter(seen.items()))
                for name, d, od, p, op, v in zip(names, defined, other_defined, passed, other_passed, outputs):
                    if d != od:
                        missing = label if not d else other
                        if name == "retval_":
                            raise ValueError(
                                f"the {missing} branch must also have a return statement. A `return` "
                                "under a tensor condition (or inside a tensor loop) needs a value on every path: "
                                "assign the result to a variable (and `break`), then return it at the end.")
                        raise ValueError(
                            f"'{name}' must also be initialized in the {missing} branch. A tensor-"
                            f"dependent `if` produces '{name}' after it, so both branches must assign it: give it a "
                            "value in the other branch too (or before the `if`).")
                    if d and p != op:
                        raise TypeError(
                            f"'{name}' is a Python {type(v).__name__} that only one branch of a "
                            "tensor-dependent `if` changes. Only tensors (and Python numbers) can differ "
                            "between branches; make it a tensor or change it outside the `if`.")
                keep = [d and not p for d, p in zip(other_defined, other_passed)]
            else:
                seen[label] = (defined, passed, outputs)
                keep = [d and not p for d, p in zip(defined, passed)]
            kept = tuple(v for v, k in zip(outputs, keep) if k)
            return kept
        return run

    results = control_flow.cond(cond, branch(true_fn, "main"), branch(false_fn, "else"))
    _, (defined, passed, outputs) = next(iter(seen.items()))
    results = iter(results if isinstance(results, (tuple, list)) else (results,))
    return tuple(next(results) if d and not p else v for d, p, v in zip(defined, passed, outputs))


# --- loops --------------------------------------------------------------------------------------------
_loop_options = []   # shape invariants set by set_loop_options inside the loop being traced


def loop_options(shape_invariants=None):
    """Records `set_loop_options` for the tensor loop whose body is being traced."""
    if _loop_options:
        _loop_options[-1].update(shape_invariants=shape_invariants)


def while_stmt(test, body, state_values, names, in_try=False):
    """`while test:` — tf.while_loop when the first test is a graph tensor, else Python's while."""
    first = test(*state_values)
    if not is_graph_tensor(first):
        while first:
            state_values = body(*state_values)
            first = test(*state_values)
            if is_graph_tensor(first):
                raise ValueError(
                    f"this loop started on a Python condition, which became a tensor after an "
                    "iteration (e.g. `while True:` with a tensor-dependent `break`). A loop is a tf.while_loop "
                    "only when its condition is a tensor from the start: write the condition on tensors, e.g. "
                    "`while tf.constant(True) and ...:` or start the counter as a tensor (`i = tf.constant(0)`).")
        return state_values
    _check_not_in_try(in_try, "while loop")
    return _tensor_loop(test, body, state_values, names)


def _tensor_loop(test, body, state_values, names):
    """tf.while_loop over the defined variables; undefined ones are temporaries of the body."""
    carried = [i for i, v in enumerate(state_values) if not isinstance(v, (Undefined, UndefinedReturnValue))
               and (_portable(v) or isinstance(v, list))]
    for i, v in enumerate(state_values):
        if v is None:
            raise ValueError(f"'{names[i]}' is not allowed to be None before the loop. Give it an "
                             "initial tensor value (e.g. tf.zeros(shape)) before the loop.")
    values = list(state_values)
    lists = {i: _as_array(values[i], names[i], i, body, values) for i in carried if isinstance(values[i], list)}
    for i, array in lists.items():
        values[i] = array

    def full(carried_values):
        out = list(values)
        for i, v in zip(carried, carried_values):
            out[i] = v
        return out

    entered = []   # the loop variables as the body sees them (to place set_loop_options' invariants)

    def loop_test(*carried_values):
        return test(*full(carried_values))

    def loop_body(*carried_values):
        entered[:] = carried_values
        outputs = body(*full(carried_values))
        result = []
        for i in carried:
            v = outputs[i]
            if isinstance(v, Undefined):
                raise ValueError(f"'{names[i]}' must be defined at the end of each loop iteration.")
            result.append(v)
        return tuple(result)

    labels = _flat_labels(values, carried, [f"'{names[i]}'" for i in carried])
    initial = tuple(values[i] for i in carried)
    options = {}
    _loop_options.append(options)
    try:
        try:
            result = control_flow.loop(loop_test, loop_body, initial, None, None, "while", labels)
        except ValueError:
            invariants = _invariants(options, entered)
            if invariants is None:
                raise
            result = control_flow.loop(loop_test, loop_body, initial, invariants, None, "while", labels)
    finally:
        _loop_options.pop()
    out = full(result if isinstance(result, (tuple, list)) else (result,))
    for i in lists:
        out[i] = out[i].stack()   # a list appended to in the loop comes out stacked
    return tuple(Undefined(n) if isinstance(v, Undefined) else v for v, n in zip(out, names))


def _invariants(options, entered):
    """Shape invariants (one per loop variable) from set_loop_options, matched by the body's variables."""
    pairs = options.get("shape_invariants")
    if not pairs:
        return None
    invariants = [None] * len(entered)
    for tensor, shape in pairs:
        for i, v in enumerate(entered):
            if v is tensor:
                invariants[i] = TensorShape(shape)
    return invariants


def _flat_labels(values, carried, labels):
    out = []
    for i, label in zip(carried, labels):
        out += [label] * max(1, len(nest.flatten(values[i])))
    return out


def _as_array(items, name, index, body, values):
    """A Python list a tensor loop appends to, as a TensorArray (its dtype from the first append)."""
    if items:
        first = items[0]
        dtype = getattr(first, "dtype", None)
        array = TensorArray(dtype or _probe_dtype(first), size=0, dynamic_size=True)
        for i, item in enumerate(items):
            array = array.write(i, item)
        return array
    probe = _probe(name, index, body, values)
    return TensorArray(probe.dtype, size=0, dynamic_size=True, element_shape=probe.shape)


def _probe_dtype(value):
    from ..framework.convert import convert_to_tensor
    return convert_to_tensor(value).dtype


def _probe(name, index, body, values):
    """Traces the loop body once into a scratch graph to see what it appends to list `name`."""
    from ..framework.convert import convert_to_tensor
    scratch = Graph("list_probe", outer=state.graph)
    scratch.building_function = True
    probe = []
    trial = list(values)
    trial[index] = probe
    with scratch.as_default():
        body(*trial)
    if not probe:
        raise ValueError(f"'{name}' is an empty Python list that the tensor loop does not append to; it cannot "
                         "become a tensor. Create it after the loop, or use a tf.TensorArray.")
    return convert_to_tensor(probe[0]) if not hasattr(probe[0], "_dtype") else probe[0]


def for_stmt(iterable, extra_test, body, state_values, names, in_try=False):
    """`for x in iterable:` — a graph loop over tensors, tf.range and datasets; Python's for otherwise."""
    if isinstance(iterable, _TensorRange) or is_graph_tensor(iterable) or \
            state.graph is not None and isinstance(iterable, Tensor):   # in a graph, tensors loop as TF does
        _check_not_in_try(in_try, "for loop")
        return _tensor_for(iterable, extra_test, body, state_values, names)
    if _is_dataset(iterable) and state.graph is not None:
        _check_not_in_try(in_try, "for loop")
        from .dataset_loop import dataset_for
        return dataset_for(iterable, extra_test, body, state_values, names)
    for item in iterable:
        if extra_test is not None:
            proceed = extra_test(*state_values)
            if is_graph_tensor(proceed):
                raise NotImplementedError(
                    "break and return statements which depend on a TF condition are not supported "
                    "in Python for loops. Did you intend to make it a TF loop? Iterate over a tensor or "
                    "tf.range (e.g. `for i in tf.range(len(items)):`) so the loop becomes a tf.while_loop, or "
                    "make the condition a Python value.")
            if not proceed:
                break
        state_values = body(item, *state_values)
    return state_values


def _tensor_for(iterable, extra_test, body, state_values, names):
    """A counter loop: over a range's numbers, or a tensor's rows (gathered at the counter)."""
    from ..ops.comparison_ops import greater, less, logical_and, logical_or
    from ..ops.math_ops import cast
    from ..ops.registry import as_tensor
    if isinstance(iterable, _TensorRange):
        start, limit, delta = iterable.start, iterable.limit, iterable.delta

        def element(i):
            return i
    else:
        length = iterable.shape[0] if iterable.shape.rank else None
        if length is None:
            raise ValueError(f"cannot iterate over {iterable.name}: it is a scalar or its length is "
                             "unknown. Iterate over tf.range(n) and index the tensor instead.")
        start, limit, delta = 0, length, 1

        def element(i):
            return iterable[i]
    index = as_tensor(start)
    limit = cast(as_tensor(limit), index.dtype)

    def in_range(i):
        if is_graph_tensor(delta):   # the direction is known only when the graph runs
            return logical_or(logical_and(delta > 0, i < limit), logical_and(delta < 0, i > limit))
        return less(i, limit) if delta > 0 else greater(i, limit)

    def test(i, *values):
        going = in_range(i)
        if extra_test is None:
            return going
        more = extra_test(*values)
        return logical_and(going, more if hasattr(more, "_dtype") else bool(more))

    def step(i, *values):
        return (i + delta, *body(element(i), *values))
    result = _tensor_loop(test, step, (index, *state_values), ("<iterate>", *names))
    return result[1:]


def _is_dataset(x):
    return hasattr(x, "element_spec") and hasattr(x, "__iter__") and not hasattr(x, "_dtype")


class _TensorRange:
    """`range(n)` / `tf.range(n)` with tensor bounds, iterated by a for loop: a counter, not a tensor."""

    def __init__(self, start, limit, delta):
        self.start, self.limit, self.delta = start, limit, delta


def range_(*args, iterated=False, function=None, **kwargs):
    """`range(...)`: Python's range for Python ints; tf.range (or, iterated, a counter loop) for tensors."""
    tensor_range = function is not None and function is not builtins.range
    bounds = (0, args[0], 1) if len(args) == 1 else (tuple(args) + (1,))[:3]   # start, limit, delta
    if iterated and (tensor_range and state.graph is not None or any(map(is_graph_tensor, args))) and not kwargs:
        return _TensorRange(*bounds)
    if kwargs or len(args) not in (1, 2, 3) or not any(map(is_graph_tensor, args)):
        return (function or builtins.range)(*args, **kwargs)
    from ..ops.creation_ops import range as tf_range
    return tf_range(*bounds)


# --- expressions --------------------------------------------------------------------------------------
def and_(*operands):
    """`a and b and ...` (each operand a function, evaluated lazily, as in Python)."""
    value = operands[0]()
    for operand in operands[1:]:
        if is_graph_tensor(value):
            current = value
            value = control_flow.cond(current, lambda op=operand: _bool_tensor(op()), lambda c=current: c)
        elif not value:
            return value
        else:
            value = operand()
    return value


def or_(*operands):
    """`a or b or ...` (lazy, as in Python)."""
    value = operands[0]()
    for operand in operands[1:]:
        if is_graph_tensor(value):
            current = value
            value = control_flow.cond(current, lambda c=current: c, lambda op=operand: _bool_tensor(op()))
        elif value:
            return value
        else:
            value = operand()
    return value


def _bool_tensor(value):
    from ..framework.convert import convert_to_tensor
    return value if hasattr(value, "_dtype") else convert_to_tensor(bool(value))


def not_(value):
    """`not value`: tf.logical_not for graph tensors."""
    if is_graph_tensor(value):
        from ..ops.comparison_ops import logical_not
        return logical_not(value)
    return not value


def assert_stmt(condition, message):
    """`assert condition, message`: tf.debugging.Assert on graph tensors."""
    if is_graph_tensor(condition):
        from ..debugging.asserts import Assert
        text = message() if message is not None else "Assertion failed"
        return Assert(condition, [text if isinstance(text, (str, Tensor)) else str(text)])
    assert condition, message() if message is not None else None


def len_(value):
    """`len(value)`: the static length of a tensor, `size()` of a TensorArray, else Python's len."""
    if isinstance(value, TensorArray):
        return value.size()
    if isinstance(value, (Tensor, Variable)) and not isinstance(value, list):
        shape = value.shape
        if shape.rank == 0:
            raise ValueError(f"len requires a non-scalar tensor, got one of shape {shape}.")
        if shape.rank is not None and shape[0] is not None:
            return shape[0]
        raise ValueError(f"the length of {getattr(value, 'name', value)} is unknown while tracing. "
                         "Use tf.shape(x)[0] with a fully known input_signature, or pass tensors of known shape.")
    return len(value)


def list_append(target, item):
    """`target.append(item)`; a TensorArray (a list in a tensor loop) is written at its end."""
    if isinstance(target, TensorArray):
        return target.write(target.size(), item)
    target.append(item)
    return target

