"""`keras.ops.math`: segment reductions, top-k, logsumexp, erf and friends (Keras 3's names).

>>> from neuroflow import keras
>>> keras.ops.segment_sum([1.0, 2.0, 3.0], [0, 0, 1]).numpy()
array([3., 3.], dtype=float32)
"""
import neuroflow as tf

from .numpy import _float, _t

__all__ = ["segment_sum", "segment_max", "segment_min", "segment_prod", "top_k", "in_top_k", "logsumexp",
           "erf", "erfc", "erfinv", "rsqrt", "logdet", "extract_sequences", "cdist"]


def _segments(data, segment_ids, num_segments):
    data, ids = _t(data), tf.cast(_t(segment_ids), "int32")
    n = int(tf.reduce_max(ids).numpy()) + 1 if num_segments is None else int(num_segments)
    member = tf.equal(tf.reshape(ids, [-1] + [1] * data.ndim), tf.reshape(tf.range(n), [1, n] + [1] * (data.ndim - 1)))
    return data, member, n


def segment_sum(data, segment_ids, num_segments=None, sorted=False):
    data, ids = _t(data), tf.cast(_t(segment_ids), "int32")
    n = int(tf.reduce_max(ids).numpy()) + 1 if num_segments is None else int(num_segments)
    return tf.math.unsorted_segment_sum(data, ids, n)


def _segment_reduce(reduce, identity):
    def apply(data, segment_ids, num_segments=None, sorted=False):
        data, member, n = _segments(data, segment_ids, num_segments)
        expanded = tf.expand_dims(data, 1)
        filled = tf.where(member, expanded, tf.cast(identity(data.dtype), data.dtype) + tf.zeros_like(expanded))
        return reduce(filled, axis=0)
    return apply


segment_max = _segment_reduce(tf.reduce_max, lambda d: d.min)
segment_min = _segment_reduce(tf.reduce_min, lambda d: d.max)
segment_prod = _segment_reduce(tf.reduce_prod, lambda d: 1)


def top_k(x, k, sorted=True):
    return tf.math.top_k(_t(x), k=k, sorted=sorted)


def in_top_k(targets, predictions, k):
    return tf.math.in_top_k(tf.cast(_t(targets), "int32"), _float(predictions), k)


def logsumexp(x, axis=None, keepdims=False):
    return tf.reduce_logsumexp(_float(x), axis=axis, keepdims=keepdims)


def erf(x):
    return tf.math.erf(_float(x))


def erfc(x):
    return tf.math.erfc(_float(x))


def erfinv(x):
    """The inverse error function (Giles' approximation refined by two Newton steps)."""
    x = _float(x)
    w = -tf.math.log((1.0 - x) * (1.0 + x))
    small = w < 5.0
    ws, wl = w - 2.5, tf.sqrt(tf.maximum(w, 5.0)) - 3.0
    p_small, p_large = 2.81022636e-08, -0.000200214257
    for c_small, c_large in ((3.43273939e-07, 0.000100950558), (-3.5233877e-06, 0.00134934322),
                             (-4.39150654e-06, -0.00367342844), (0.00021858087, 0.00573950773),
                             (-0.00125372503, -0.0076224613), (-0.00417768164, 0.00943887047),
                             (0.246640727, 1.00167406), (1.50140941, 2.83297682)):
        p_small, p_large = c_small + p_small * ws, c_large + p_large * wl
    y = tf.where(small, p_small, p_large) * x
    for _ in range(2):  # Newton: erf(y) - x = 0
        y = y - (tf.math.erf(y) - x) / (2.0 / 1.7724538509055159 * tf.exp(-tf.square(y)))
    return y


def rsqrt(x):
    return tf.math.rsqrt(_float(x))


def logdet(x):
    return tf.linalg.logdet(_float(x))


def extract_sequences(x, sequence_length, sequence_stride):
    """Frames of `sequence_length` along the last axis, every `sequence_stride` steps."""
    x = _t(x)
    n = x.shape[-1]
    starts = range(0, n - sequence_length + 1, sequence_stride)
    index = [[s + i for i in range(sequence_length)] for s in starts]
    return tf.gather(x, index, axis=x.ndim - 1)


def cdist(x, y):
    """Euclidean distances between every row of `x` and every row of `y` (batched over leading axes)."""
    x, y = _float(x), _float(y)
    diff = tf.expand_dims(x, -2) - tf.expand_dims(y, -3)
    return tf.sqrt(tf.reduce_sum(tf.square(diff), axis=-1))
