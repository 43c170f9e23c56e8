"""Framing and overlap-add, windows, and the short-time Fourier and modified discrete cosine
transforms, composed from `tf.signal`'s FFTs and DCTs.

>>> import neuroflow as tf
>>> tf.signal.hann_window(4).numpy()
array([0. , 0.5, 1. , 0.5], dtype=float32)
"""
import math

import numpy as np

from ..ops.array_ops import concat, pad, reshape, reverse, split, transpose
from ..ops.fft_ops import irfft, rfft
from ..ops.indexing_ops import gather
from ..ops.math_ops import cast, multiply
from ..ops.registry import as_tensor
from ..ops.scan_ops import unsorted_segment_sum
from ..ops.special_functions import bessel_i0e
from .dct import dct

__all__ = ["frame", "overlap_and_add", "hann_window", "hamming_window", "vorbis_window", "kaiser_window",
           "kaiser_bessel_derived_window", "stft", "inverse_stft", "inverse_stft_window_fn", "mdct", "inverse_mdct"]


def frame(signal, frame_length, frame_step, pad_end=False, pad_value=0, axis=-1, name=None):
    """Slices `signal` into overlapping frames of `frame_length`, `frame_step` apart, along `axis`.

    The frames axis replaces `axis` and the frame axis follows it; with `pad_end` the signal is
    padded with `pad_value` so the last frame fits.
    """
    x = as_tensor(signal)
    axis %= x.ndim
    length = x.shape[axis]
    if pad_end:
        count = -(-length // frame_step)
        needed = max(0, (count - 1) * frame_step + frame_length - length)
        widths = [[0, 0]] * x.ndim
        widths[axis] = [0, needed]
        x = pad(x, widths, constant_values=pad_value)
        length += needed
    count = max(0, 1 + (length - frame_length) // frame_step)
    index = np.arange(count)[:, None] * frame_step + np.arange(frame_length)[None, :]
    return gather(x, index, axis=axis)


def overlap_and_add(signal, frame_step, name=None):
    """Sums frames (`[..., frames, frame_length]`) placed `frame_step` apart: the inverse of
    `frame`'s slicing, `[..., (frames - 1) * frame_step + frame_length]`.

    >>> import neuroflow as tf
    >>> tf.signal.overlap_and_add([[1.0, 1.0, 1.0], [2.0, 2.0, 2.0]], 2).numpy()
    array([1., 1., 3., 2., 2.], dtype=float32)
    """
    frames = as_tensor(signal)
    if frames.ndim < 2:
        raise ValueError(f"tf.signal.overlap_and_add: signal must have at least 2 dimensions, got shape "
                         f"{list(frames.shape)}.")
    count, frame_length = frames.shape[-2], frames.shape[-1]
    lead = list(frames.shape[:-2])
    length = max(0, (count - 1) * frame_step + frame_length)
    positions = (np.arange(count)[:, None] * frame_step + np.arange(frame_length)[None, :]).reshape(-1)
    flat = reshape(frames, lead + [count * frame_length])
    moved = transpose(flat, [len(lead)] + list(range(len(lead))))  # positions first
    summed = unsorted_segment_sum(moved, as_tensor(positions.astype(np.int32)), length)
    return transpose(summed, list(range(1, len(lead) + 1)) + [0])


def _numpy_dtype(dtype):
    return np.dtype(getattr(dtype, "as_numpy_dtype", dtype))


def _window(window_length, periodic, dtype, a0):
    n = int(window_length)
    numpy_dtype = np.dtype(getattr(dtype, "as_numpy_dtype", dtype))
    if n == 1:
        return as_tensor(np.ones(1, numpy_dtype))
    denominator = n if periodic and n % 2 == 0 else n - 1  # TensorFlow's rule: odd lengths stay symmetric
    return as_tensor((a0 - (1 - a0) * np.cos(2 * math.pi * np.arange(n) / denominator)).astype(numpy_dtype))


def hann_window(window_length, periodic=True, dtype="float32", name=None):
    """The Hann window 0.5 - 0.5 cos(2πn/N): N = length for a periodic window of even length, else length - 1."""
    return _window(window_length, periodic, dtype, 0.5)


def hamming_window(window_length, periodic=True, dtype="float32", name=None):
    """The Hamming window 0.54 - 0.46 cos(2πn/N)."""
    return _window(window_length, periodic, dtype, 0.54)


def vorbis_window(window_length, dtype="float32", name=None):
    """The Vorbis power-complementary window sin(π/2 · sin²(π(n + 1/2)/N))."""
    arg = np.arange(int(window_length)) + 0.5
    window = np.sin(np.pi / 2 * np.sin(np.pi * arg / int(window_length)) ** 2)
    return as_tensor(window.astype(_numpy_dtype(dtype)))


def kaiser_window(window_length, beta=12.0, dtype="float32", name=None):
    """The Kaiser window I0(β√(1 - (2n/(N-1) - 1)²)) / I0(β)."""
    n = int(window_length)
    if n == 1:
        return as_tensor(np.ones(1, _numpy_dtype(dtype)))
    half = (n - 1) / 2
    arg = np.arange(n) - half
    num = beta * np.sqrt(np.maximum(0.0, 1 - (arg / half) ** 2))
    window = np.exp(num - beta) * (bessel_i0e(num) / bessel_i0e(np.float64(beta)))
    return as_tensor(np.asarray(window).astype(_numpy_dtype(dtype)))


def kaiser_bessel_derived_window(window_length, beta=12.0, dtype="float32", name=None):
    """The Kaiser-Bessel-derived window (for the MDCT): square roots of the Kaiser window's
    normalized running sums, mirrored."""
    kaiser = np.asarray(kaiser_window(int(window_length) // 2 + 1, beta, "float64").numpy())
    running = np.cumsum(kaiser)
    half = np.sqrt(running[:-1] / running[-1])
    return as_tensor(np.concatenate([half, half[::-1]]).astype(_numpy_dtype(dtype)))


def _fft_length(frame_length):
    return 1 << (int(frame_length) - 1).bit_length()


def stft(signals, frame_length, frame_step, fft_length=None, window_fn=hann_window, pad_end=False, name=None):
    """The short-time Fourier transform: `rfft` of each windowed frame, shape [..., frames, fft_length // 2 + 1]."""
    x = as_tensor(signals)
    fft_length = _fft_length(frame_length) if fft_length is None else int(fft_length)
    frames = frame(x, frame_length, frame_step, pad_end=pad_end)
    if window_fn is not None:
        frames = multiply(frames, cast(window_fn(frame_length, dtype=x.dtype), x.dtype))
    return rfft(frames, [fft_length])


def inverse_stft(stfts, frame_length, frame_step, fft_length=None, window_fn=None, name=None):
    """Overlap-adds the inverse transforms of `stfts`' frames (pass `inverse_stft_window_fn`-style windows)."""
    y = as_tensor(stfts)
    fft_length = _fft_length(frame_length) if fft_length is None else int(fft_length)
    frames = irfft(y, [fft_length])[..., :frame_length]
    if window_fn is not None:
        frames = multiply(frames, cast(window_fn(frame_length, dtype=frames.dtype), frames.dtype))
    return overlap_and_add(frames, frame_step)


def inverse_stft_window_fn(frame_step, forward_window_fn=hann_window, name=None):
    """The window that makes `inverse_stft` undo `stft` with `forward_window_fn`.

    It is the forward window divided by the sum of the squared forward windows that overlap
    at each position, so overlap-adding windowed frames gives back the signal.
    """
    def window(frame_length, dtype="float32"):
        forward = np.asarray(forward_window_fn(frame_length, dtype=dtype).numpy(), dtype=np.float64)
        overlaps = -(-int(frame_length) // frame_step)
        squares = np.zeros(overlaps * frame_step)
        squares[:frame_length] = forward ** 2
        denominator = np.tile(squares.reshape(overlaps, frame_step).sum(axis=0), overlaps)[:frame_length]
        return as_tensor((forward / denominator).astype(np.dtype(getattr(dtype, "as_numpy_dtype", dtype))))
    return window


def mdct(signals, frame_length, window_fn=vorbis_window, pad_end=False, norm=None, name=None):
    """The modified discrete cosine transform of `signals`' frames of `frame_length` (a multiple
    of 4), half a frame apart: `[..., frames, frame_length // 2]`.

    With the default Vorbis window (or any power-complementary one), `inverse_mdct` followed by
    overlap-add gives the signal back, except for its first and last half frames.
    """
    x = as_tensor(signals)
    frame_length = int(frame_length)
    if frame_length % 4:
        raise ValueError(f"tf.signal.mdct: the frame length must be a multiple of 4, got {frame_length}.")
    frames = frame(x, frame_length, frame_length // 2, pad_end=pad_end)
    if window_fn is not None:
        frames = multiply(frames, cast(window_fn(frame_length, dtype=frames.dtype), frames.dtype))
    else:
        frames = frames * (1.0 / np.sqrt(2))
    a, b, c, d = split(frames, 4, axis=-1)
    rearranged = concat([-reverse(c, [-1]) - d, a - reverse(b, [-1])], axis=-1)
    return dct(rearranged, type=4, norm=norm)


def inverse_mdct(mdcts, window_fn=vorbis_window, norm=None, name=None):
    """Overlap-adds the inverse MDCT of each frame of `mdcts` (`[..., frames, half_length]`)."""
    y = as_tensor(mdcts)
    if y.ndim < 2:
        raise ValueError(f"tf.signal.inverse_mdct: mdcts must have at least 2 dimensions, got {list(y.shape)}.")
    half = y.shape[-1]
    inverse = dct(y, type=4, norm=norm) if norm == "ortho" else dct(y, type=4) * (0.5 / half)
    first, second = split(inverse, 2, axis=-1)
    frames = concat([second, -reverse(second, [-1]), -reverse(first, [-1]), -first], axis=-1)
    if window_fn is not None:
        frames = multiply(frames, cast(window_fn(2 * half, dtype=frames.dtype), frames.dtype))
    else:
        frames = frames * (1.0 / np.sqrt(2))
    return overlap_and_add(frames, half)
