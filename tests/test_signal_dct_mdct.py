"""tf.signal's DCTs, MDCT, windows and overlap-add against TensorFlow 2.21's values
(tests/fixtures/signal/generate.py)."""
import pathlib

import numpy as np
import pytest

import neuroflow as tf

REF = np.load(pathlib.Path(__file__).parent / "fixtures" / "signal" / "reference.npz")
CASES = [(1, None), (2, None), (2, "ortho"), (3, None), (3, "ortho"), (4, None), (4, "ortho")]


@pytest.mark.parametrize("kind,norm", CASES)
def test_dct_and_idct_match_tensorflow(kind, norm):
    np.testing.assert_allclose(tf.signal.dct(REF["dct_in"], type=kind, norm=norm).numpy(), REF[f"dct_{kind}_{norm}"],
                               rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(tf.signal.idct(REF["dct_in"], type=kind, norm=norm).numpy(), REF[f"idct_{kind}_{norm}"],
                               rtol=1e-4, atol=1e-4)


def test_dct_length_and_bad_input():
    np.testing.assert_allclose(tf.signal.dct(REF["dct_in"], n=8).numpy(), REF["dct_n8"], rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(tf.signal.dct(REF["dct_in"], n=16, norm="ortho").numpy(), REF["dct_n16"],
                               rtol=1e-4, atol=1e-4)
    x = np.random.default_rng(1).normal(size=(3, 10))
    np.testing.assert_allclose(tf.signal.idct(tf.signal.dct(x, norm="ortho"), norm="ortho").numpy(), x, atol=1e-10)
    with pytest.raises(ValueError, match="type must be"):
        tf.signal.dct(x, type=5)
    with pytest.raises(ValueError, match="type 1 needs norm=None"):
        tf.signal.dct(x, type=1, norm="ortho")


def test_windows_match_tensorflow():
    np.testing.assert_allclose(tf.signal.vorbis_window(16).numpy(), REF["window_vorbis"], rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(tf.signal.kaiser_window(16).numpy(), REF["window_kaiser"], rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(tf.signal.kaiser_window(9, beta=5.0).numpy(), REF["window_kaiser_odd"], rtol=1e-5)
    np.testing.assert_allclose(tf.signal.kaiser_bessel_derived_window(16).numpy(), REF["window_kbd"], rtol=1e-5)


def test_mdct_inverse_mdct_and_overlap_add_match_tensorflow():
    s = REF["mdct_in"]
    np.testing.assert_allclose(tf.signal.mdct(s, 8, pad_end=True).numpy(), REF["mdct"], rtol=1e-4, atol=1e-4)
    kbd = tf.signal.kaiser_bessel_derived_window
    np.testing.assert_allclose(tf.signal.mdct(s, 12, window_fn=kbd, norm="ortho").numpy(), REF["mdct_ortho_kbd"],
                               rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(tf.signal.mdct(s, 8, window_fn=None).numpy(), REF["mdct_nowindow"], rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(tf.signal.inverse_mdct(REF["mdct"]).numpy(), REF["imdct"], rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(tf.signal.inverse_mdct(REF["mdct_ortho_kbd"], window_fn=kbd, norm="ortho").numpy(),
                               REF["imdct_ortho_kbd"], rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(tf.signal.overlap_and_add(REF["dct_in"], 5).numpy(), REF["overlap_add"], rtol=1e-6)
    with pytest.raises(ValueError, match="multiple of 4"):
        tf.signal.mdct(s, 10)


def test_mdct_gradient_flows():
    x = tf.constant(np.random.default_rng(2).normal(size=(40,)).astype(np.float32))
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(tf.signal.inverse_mdct(tf.signal.mdct(x, 8)) ** 2)
    assert tape.gradient(y, x).shape == (40,)
