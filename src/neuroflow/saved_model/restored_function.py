"""The functions of a loaded SavedModel: saved concrete functions, and saved `tf.function`s.

A saved `tf.function` (a SavedObjectGraph `function` node) comes back as a `RestoredFunction`:
a call binds its arguments by the saved argument names (TensorFlow's `FunctionSpec`), then
runs the first saved trace whose input signature the arguments match — first without
converting Python values to tensors, then with — and raises TensorFlow's `ValueError` when
none does. Each trace is a `LoadedFunction` running the saved `FunctionDef`; no Python code
from the file runs.

>>> import os, tempfile
>>> import neuroflow as tf
>>> class Doubler(tf.Module):
...     @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
...     def double(self, x):
...         return 2.0 * x
>>> folder = os.path.join(tempfile.mkdtemp(), "doubler")
>>> tf.saved_model.save(Doubler(), folder)
>>> loaded = tf.saved_model.load(folder)
>>> loaded.double(tf.constant([1.0, 2.5])).numpy()
array([2., 5.], dtype=float32)
>>> loaded.double(tf.constant([[1.0]]))
Traceback (most recent call last):
...
ValueError: Could not find matching concrete function to call loaded from the SavedModel. Got:
  Positional arguments (1 total):
    * <tf.Tensor: shape=(1, 1), dtype=float32, numpy=array([[1.]], dtype=float32)>
  Keyword arguments: {}
<BLANKLINE>
 Expected these arguments to match one of the following 1 option(s):
<BLANKLINE>
Option 1:
  Positional arguments (1 total):
    * TensorSpec(shape=(None,), dtype=tf.float32, name='x')
  Keyword arguments: {}
"""
import pprint

from ..framework.convert import convert_to_tensor
from ..framework.tensor import Tensor
from ..framework.variable import Variable
from ..graph.tensor_spec import TensorSpec
from .structured_value import decode

__all__ = ["LoadedFunction", "RestoredFunction", "canonicalize"]


def canonicalize(name, arg_names, defaults, args, kwargs):
    """`(args, kwargs)` with the keyword arguments that name positional parameters moved into
    `args` and missing trailing ones filled from `defaults` (TensorFlow's `FunctionSpec` binding)."""
    args, kwargs = list(args), dict(kwargs)
    first_default = len(arg_names) - len(defaults)
    for position in range(len(args), len(arg_names)):
        parameter = arg_names[position]
        if parameter in kwargs:
            args.append(kwargs.pop(parameter))
        elif position >= first_default:
            args.append(defaults[position - first_default])
        elif any(later in kwargs for later in arg_names[position + 1:]):
            raise TypeError(f"{name}() missing required argument: '{parameter}'")
        else:
            break
    return tuple(args), kwargs


def _pairs(expected, given):
    """`[(expected leaf, given value)]` of two structures, or None when their shapes differ."""
    if isinstance(expected, dict):
        if not isinstance(given, dict) or set(given) != set(expected):
            return None
        keys = sorted(expected)
        expected, given = [expected[k] for k in keys], [given[k] for k in keys]
    elif isinstance(expected, (list, tuple)):
        if not isinstance(given, (list, tuple)) or len(given) != len(expected):
            return None
    else:
        return [(expected, given)]
    pairs = []
    for e, g in zip(expected, given):
        sub = _pairs(e, g)
        if sub is None:
            return None
        pairs += sub
    return pairs


def _pack(structure, outputs):
    """`structure` with its TensorSpec leaves replaced by `outputs` (consumed in order)."""
    if isinstance(structure, dict):
        return {key: _pack(structure[key], outputs) for key in sorted(structure)}
    if isinstance(structure, (list, tuple)):
        items = [_pack(item, outputs) for item in structure]
        return type(structure)(*items) if hasattr(type(structure), "_fields") else type(structure)(items)
    return outputs.pop(0) if isinstance(structure, TensorSpec) else structure


class LoadedFunction:
    """One saved concrete function: its `FunctionDef` with the variables it captures.

    Attributes:
        name: the function's name in the SavedModel's library.
        structured_input_signature: `(args, kwargs)` with `TensorSpec`s, as saved.
        structured_outputs: the output structure with `TensorSpec`s.
    """

    def __init__(self, name, function, captured, saved, argument_keywords=(), allowed_positional=0):
        self.name, self._function, self._captured = name, function, captured
        self.structured_input_signature = decode(saved.canonicalized_input_signature) or ((), {})
        self.structured_outputs = decode(saved.output_signature)
        self._keywords, self._allowed_positional = list(argument_keywords), allowed_positional

    def _match(self, args, kwargs, allow_conversion):
        """The tensors to call with when `(args, kwargs)` fit the input signature, else None."""
        pairs = _pairs(self.structured_input_signature, (tuple(args), dict(kwargs)))
        if pairs is None:
            return None
        tensors = []
        for expected, value in pairs:
            if isinstance(expected, TensorSpec):
                if not isinstance(value, (Tensor, Variable, TensorSpec)):
                    if not allow_conversion:
                        return None
                    try:
                        value = convert_to_tensor(value, dtype_hint=expected.dtype)
                    except (TypeError, ValueError):
                        return None
                if value.dtype != expected.dtype or not expected.shape.is_compatible_with(value.shape):
                    return None
                tensors.append(value)
            elif isinstance(value, (Tensor, Variable)) or value != expected:
                return None
        return tensors

    def _call_flat(self, tensors):
        outputs = self._function(*tensors, *self._captured)
        return _pack(self.structured_outputs, list(outputs))

    def __call__(self, *args, **kwargs):
        tensors = self._match(args, kwargs, allow_conversion=True)
        if tensors is None and args and len(args) <= self._allowed_positional:
            # a signature function also takes its keyword arguments positionally, in order
            kwargs = {**dict(zip(self._keywords, args)), **kwargs}
            args = ()
            tensors = self._match(args, kwargs, allow_conversion=True)
        if tensors is None:
            positional, keywords = self.structured_input_signature
            raise TypeError(f"{self.name}: the arguments do not match the saved input signature. Expected "
                            f"positional arguments {list(positional)} and keyword arguments {keywords}; got "
                            f"{len(args)} positional and keyword arguments {sorted(kwargs)}.")
        return self._call_flat(tensors)

    def __repr__(self):
        return f"<LoadedFunction {self.name}>"


class RestoredFunction:
    """A saved `tf.function`: each call runs the first saved trace its arguments match.

    Attributes:
        concrete_functions: the saved traces (`LoadedFunction`s), in the saved order.
        input_signature: the saved `input_signature` (a tuple of `TensorSpec`s) or None.
    """

    def __init__(self, name, function_spec, concrete_functions):
        self.__name__ = self.name = name
        self.concrete_functions = list(concrete_functions)
        fullargspec = decode(function_spec.fullargspec)
        names = list(getattr(fullargspec, "args", None) or [])
        if function_spec.is_method or names[:1] == ["self"]:
            names = names[1:]
        self._arg_names = names
        self._defaults = tuple(getattr(fullargspec, "defaults", None) or ())
        self.input_signature = decode(function_spec.input_signature)

    def _bind(self, args, kwargs):
        return canonicalize(self.name, self._arg_names, self._defaults, args, kwargs)

    def _find(self, args, kwargs):
        if not self.concrete_functions:
            raise ValueError("Found zero restored functions for caller function.")
        for allow_conversion in (False, True):  # prefer a trace taking the arguments as they are
            for concrete in self.concrete_functions:
                tensors = concrete._match(args, kwargs, allow_conversion)
                if tensors is not None:
                    return concrete, tensors
        options = "\n\n".join(f"Option {i + 1}:\n  {_positional(c.structured_input_signature[0])}\n  Keyword "
                              f"arguments: {c.structured_input_signature[1]}"
                              for i, c in enumerate(self.concrete_functions))
        raise ValueError(f"Could not find matching concrete function to call loaded from the SavedModel. Got:\n"
                         f"  {_positional(args)}\n  Keyword arguments: {kwargs}\n\n Expected these arguments to "
                         f"match one of the following {len(self.concrete_functions)} option(s):\n\n{options}")

    def __call__(self, *args, **kwargs):
        concrete, tensors = self._find(*self._bind(args, kwargs))
        return concrete._call_flat(tensors)

    def get_concrete_function(self, *args, **kwargs):
        """The saved trace that a call with these arguments (tensors or `TensorSpec`s) runs."""
        return self._find(*self._bind(args, kwargs))[0]

    def __repr__(self):
        return f"<RestoredFunction {self.name}: {len(self.concrete_functions)} saved trace(s)>"


def _positional(values):
    return "Positional arguments ({} total):\n    * {}".format(
        len(values), "\n    * ".join(pprint.pformat(v) for v in values))
