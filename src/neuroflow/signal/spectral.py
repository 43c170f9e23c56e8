"""Framing, windows and the short-time Fourier transform, composed from `tf.signal`'s FFTs.

>>> import neuroflow as tf
>>> tf.signal.hann_window(4).numpy()
array([0. , 0.5, 1. , 0.5], dtype=float32)
"""
import math

import numpy as np

from ..ops.array_ops import pad, reshape
from ..ops.fft_ops import irfft, rfft
from ..ops.indexing_ops import gather
from ..ops.math_ops import cast, multiply
from ..ops.registry import as_tensor

__all__ = ["frame", "hann_window", "hamming_window", "stft", "inverse_stft", "inverse_stft_window_fn"]


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
    count = frames.shape[-2]
    length = (count - 1) * frame_step + frame_length
    lead = list(frames.shape[:-2])
    # Scatter-free overlap-add: pad each frame to the full length at its offset and sum.
    pieces = [pad(frames[..., i, :], [[0, 0]] * len(lead) + [[i * frame_step, length - i * frame_step - frame_length]])
              for i in range(count)]
    total = pieces[0]
    for piece in pieces[1:]:
        total = total + piece
    return total if pieces else reshape(frames, lead + [0])


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
