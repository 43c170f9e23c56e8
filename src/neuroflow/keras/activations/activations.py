"""Keras' activation functions, each a line or two over `tf.nn` / `tf.math`.

>>> from neuroflow import keras
>>> keras.activations.relu([-2.0, 0.5, 8.0], max_value=6.0).numpy()
array([0. , 0.5, 6. ], dtype=float32)
>>> keras.activations.hard_sigmoid([-4.0, 0.0, 1.5]).numpy()
array([0.  , 0.5 , 0.75], dtype=float32)
"""
import neuroflow as tf
from ...ops.registry import as_tensor

__all__ = ["relu", "leaky_relu", "relu6", "elu", "selu", "gelu", "silu", "swish", "sigmoid",
           "hard_sigmoid", "hard_silu", "hard_swish", "tanh", "softmax", "log_softmax", "softplus",
           "softsign", "mish", "exponential", "linear"]


def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """Rectified linear unit: `x` above `threshold`, else `negative_slope * (x - threshold)`.

    Args:
        x: input tensor.
        negative_slope: slope below the threshold (0 gives the plain ReLU).
        max_value: the output's upper bound (None: unbounded).
        threshold: values at or below it are zeroed (or scaled by `negative_slope`).
    """
    x = as_tensor(x)
    if threshold == 0 and max_value is None:
        return tf.nn.relu(x) if negative_slope == 0 else tf.nn.leaky_relu(x, alpha=negative_slope)
    y = x * tf.cast(x > threshold, x.dtype) if threshold else tf.nn.relu(x)
    if max_value is not None:
        y = tf.minimum(y, max_value)
    if negative_slope:
        y = y - negative_slope * tf.nn.relu(threshold - x)
    return y


def leaky_relu(x, negative_slope=0.2):
    """`x` for positive inputs, `negative_slope * x` otherwise."""
    return tf.nn.leaky_relu(as_tensor(x), alpha=negative_slope)


def relu6(x):
    """`min(max(x, 0), 6)`."""
    return tf.nn.relu6(as_tensor(x))


def elu(x, alpha=1.0):
    """Exponential linear unit: `x` if `x > 0`, else `alpha * (exp(x) - 1)`."""
    x = as_tensor(x)
    y = tf.nn.elu(x)
    return y if alpha == 1 else tf.where(x > 0, y, alpha * y)


def selu(x):
    """Scaled exponential linear unit (self-normalizing, with LeCun-normal weights)."""
    return tf.nn.selu(as_tensor(x))


def gelu(x, approximate=False):
    """Gaussian error linear unit `x * Phi(x)` (the tanh approximation when `approximate`)."""
    return tf.nn.gelu(as_tensor(x), approximate=approximate)


def silu(x):
    """Sigmoid linear unit (swish): `x * sigmoid(x)`."""
    return tf.nn.silu(as_tensor(x))


def sigmoid(x):
    """`1 / (1 + exp(-x))`."""
    return tf.math.sigmoid(as_tensor(x))


def hard_sigmoid(x):
    """A piecewise-linear sigmoid: `relu6(x + 3) / 6` (Keras 3's formula)."""
    return tf.nn.relu6(as_tensor(x) + 3.0) / 6.0


def hard_silu(x):
    """`x * hard_sigmoid(x)`."""
    x = as_tensor(x)
    return x * hard_sigmoid(x)


def tanh(x):
    """Hyperbolic tangent."""
    return tf.math.tanh(as_tensor(x))


def softmax(x, axis=-1):
    """`exp(x) / sum(exp(x))` along `axis`: turns logits into probabilities."""
    return tf.nn.softmax(as_tensor(x), axis=axis)


def log_softmax(x, axis=-1):
    """`log(softmax(x))`, computed stably."""
    return tf.nn.log_softmax(as_tensor(x), axis=axis)


def softplus(x):
    """`log(exp(x) + 1)`."""
    return tf.math.softplus(as_tensor(x))


def softsign(x):
    """`x / (abs(x) + 1)`."""
    return tf.math.softsign(as_tensor(x))


def mish(x):
    """`x * tanh(softplus(x))`."""
    x = as_tensor(x)
    return x * tf.math.tanh(tf.math.softplus(x))


def exponential(x):
    """`exp(x)`."""
    return tf.exp(as_tensor(x))


def linear(x):
    """The identity: returns `x` unchanged."""
    return x


swish = silu
hard_swish = hard_silu
