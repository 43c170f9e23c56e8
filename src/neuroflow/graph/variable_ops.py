"""Variables in graphs: reads and in-place assignments as graph nodes.

Eagerly, `Variable.assign_add` updates the array at once. While a graph is built it
adds an assignment node instead, which updates the variable's array in place each time
the graph runs, in program order with the reads around it.

>>> import neuroflow as tf
>>> v = tf.Variable(1.0)
>>> @tf.function
... def step():
...     v.assign_add(2.0)
...     return v.read_value()
>>> step().numpy(), step().numpy()
(np.float32(3.0), np.float32(5.0))
"""
from ..framework import errors
from ..framework.tensor_shape import TensorShape
from ..ops.registry import op, as_tensor

__all__ = ["read_variable", "assign_variable", "ASSIGN_OPS"]


@op("ReadVariableOp")
def _read_variable(xp, value):
    return value.copy()


@_read_variable.gradient
def _(ctx, dy):
    return dy


@op("AssignVariableOp")
def _assign(xp, variable, value):
    variable[...] = value
    return ()


@op("AssignAddVariableOp")
def _assign_add(xp, variable, value):
    xp.add(variable, value, out=variable)
    return ()


@op("AssignSubVariableOp")
def _assign_sub(xp, variable, value):
    xp.subtract(variable, value, out=variable)
    return ()


ASSIGN_OPS = {"assign": _assign, "assign_add": _assign_add, "assign_sub": _assign_sub}


def read_variable(variable):
    """A graph node reading `variable`'s value at this point of the program."""
    return _read_variable(variable)


def assign_variable(variable, value, method):
    """A graph node running `variable.<method>(value)` (assign, assign_add or assign_sub)."""
    value = as_tensor(value, dtype=variable._dtype)
    if value._dtype is not variable._dtype:
        raise ValueError(
            f"{method}: cannot assign a {value._dtype.name} value to variable '{variable.name}' of "
            f"dtype {variable._dtype.name}. Use tf.cast(value, tf.{variable._dtype.name}) first.")
    if not TensorShape(variable._value.shape).is_compatible_with(value.shape) or \
            value.shape.rank != variable._value.ndim:
        raise errors.InvalidArgumentError(
            None, method,
            f"{method}: cannot assign a value of shape {value.shape} to variable '{variable.name}' "
            f"of shape {variable.shape}. The shapes must match.")
    ASSIGN_OPS[method](variable, value)
    return variable
