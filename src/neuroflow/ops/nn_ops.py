"""Neural-network ops (`tf.nn`): activations, softmax, cross-entropies, dropout, ...

>>> import neuroflow as tf
>>> tf.nn.relu([-1.0, 2.0]).numpy()
array([0., 2.], dtype=float32)
"""
from .registry import op, as_tensor

__all__ = ["relu"]


@op("Relu")
def _relu(xp, x):
    return xp.maximum(x, 0)


@_relu.gradient
def _(ctx, dy):
    return _relu_grad(dy, ctx.output)


@op("ReluGrad")
def _relu_grad(xp, dy, y):
    return dy * (y > 0)


@_relu_grad.gradient
def _(ctx, ddx):
    return _relu_grad(ddx, ctx.inputs[1]), None


def relu(features, name=None):
    """max(features, 0) elementwise.

    >>> import neuroflow as tf
    >>> print(tf.nn.relu(tf.add(tf.multiply(3.0, 2.0), 5.0)).numpy())
    11.0
    """
    return _relu(as_tensor(features))
