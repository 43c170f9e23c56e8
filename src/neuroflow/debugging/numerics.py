"""`check_numerics`: fail fast when a tensor (or, on the way back, its gradient) holds NaN or Inf.

>>> import neuroflow as tf
>>> tf.debugging.check_numerics(tf.constant([1.0, 2.0]), "ok").numpy()
array([1., 2.], dtype=float32)
>>> tf.debugging.check_numerics(tf.constant([1.0, float("inf")]), "my input")
Traceback (most recent call last):
...
neuroflow.framework.errors.InvalidArgumentError: my input : Tensor had Inf values [Op:CheckNumerics]
"""
from ..framework import errors
from ..ops.registry import as_tensor, op, state

__all__ = ["check_numerics", "assert_all_finite"]


@op("CheckNumerics", view=True)
def _check_numerics(xp, x, message):
    if not xp.isfinite(x).all():
        has_nan, has_inf = bool(xp.isnan(x).any()), bool(xp.isinf(x).any())
        found = "Inf and NaN" if has_nan and has_inf else "NaN" if has_nan else "Inf"
        raise errors.InvalidArgumentError(
            None, "CheckNumerics", f"{message} : Tensor had {found} values [Op:CheckNumerics]")
    return x


@_check_numerics.gradient
def _(ctx, dy):
    return check_numerics(dy, "Not a number (NaN) or infinity (Inf) values detected in gradient. "
                          + ctx.attrs["message"])


def check_numerics(tensor, message, name=None):
    """`tensor` unchanged; raises InvalidArgumentError if it holds NaN or Inf.

    The gradient is checked the same way when it flows back through this op.

    Args:
        tensor: a floating-point tensor.
        message: the start of the error message, to tell the checks apart.

    Returns:
        `tensor`.
    """
    x = as_tensor(tensor)
    if not x.dtype.is_floating:
        raise TypeError(f"check_numerics: expected a floating-point tensor (float16, bfloat16, float32 "
                        f"or float64), got {x.dtype.name} of shape {x.shape}. Only floats can hold NaN "
                        "or Inf; cast with tf.cast(x, tf.float32) if you need the check.")
    graph = state.graph
    if graph is None:
        return _check_numerics(x, message=str(message))
    # While a graph is built the check waits for the values the graph runs on (tracing's stand-ins
    # are no data to check): the node's output is its input, of the same shape.
    inner = graph.capture(x)
    return graph.add_recorded(_check_numerics.op, [inner], {"message": str(message)}, (inner._value,), True,
                              (inner._shape,), (inner._alt,), recorded=[x])


def assert_all_finite(x, message, name=None):
    """Same as `check_numerics(x, message)`: `x` if it holds no NaN or Inf."""
    return check_numerics(x, message)
