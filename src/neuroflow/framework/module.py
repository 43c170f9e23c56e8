"""`tf.Module`: a named container of variables and sub-modules.

>>> import neuroflow as tf
>>> class Dense(tf.Module):
...     def __init__(self, n_in, n_out, name=None):
...         super().__init__(name=name)
...         self.w = tf.Variable(tf.ones([n_in, n_out]), name="w")
...         self.b = tf.Variable(tf.zeros([n_out]), name="b")
...     def __call__(self, x):
...         return tf.matmul(x, self.w) + self.b
>>> class MLP(tf.Module):
...     def __init__(self):
...         super().__init__()
...         self.layers = [Dense(3, 2), Dense(2, 1)]
>>> m = MLP()
>>> len(m.trainable_variables), len(m.submodules)
(4, 2)
"""
import re

from .name_scope import name_scope as _name_scope, current_scope
from .variable import Variable

__all__ = ["Module"]


def _snake_case(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class Module:
    """Base class for objects that own variables: tracks them through attributes.

    Args:
        name: the module's name (defaults to the class name in snake_case).
    """

    def __init__(self, name=None):
        if name is None:
            name = _snake_case(type(self).__name__)
        elif not re.fullmatch(r"[A-Za-z_][\w.\-]*", name):
            raise ValueError(f"Module: {name!r} is not a valid module name: use letters, digits "
                             "and underscores, starting with a letter.")
        self._name = name
        self._scope_name = current_scope() + name + "/"

    @property
    def name(self):
        return self._name

    @property
    def name_scope(self):
        """A name scope: variables created inside it are named 'module_name/...'."""
        return _name_scope(self._scope_name)

    @property
    def variables(self):
        """All variables of this module and its sub-modules (each once)."""
        return tuple(self._flatten(lambda v: isinstance(v, Variable)))

    @property
    def trainable_variables(self):
        return tuple(self._flatten(lambda v: isinstance(v, Variable) and v.trainable))

    @property
    def non_trainable_variables(self):
        return tuple(self._flatten(lambda v: isinstance(v, Variable) and not v.trainable))

    @property
    def submodules(self):
        """All modules reachable from this one (not including itself)."""
        return tuple(self._flatten(lambda v: isinstance(v, Module)))

    def _flatten(self, predicate):
        found, seen = [], {id(self)}
        self._walk(self, predicate, found, seen)
        return found

    @staticmethod
    def _walk(obj, predicate, found, seen):
        for value in _children(obj):
            if id(value) in seen:
                continue
            seen.add(id(value))
            if predicate(value):
                found.append(value)
            if isinstance(value, Module) or isinstance(value, (list, tuple, dict)):
                Module._walk(value, predicate, found, seen)

    @classmethod
    def with_name_scope(cls, method):
        """Decorator: runs `method` inside the module's name scope."""
        def wrapped(self, *args, **kwargs):
            with self.name_scope:
                return method(self, *args, **kwargs)
        wrapped.__name__ = method.__name__
        wrapped.__doc__ = method.__doc__
        return wrapped

    def __repr__(self):
        return f"<{type(self).__module__}.{type(self).__name__} object named {self._name!r}>"


def _children(obj):
    if isinstance(obj, Module):
        return [v for k, v in sorted(vars(obj).items()) if k not in ("_name", "_scope_name")]
    if isinstance(obj, dict):
        return [obj[k] for k in sorted(obj, key=str)]
    if isinstance(obj, (list, tuple)):
        return list(obj)
    return []
