"""tf.image box ops against values real TensorFlow 2.21 computed (tests/fixtures/image_boxes/generate.py)."""
import pathlib

import numpy as np
import pytest

import neuroflow as tf

REF = np.load(pathlib.Path(__file__).parent / "fixtures" / "image_boxes" / "reference.npz")


@pytest.mark.parametrize("method", ["bilinear", "nearest"])
@pytest.mark.parametrize("size", [(3, 4), (1, 1), (7, 2)])
def test_crop_and_resize_matches_tensorflow(method, size):
    got = tf.image.crop_and_resize(REF["image"], REF["boxes"], REF["indices"], size, method=method,
                                   extrapolation_value=-1.5)
    assert got.dtype == tf.float32
    np.testing.assert_allclose(got.numpy(), REF[f"crop_{method}_{size[0]}x{size[1]}"], rtol=1e-5, atol=1e-5)


def test_crop_and_resize_gradients_match_tensorflow():
    x, b = tf.constant(REF["image"]), tf.constant(REF["boxes"])
    with tf.GradientTape() as tape:
        tape.watch([x, b])
        loss = tf.reduce_sum(tf.image.crop_and_resize(x, b, REF["indices"], (3, 4)) * REF["crop_weights"])
    grad_image, grad_boxes = tape.gradient(loss, [x, b])
    np.testing.assert_allclose(grad_image.numpy(), REF["crop_grad_image"], rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(grad_boxes.numpy(), REF["crop_grad_boxes"], rtol=1e-3, atol=1e-3)


def test_crop_and_resize_bad_input():
    with pytest.raises(tf.errors.InvalidArgumentError, match="crop_and_resize.*\\[num_boxes, 4\\]"):
        tf.image.crop_and_resize(tf.zeros([1, 3, 3, 1]), [[0.0, 0.0, 1.0]], [0], [2, 2])
    with pytest.raises(ValueError, match="bilinear"):
        tf.image.crop_and_resize(tf.zeros([1, 3, 3, 1]), [[0.0, 0.0, 1.0, 1.0]], [0], [2, 2], method="bicubic")


@pytest.mark.parametrize("name", ["pixels", "pixels_centered", "normalized", "normalized_centered", "outside"])
def test_extract_glimpse_matches_tensorflow(name):
    offsets, centered, normalized = {
        "pixels": ([[1, 1], [2, 3]], False, False), "pixels_centered": ([[0, 0], [-1, 1]], True, False),
        "normalized": ([[0.2, 0.5], [0.0, 0.0]], False, True),
        "normalized_centered": ([[0.0, 0.0], [-0.5, 0.5]], True, True),
        "outside": ([[-1, -2], [4, 5]], False, False)}[name]
    got = tf.image.extract_glimpse(REF["glimpse_in"], size=(3, 4), offsets=offsets, centered=centered,
                                   normalized=normalized, noise="zero")
    np.testing.assert_array_equal(got.numpy(), REF[f"glimpse_{name}"])


def test_extract_glimpse_noise_fills_only_the_outside():
    image = tf.reshape(tf.range(1.0, 10.0), [1, 3, 3, 1])
    got = tf.image.extract_glimpse(image, size=(3, 3), offsets=[[-1, -1]], centered=False, normalized=False).numpy()
    np.testing.assert_array_equal(got[0, 1:, 1:, 0], [[1, 2], [4, 5]])
    assert ((got >= 1) & (got <= 9)).all()  # uniform noise over the image's range
    with pytest.raises(tf.errors.InvalidArgumentError, match="noise"):
        tf.image.extract_glimpse(image, size=(2, 2), offsets=[[0, 0]], noise="pink")


@pytest.mark.parametrize("colors", ["default", "colors"])
def test_draw_bounding_boxes_matches_tensorflow(colors):
    palette = None if colors == "default" else [[1.0, 0.0, 0.0, 1.0], [0.0, 0.5, 1.0, 1.0]]
    got = tf.image.draw_bounding_boxes(REF["draw_canvas"], REF["draw_boxes"], palette)
    np.testing.assert_array_equal(got.numpy(), REF[f"draw_{colors}"])
    with pytest.raises(tf.errors.InvalidArgumentError, match="colors must be"):
        tf.image.draw_bounding_boxes(REF["draw_canvas"], REF["draw_boxes"], [[1.0, 0.0]])
