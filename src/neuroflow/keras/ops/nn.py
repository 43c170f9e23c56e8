"""`keras.ops.nn`: Keras 3's neural-network functions (activations, losses, normalization).

Most are the Keras activations and losses under their `ops` names; convolution and pooling
go through `tf.nn`.

>>> from neuroflow import keras
>>> keras.ops.softmax([[1.0, 1.0]]).numpy()
array([[0.5, 0.5]], dtype=float32)
>>> keras.ops.one_hot([0, 2], 3).numpy()
array([[1., 0., 0.],
       [0., 0., 1.]], dtype=float32)
"""
import math as _math

import neuroflow as tf

from .. import activations as _act
from ..backend.config import epsilon as _epsilon
from ..backend.dtypes import standardize_dtype
from ..losses import probabilistic as _losses
from .conv import (adaptive_average_pool, adaptive_max_pool, average_pool, conv, conv_transpose,  # noqa: F401
                   depth_to_space, depthwise_conv, max_pool, separable_conv, space_to_depth)
from .numpy import _float, _t

__all__ = ["relu", "relu6", "sigmoid", "softplus", "softsign", "silu", "swish", "log_sigmoid", "leaky_relu",
           "hard_sigmoid", "hard_silu", "hard_swish", "elu", "selu", "gelu", "celu", "glu", "hard_tanh",
           "hard_shrink", "soft_shrink", "tanh_shrink", "sparse_plus", "sparse_sigmoid", "squareplus",
           "threshold", "softmax", "log_softmax", "sparsemax", "one_hot", "multi_hot", "moments",
           "batch_normalization", "layer_normalization", "rms_normalization", "normalize",
           "binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy",
           "dot_product_attention", "psnr", "polar", "conv", "conv_transpose", "depthwise_conv", "separable_conv",
           "max_pool", "average_pool", "adaptive_max_pool", "adaptive_average_pool", "depth_to_space",
           "space_to_depth"]

relu, relu6, sigmoid = _act.relu, _act.relu6, _act.sigmoid
softplus, softsign, silu, swish = _act.softplus, _act.softsign, _act.silu, _act.swish
leaky_relu, hard_sigmoid, hard_silu, hard_swish = _act.leaky_relu, _act.hard_sigmoid, _act.hard_silu, _act.hard_swish
elu, selu, softmax, log_softmax = _act.elu, _act.selu, _act.softmax, _act.log_softmax


def gelu(x, approximate=True):
    """Gaussian error linear unit (the tanh approximation by default, as keras.ops)."""
    return _act.gelu(_float(x), approximate=approximate)


def log_sigmoid(x):
    return tf.math.log_sigmoid(_float(x))


def celu(x, alpha=1.0):
    """max(x, 0) + min(0, alpha * (exp(x / alpha) - 1))."""
    x = _float(x)
    return tf.nn.relu(x) + tf.minimum(0.0, alpha * (tf.exp(x / alpha) - 1.0))


def glu(x, axis=-1):
    """Gated linear unit: the first half of `axis` times the sigmoid of the second half."""
    a, b = tf.split(_float(x), 2, axis=axis)
    return a * tf.math.sigmoid(b)


def hard_tanh(x):
    return tf.clip_by_value(_float(x), -1.0, 1.0)


def hard_shrink(x, threshold=0.5):
    x = _float(x)
    return tf.where(tf.abs(x) > threshold, x, tf.zeros_like(x))


def soft_shrink(x, threshold=0.5):
    x = _float(x)
    return tf.where(x > threshold, x - threshold, tf.where(x < -threshold, x + threshold, tf.zeros_like(x)))


def tanh_shrink(x):
    x = _float(x)
    return x - tf.tanh(x)


def sparse_plus(x):
    """0 below -1, (x + 1)² / 4 on [-1, 1], x above 1."""
    x = _float(x)
    return tf.where(x <= -1.0, tf.zeros_like(x), tf.where(x >= 1.0, x, tf.square(x + 1.0) / 4.0))


def sparse_sigmoid(x):
    """0 below -1, (x + 1) / 2 on [-1, 1], 1 above."""
    return tf.clip_by_value(0.5 * (_float(x) + 1.0), 0.0, 1.0)


def squareplus(x, b=4):
    x = _float(x)
    return (x + tf.sqrt(tf.square(x) + b)) / 2.0


def threshold(x, threshold, default_value):
    """`x` where x > threshold, else `default_value`."""
    x = _float(x)
    return tf.where(x > threshold, x, tf.cast(default_value, x.dtype) + tf.zeros_like(x))


def sparsemax(x, axis=-1):
    """The Euclidean projection of `x` onto the probability simplex along `axis` (sparse softmax)."""
    x = _float(x)
    z = tf.sort(x, axis=axis, direction="DESCENDING")
    k = tf.cast(tf.range(1, x.shape[axis] + 1), x.dtype)
    shape = [1] * x.ndim
    shape[axis] = -1
    k = tf.reshape(k, shape)
    cumulative = tf.cumsum(z, axis=axis)
    support = tf.cast(1.0 + k * z > cumulative, x.dtype)
    k_z = tf.reduce_sum(support, axis=axis, keepdims=True)
    tau = (tf.reduce_sum(support * z, axis=axis, keepdims=True) - 1.0) / k_z
    return tf.nn.relu(x - tau)


def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    """One-hot vectors of `num_classes` for integer `x` (negative indices give zeros)."""
    if sparse:
        raise ValueError("one_hot: sparse=True is not supported; neuroflow returns dense tensors.")
    return tf.one_hot(tf.cast(_t(x), "int32"), num_classes, axis=axis, dtype=standardize_dtype(dtype))


def multi_hot(inputs, num_classes=None, axis=-1, dtype=None, sparse=False, **kwargs):
    """Multi-hot vectors: 1 at every class index a row of `inputs` lists."""
    num_classes = kwargs.pop("num_tokens", num_classes)
    x = _t(inputs)
    if x.ndim == 0:
        x = tf.expand_dims(x, 0)
    hot = one_hot(x, num_classes, axis=axis, dtype=dtype, sparse=sparse)
    reduce_axis = -2 if axis == -1 else axis
    return tf.reduce_max(hot, axis=reduce_axis)


def moments(x, axes, keepdims=False, synchronized=False):
    """(mean, variance) over `axes`."""
    mean, variance = tf.nn.moments(_float(x), axes=list(axes), keepdims=keepdims)
    return mean, variance


def batch_normalization(x, mean, variance, axis, offset=None, scale=None, epsilon=1e-3):
    """(x - mean) / sqrt(variance + epsilon) * scale + offset; 1-D statistics lie along `axis`."""
    x = _float(x)
    shape = [1] * x.ndim
    shape[axis] = x.shape[axis]

    def along(t):
        if t is None:
            return None
        t = tf.cast(_t(t), x.dtype)
        return tf.reshape(t, shape) if t.ndim == 1 and axis % x.ndim != x.ndim - 1 else t
    return tf.nn.batch_normalization(x, along(mean), along(variance), along(offset), along(scale), epsilon)


def layer_normalization(x, gamma=None, beta=None, axis=-1, epsilon=None, **kwargs):
    """Normalizes over `axis` to zero mean and unit variance, then scales by gamma and shifts by beta."""
    x = _float(x)
    epsilon = _epsilon() if epsilon is None else epsilon
    mean, variance = tf.nn.moments(x, axes=[axis] if isinstance(axis, int) else list(axis), keepdims=True)
    y = (x - mean) * tf.math.rsqrt(variance + epsilon)
    if gamma is not None:
        y = y * tf.cast(_t(gamma), x.dtype)
    return y if beta is None else y + tf.cast(_t(beta), x.dtype)


def rms_normalization(x, scale=None, axis=-1, epsilon=None):
    """x / sqrt(mean(x², axis) + epsilon) * scale."""
    x = _float(x)
    epsilon = _epsilon() if epsilon is None else epsilon
    y = x * tf.math.rsqrt(tf.reduce_mean(tf.square(x), axis=axis, keepdims=True) + epsilon)
    return y if scale is None else y * tf.cast(_t(scale), x.dtype)


def normalize(x, axis=-1, order=2, epsilon=None):
    """`x` divided by its `order`-norm along `axis` (at least epsilon)."""
    x = _float(x)
    epsilon = _epsilon() if epsilon is None else epsilon
    norm = tf.reduce_sum(tf.abs(x) ** order, axis=axis, keepdims=True) ** (1.0 / order)
    return x / tf.maximum(norm, epsilon)


def binary_crossentropy(target, output, from_logits=False):
    """Elementwise binary cross-entropy (no reduction); probabilities are clipped to [eps, 1 - eps]."""
    target, output = _float(target), _float(output)
    if from_logits:
        return tf.nn.sigmoid_cross_entropy_with_logits(labels=target, logits=output)
    p = tf.clip_by_value(output, _epsilon(), 1.0 - _epsilon())
    return -(target * tf.math.log(p) + (1.0 - target) * tf.math.log(1.0 - p))


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    return _losses.categorical_crossentropy(_float(target), _float(output), from_logits=from_logits, axis=axis)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    return _losses.sparse_categorical_crossentropy(_t(target), _float(output), from_logits=from_logits, axis=axis)


def dot_product_attention(query, key, value, bias=None, mask=None, scale=None, is_causal=False,
                          flash_attention=None, attn_logits_soft_cap=None):
    """softmax(Q Kᵀ · scale + bias, masked) V over [batch, seq, heads, dim] inputs."""
    if flash_attention:
        raise ValueError("dot_product_attention: flash_attention is not available on this backend; pass None or False.")
    q, k, v = _float(query), _float(key), _float(value)
    scale = 1.0 / _math.sqrt(q.shape[-1]) if scale is None else scale
    logits = tf.einsum("btnh,bsnh->bnts", q, k) * scale
    if attn_logits_soft_cap is not None:
        logits = attn_logits_soft_cap * tf.tanh(logits / attn_logits_soft_cap)
    if bias is not None:
        logits = logits + tf.cast(_t(bias), logits.dtype)
    keep = None if mask is None else tf.cast(_t(mask), "bool")
    if is_causal:
        t, s = logits.shape[-2], logits.shape[-1]
        causal = tf.cast(tf.linalg.band_part(tf.ones([t, s]), -1, 0), "bool")
        keep = causal if keep is None else tf.logical_and(keep, causal)
    if keep is not None:
        logits = tf.where(keep, logits, tf.fill(tf.shape(logits), tf.cast(-1e9 if logits.dtype != tf.float16 else -6e4, logits.dtype)))
    weights = tf.nn.softmax(logits, axis=-1)
    return tf.einsum("bnts,bsnh->btnh", weights, v)


def psnr(x1, x2, max_val):
    """Peak signal-to-noise ratio in dB: 20 log10(max_val) - 10 log10(mse)."""
    x1, x2 = _float(x1), _float(x2)
    mse = tf.reduce_mean(tf.square(x1 - x2))
    return 20.0 * _math.log10(max_val) - 10.0 * tf.math.log(mse) / _math.log(10.0)


def polar(abs_, angle):
    """The complex number abs_ · e^(i·angle)."""
    r, theta = _float(abs_), _float(angle)
    return tf.complex(r * tf.cos(theta), r * tf.sin(theta))
