"""`keras.ops.math`: segment reductions, top-k, logsumexp, erf and friends (Keras 3's names).

>>> from neuroflow import keras
>>> keras.ops.segment_sum([1.0, 2.0, 3.0], [0, 0, 1]).numpy()
array([3., 3.], dtype=float32)
"""
import neuroflow as tf

from .numpy import _float, _t

__all__ = ["segment_sum", "segment_max", "segment_min", "segment_prod", "top_k", "in_top_k", "logsumexp",
           "erf", "erfc", "erfinv", "rsqrt", "logdet", "extract_sequences", "cdist", "fft", "fft2", "ifft2",
           "rfft", "irfft", "stft", "istft", "view_as_complex", "view_as_real"]


def _segment_reduction(reduce):
    def apply(data, segment_ids, num_segments=None, sorted=False):
        ids = tf.cast(_t(segment_ids), "int32")
        count = int(tf.reduce_max(ids).numpy()) + 1 if num_segments is None else int(num_segments)
        return reduce(_t(data), ids, count)
    return apply


segment_sum = _segment_reduction(tf.math.unsorted_segment_sum)
segment_max = _segment_reduction(tf.math.unsorted_segment_max)
segment_min = _segment_reduction(tf.math.unsorted_segment_min)
segment_prod = _segment_reduction(tf.math.unsorted_segment_prod)


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
    """The inverse error function."""
    return tf.math.erfinv(_float(x))


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


def _complex(x):
    """A (real, imag) pair as one complex tensor, as Keras passes spectra."""
    if not isinstance(x, (tuple, list)) or len(x) != 2:
        raise ValueError(f"Input `x` should be a tuple of two tensors - real and imaginary. Received: x={x!r}")
    real, imag = _float(x[0]), _float(x[1])
    if tuple(real.shape) != tuple(imag.shape):
        raise ValueError("Input `x` should be a tuple of two tensors - real and imaginary. Both the real and "
                         f"imaginary parts should have the same shape. Received: x[0].shape = {tuple(real.shape)}, "
                         f"x[1].shape = {tuple(imag.shape)}")
    return tf.complex(real, imag)


def _pair(z):
    return tf.math.real(z), tf.math.imag(z)


def fft(x):
    """The FFT of a (real, imag) pair over the last axis, as a (real, imag) pair."""
    return _pair(tf.signal.fft(_complex(x)))


def fft2(x):
    """The 2-D FFT of a (real, imag) pair over the last two axes."""
    return _pair(tf.signal.fft2d(_complex(x)))


def ifft2(x):
    """The inverse 2-D FFT of a (real, imag) pair over the last two axes."""
    return _pair(tf.signal.ifft2d(_complex(x)))


def rfft(x, fft_length=None):
    """The FFT of a real signal (non-negative frequencies) as a (real, imag) pair."""
    return _pair(tf.signal.rfft(_float(x), None if fft_length is None else [fft_length]))


def irfft(x, fft_length=None):
    """The real signal of a (real, imag) half spectrum."""
    return tf.signal.irfft(_complex(x), None if fft_length is None else [fft_length])


def _stft_window(window, sequence_length, fft_length, dtype):
    if window is None:
        return None
    if isinstance(window, str):
        if window not in ("hann", "hamming"):
            raise ValueError('If a string is passed to `window`, it must be one of `"hann"`, `"hamming"`. '
                             f"Received: window={window}")
        values = (tf.signal.hann_window if window == "hann" else tf.signal.hamming_window)(
            sequence_length, periodic=True, dtype=dtype)
    else:
        values = tf.cast(_t(window), dtype)
    if values.ndim != 1 or values.shape[0] != sequence_length:
        raise ValueError(f"The shape of `window` must be equal to [sequence_length]. Received: window shape={tuple(values.shape)}")
    left = (fft_length - sequence_length) // 2
    return tf.pad(values, [[left, fft_length - sequence_length - left]])


def stft(x, sequence_length, sequence_stride, fft_length, window="hann", center=True):
    """The short-time Fourier transform of real `x` as a (real, imag) pair, frames on axis -2.

    With `center`, `x` is reflect-padded by fft_length // 2 on both ends; the window (of
    `sequence_length`) is zero-padded to `fft_length` around the frame's middle.
    """
    x = _t(x)
    if x.dtype.name not in ("float32", "float64"):
        raise TypeError(f"Invalid input type. Expected `float32` or `float64`. Received: input type={x.dtype.name}")
    if fft_length < sequence_length:
        raise ValueError("`fft_length` must equal or larger than `sequence_length`. "
                         f"Received: sequence_length={sequence_length}, fft_length={fft_length}")
    if center:
        x = tf.pad(x, [[0, 0]] * (x.ndim - 1) + [[fft_length // 2, fft_length // 2]], mode="REFLECT")
    win = _stft_window(window, sequence_length, fft_length, x.dtype)
    return _pair(tf.signal.stft(x, fft_length, sequence_stride, fft_length=fft_length,
                                window_fn=None if win is None else (lambda length, dtype: win)))


def istft(x, sequence_length, sequence_stride, fft_length, length=None, window="hann", center=True):
    """The signal whose `stft` is the (real, imag) pair `x` (overlap-add with the dual window)."""
    spectrum = _complex(x)
    dtype = tf.math.real(spectrum).dtype
    win = _stft_window(window, sequence_length, fft_length, dtype)
    window_fn = None if win is None else tf.signal.inverse_stft_window_fn(sequence_stride, lambda length, dtype: win)
    out = tf.signal.inverse_stft(spectrum, fft_length, sequence_stride, fft_length=fft_length, window_fn=window_fn)
    start = fft_length // 2 if center else 0
    if length is not None:
        return out[..., start:start + length]
    if center:
        return out[..., start:out.shape[-1] - fft_length // 2]
    return out[..., :fft_length + sequence_stride * (spectrum.shape[-2] - 1)]


def view_as_complex(x):
    """A float tensor whose last axis holds (real, imag) pairs, as complex numbers."""
    x = _float(x)
    if x.shape[-1] != 2:
        raise ValueError(f"view_as_complex: the last axis must have size 2 (real, imag). Received: shape={tuple(x.shape)}")
    return tf.complex(x[..., 0], x[..., 1])


def view_as_real(x):
    """A complex tensor as floats with a trailing (real, imag) axis."""
    x = _t(x)
    return tf.stack([tf.math.real(x), tf.math.imag(x)], axis=-1)
