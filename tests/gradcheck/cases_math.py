"""Gradient cases for tf.math: binary arithmetic, elementwise functions, reductions and scans."""
import numpy as np

import neuroflow as tf
from .harness import case

UNIT = np.array([[-0.5, 0.3, 0.8], [0.6, -0.2, -0.7]])            # inside (-1, 1)
POSITIVE = np.array([[0.5, 1.5, 2.0], [1.2, 0.7, 3.0]])
ABOVE_ONE = POSITIVE + 1.0
SPREAD = np.array([-3.0, -1.5, -0.4, 0.3, 1.9, 2.5, 4.0])          # both erf branches
NONZERO = np.array([[1.5, -0.5, 2.0], [-1.2, 0.8, 3.0]])
IDS = tf.constant([0, 0, 1, 3])


def complex_round_trip(fn):
    """A real function of (a, b) through complex arithmetic: covers Complex, Real and Imag."""
    def through(a, b):
        z = fn(tf.complex(a, b))
        return tf.math.real(z) + 2.0 * tf.math.imag(z)
    return through


CASES = [
    # --- binary arithmetic
    case("pow", lambda x, y: tf.pow(x, y), POSITIVE, (2, 3), second_order=True),
    case("pow operator, broadcast", lambda x, y: x ** y, POSITIVE, (3,)),
    case("floormod", lambda x, y: tf.math.floormod(x, y),
         np.array([5.3, -5.3, 7.1]), np.array([2.0, 2.0, -3.0])),
    case("truncatemod", lambda x, y: tf.truncatemod(x, y),
         np.array([5.3, -5.3, 7.1]), np.array([2.0, 2.0, -3.0])),
    case("maximum broadcast", lambda x, y: tf.maximum(x, y), (2, 3), (3,), second_order=True),
    case("minimum", lambda x, y: tf.minimum(x, y), (2, 3), (2, 3)),
    case("squared_difference", lambda x, y: tf.math.squared_difference(x, y), (2, 3), (2, 1),
         second_order=True),
    case("add_n", lambda a, b, c: tf.add_n([a, b * c, c]), (2, 2), (2, 2), (2, 2)),
    case("scalar_mul", lambda s, x: tf.math.scalar_mul(s[0], x), (1,), (3,)),
    case("divide_no_nan", lambda x, y: tf.math.divide_no_nan(x, y), (2, 3), NONZERO,
         second_order=True),
    case("multiply_no_nan", lambda x, y: tf.math.multiply_no_nan(x, y), (2, 3), (3,),
         second_order=True),
    case("xdivy", lambda x, y: tf.math.xdivy(x, y), (2, 3), NONZERO, second_order=True),
    case("xlogy", lambda x, y: tf.math.xlogy(x, y), (2, 3), POSITIVE, second_order=True),
    case("xlog1py", lambda x, y: tf.math.xlog1py(x, y), (2, 3), POSITIVE - 0.4, second_order=True),
    case("clip_by_value", lambda x: tf.clip_by_value(x, -0.5, tf.constant([0.4, 1.0, 2.0], tf.float64)),
         np.array([[-1.0, 0.3, 1.7], [-0.2, 1.5, 2.5]])),
    case("clip_by_norm", lambda x: tf.clip_by_norm(x, 1.5, axes=[1]), np.array([[0.3, 0.4], [2.0, -1.0]])),
    case("clip_by_global_norm", lambda a, b: tf.clip_by_global_norm([a, None, b], 1.0)[0][::2], (2,), (3,)),
    # --- elementwise functions (second order covers the *Grad ops)
    case("sign has zero gradient", lambda x: tf.sign(x) * x, NONZERO),
    case("reciprocal", lambda x: tf.math.reciprocal(x), NONZERO, second_order=True),
    case("reciprocal_no_nan", lambda x: tf.math.reciprocal_no_nan(x), NONZERO),
    case("rsqrt", lambda x: tf.math.rsqrt(x), POSITIVE, second_order=True),
    case("expm1", lambda x: tf.math.expm1(x), (2, 3), second_order=True),
    case("log1p", lambda x: tf.math.log1p(x), POSITIVE - 0.4, second_order=True),
    case("sin", lambda x: tf.sin(x), (2, 3), second_order=True),
    case("cos", lambda x: tf.cos(x), (2, 3), second_order=True),
    case("tan", lambda x: tf.tan(x), UNIT, second_order=True),
    case("asin", lambda x: tf.asin(x), UNIT, second_order=True),
    case("acos", lambda x: tf.acos(x), UNIT),
    case("atan", lambda x: tf.atan(x), (2, 3), second_order=True),
    case("atan2 broadcast", lambda y, x: tf.atan2(y, x), (2, 3), (3,), second_order=True),
    case("sinh", lambda x: tf.sinh(x), (2, 3)),
    case("cosh", lambda x: tf.cosh(x), (2, 3)),
    case("tanh", lambda x: tf.tanh(x), (2, 3), second_order=True),
    case("asinh", lambda x: tf.asinh(x), (2, 3)),
    case("acosh", lambda x: tf.acosh(x), ABOVE_ONE),
    case("atanh", lambda x: tf.atanh(x), UNIT),
    case("sigmoid", lambda x: tf.sigmoid(x * 3.0), (2, 3), second_order=True),
    case("log_sigmoid", lambda x: tf.math.log_sigmoid(x * 3.0), (2, 3), second_order=True),
    case("softplus", lambda x: tf.math.softplus(x * 3.0), (2, 3)),
    case("softsign", lambda x: tf.math.softsign(x), NONZERO, second_order=True),
    case("erf", lambda x: tf.math.erf(x), SPREAD, second_order=True),
    case("erfc", lambda x: tf.math.erfc(x), SPREAD),
    case("complex tanh (Complex, Real, Imag)", complex_round_trip(tf.tanh), (2, 2), (2, 2)),
    case("complex products and quotients", complex_round_trip(lambda z: z * z / (z + 3.0)), (3,), (3,)),
    case("complex exp, sigmoid, conj", complex_round_trip(lambda z: tf.exp(z) * tf.math.conj(tf.sigmoid(z))),
         (3,), (3,)),
    case("complex abs and variance", lambda a, b: tf.abs(tf.complex(a, b)) + tf.math.reduce_variance(
        tf.complex(a, b * a), axis=0), (2, 2), (2, 2)),
    # --- reductions
    case("reduce_max", lambda x: tf.reduce_max(x, axis=1), (3, 4), second_order=True),
    case("reduce_min keepdims", lambda x: tf.reduce_min(x, axis=[0, 2], keepdims=True), (2, 3, 2)),
    case("reduce_prod", lambda x: tf.reduce_prod(x, axis=[0, 2]), (2, 3, 2), second_order=True),
    case("reduce_prod with a zero", lambda x: tf.reduce_prod(x, axis=-1),
         np.array([[0.0, 2.0, 3.0], [1.5, -1.0, 2.0]])),
    case("reduce_variance", lambda x: tf.math.reduce_variance(x, axis=0), (4, 3), second_order=True),
    case("reduce_std", lambda x: tf.math.reduce_std(x, axis=-1, keepdims=True), (3, 4)),
    case("reduce_logsumexp", lambda x: tf.reduce_logsumexp(x, axis=1), (3, 4), second_order=True),
    case("reduce_euclidean_norm", lambda x: tf.math.reduce_euclidean_norm(x, axis=0), (3, 2),
         second_order=True),
    # --- scans and segments
    case("cumsum", lambda x: tf.cumsum(x, axis=1), (2, 4), second_order=True),
    case("cumsum exclusive reverse", lambda x: tf.cumsum(x, exclusive=True, reverse=True), (4, 2)),
    case("cumprod", lambda x: tf.math.cumprod(x, axis=-1), NONZERO, second_order=True),
    case("cumprod exclusive reverse", lambda x: tf.math.cumprod(x, axis=0, exclusive=True, reverse=True),
         NONZERO),
    case("segment_sum", lambda x: tf.math.segment_sum(x, IDS), (4, 2), second_order=True),
    case("unsorted_segment_sum (SegmentGather)",
         lambda x: tf.square(tf.math.unsorted_segment_sum(x, tf.constant([2, -1, 0, 2]), num_segments=3)),
         (4, 3), second_order=True),
]


def _complex_pair(fn):
    """A real function of (a, b) through a complex transform: covers the FFT ops' gradients."""
    def through(a, b):
        z = fn(tf.complex(a, b))
        return tf.math.real(z) * 1.5 + tf.math.imag(z) * tf.math.real(z)
    return through


CASES += [
    case("fft", _complex_pair(tf.signal.fft), (2, 5), (2, 5), second_order=True),
    case("ifft", _complex_pair(tf.signal.ifft), (4,), (4,), second_order=True),
    case("fft2d", _complex_pair(tf.signal.fft2d), (3, 4), (3, 4)),
    case("ifft2d", _complex_pair(tf.signal.ifft2d), (2, 3), (2, 3)),
    case("rfft even", lambda x: tf.math.real(tf.signal.rfft(x)) ** 2 + tf.math.imag(tf.signal.rfft(x)), (2, 6),
         second_order=True),
    case("rfft odd, padded", lambda x: tf.math.imag(tf.signal.rfft(x, [7])) * tf.math.real(tf.signal.rfft(x, [7])), (5,)),
    case("irfft even", lambda a, b: tf.signal.irfft(tf.complex(a, b)) ** 2, (2, 4), (2, 4), second_order=True),
    case("irfft odd length", lambda a, b: tf.signal.irfft(tf.complex(a, b), [5]) ** 2, (3,), (3,)),
    case("stft", lambda x: tf.math.abs(tf.signal.stft(x, 4, 2, fft_length=4)), (2, 10)),
]
