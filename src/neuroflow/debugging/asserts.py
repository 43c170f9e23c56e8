"""`tf.debugging.assert_*`: runtime checks with TensorFlow's messages.

Value checks (`assert_equal`, `assert_less`, `assert_positive`, ...) raise
`tf.errors.InvalidArgumentError` listing the offending entries; static checks on
ranks and shapes raise `ValueError`, on dtypes `TypeError`. Passing checks return None.

>>> import neuroflow as tf
>>> tf.debugging.assert_equal(tf.constant([1, 2]), [1, 2])
>>> tf.debugging.assert_equal(tf.constant([1, 2]), [1, 3])
Traceback (most recent call last):
...
neuroflow.framework.errors.InvalidArgumentError: Condition x == y did not hold.
Indices of first 1 different values:
[[1]]
Corresponding x values:
[2]
Corresponding y values:
[3]
First 2 elements of x:
[1 2]
First 2 elements of y:
[1 3]
"""
import sys

import numpy as np

from ..framework import dtypes, errors
from ..framework.variable import Variable
from ..ops import comparison_ops
from ..ops.creation_ops import zeros_like
from ..ops.reduction_ops import reduce_all
from ..ops.registry import as_tensor, binary_operands, op

__all__ = ["assert_equal", "assert_none_equal", "assert_less", "assert_less_equal", "assert_greater",
           "assert_greater_equal", "assert_near", "assert_positive", "assert_negative",
           "assert_non_negative", "assert_non_positive", "assert_rank", "assert_rank_at_least",
           "assert_rank_in", "assert_type", "assert_integer", "assert_scalar", "assert_shapes",
           "is_numeric_tensor", "Assert"]


# --- message pieces, as TensorFlow formats them in eager mode ---------------------------------
def _prefix(message):
    return f"{message}.  " if message else ""


def _describe(x):
    return f"shape={x.shape} dtype={x.dtype.name}"


def _entries(summarize):
    """How many entries to print: 3 by default, all when negative."""
    if summarize is None:
        return 3
    return sys.maxsize if summarize < 0 else summarize


def _pretty(item, n):
    """A data item: tensors as a list of their first `n` entries, anything else as str()."""
    if not hasattr(item, "_dtype"):
        return str(item)
    value = item.numpy()
    if np.ndim(value) == 0:
        return str(value)
    flat = value.reshape(-1)
    shown = [str(v) for v in flat[:n]]
    if len(shown) < flat.size:
        shown.append("...")
    return str(shown)


def _raise_unless(holds, data, summarize):
    """Raises InvalidArgumentError with `data()` unless every entry of `holds` is True."""
    if np.all(holds):
        return None
    n = _entries(summarize)
    raise errors.InvalidArgumentError(None, None, "\n".join(_pretty(d, n) for d in data(n)))


# --- comparing two tensors ---------------------------------------------------------------
def _in_graph(*tensors):
    """True when one of `tensors` is symbolic (a graph being built): the check becomes an Assert node."""
    return any(getattr(t, "_graph", None) is not None for t in tensors)


def _label(tensor):
    """The graph name of a symbolic tensor, as TensorFlow's graph-mode messages show it ('' if eager)."""
    return tensor.name if getattr(tensor, "_graph", None) is not None else ""


def _graph_check(holds, lines, summarize):
    """An `Assert` node that fails with `lines` when any entry of the symbolic `holds` is False."""
    return Assert(reduce_all(holds), lines, summarize)


def _binary(symbol, compare, opname, tf_compare):
    def check(x, y, message=None, summarize=None, name=None):
        if x is y and symbol == "==":
            return None
        x, y = binary_operands(opname, x, y)
        if _in_graph(x, y):
            return _graph_check(tf_compare(x, y), ([message] if message else []) + [
                f"Condition x {symbol} y did not hold element-wise:", f"x ({_label(x)}) = ", x,
                f"y ({_label(y)}) = ", y], summarize)
        xv, yv = np.asarray(x), np.asarray(y)
        try:
            holds = compare(xv, yv)
        except ValueError:
            raise errors.InvalidArgumentError(
                None, opname, f"{opname}: x of shape {x.shape} and y of shape {y.shape} cannot be "
                "compared elementwise: their shapes do not broadcast.") from None

        def data(n):
            lines = [f"Condition x {symbol} y did not hold."]
            if n > 0:
                if x.shape == y.shape and x.ndim:
                    failed = ~holds
                    shown = min(n, int(failed.sum()))
                    lines += [f"Indices of first {shown} different values:", np.argwhere(failed)[:shown],
                              "Corresponding x values:", xv[failed][:shown],
                              "Corresponding y values:", yv[failed][:shown]]
                fx, fy = xv.reshape(-1), yv.reshape(-1)
                lines += [f"First {min(fx.size, n)} elements of x:", fx[:n],
                          f"First {min(fy.size, n)} elements of y:", fy[:n]]
            return lines if message is None else [message] + lines
        return _raise_unless(holds, data, summarize)

    check.__name__ = opname
    check.__doc__ = (f"Raises InvalidArgumentError unless `x {symbol} y` holds elementwise "
                     "(with broadcasting); `message` prefixes the error, `summarize` caps the "
                     "entries shown (default 3).")
    return check


assert_equal = _binary("==", np.equal, "assert_equal", comparison_ops.equal)
assert_none_equal = _binary("!=", np.not_equal, "assert_none_equal", comparison_ops.not_equal)
assert_less = _binary("<", np.less, "assert_less", comparison_ops.less)
assert_less_equal = _binary("<=", np.less_equal, "assert_less_equal", comparison_ops.less_equal)
assert_greater = _binary(">", np.greater, "assert_greater", comparison_ops.greater)
assert_greater_equal = _binary(">=", np.greater_equal, "assert_greater_equal", comparison_ops.greater_equal)


def assert_near(x, y, rtol=None, atol=None, message=None, summarize=None, name=None):
    """Raises InvalidArgumentError unless `|x - y| < atol + rtol * |y|` elementwise.

    The default tolerances are `10 * eps` of the dtype (about 1.2e-6 for float32).

    >>> import neuroflow as tf
    >>> tf.debugging.assert_near(tf.constant([1.0, 2.0]), [1.0, 2.0000005])
    >>> tf.debugging.assert_near(tf.constant([1.0, 2.0]), [1.0, 2.1], message="too far")
    Traceback (most recent call last):
    ...
    neuroflow.framework.errors.InvalidArgumentError: too far.  x and y not equal to tolerance rtol = 1.1920929e-06, atol = 1.1920929e-06
    x (shape=(2,) dtype=float32) = 
    ['1.0', '2.0']
    y (shape=(2,) dtype=float32) = 
    ['1.0', '2.1']
    """
    x, y = binary_operands("assert_near", x, y)
    if not (x.dtype.is_floating or x.dtype.is_complex):
        raise ValueError(f"assert_near: x and y must be float or complex tensors, got {x.dtype.name}. "
                         "Use tf.debugging.assert_equal for integers, or cast to a float dtype.")
    real = x.dtype.real_dtype.as_numpy_dtype
    eps = np.finfo(real).eps
    rtol = real(10 * eps if rtol is None else rtol)
    atol = real(10 * eps if atol is None else atol)
    xv, yv = np.asarray(x), np.asarray(y)
    holds = np.abs(xv - yv) < atol + rtol * np.abs(yv)
    return _raise_unless(holds, lambda n: [
        f"{_prefix(message)}x and y not equal to tolerance rtol = {rtol!s}, atol = {atol!s}",
        f"x ({_describe(x)}) = ", x, f"y ({_describe(y)}) = ", y], summarize)


# --- the sign of one tensor ------------------------------------------------------------
def _sign(symbol, compare, name, tf_compare):
    def check(x, message=None, summarize=None, name=None):
        x = as_tensor(x)
        if _in_graph(x):
            return _graph_check(tf_compare(x, zeros_like(x)), ([message] if message else []) + [
                f"Condition x {symbol} did not hold element-wise:", f"x ({_label(x)}) = ", x], summarize)
        return _raise_unless(compare(np.asarray(x), 0), lambda n: [
            _prefix(message), f"Condition x {symbol} did not hold element-wise:",
            f"x ({_describe(x)}) = ", x], summarize)

    check.__name__ = name
    check.__doc__ = f"Raises InvalidArgumentError unless `x {symbol}` holds for every element."
    return check


assert_positive = _sign("> 0", np.greater, "assert_positive", comparison_ops.greater)
assert_negative = _sign("< 0", np.less, "assert_negative", comparison_ops.less)
assert_non_negative = _sign(">= 0", np.greater_equal, "assert_non_negative", comparison_ops.greater_equal)
assert_non_positive = _sign("<= 0", np.less_equal, "assert_non_positive", comparison_ops.less_equal)


# --- ranks, dtypes and shapes (static: ValueError / TypeError) ---------------------------------
def _rank_value(rank):
    rank = as_tensor(rank)
    assert_type(rank, dtypes.int32)
    if rank.ndim != 0:
        raise ValueError("Rank must be a scalar.")
    return int(rank)


def assert_rank(x, rank, message=None, name=None):
    """Raises ValueError unless `x` has rank `rank`.

    >>> import neuroflow as tf
    >>> tf.debugging.assert_rank(tf.zeros([3]), 2)
    Traceback (most recent call last):
    ...
    ValueError: Tensor  must have rank 2.  Received rank 1, shape (3,)
    """
    x, rank = as_tensor(x), _rank_value(rank)
    if x.ndim != rank:
        raise ValueError(f"{_prefix(message)}Tensor  must have rank {rank}.  Received rank {x.ndim}, "
                         f"shape {x.shape}")


def assert_rank_at_least(x, rank, message=None, name=None):
    """Raises ValueError unless the rank of `x` is at least `rank`."""
    x, rank = as_tensor(x), _rank_value(rank)
    if x.ndim < rank:
        raise ValueError(f"{_prefix(message)}Tensor  must have rank at least {rank}.  Received rank "
                         f"{x.ndim}, shape {x.shape}")


def assert_rank_in(x, ranks, message=None, name=None):
    """Raises ValueError unless the rank of `x` is one of `ranks`."""
    x, ranks = as_tensor(x), tuple(_rank_value(r) for r in ranks)
    if x.ndim not in ranks:
        raise ValueError(f"{_prefix(message)}Tensor  must have rank in {ranks}.  Received rank "
                         f"{x.ndim}, shape {x.shape}")


def assert_type(tensor, tf_type, message=None, name=None):
    """Raises TypeError unless `tensor` has dtype `tf_type`.

    >>> import neuroflow as tf
    >>> tf.debugging.assert_type(tf.constant(21), tf.bool)
    Traceback (most recent call last):
    ...
    TypeError: tensor must be of type tf.bool; got tf.int32
    """
    tf_type = dtypes.as_dtype(tf_type)
    dtype = as_tensor(tensor).dtype
    if dtype != tf_type:
        raise TypeError(f"{_prefix(message)}tensor must be of type {tf_type!r}; got {dtype!r}")


def assert_integer(x, message=None, name=None):
    """Raises TypeError unless `x` has an integer dtype."""
    dtype = as_tensor(x).dtype
    if not dtype.is_integer:
        raise TypeError(f'{_prefix(message)}Expected "x" to be integer type.  Found: tensor of dtype '
                        f"{dtype}")


def assert_scalar(tensor, message=None, name=None):
    """Raises ValueError unless `tensor` has rank 0."""
    shape = as_tensor(tensor).shape
    if shape.rank != 0:
        raise ValueError(f"{_prefix(message)}Expected scalar shape, saw shape: {shape}.")


def assert_shapes(shapes, data=None, summarize=None, message=None, name=None):
    """Checks shapes and the sizes they share, e.g. `[(x, ('N', 'Q')), (y, ('N', 'D'))]`.

    Each shape lists sizes: an int is an exact size, None or '.' any size, any other
    symbol a size that must be the same wherever the symbol appears. A leading `...`
    or '*' lets the tensor have any number of outer dimensions. A scalar counts as
    shape `(1,)`. Raises ValueError on the first violated constraint.

    >>> import neuroflow as tf
    >>> x, y = tf.zeros([10, 3]), tf.ones([10, 7])
    >>> tf.debugging.assert_shapes([(x, ('N', 'Q')), (y, ('N', 'D')), (1.0, ())])
    >>> tf.debugging.assert_shapes([(x, ('N', 'D')), (y, ('N', 'D'))])
    Traceback (most recent call last):
    ...
    ValueError: Specified by tensor shape=(10, 3) dtype=float32 dimension 1.  Tensor shape=(10, 7) dtype=float32 dimension 1 must have size 3.  Received size 7, shape (10, 7)
    """
    pairs = shapes.items() if isinstance(shapes, dict) else shapes
    prefix = _prefix(message)
    constraints = []
    for tensor, spec in pairs:
        if spec is None:
            continue
        x = as_tensor(tensor)
        if not (hasattr(spec, "__iter__") or hasattr(spec, "__getitem__")):
            raise ValueError(f"{prefix}Tensor {_describe(x)}.  Specified shape must be an iterable.  An "
                             "iterable has the attribute `__iter__` or `__getitem__`.  Received "
                             f"specified shape: {spec}")
        spec = tuple(spec)
        for i, symbol in enumerate(spec):
            if (symbol is Ellipsis or symbol == "*") and i != 0:
                raise ValueError(f"{prefix}Tensor {_describe(x)} specified shape index {i}.  Symbol `...` "
                                 "or `*` for a variable number of unspecified dimensions is only "
                                 "allowed as the first entry")
        outer = bool(spec) and (spec[0] is Ellipsis or spec[0] == "*")
        sizes = spec[1:] if outer else spec
        constraints.append((x, outer, sizes or (1,)))
    for x, outer, sizes in constraints:
        if outer:
            if len(sizes) > 1:
                assert_rank_at_least(x, len(sizes), message=message)
        elif len(sizes) == 1:
            assert_rank_in(x, (0, 1), message=message)
        else:
            assert_rank(x, len(sizes), message=message)
    known = {}
    for x, outer, sizes in constraints:
        actual = tuple(x.shape) or (1,)
        for i, symbol in enumerate(sizes):
            if symbol is None or symbol == ".":
                continue
            dim = i - len(sizes) if outer else i
            explicit = _as_size(symbol)
            if explicit is None and symbol not in known:
                known[symbol] = (actual[dim], x, dim)
                continue
            if explicit is not None:
                expected, why = explicit, "Specified explicitly"
            else:
                expected, y, y_dim = known[symbol]
                why = f"Specified by tensor {_describe(y)} dimension {y_dim}"
            if actual[dim] != expected:
                raise ValueError(f"{prefix}{why}.  Tensor {_describe(x)} dimension {dim} must have size "
                                 f"{expected}.  Received size {actual[dim]}, shape {x.shape}")


def _as_size(symbol):
    """An explicit size (an int, or a string of digits), or None for a named size."""
    try:
        return int(symbol)
    except (TypeError, ValueError):
        return None


def is_numeric_tensor(tensor):
    """True for tensors (not variables) of a numeric dtype; False for anything else."""
    return hasattr(tensor, "_dtype") and not isinstance(tensor, Variable) and tensor.dtype.is_numeric


def Assert(condition, data, summarize=None, name=None):  # noqa: N802 - TensorFlow's name
    """Raises InvalidArgumentError, showing the first `summarize` entries of each of `data`,
    unless the scalar `condition` is true.

    >>> import neuroflow as tf
    >>> x = tf.constant([1.0, -2.0])
    >>> tf.debugging.Assert(tf.reduce_all(x > 0), ["x must be positive:", x])
    Traceback (most recent call last):
    ...
    neuroflow.framework.errors.InvalidArgumentError: Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. Summarized data: b'x must be positive:'
    1.0, -2.0
    """
    condition = as_tensor(condition)
    graph = getattr(condition, "_graph", None)
    if graph is not None:   # inside a graph: a node that checks each time the graph runs
        inputs = [condition] + [as_tensor(d) for d in data]
        return graph.add_recorded(_assert.op, [graph.capture(x) for x in inputs],
                                  {"summarize": _entries(summarize), "side_effects": True}, (np.asarray(True),), True)
    if bool(condition):
        return None
    _raise_assert(condition, [as_tensor(item).numpy() for item in data], _entries(summarize))


@op("Assert", stateful=True)
def _assert(xp, condition, *data, summarize, side_effects):
    """The graph form of Assert: raises when it runs with a false condition (TensorFlow's graph message)."""
    if not bool(condition):
        raise errors.InvalidArgumentError(None, "Assert", "assertion failed: " + " ".join(
            f"[{_graph_text(np.asarray(value), summarize)}]" for value in data))
    return np.asarray(True)


def _graph_text(value, n):
    """One data item as a graph-mode Assert prints it: strings as text, tensors' first n entries."""
    if value.ndim == 0:
        item = value.item()
        return item.decode("utf-8", "replace") if isinstance(item, bytes) else str(item)
    flat = value.reshape(-1)
    return " ".join(_graph_text(v, n) for v in flat[:n]) + ("..." if flat.size > n else "")


def _raise_assert(condition, data, n):
    lines = []
    for value in data:
        value = np.asarray(value)
        if np.ndim(value) == 0:
            lines.append(str(value.item()) if n else "")
        else:
            flat = value.reshape(-1)
            lines.append(", ".join([str(v) for v in flat[:n]] + (["..."] if flat.size > n else [])))
    raise errors.InvalidArgumentError(
        None, None, f"Expected '{condition!s}' to be true. Summarized data: " + "\n".join(lines))
