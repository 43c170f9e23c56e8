"""`tf.signal`: Fourier transforms, framing and windows (re-exports).

>>> import neuroflow as tf
>>> tf.signal.frame(tf.range(6), frame_length=3, frame_step=2).numpy()
array([[0, 1, 2],
       [2, 3, 4]], dtype=int32)
"""
from ..ops.fft_ops import *  # noqa: F401,F403
from .spectral import frame, hann_window, hamming_window, stft, inverse_stft, inverse_stft_window_fn  # noqa: F401
