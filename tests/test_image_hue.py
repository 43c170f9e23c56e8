"""tf.image.adjust_hue equals TensorFlow's AdjustHue kernel (tests/fixtures/image_hue/generate.py)."""
import pathlib

import numpy as np
import pytest

import neuroflow as tf

REF = np.load(pathlib.Path(__file__).parent / "fixtures" / "image_hue" / "reference.npz")


@pytest.mark.parametrize("name", ["float", "ties", "uint8", "int32"])
@pytest.mark.parametrize("delta", [-0.9, -0.2, 0.0, 0.35, 1.0])
def test_adjust_hue_matches_tensorflow(name, delta):
    got = tf.image.adjust_hue(REF[name], delta)
    assert got.dtype.as_numpy_dtype == REF[name].dtype
    if REF[name].dtype == np.float32:
        np.testing.assert_allclose(got.numpy(), REF[f"{name}_{delta}"], rtol=1e-6, atol=1e-6)
    else:
        np.testing.assert_array_equal(got.numpy(), REF[f"{name}_{delta}"])


def test_adjust_hue_keeps_each_pixels_extremes_and_has_gradients():
    image = tf.constant(np.random.default_rng(3).random((2, 3, 3)).astype(np.float32))
    with tf.GradientTape() as tape:
        tape.watch(image)
        out = tf.image.adjust_hue(image, 0.3)
    np.testing.assert_array_equal(tf.reduce_max(out, -1).numpy(), tf.reduce_max(image, -1).numpy())
    np.testing.assert_array_equal(tf.reduce_min(out, -1).numpy(), tf.reduce_min(image, -1).numpy())
    assert tape.gradient(out, image).shape == image.shape
