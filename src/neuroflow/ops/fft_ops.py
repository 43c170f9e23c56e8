"""Fast Fourier transforms (`tf.signal.fft` and friends), each beside its gradient.

The transforms act on the innermost axis (the innermost two for the 2-D ones) and are
unnormalized forward, 1/n inverse, as in TensorFlow. Complex gradients follow TensorFlow's
convention (dL/d re + i dL/d im), so the gradient of a transform is its adjoint:
`fft`'s is `n * ifft`, and the real transforms' adjoints are written with the other one.

>>> import neuroflow as tf
>>> tf.signal.fft(tf.constant([1, 0, 0, 0], tf.complex64)).numpy()
array([1.+0.j, 1.+0.j, 1.+0.j, 1.+0.j], dtype=complex64)
>>> tf.signal.rfft(tf.constant([1.0, 2.0, 3.0, 4.0])).numpy()
array([10.+0.j, -2.+2.j, -2.+0.j], dtype=complex64)
>>> tf.signal.irfft(tf.signal.rfft(tf.constant([1.0, 2.0, 3.0, 4.0]))).numpy()
array([1., 2., 3., 4.], dtype=float32)
"""
import math

from ..framework import errors
from ..framework.dtypes import complex64, complex128, float32, float64
from .array_ops import pad
from .math_ops import cast, multiply
from .registry import op, as_tensor
from .unary_ops import real

__all__ = ["fft", "ifft", "fft2d", "ifft2d", "rfft", "irfft"]

_COMPLEX_OF = {float32: complex64, float64: complex128}
_REAL_OF = {complex64: float32, complex128: float64}


def _complex_input(x, op_name, rank):
    x = as_tensor(x)
    if not x.dtype.is_complex:
        raise errors.InvalidArgumentError(
            None, op_name, f"{op_name}: expects a complex64 or complex128 tensor; got {x.dtype.name} with shape "
            f"{tuple(x.shape)}. Build one with tf.complex(real, imag) or tf.cast(x, tf.complex64). [Op:{op_name}]")
    if x.ndim < rank:
        raise errors.InvalidArgumentError(None, op_name, f"{op_name}: the input must have rank >= {rank}; got "
                                          f"shape {tuple(x.shape)}. [Op:{op_name}]")
    return x


def _scaled(x, factor):
    return multiply(x, cast(factor, x.dtype))


def _transform_pair(name, rank, forward, inverse):
    """Registers `name` and `I<name>` over the innermost `rank` axes; each one's gradient is the
    other scaled by the transform's size (the adjoint of an unnormalized DFT is n times its inverse)."""
    def size(t):
        return math.prod(t.shape[-rank:])

    transform = op(name)(lambda xp, x: getattr(xp.fft, forward)(x).astype(x.dtype, copy=False))
    inverse_transform = op("I" + name)(lambda xp, x: getattr(xp.fft, inverse)(x).astype(x.dtype, copy=False))
    transform.gradient(lambda ctx, dy: _scaled(inverse_transform(dy), size(dy)))
    inverse_transform.gradient(lambda ctx, dy: _scaled(transform(dy), 1.0 / size(dy)))
    return transform, inverse_transform


_fft, _ifft = _transform_pair("FFT", 1, "fft", "ifft")
_fft2d, _ifft2d = _transform_pair("FFT2D", 2, "fft2", "ifft2")


def fft(input, name=None):
    """The discrete Fourier transform over the innermost axis of a complex tensor."""
    return _fft(_complex_input(input, "FFT", 1))


def ifft(input, name=None):
    """The inverse discrete Fourier transform over the innermost axis (scaled by 1/n)."""
    return _ifft(_complex_input(input, "IFFT", 1))


def fft2d(input, name=None):
    """The 2-D discrete Fourier transform over the innermost two axes."""
    return _fft2d(_complex_input(input, "FFT2D", 2))


def ifft2d(input, name=None):
    """The inverse 2-D discrete Fourier transform over the innermost two axes."""
    return _ifft2d(_complex_input(input, "IFFT2D", 2))


# --- real transforms: the core ops see inputs already cut or padded to the transform length ---
@op("RFFT")
def _rfft(xp, x, complex_dtype):
    return xp.fft.rfft(x).astype(complex_dtype.as_numpy_dtype, copy=False)


@op("IRFFT")
def _irfft(xp, x, n, real_dtype):
    return xp.fft.irfft(x, n).astype(real_dtype.as_numpy_dtype, copy=False)


def _fit_last_axis(x, length):
    """`x` cut or zero-padded along its innermost axis to `length`."""
    current = x.shape[-1]
    if current > length:
        return x[..., :length]
    if current < length:
        return pad(x, [[0, 0]] * (x.ndim - 1) + [[0, length - current]])
    return x


@_rfft.gradient
def _(ctx, dy):
    n = ctx.inputs[0].shape[-1]
    full = _fit_last_axis(dy, n)  # the spectrum's missing (negative) frequencies contribute nothing
    return real(_scaled(_ifft(full), n))


@_irfft.gradient
def _(ctx, dx):
    n, bins = ctx.attrs["n"], ctx.inputs[0].shape[-1]
    weights = [1.0] + [2.0] * (bins - 1)
    if n % 2 == 0:
        weights[-1] = 1.0  # the Nyquist bin appears once in a signal of even length
    spectrum = _rfft(dx, complex_dtype=ctx.inputs[0].dtype)
    return multiply(spectrum, cast(as_tensor([w / n for w in weights]), spectrum.dtype))


def _length(fft_length, default, op_name):
    if fft_length is None:
        return default
    values = fft_length.numpy().tolist() if hasattr(fft_length, "numpy") else fft_length
    values = values if isinstance(values, (list, tuple)) else [values]
    if len(values) != 1 or int(values[0]) < 1:
        raise ValueError(f"{op_name}: fft_length must hold one positive length. Received: fft_length={fft_length!r}.")
    return int(values[0])


def rfft(input_tensor, fft_length=None, name=None):
    """The DFT of a real signal: the n // 2 + 1 non-negative frequencies of the innermost axis.

    Args:
        input_tensor: float32 or float64, shape [..., length].
        fft_length: the transform length (the input is cut or zero-padded to it); default its length.
    """
    x = as_tensor(input_tensor)
    if x.dtype not in _COMPLEX_OF:
        raise errors.InvalidArgumentError(None, "RFFT", f"RFFT: expects float32 or float64; got {x.dtype.name}. "
                                          "Cast it first, e.g. tf.cast(x, tf.float32). [Op:RFFT]")
    n = _length(fft_length, x.shape[-1], "RFFT")
    return _rfft(_fit_last_axis(x, n), complex_dtype=_COMPLEX_OF[x.dtype])


def irfft(input_tensor, fft_length=None, name=None):
    """The real signal whose `rfft` is `input_tensor` (length 2 * (bins - 1) by default)."""
    y = _complex_input(input_tensor, "IRFFT", 1)
    n = _length(fft_length, 2 * (y.shape[-1] - 1), "IRFFT")
    return _irfft(_fit_last_axis(y, n // 2 + 1), n=n, real_dtype=_REAL_OF[y.dtype])
