"""`InputSpec`: what a layer expects of its inputs (rank, axis sizes, shape), checked on each call.

>>> from neuroflow import keras
>>> spec = keras.layers.InputSpec(min_ndim=2, axes={-1: 784})
>>> spec
InputSpec(min_ndim=2, axes={-1: 784})
>>> import numpy as np
>>> assert_input_compatibility(spec, np.zeros((32, 10)), "dense")
Traceback (most recent call last):
...
ValueError: Input 0 of layer "dense" is incompatible with the layer: expected axis -1 of input shape to have value 784, but received input with shape (32, 10). Pass inputs whose shape matches what the layer was built for.
"""
from ...framework import nest

__all__ = ["InputSpec", "assert_input_compatibility", "shape_of"]

_FIX = "Pass inputs whose shape matches what the layer was built for."


class InputSpec:
    """The rank, axis sizes and shape every input of a layer must have.

    Args:
        dtype: the expected dtype name, or None.
        shape: the expected shape including the batch axis (`None` matches any size).
        ndim, max_ndim, min_ndim: the expected, largest and smallest rank.
        axes: a dict {axis: size} of axes whose size is fixed.
        allow_last_axis_squeeze: accept a rank that differs by a trailing axis of size 1.
        name: the key of this input when inputs come as a dict.
    """

    def __init__(self, dtype=None, shape=None, ndim=None, max_ndim=None, min_ndim=None, axes=None,
                 allow_last_axis_squeeze=False, name=None, optional=False):
        self.dtype = dtype
        self.shape = None if shape is None else tuple(shape)
        self.ndim = len(self.shape) if shape is not None else ndim
        self.max_ndim, self.min_ndim = max_ndim, min_ndim
        try:
            self.axes = {int(k): v for k, v in (axes or {}).items()}
        except (TypeError, ValueError, AttributeError):
            raise TypeError(f"Argument `axes` must be a dict with integer keys. Received: axes={axes}") from None
        self.allow_last_axis_squeeze, self.name, self.optional = allow_last_axis_squeeze, name, optional

    def __repr__(self):
        fields = [f"{key}={value}" for key, value in (
            ("dtype", self.dtype), ("shape", self.shape), ("ndim", self.ndim), ("max_ndim", self.max_ndim),
            ("min_ndim", self.min_ndim), ("axes", self.axes)) if value]
        return f"InputSpec({', '.join(fields)})"

    def get_config(self):
        return {"dtype": self.dtype, "shape": self.shape, "ndim": self.ndim, "max_ndim": self.max_ndim,
                "min_ndim": self.min_ndim, "axes": self.axes}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def shape_of(x):
    """The shape of a tensor, variable, array or KerasTensor as a tuple (None for unknown sizes)."""
    value = getattr(x, "_value", None)
    if value is not None:
        return value.shape
    return tuple(x.shape)


def _incompatible(index, layer_name, what):
    return ValueError(f'Input {index} of layer "{layer_name}" is incompatible with the layer: {what}. {_FIX}')


def _check(spec, x, index, layer_name):
    value = getattr(x, "_value", None)
    if value is not None:  # an eager tensor: its array knows the shape
        shape = value.shape
    elif hasattr(x, "shape"):
        shape = tuple(x.shape)
    else:
        raise ValueError(f"Inputs to a layer should be tensors. Got '{x}' (of type {type(x)}) as input "
                         f"for layer '{layer_name}'.")
    ndim = len(shape)
    if spec.ndim is not None and not spec.allow_last_axis_squeeze and ndim != spec.ndim:
        raise _incompatible(index, layer_name, f"expected ndim={spec.ndim}, found ndim={ndim}. "
                                               f"Full shape received: {shape}")
    if spec.max_ndim is not None and ndim > spec.max_ndim:
        raise _incompatible(index, layer_name, f"expected max_ndim={spec.max_ndim}, found ndim={ndim}. "
                                               f"Full shape received: {shape}")
    if spec.min_ndim is not None and ndim < spec.min_ndim:
        raise _incompatible(index, layer_name, f"expected min_ndim={spec.min_ndim}, found ndim={ndim}. "
                                               f"Full shape received: {shape}")
    if spec.dtype is not None and x.dtype != spec.dtype:
        raise _incompatible(index, layer_name, f"expected dtype={spec.dtype}, found dtype={x.dtype!r}")
    for axis, value in spec.axes.items():
        if value is None:
            continue
        if not -ndim <= axis < ndim:
            raise _incompatible(index, layer_name, f"axis {axis} is out of bounds for an input with "
                                                   f"ndim={ndim}. Full shape received: {shape}")
        if shape[axis] not in (value, None):
            raise _incompatible(index, layer_name, f"expected axis {axis} of input shape to have value "
                                                   f"{value}, but received input with shape {shape}")
    if spec.shape is not None:
        expected = spec.shape
        if spec.allow_last_axis_squeeze:
            if len(shape) == len(expected) + 1 and shape[-1] == 1:
                shape = shape[:-1]
            elif len(expected) == len(shape) + 1 and expected[-1] == 1:
                expected = expected[:-1]
        if len(shape) != len(expected) or any(
                e is not None and d is not None and e != d for e, d in zip(expected, shape)):
            raise _incompatible(index, layer_name, f"expected shape={spec.shape}, found shape={shape}")


def assert_input_compatibility(input_spec, inputs, layer_name):
    """Raises a ValueError naming the layer and the input when `inputs` do not fit `input_spec`."""
    if not input_spec:
        return
    if not nest.is_nested(inputs):
        if isinstance(input_spec, list) and len(input_spec) == 1:
            input_spec = input_spec[0]
        if isinstance(input_spec, InputSpec):
            _check(input_spec, inputs, 0, layer_name)
            return
    specs = nest.flatten(input_spec)
    if isinstance(inputs, dict) and all(spec.name for spec in specs):
        missing = [spec.name for spec in specs if spec.name not in inputs]
        if missing:
            raise ValueError(f'Missing data for input "{missing[0]}". You passed a data dictionary with keys '
                             f"{list(inputs)}. Expected the following keys: {[s.name for s in specs]}")
        inputs = [inputs[spec.name] for spec in specs]
    flat = nest.flatten(inputs)
    if len(flat) != len(specs):
        raise ValueError(f'Layer "{layer_name}" expects {len(specs)} input(s), but it received {len(flat)} '
                         f"input tensors. Inputs received: {inputs}")
    for index, (x, spec) in enumerate(zip(flat, specs)):
        if spec is not None and not (x is None and spec.optional):
            _check(spec, x, index, layer_name)
