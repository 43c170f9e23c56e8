"""The op registry: every primitive op's forward and gradient, side by side.

An op is declared once::

    @op("Mul")
    def _mul(xp, x, y):               # forward, on backend arrays (xp is numpy or cupy)
        return xp.multiply(x, y)

    @_mul.gradient
    def _(ctx, dy):                   # gradient, written with public ops so it composes
        x, y = ctx.inputs
        return dy * y, dy * x

Calling `_mul(a, b)` on tensors runs the op: eagerly it computes on the arrays now
and, only when a `GradientTape` is recording, hands the call to the tape; while a
`tf.function` is being traced it adds a node to the graph instead. The tape and the
graph layer sit above this file, so they plug in through `state` (framework/context.py).
"""
import warnings

import numpy as np

from .. import backend
from ..framework import errors
from ..framework.context import state
from ..framework.convert import TENSOR_TYPES, convert_to_tensor
from ..framework.dtypes import _BY_NUMPY, from_numpy
from ..framework.tensor import Tensor

__all__ = ["op", "Op", "OpCall", "REGISTRY", "execute", "state", "as_tensor", "binary_operands"]

REGISTRY = {}

# NumPy warns about log(0), 1/0, overflow...; TensorFlow silently returns inf/nan. NumPy
# attributes those warnings to the calling module, so this ignores only the ones our op
# kernels trigger (a per-call errstate would cost microseconds on every op).
warnings.filterwarnings("ignore", category=RuntimeWarning, module=r"neuroflow\.ops\.")

_modules = backend._modules
ndarray = np.ndarray


class OpCall:
    """One recorded application of an op: what a gradient function receives as `ctx`.

    Attributes:
        op: the `Op`.
        inputs: the input tensors (or variables) as passed.
        attrs: the op's non-tensor arguments (dict).
        outputs: the output tensors (a tuple).
        needs: per input, whether a gradient is wanted for it (skip work when False).
    """

    __slots__ = ("op", "inputs", "attrs", "outputs", "needs")

    def __init__(self, op, inputs, attrs, outputs, needs=None):
        self.op, self.inputs, self.attrs, self.outputs = op, inputs, attrs, outputs
        self.needs = needs if needs is not None else (True,) * len(inputs)

    @property
    def output(self):
        return self.outputs[0]


class Op:
    """A primitive op: a named forward function plus (optionally) its gradient.

    Args:
        name: the op's TensorFlow-style name ("AddV2", "MatMul", ...).
        forward: `forward(xp, *arrays, **attrs)` returning an array or a tuple of arrays.
        view: True when the forward may return a view of an input (reshape, transpose...);
            such results are copied when an input is a Variable, whose memory changes in place.
        stateful: True when each run may give a new result from the same inputs (random
            draws): graph passes never fold or merge such ops.
    """

    __slots__ = ("name", "forward", "grad", "view", "stateful", "run")

    def __init__(self, name, forward, view=False, stateful=False):
        self.name, self.forward, self.grad, self.view = name, forward, None, view
        self.stateful = stateful
        self.run = _runner(self)

    def gradient(self, fn):
        """Registers `fn(ctx, *output_grads) -> input grads` as this op's gradient."""
        self.grad = fn
        return fn

    def __call__(self, *inputs, **attrs):
        return self.run(*inputs, **attrs)

    def __repr__(self):
        return f"<Op {self.name}>"


def op(name, view=False, stateful=False):
    """Decorator: registers `forward` as the op `name`.

    Returns the op's runner: a function of tensors (`_add(x, y)`) with the `Op` as its
    `.op` attribute and the `.gradient` decorator.
    """
    def register(forward):
        if name in REGISTRY:
            raise ValueError(f"Op {name!r} is already registered.")
        REGISTRY[name] = operation = Op(name, forward, view, stateful)
        return operation.run
    return register


def _runner(op):
    """The function that runs `op` on tensors: eagerly (recording on active tapes) or into a graph.

    A plain closure rather than a method, because it is the hottest path of eager execution.
    """
    forward, view = op.forward, op.view
    dtype_of = _BY_NUMPY.get
    new_tensor = Tensor.__new__

    def run(*inputs, **attrs):
        if state.graph is not None:
            return state.graph.add_op(op, inputs, attrs)
        n = len(inputs)
        try:
            if n == 2:
                v0 = inputs[0]._value
                xp = np if type(v0) is ndarray else _modules.get(type(v0), np)
                out = forward(xp, v0, inputs[1]._value, **attrs) if attrs else \
                    forward(xp, v0, inputs[1]._value)
            elif n == 1:
                v0 = inputs[0]._value
                xp = np if type(v0) is ndarray else _modules.get(type(v0), np)
                out = forward(xp, v0, **attrs) if attrs else forward(xp, v0)
            elif n:
                values = [x._value for x in inputs]
                out = forward(_modules.get(type(values[0]), np), *values, **attrs)
            else:
                out = forward(backend.current_module(), **attrs)
        except (ValueError, TypeError, IndexError, ArithmeticError, np.linalg.LinAlgError) as error:
            raise _failure(op, inputs, error) from None
        if view:
            out = _unshare(inputs, out)
        if type(out) is not tuple:
            result = new_tensor(Tensor)  # Tensor(out, dtype) without the ~60 ns __init__ call
            result._value, result._dtype = out, dtype_of(out.dtype) or from_numpy(out.dtype)
            if state.tapes and op.grad is not None:
                for tape in state.tapes:
                    tape._record(op, inputs, attrs, (result,))
            return result
        outputs = tuple([Tensor(o, dtype_of(o.dtype) or from_numpy(o.dtype)) for o in out])
        if state.tapes and op.grad is not None:
            for tape in state.tapes:
                tape._record(op, inputs, attrs, outputs)
        return outputs

    run.op = op
    run.name = op.name
    run.forward = forward
    run.gradient = op.gradient
    return run


def _describe(inputs):
    return ", ".join(f"{x._dtype.name}{tuple(x._value.shape)}" for x in inputs)


def _failure(op, inputs, error):
    if isinstance(error, errors.OpError):
        return error
    message = str(error).rstrip(".")
    if "could not be broadcast" in message:
        shapes = " and ".join(str(tuple(x._value.shape)) for x in inputs)
        message = (f"incompatible shapes {shapes}: to broadcast, each dimension (aligned from the "
                   "right) must be equal or 1")
        return errors.InvalidArgumentError(
            None, op.name, f"{op.name}: {message}. Reshape or tf.expand_dims one operand. [Op:{op.name}]")
    return errors.InvalidArgumentError(
        None, op.name,
        f"{op.name}: {message}. Received inputs: {_describe(inputs) or 'none'}. "
        f"Check the shapes and dtypes of the arguments. [Op:{op.name}]")


def execute(op, inputs, attrs):
    """Runs `op` on tensor `inputs`: eagerly (recording on active tapes), or into the graph being traced."""
    return op(*inputs, **attrs)


def _unshare(inputs, out):
    """Copies view outputs of a variable, whose memory is updated in place later."""
    for x in inputs:
        if type(x) is not Tensor:
            return tuple(o.copy() for o in out) if type(out) is tuple else out.copy()
    return out


def as_tensor(value, dtype=None):
    """`value` if it is already a tensor or variable, else `convert_to_tensor(value, dtype)`."""
    if type(value) in TENSOR_TYPES:
        return value
    return convert_to_tensor(value, dtype=dtype)


def _is_python(value):
    return isinstance(value, (int, float, complex, list, tuple)) and not hasattr(value, "_dtype")


def binary_operands(op_name, x, y):
    """`x` and `y` as tensors of one dtype, following TensorFlow's rules.

    Python scalars and lists adopt the other operand's dtype (`t_float32 + 1` stays float32);
    two tensors of different dtypes are an error, as in TensorFlow.
    """
    if type(x) is Tensor and type(y) is Tensor and x._dtype is y._dtype:
        return x, y
    tx, ty = type(x) in TENSOR_TYPES, type(y) in TENSOR_TYPES
    if tx and ty and x._dtype is y._dtype:  # e.g. a tensor and a variable
        return x, y
    if not (tx and ty):
        if tx:
            y = _convert_like(op_name, y, x._dtype, x)
        elif ty:
            x = _convert_like(op_name, x, y._dtype, y)
        else:
            x = convert_to_tensor(x)
            y = _convert_like(op_name, y, x._dtype, x)
    if x._dtype is not y._dtype:
        raise errors.InvalidArgumentError(
            None, op_name,
            f"{op_name}: cannot combine a {x._dtype.name} tensor with a {y._dtype.name} tensor "
            f"(shapes {x.shape} and {y.shape}). TensorFlow does not convert dtypes implicitly: "
            f"use tf.cast(y, tf.{x._dtype.name}) on one of them. [Op:{op_name}]")
    return x, y


def _convert_like(op_name, value, dtype, like):
    cls = type(value)
    if cls is float and dtype.kind in "fc" or cls is int and dtype.kind in "fiuc":
        try:  # the common `t * 2` case, on the other operand's device
            xp = _modules.get(type(like._value), np)
            return Tensor(xp.asarray(value, dtype=dtype.as_numpy_dtype), dtype)
        except OverflowError:
            pass  # out of range: the general path explains
    if hasattr(value, "_dtype"):
        return value
    if isinstance(value, np.ndarray) and value.dtype.kind in "fiub" and dtype.kind in "fc":
        return convert_to_tensor(value.astype(dtype.as_numpy_dtype, copy=False))
    if _is_python(value) or isinstance(value, (np.ndarray, np.generic)):
        try:
            return convert_to_tensor(value, dtype=dtype)
        except TypeError:
            if dtype.is_integer and np.asarray(value).dtype.kind in "iu":  # TF wraps: int8 + [129] -> -127
                return convert_to_tensor(np.asarray(value).astype(dtype.as_numpy_dtype))
            raise TypeError(
                f"{op_name}: cannot convert {value!r} to a {dtype.name} tensor to combine it with a "
                f"{dtype.name} tensor. Cast the tensor first, e.g. tf.cast(t, tf.float32).") from None
    return convert_to_tensor(value)

