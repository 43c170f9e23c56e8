"""`tf.signal`: Fourier and cosine transforms, framing, windows, STFT and MDCT (re-exports).

>>> import neuroflow as tf
>>> tf.signal.frame(tf.range(6), frame_length=3, frame_step=2).numpy()
array([[0, 1, 2],
       [2, 3, 4]], dtype=int32)
"""
from ..ops.fft_ops import *  # noqa: F401,F403
from .spectral import *  # noqa: F401,F403
from .dct import dct, idct  # noqa: F401
