"""Image preprocessing layers: the declarative checks, TF 2.21 / Keras 3 reference values, randomness and errors."""
import pathlib

import numpy as np
import pytest

import neuroflow as tf
from neuroflow import keras
from neuroflow.keras import layers
from layer_test_helper import run_layer_test

REF = np.load(pathlib.Path(__file__).parents[1] / "fixtures" / "image" / "reference.npz")
IMAGE = REF["image"]  # (2, 5, 7, 3), values in [0, 1]


# --- the declarative checks (factors fixed where the layer is random, so the checks are repeatable) ---------
@pytest.mark.parametrize("layer_cls, kwargs, output_shape", [
    (layers.Resizing, {"height": 3, "width": 4}, (2, 3, 4, 3)),
    (layers.Resizing, {"height": 4, "width": 4, "crop_to_aspect_ratio": True, "interpolation": "nearest"},
     (2, 4, 4, 3)),
    (layers.CenterCrop, {"height": 3, "width": 4}, (2, 3, 4, 3)),
    (layers.RandomCrop, {"height": 5, "width": 7, "seed": 1}, (2, 5, 7, 3)),
    (layers.RandomRotation, {"factor": (0.1, 0.1)}, (2, 5, 7, 3)),
    (layers.RandomZoom, {"height_factor": (0.2, 0.2), "width_factor": (-0.1, -0.1)}, (2, 5, 7, 3)),
    (layers.RandomTranslation, {"height_factor": (0.2, 0.2), "width_factor": (0.1, 0.1)}, (2, 5, 7, 3)),
    (layers.RandomContrast, {"factor": (0.0, 0.0), "value_range": (0, 1)}, (2, 5, 7, 3)),
    (layers.RandomBrightness, {"factor": (0.1, 0.1), "value_range": (0, 1)}, (2, 5, 7, 3)),
])
def test_declarative_checks(layer_cls, kwargs, output_shape):
    run_layer_test(layer_cls, kwargs, input_data=IMAGE, expected_output_shape=output_shape)


def test_random_flip_declarative_on_flip_invariant_images():
    constant = np.ones((2, 4, 4, 3), "float32") * np.array([0.1, 0.5, 0.9], "float32")
    run_layer_test(layers.RandomFlip, {"seed": 2}, input_data=constant, expected_output_shape=(2, 4, 4, 3),
                   expected_output=constant)


# --- values against Keras 3 on TensorFlow 2.21 -------------------------------------------------------------
@pytest.mark.parametrize("key, layer", [
    ("keras/rotation", lambda: layers.RandomRotation((0.1, 0.1))),
    ("keras/rotation_constant_nearest", lambda: layers.RandomRotation(
        (-0.3, -0.3), fill_mode="constant", interpolation="nearest", fill_value=0.5)),
    ("keras/zoom", lambda: layers.RandomZoom((-0.4, -0.4), (0.3, 0.3), fill_mode="wrap")),
    ("keras/translation", lambda: layers.RandomTranslation((0.2, 0.2), (-0.3, -0.3), fill_mode="nearest")),
    ("keras/resizing_crop", lambda: layers.Resizing(4, 4, crop_to_aspect_ratio=True)),
    ("keras/resizing_pad", lambda: layers.Resizing(4, 4, pad_to_aspect_ratio=True, fill_value=0.5)),
    ("keras/resizing_bicubic_aa", lambda: layers.Resizing(3, 3, interpolation="bicubic", antialias=True)),
    ("keras/center_crop", lambda: layers.CenterCrop(3, 4)),
    ("keras/center_crop_grow", lambda: layers.CenterCrop(6, 6)),
    ("keras/upsampling_bilinear", lambda: layers.UpSampling2D((2, 3), interpolation="bilinear")),
])
def test_layers_match_keras(key, layer):
    np.testing.assert_allclose(layer()(IMAGE, training=True).numpy(), REF[key], rtol=1e-5, atol=2e-5)


def test_channels_first_matches_channels_last():
    first = np.transpose(IMAGE, (0, 3, 1, 2))
    out = layers.RandomRotation((0.1, 0.1), data_format="channels_first")(first).numpy()
    np.testing.assert_allclose(np.transpose(out, (0, 2, 3, 1)), REF["keras/rotation"], rtol=1e-5, atol=2e-5)
    out = layers.Resizing(4, 4, crop_to_aspect_ratio=True, data_format="channels_first")(first).numpy()
    np.testing.assert_allclose(np.transpose(out, (0, 2, 3, 1)), REF["keras/resizing_crop"], rtol=1e-5, atol=2e-5)


# --- training-only behaviour, seeds and dtypes ------------------------------------------------------------------
@pytest.mark.parametrize("layer", [layers.RandomFlip(), layers.RandomRotation(0.3), layers.RandomZoom(0.3),
                                   layers.RandomTranslation(0.3, 0.3), layers.RandomContrast(0.5),
                                   layers.RandomBrightness(0.5), layers.RandomCrop(3, 3)])
def test_random_layers_are_identity_in_inference(layer):
    np.testing.assert_array_equal(layer(IMAGE, training=False).numpy(), IMAGE)
    model = keras.Sequential([keras.Input((5, 7, 3)), layer])
    np.testing.assert_array_equal(model.predict(IMAGE, verbose=0), IMAGE)


def test_random_layers_change_images_in_training_and_follow_seeds():
    tf.random.set_seed(5)
    first = [layers.RandomRotation(0.3, seed=1)(IMAGE).numpy(), layers.RandomZoom(0.3, seed=1)(IMAGE).numpy()]
    tf.random.set_seed(5)
    again = [layers.RandomRotation(0.3, seed=1)(IMAGE).numpy(), layers.RandomZoom(0.3, seed=1)(IMAGE).numpy()]
    for a, b in zip(first, again):
        np.testing.assert_array_equal(a, b)
        assert not np.allclose(a, IMAGE)
    layer = layers.RandomFlip("horizontal", seed=4)
    seen = {tuple(layer(IMAGE[:1]).numpy()[0, 0, :, 0].round(5)) for _ in range(12)}
    assert seen == {tuple(IMAGE[0, 0, :, 0].round(5)), tuple(IMAGE[0, 0, ::-1, 0].round(5))}


def test_random_crop_windows_come_from_the_input():
    image = np.arange(2 * 6 * 6 * 1, dtype="float32").reshape(2, 6, 6, 1)
    layer = layers.RandomCrop(3, 4, seed=7)
    positions = set()
    for _ in range(10):
        out = layer(image).numpy()
        matches = [(i, j) for i in range(4) for j in range(3) if np.array_equal(out, image[:, i:i + 3, j:j + 4])]
        assert len(matches) == 1
        positions.add(matches[0])
    assert len(positions) > 1
    assert layers.RandomCrop(2, 2).get_config()["seed"] is not None


def test_contrast_and_brightness_values():
    x = np.array([[[[10.0], [30.0]], [[50.0], [70.0]]]], "float32")
    out = layers.RandomContrast((0.5, 0.5))(x).numpy()   # factor drawn from [0.5, 1.5]
    mean = x.mean()
    factor = (out - mean) / (x - mean)
    assert np.allclose(factor, factor.flat[0]) and 0.5 <= factor.flat[0] <= 1.5
    assert layers.RandomContrast(0.5).factor == (0, 0.5)   # Keras 3: a single number only increases contrast
    bright = layers.RandomBrightness((0.5, 0.5))(x).numpy()
    np.testing.assert_allclose(bright, np.minimum(x + 127.5, 255.0))


def test_resizing_keeps_integer_dtypes_and_layers_in_a_trained_model():
    pixels = (IMAGE * 255).astype("uint8")
    out = layers.Resizing(4, 9)(pixels)
    assert out.dtype == tf.uint8
    expected = np.clip(np.round(REF["resize_uint8/bilinear"]), 0, 255)
    assert np.abs(out.numpy().astype(int) - expected).max() <= 1   # a value on .5 may round either way
    assert layers.RandomFlip()(pixels).dtype == tf.float32
    rng = np.random.default_rng(0)
    x, y = rng.uniform(size=(24, 8, 8, 1)).astype("float32"), rng.integers(0, 2, 24)
    model = keras.Sequential([keras.Input((8, 8, 1)), layers.RandomFlip(seed=1), layers.RandomRotation(0.1, seed=1),
                              layers.RandomZoom(0.1, seed=1), layers.RandomTranslation(0.1, 0.1, seed=1),
                              layers.RandomCrop(6, 6, seed=1), layers.Resizing(8, 8), layers.Flatten(),
                              layers.Dense(2, activation="softmax")])
    model.compile("sgd", "sparse_categorical_crossentropy")
    history = model.fit(x, y, batch_size=10, epochs=2, verbose=0)   # compiled, with a short last batch
    assert np.isfinite(history.history["loss"]).all()
    assert model.predict(x, verbose=0).shape == (24, 2)


def test_bad_arguments_and_inputs_raise_keras_errors():
    with pytest.raises(ValueError, match="factor"):
        layers.RandomRotation(1.5)
    with pytest.raises(NotImplementedError, match="fill_mode"):
        layers.RandomZoom(0.2, fill_mode="mirror")
    with pytest.raises(NotImplementedError, match="interpolation"):
        layers.RandomTranslation(0.1, 0.1, interpolation="cubic")
    with pytest.raises(ValueError, match="height_factor.*\\(-1.0, 1.0\\]"):
        layers.RandomZoom(-1.0)
    with pytest.raises(ValueError, match="unknown mode"):
        layers.RandomFlip("diagonal")
    with pytest.raises(ValueError, match="value_range"):
        layers.RandomBrightness(0.2, value_range=5)
    with pytest.raises(ValueError, match="random_rotation.*rank 3.*or 4.*\\(5, 7\\)"):
        layers.RandomRotation(0.1, name="random_rotation")(IMAGE[0, ..., 0])
