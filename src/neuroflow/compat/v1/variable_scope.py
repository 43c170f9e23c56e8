"""TensorFlow 1's shared variables: `get_variable` and `variable_scope`.

`get_variable(name, shape)` creates a variable named after the enclosing variable scopes, or,
in a scope opened with `reuse=True` (or `tf.compat.v1.AUTO_REUSE`), returns the one created
before under that name. Each graph keeps its own store; executing eagerly every call creates
a new variable, as in TensorFlow 2.

>>> import neuroflow as tf
>>> with tf.Graph().as_default():
...     with tf.compat.v1.variable_scope("layer"):
...         w = tf.compat.v1.get_variable("w", [2, 3])
...     with tf.compat.v1.variable_scope("layer", reuse=True):
...         same = tf.compat.v1.get_variable("w")
...     print(w.name, same is w)
layer/w:0 True
"""
import collections
import contextlib
import weakref

from ...framework import dtypes
from ...framework.convert import convert_to_tensor
from ...framework.name_scope import name_scope
from ...framework.tensor_shape import TensorShape
from ...framework.variable import Variable, VariableAggregation, VariableSynchronization
from ...ops import init_ops
from ...ops.registry import state
from .graph_mode import get_default_graph

__all__ = ["get_variable", "variable_scope", "get_variable_scope", "VariableScope", "AUTO_REUSE"]


class _AutoReuse:
    """`reuse=AUTO_REUSE`: get the variable if it exists, create it otherwise."""

    def __repr__(self):
        return "_ReuseMode.AUTO_REUSE"


AUTO_REUSE = _AutoReuse()

_stores = weakref.WeakKeyDictionary()          # graph -> {full name: variable}
_default_names = weakref.WeakKeyDictionary()   # graph -> Counter of default scope names used


class VariableScope:
    """The variable scope `get_variable` names and shares variables in (`get_variable_scope()`).

    Attributes:
        name: the scope's full name ('' at the top).
        reuse: True, False or AUTO_REUSE.
        initializer, dtype: defaults for `get_variable` inside the scope.
    """

    def __init__(self, reuse, name="", initializer=None, dtype=dtypes.float32, original_name_scope=""):
        self.name, self.reuse, self.initializer = name, reuse, initializer
        self.dtype = dtypes.as_dtype(dtype)
        self.original_name_scope = original_name_scope

    def reuse_variables(self):
        """From now on `get_variable` in this scope returns existing variables."""
        self.reuse = True

    def set_initializer(self, initializer):
        self.initializer = initializer

    def get_variable(self, name, shape=None, dtype=None, initializer=None, **kwargs):
        """`tf.compat.v1.get_variable` in this scope."""
        return _get_variable(self, name, shape, dtype, initializer, **kwargs)

    def __repr__(self):
        return f"<VariableScope name={self.name!r} reuse={self.reuse!r}>"


_scopes = [VariableScope(False)]


def get_variable_scope():
    """The current `VariableScope`."""
    return _scopes[-1]


@contextlib.contextmanager
def variable_scope(name_or_scope, default_name=None, values=None, initializer=None, regularizer=None,
                   caching_device=None, partitioner=None, custom_getter=None, reuse=None, dtype=None,
                   use_resource=None, constraint=None, auxiliary_name_scope=True):
    """Context manager: `get_variable` inside names variables `<scope>/<name>` and shares them.

    Args:
        name_or_scope: the scope's name, or a `VariableScope` to re-enter.
        default_name: the name when `name_or_scope` is None (made unique: 'scope', 'scope_1', ...).
        initializer, dtype: defaults for `get_variable` inside (inherited by inner scopes).
        reuse: True to get existing variables, AUTO_REUSE to get or create; None inherits the
            enclosing scope's (once True, inner scopes reuse too).

    Yields:
        The `VariableScope`; ops inside are also named under it (a `name_scope`).
    """
    outer = get_variable_scope()
    if isinstance(name_or_scope, VariableScope):
        full = name_or_scope.name
        reuse = name_or_scope.reuse if reuse is None else reuse
    else:
        if name_or_scope is None:
            if default_name is None:
                raise TypeError("variable_scope: if `name_or_scope` is None, `default_name` must be given.")
            name_or_scope = _unique_scope(outer, default_name)
        full = f"{outer.name}/{name_or_scope}" if outer.name else name_or_scope
    if reuse is None or outer.reuse is True:   # inherited; inside a reusing scope, always reuse
        reuse = outer.reuse
    scope = VariableScope(reuse, full, initializer if initializer is not None else outer.initializer,
                          dtype if dtype is not None else outer.dtype, full + "/")
    _scopes.append(scope)
    try:
        if auxiliary_name_scope:
            with name_scope(full + "/"):
                yield scope
        else:
            yield scope
    finally:
        _scopes.pop()


def _unique_scope(outer, base):
    """`base`, or `base_1`, `base_2`, ... for each further default-named scope (per graph)."""
    counts = _default_names.setdefault(get_default_graph(), collections.Counter())
    key = f"{outer.name}/{base}"
    count, counts[key] = counts[key], counts[key] + 1
    return base if count == 0 else f"{base}_{count}"


def _store():
    """The current graph's variable store; None when executing eagerly (no sharing)."""
    if state.graph is None:
        return None
    return _stores.setdefault(get_default_graph(), {})


def get_variable(name, shape=None, dtype=None, initializer=None, regularizer=None, trainable=None,
                 collections=None, caching_device=None, partitioner=None, validate_shape=True,
                 use_resource=None, custom_getter=None, constraint=None,
                 synchronization=VariableSynchronization.AUTO, aggregation=VariableAggregation.NONE):
    """Gets an existing variable `<scope>/<name>` or creates a new one.

    Args:
        name: the variable's name within the current variable scope.
        shape: its shape (may be omitted when `initializer` is a tensor or value).
        dtype: its dtype (default: the scope's, float32).
        initializer: an initializer (called with shape and dtype), a tensor, or a Python value;
            default: the scope's, else Glorot uniform for floats and zeros for other dtypes.
        trainable, constraint, synchronization, aggregation: as for `tf.Variable`.

    Raises:
        ValueError: when creating a variable that exists in a scope without reuse, or
            getting one that does not exist in a scope with `reuse=True`.
    """
    return _get_variable(get_variable_scope(), name, shape, dtype, initializer, trainable=trainable,
                         constraint=constraint, synchronization=synchronization, aggregation=aggregation)


def _get_variable(scope, name, shape, dtype, initializer, trainable=None, constraint=None,
                  synchronization=VariableSynchronization.AUTO, aggregation=VariableAggregation.NONE, **unused):
    full = f"{scope.name}/{name}" if scope.name else name
    store = _store()
    if store is not None and full in store:
        if scope.reuse is False:
            raise ValueError(f"Variable {full} already exists, disallowed. Did you mean to set reuse=True or "
                             "reuse=tf.AUTO_REUSE in VarScope?")
        existing = store[full]
        if shape is not None and not TensorShape(shape).is_compatible_with(existing.shape):
            raise ValueError(f"Trying to share variable {full}, but specified shape {TensorShape(shape)} and "
                             f"found shape {existing.shape}.")
        if dtype is not None and dtypes.as_dtype(dtype) != existing.dtype:
            raise ValueError(f"Trying to share variable {full}, but specified dtype {dtypes.as_dtype(dtype).name} "
                             f"and found dtype {existing.dtype.name}.")
        return existing
    if store is not None and scope.reuse is True:
        raise ValueError(f"Variable {full} does not exist, or was not created with tf.get_variable(). Did you "
                         "mean to set reuse=tf.AUTO_REUSE in VarScope?")
    initial = _initial_value(full, shape, dtype or scope.dtype, initializer if initializer is not None
                             else scope.initializer)
    with name_scope(""):
        variable = Variable(initial, trainable=trainable, name=full, constraint=constraint,
                            synchronization=synchronization, aggregation=aggregation)
    if store is not None:
        store[full] = variable
    return variable


def _initial_value(name, shape, dtype, initializer):
    dtype = dtypes.as_dtype(dtype)
    if initializer is not None and not callable(initializer):   # a tensor or a Python value
        value = convert_to_tensor(initializer, dtype=dtype if not hasattr(initializer, "_dtype") else None)
        if shape is not None and not TensorShape(shape).is_compatible_with(value.shape):
            raise ValueError(f"get_variable {name}: the initializer's shape {value.shape} does not match "
                             f"shape {TensorShape(shape)}. Omit `shape` when `initializer` is a tensor.")
        return value
    if shape is None or not TensorShape(shape).is_fully_defined():
        raise ValueError(f"Shape of a new variable ({name}) must be fully defined, but instead was {shape}. "
                         "Pass shape=[...], or an initializer that is a tensor.")
    shape = TensorShape(shape).as_list()
    if initializer is None:
        initializer = init_ops.glorot_uniform_initializer() if dtype.is_floating else init_ops.zeros_initializer()
    return lambda: initializer(shape, dtype=dtype)
