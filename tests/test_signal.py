"""tf.signal against values written by real TensorFlow 2.21 (tests/fixtures/signal, with its script)."""
import pathlib

import numpy as np
import pytest

import neuroflow as tf

_REF = np.load(pathlib.Path(__file__).resolve().parent / "fixtures" / "signal" / "reference.npz")
x, z, signal = _REF["x"], _REF["z"], _REF["signal"]

_CASES = {
    "fft": lambda: tf.signal.fft(z), "ifft": lambda: tf.signal.ifft(z),
    "fft2d": lambda: tf.signal.fft2d(z), "ifft2d": lambda: tf.signal.ifft2d(z),
    "rfft": lambda: tf.signal.rfft(x), "rfft_5": lambda: tf.signal.rfft(x, [5]),
    "rfft_11": lambda: tf.signal.rfft(x, [11]), "irfft": lambda: tf.signal.irfft(z),
    "irfft_7": lambda: tf.signal.irfft(z, [7]), "irfft_4": lambda: tf.signal.irfft(z, [4]),
    "frame": lambda: tf.signal.frame(signal, 7, 3), "frame_pad": lambda: tf.signal.frame(signal, 7, 3, pad_end=True),
    "hann": lambda: tf.signal.hann_window(9), "hann_sym": lambda: tf.signal.hann_window(9, periodic=False),
    "hamming": lambda: tf.signal.hamming_window(8), "stft": lambda: tf.signal.stft(signal, 8, 4),
    "stft_pad": lambda: tf.signal.stft(signal, 6, 3, fft_length=8, pad_end=True),
    "inverse_stft": lambda: tf.signal.inverse_stft(tf.signal.stft(signal, 8, 2), 8, 2,
                                                   window_fn=tf.signal.inverse_stft_window_fn(2)),
}


@pytest.mark.parametrize("name", sorted(_CASES))
def test_matches_tensorflow(name):
    got = _CASES[name]().numpy()
    want = _REF[name]
    assert got.dtype == want.dtype and got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4)


def test_rfft_gradient_matches_tensorflow():
    v = tf.Variable(x)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.abs(tf.signal.rfft(v)) ** 2)
    np.testing.assert_allclose(tape.gradient(loss, v).numpy(), _REF["rfft_grad"], rtol=1e-4, atol=1e-4)


def test_inverse_stft_reconstructs_the_interior():
    rebuilt = tf.signal.inverse_stft(tf.signal.stft(signal, 8, 2), 8, 2, window_fn=tf.signal.inverse_stft_window_fn(2))
    np.testing.assert_allclose(rebuilt.numpy()[:, 8:-8], signal[:, 8:rebuilt.shape[1] - 8], atol=1e-5)


def test_transforms_trace_into_functions():
    f = tf.function(lambda t: tf.signal.irfft(tf.signal.rfft(t)))
    np.testing.assert_allclose(f(tf.constant(x)).numpy(), x, atol=1e-5)


def test_real_input_to_fft_is_refused_with_the_fix():
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"FFT: expects a complex64 or complex128 .*tf.complex"):
        tf.signal.fft(tf.constant([1.0, 2.0]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="RFFT: expects float32 or float64"):
        tf.signal.rfft(tf.constant([1, 2]))
