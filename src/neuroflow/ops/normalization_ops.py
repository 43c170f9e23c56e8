"""Normalization over batches and channels: `fused_batch_norm`, `local_response_normalization`.

Both compose public ops (`moments`, `batch_normalization`, `square`, ...), so their
gradients, second derivatives and compiled graphs come from those ops'.

>>> import neuroflow as tf
>>> y, mean, variance = tf.compat.v1.nn.fused_batch_norm(
...     tf.constant([[[[1.0]], [[3.0]]]]), scale=[1.0], offset=[0.0], epsilon=1e-5)
>>> y.numpy().ravel(), mean.numpy(), variance.numpy()
(array([-0.999995,  0.999995], dtype=float32), array([2.], dtype=float32), array([2.], dtype=float32))
"""
from .array_ops import pad, reshape, stop_gradient
from .conv_geometry import channels_first
from .math_ops import add, multiply, pow, square
from .nn_ops import batch_normalization, moments
from .registry import as_tensor

__all__ = ["fused_batch_norm", "local_response_normalization", "lrn"]

_MIN_EPSILON = 1.001e-5  # TensorFlow raises smaller epsilons to this (cuDNN's minimum)


def fused_batch_norm(x, scale, offset, mean=None, variance=None, epsilon=0.001, data_format="NHWC",
                     is_training=True, name=None, exponential_avg_factor=1.0):
    """Batch normalization of a 4-D or 5-D `x` over all axes but the channels, in one call.

    Args:
        x: `NHWC`/`NDHWC` (default) or `NCHW`/`NCDHW`.
        scale, offset: 1-D, one value per channel.
        mean, variance: the population statistics: required for inference (`is_training=False`)
            and for a running average (`exponential_avg_factor != 1`).
        epsilon: added to the variance (at least 1.001e-5, as in TensorFlow).
        is_training: normalize with the batch's statistics (True) or with `mean`/`variance`.
        exponential_avg_factor: the weight of this batch in the running averages returned.

    Returns:
        `(y, running_mean, running_variance)`. In training the variance returned is the
        batch's unbiased (Bessel-corrected) variance, averaged in by `exponential_avg_factor`;
        `y` itself is normalized by the biased variance. As in TensorFlow, gradients flow
        through `y` only.
    """
    if (not is_training or exponential_avg_factor != 1.0) and (mean is None or variance is None):
        raise ValueError("Both `mean` and `variance` must be a 1D tensor when `is_training` is False or "
                         f"`exponential_avg_factor` != 1.0. Received: `mean` {mean!r} and `variance` {variance!r}")
    x = as_tensor(x)
    if x.ndim not in (4, 5):
        raise ValueError(f"fused_batch_norm: x must be 4-D or 5-D, got shape {tuple(x.shape)}.")
    if data_format not in ("NHWC", "NCHW", "NDHWC", "NCDHW"):
        raise ValueError(f"fused_batch_norm: data_format must be 'NHWC', 'NCHW', 'NDHWC' or 'NCDHW', got "
                         f"{data_format!r}.")
    epsilon = max(float(epsilon), _MIN_EPSILON)
    channel = 1 if channels_first(data_format) else x.ndim - 1
    axes = [a for a in range(x.ndim) if a != channel]
    shape = [-1 if a == channel else 1 for a in range(x.ndim)]
    scale, offset = as_tensor(scale, x._dtype), as_tensor(offset, x._dtype)
    if not is_training:
        mean, variance = as_tensor(mean, x._dtype), as_tensor(variance, x._dtype)
        y = batch_normalization(x, reshape(mean, shape), reshape(variance, shape), reshape(offset, shape),
                                reshape(scale, shape), epsilon)
        return y, mean, variance
    batch_mean, batch_variance = moments(x, axes)
    y = batch_normalization(x, reshape(batch_mean, shape), reshape(batch_variance, shape), reshape(offset, shape),
                            reshape(scale, shape), epsilon)
    count = 1
    for a in axes:
        count *= x.shape[a]
    batch_variance = batch_variance * (count / max(count - 1, 1))
    if exponential_avg_factor != 1.0:
        keep = 1.0 - exponential_avg_factor
        batch_mean = add(multiply(as_tensor(mean, x._dtype), keep), batch_mean * exponential_avg_factor)
        batch_variance = add(multiply(as_tensor(variance, x._dtype), keep), batch_variance * exponential_avg_factor)
    return y, stop_gradient(batch_mean), stop_gradient(batch_variance)  # as TF's: no gradient flows back through them


def local_response_normalization(input, depth_radius=5, bias=1.0, alpha=1.0, beta=0.5, name=None):
    """Each value divided by `(bias + alpha * sum of squares of its 2r+1 channel neighbours) ** beta`.

    `sqr_sum[n, h, w, c] = sum(input[n, h, w, c - r : c + r + 1] ** 2)` over the last axis (the channels).

    >>> import neuroflow as tf
    >>> tf.nn.local_response_normalization(tf.ones([1, 1, 1, 3]), depth_radius=1, bias=0.0, alpha=1.0,
    ...                                    beta=1.0).numpy().ravel()
    array([0.5      , 0.33333334, 0.5      ], dtype=float32)
    """
    x = as_tensor(input)
    if x.ndim != 4:
        raise ValueError(f"local_response_normalization: input must be 4-D (NHWC), got shape {tuple(x.shape)}.")
    r, channels = int(depth_radius), x.shape[-1]
    padded = pad(square(x), [[0, 0]] * 3 + [[r, r]])
    total = padded[..., 0:channels]
    for i in range(1, 2 * r + 1):
        total = total + padded[..., i:i + channels]
    return x / pow(total * alpha + bias, beta)


lrn = local_response_normalization
