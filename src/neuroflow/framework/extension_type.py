"""`tf.experimental.ExtensionType`: user-defined immutable types made of tensors and Python values.

Fields are declared with type annotations. The generated constructor takes them by position
or name (class attributes give defaults), converts values for `tf.Tensor` fields with
`convert_to_tensor` (and for other annotated types checks them), calls `__validate__` if the
class defines one, and then freezes the instance.

>>> import neuroflow as tf
>>> class MaskedTensor(tf.experimental.ExtensionType):
...     values: tf.Tensor
...     mask: tf.Tensor
>>> mt = MaskedTensor([1, 2], [True, False])
>>> mt
MaskedTensor(values=<tf.Tensor: shape=(2,), dtype=int32, numpy=array([1, 2], dtype=int32)>, mask=<tf.Tensor: shape=(2,), dtype=bool, numpy=array([ True, False])>)
>>> mt.values = [3, 4]
Traceback (most recent call last):
...
AttributeError: Cannot mutate attribute `values` outside the custom constructor of ExtensionType.
"""
import collections.abc
import inspect
import typing

import numpy as np

from .convert import convert_to_tensor
from .dtypes import DType
from .tensor import Tensor
from .tensor_shape import TensorShape

__all__ = ["ExtensionType"]

_MISSING = object()


def _fields(cls):
    """[(name, annotation, default)] in declaration order, base classes' fields first."""
    fields = {}
    for klass in reversed(cls.__mro__):
        if klass in (ExtensionType, object):
            continue
        for name, annotation in vars(klass).get("__annotations__", {}).items():
            if name.startswith("_"):
                continue
            fields[name] = (annotation, vars(klass).get(name, fields.get(name, (None, _MISSING))[1]))
    return [(name, annotation, default) for name, (annotation, default) in fields.items()]


def _convert(cls_name, name, annotation, value):
    """`value` for a field annotated `annotation`: tensors converted, other types checked."""
    origin = typing.get_origin(annotation)
    if annotation is Tensor:
        return convert_to_tensor(value)
    if annotation is TensorShape:
        return value if isinstance(value, TensorShape) else TensorShape(value)
    if annotation is DType:
        from .dtypes import as_dtype
        return as_dtype(value)
    if origin is typing.Union:
        for option in typing.get_args(annotation):
            try:
                return _convert(cls_name, name, option, value)
            except (TypeError, ValueError):
                continue
        raise TypeError(f"{cls_name}: field `{name}` expected {annotation}, got {value!r}.")
    if origin in (tuple, list) and isinstance(value, (tuple, list)):
        args = typing.get_args(annotation)
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            return tuple(_convert(cls_name, name, args[0], v) for v in value)
        if origin is tuple and args:
            return tuple(_convert(cls_name, name, a, v) for a, v in zip(args, value))
        return tuple(_convert(cls_name, name, args[0], v) for v in value) if args else tuple(value)
    if origin in (dict, collections.abc.Mapping):
        return dict(value)
    if annotation is type(None):
        if value is not None:
            raise TypeError(f"{cls_name}: field `{name}` expected None, got {value!r}.")
        return value
    if isinstance(annotation, type) and not isinstance(value, annotation):
        if annotation is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        raise TypeError(f"{cls_name}: field `{name}` expected {annotation.__name__}, got {value!r}.")
    return value


def _equal(a, b):
    if isinstance(a, Tensor) and isinstance(b, Tensor):
        return a.shape == b.shape and bool(np.array_equal(a.numpy(), b.numpy()))
    if isinstance(a, ExtensionType):
        return bool(a == b)
    return a == b


class ExtensionType:
    """Base class of user-defined composite types; see the module docstring."""

    _frozen = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        fields = _fields(cls)
        cls._extension_fields = fields
        if "__init__" in vars(cls):  # a custom constructor: freeze after it runs
            custom = vars(cls)["__init__"]

            def __init__(self, *args, **kw):
                object.__setattr__(self, "_frozen", False)
                custom(self, *args, **kw)
                self._finish()
            cls.__init__ = __init__
            return
        parameters = [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                        default=inspect.Parameter.empty if default is _MISSING else default)
                      for name, _, default in fields]
        signature = inspect.Signature(parameters)

        def __init__(self, *args, **kw):
            try:
                bound = signature.bind(*args, **kw)
            except TypeError as error:
                raise TypeError(f"{cls.__name__}.__init__: {error}") from None
            bound.apply_defaults()
            object.__setattr__(self, "_frozen", False)
            for name, annotation, _ in fields:
                setattr(self, name, _convert(cls.__name__, name, annotation, bound.arguments[name]))
            self._finish()
        __init__.__signature__ = inspect.Signature([inspect.Parameter("self", inspect.Parameter.POSITIONAL_ONLY)]
                                                   + parameters)
        cls.__init__ = __init__

    def _finish(self):
        validate = getattr(self, "__validate__", None)
        if validate is not None:
            validate()
        object.__setattr__(self, "_frozen", True)

    def __setattr__(self, name, value):
        if self._frozen:
            raise AttributeError(f"Cannot mutate attribute `{name}` outside the custom constructor of "
                                 f"ExtensionType.")
        object.__setattr__(self, name, value)

    def __delattr__(self, name):
        raise AttributeError(f"Cannot mutate attribute `{name}` outside the custom constructor of ExtensionType.")

    def __repr__(self):
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name, _, _ in type(self)._extension_fields)
        return f"{type(self).__name__}({fields})"

    def __eq__(self, other):
        """True (a scalar bool tensor) when `other` has the same type and equal fields."""
        return convert_to_tensor(type(other) is type(self) and all(
            _equal(getattr(self, name), getattr(other, name)) for name, _, _ in type(self)._extension_fields))

    def __ne__(self, other):
        return convert_to_tensor(not bool(self == other))

    __hash__ = None
