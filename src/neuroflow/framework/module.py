"""`tf.Module`: a named container of variables and sub-modules.

A module finds its variables by walking its attributes (and lists, tuples and dicts
in them), so plain Python attribute assignment is all the bookkeeping there is.

>>> import neuroflow as tf
>>> class Dense(tf.Module):
...     def __init__(self, n_in, n_out, name=None):
...         super().__init__(name=name)
...         with self.name_scope:
...             self.w = tf.Variable(tf.ones([n_in, n_out]), name="w")
...             self.b = tf.Variable(tf.zeros([n_out]), name="b")
...     def __call__(self, x):
...         return tf.matmul(x, self.w) + self.b
>>> class MLP(tf.Module):
...     def __init__(self, name=None):
...         super().__init__(name=name)
...         self.layers = [Dense(3, 2, name="hidden"), Dense(2, 1, name="out")]
>>> m = MLP()
>>> m.name, len(m.trainable_variables), len(m.submodules)
('mlp', 4, 2)
>>> [v.name for v in m.variables]
['hidden/b:0', 'hidden/w:0', 'out/b:0', 'out/w:0']
"""
import functools
import re

from . import nest, restore_hooks
from .name_scope import name_scope as _name_scope, current_scope
from .variable import Variable

__all__ = ["Module", "is_trackable"]

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_WORD_START = re.compile(r"((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))")


def _snake_case(name):
    """'MyMLPLayer' -> 'my_mlp_layer', as TensorFlow names modules by default."""
    return _WORD_START.sub(r"_\1", name).lower()


class Module:
    """Base class for objects that own variables: tracks them through attributes.

    Args:
        name: the module's name, a Python identifier (defaults to the class name in
            snake_case). Its `name_scope` prefixes the names of variables created in it.
    """

    _reports_tracking = True  # every attribute set is reported (see restore_hooks)

    def __init__(self, name=None):
        if name is None:
            name = _snake_case(type(self).__name__)
        elif not isinstance(name, str) or not _IDENTIFIER.fullmatch(name):
            raise ValueError(f"{name!r} is not a valid module name. Module names must be valid Python "
                             "identifiers (e.g. a valid class name).")
        self._name = name
        self._scope_name = current_scope() + name + "/"

    def __setattr__(self, name, value):
        object.__setattr__(self, name, value)
        restore_hooks.object_tracked(self)  # a checkpoint restored earlier may hold this attribute's values

    @property
    def name(self):
        """The name given to the constructor (or derived from the class)."""
        return self._name

    @property
    def name_scope(self):
        """A `tf.name_scope` for this module: variables created in it are named 'module/...'."""
        return _name_scope(self._scope_name)

    @property
    def variables(self):
        """All variables of this module and its sub-modules, each once."""
        return tuple(self._flatten(predicate=_is_variable))

    @property
    def trainable_variables(self):
        """The trainable variables of this module and its sub-modules."""
        return tuple(self._flatten(predicate=lambda v: _is_variable(v) and v.trainable))

    @property
    def non_trainable_variables(self):
        """The variables that are not trainable."""
        return tuple(self._flatten(predicate=lambda v: _is_variable(v) and not v.trainable))

    @property
    def submodules(self):
        """All modules reachable from this one (not including itself), nearest first."""
        return tuple(self._flatten(predicate=_is_module))

    def _flatten(self, recursive=True, predicate=None, with_path=False):
        """The objects reachable through attributes for which `predicate` holds.

        Attributes are visited in name order (dict entries in key order); a module's
        own attributes come before those of its sub-modules, as in TensorFlow.

        Args:
            recursive: also walk into sub-modules.
            predicate: which leaves to return (all when None).
            with_path: yield `(path, leaf)` where `path` is a tuple of attribute names,
                list indices and dict keys.
        """
        return _walk(self, recursive, predicate or (lambda _: True), with_path, (), {id(self)})

    @classmethod
    def with_name_scope(cls, method):
        """Decorator: runs `method` inside the module's name scope.

        >>> import neuroflow as tf
        >>> class Scale(tf.Module):
        ...     @tf.Module.with_name_scope
        ...     def __call__(self, x):
        ...         if not hasattr(self, "v"):
        ...             self.v = tf.Variable(2.0, name="v")
        ...         return x * self.v
        >>> m = Scale(name="scale")
        >>> print(m(3.0).numpy(), m.v.name)
        6.0 scale/v:0
        """
        @functools.wraps(method)
        def wrapped(self, *args, **kwargs):
            with self.name_scope:
                return method(self, *args, **kwargs)
        return wrapped


def _is_variable(value):
    return isinstance(value, Variable)


def _is_module(value):
    return isinstance(value, Module)


def _walk(module, recursive, predicate, with_path, path, seen):
    """Yields matching leaves of `module`'s attributes, then those of its sub-modules."""
    submodules = []
    attributes = vars(module)
    for key in sorted(attributes):
        for leaf_path, leaf in nest.flatten_with_tuple_paths(attributes[key]):
            leaf_path = (key,) + leaf_path
            if id(leaf) in seen:
                continue
            seen.add(id(leaf))
            if predicate(leaf):
                yield (path + leaf_path, leaf) if with_path else leaf
            if recursive and _is_module(leaf):
                submodules.append((path + leaf_path, leaf))
    for sub_path, sub in submodules:
        yield from _walk(sub, recursive, predicate, with_path, sub_path, seen)


# Types that never hold state: most attributes of layers and modules are of these.
_PLAIN_TYPES = frozenset({type(None), bool, int, float, complex, str, bytes})


def is_trackable(value):
    """Whether a checkpoint saves `value` (or something inside it)."""
    cls = type(value)
    if cls in _PLAIN_TYPES:
        return False
    if isinstance(value, (Variable, Module)) or hasattr(cls, "_trackable_children"):
        return True
    if isinstance(value, (list, tuple)):
        return any(is_trackable(v) for v in value)
    if isinstance(value, dict):
        return any(is_trackable(v) for v in value.values())
    return False
