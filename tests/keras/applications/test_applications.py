"""keras.applications against what Keras 3 builds (tests/fixtures/applications/, written by the real Keras).

Offline, `weights=None` (or weight files the tests hold); big models are built, not run.
"""
import json
import os
import urllib.error
import urllib.request

import numpy as np
import pytest

from neuroflow import keras
from neuroflow.keras import applications
from neuroflow.keras.applications import application, imagenet_utils

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "..", "fixtures", "applications")
with open(os.path.join(FIXTURES, "keras_applications.json")) as f:
    KERAS = json.load(f)
TOP_BUILD_LIMIT = 30_000_000  # parameters: bigger models are built with their top only in the zoo benchmark
ARCHITECTURES = [name for name in KERAS if name != "keras_version" and name in dir(applications)]


def layer_names(model):
    return [layer.name for layer in model.layers]


def assert_config_round_trips(model):
    """`model`'s config survives JSON, and each layer and operation it lists comes back from its entry with
    the same config (unbuilt: initialising the big models' weights twice would be slow), fed by nodes
    that name layers of the config."""
    config = json.loads(json.dumps(model.get_config()))
    names = [entry["name"] for entry in config["layers"]]
    assert names == [op.name for op in model.operations] and len(set(names)) == len(names)
    for entry, operation in zip(config["layers"], model.operations):
        unbuilt = keras.layers.deserialize({k: v for k, v in entry.items() if k != "build_config"})
        assert type(unbuilt) is type(operation)
        assert json.loads(json.dumps(keras.layers.serialize(unbuilt)["config"])) == entry["config"]
        sources = {h["config"]["keras_history"][0] for node in entry["inbound_nodes"]
                   for h in _tensor_configs(node["args"])}
        assert sources <= set(names), f"{entry['name']} is fed by layers not in the config: {sources - set(names)}"


def _tensor_configs(structure):
    if isinstance(structure, dict) and structure.get("class_name") == "__keras_tensor__":
        return [structure]
    if isinstance(structure, dict):
        return [t for value in structure.values() for t in _tensor_configs(value)]
    if isinstance(structure, list):
        return [t for value in structure for t in _tensor_configs(value)]
    return []


def build(name, **kwargs):
    keras.backend.clear_session()
    return getattr(applications, name)(weights=None, **kwargs)


@pytest.mark.parametrize("name", ARCHITECTURES)
def test_builds_as_keras_does(name):
    expected = KERAS[name]
    size = expected["small_size"]
    model = build(name, include_top=False, input_shape=(size, size, 3))
    assert model.count_params() == expected["params_notop"]
    assert list(model.output.shape[1:]) == expected["output_shape_notop"]
    assert layer_names(model) == expected["layers_notop"]
    assert_config_round_trips(model)
    if expected["params_top"] > TOP_BUILD_LIMIT:  # its size is checked without the top; initialising more is slow
        return
    top = build(name)
    assert top.count_params() == expected["params_top"]
    assert list(top.input.shape[1:]) == expected["top_input_shape"]


def test_every_keras_architecture_is_here():
    missing = sorted(set(KERAS) - {"keras_version"} - set(ARCHITECTURES))
    assert not missing, f"not built yet: {missing}"


@pytest.mark.parametrize("name, kwargs", [
    ("MobileNetV2", {"alpha": 0.35}), ("MobileNet", {"alpha": 0.25}), ("MobileNetV3Small", {}),
    ("EfficientNetB0", {}), ("ResNet50V2", {}), ("DenseNet121", {}),
])
def test_forward_pass_small_models(name, kwargs):
    model = build(name, include_top=True, classes=7, input_shape=(32, 32, 3), **kwargs)
    probabilities = model.predict(np.random.default_rng(0).uniform(0, 255, (2, 32, 32, 3)).astype("float32"),
                                  verbose=0)
    assert probabilities.shape == (2, 7)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-5)


def test_pooling_and_classifier_activation():
    assert build("ResNet50", include_top=False, pooling="avg", input_shape=(32, 32, 3)).output.shape == (None, 2048)
    assert build("VGG16", include_top=False, pooling="max", input_shape=(32, 32, 3)).output.shape == (None, 512)
    logits = build("MobileNetV2", alpha=0.35, classes=3, input_shape=(32, 32, 3), classifier_activation=None)
    assert logits.get_layer("predictions").get_config()["activation"] == "linear"
    with pytest.raises(ValueError, match="classifier_activation"):
        applications.MobileNetV2(weights="imagenet", classifier_activation="relu")
    with pytest.raises(ValueError, match="classes"):
        applications.ResNet50(weights="imagenet", classes=10)
    with pytest.raises(ValueError, match="at least 71x71"):
        applications.Xception(weights=None, include_top=False, input_shape=(32, 32, 3))
    with pytest.raises(ValueError, match="`weights` argument"):
        applications.VGG16(weights="no/such/file.h5")


# Rebuilt in full from their configs (every architecture's config is checked layer by layer in
# test_builds_as_keras_does); ConvNeXt at narrow widths: the same blocks as ConvNeXtTiny, 1/50 of the weights.
ROUND_TRIP = ["MobileNetV2", "MobileNetV3Small", "EfficientNetB0", "NASNetMobile", "ConvNeXt"]


def build_small(name):
    """(`name` without its top at its smallest input, that size); "ConvNeXt": ConvNeXtTiny's blocks, narrow."""
    if name == "ConvNeXt":
        keras.backend.clear_session()
        return applications.convnext.ConvNeXt(depths=(1, 1, 2, 1), projection_dims=(8, 16, 24, 32), include_top=False,
                                              input_shape=(32, 32, 3), name="convnext_narrow"), 32
    size = KERAS[name]["small_size"]
    return build(name, include_top=False, input_shape=(size, size, 3)), size


def assert_same_model(clone, model, size):
    assert [op.name for op in clone.operations] == [op.name for op in model.operations]
    assert layer_names(clone) == layer_names(model) and clone.count_params() == model.count_params()
    x = np.random.default_rng(1).uniform(0, 255, (1, size, size, 3)).astype("float32")
    np.testing.assert_allclose(clone(x).numpy(), model(x).numpy(), atol=1e-5)


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_config_round_trip(name):
    model, size = build_small(name)
    config = json.loads(json.dumps(model.get_config()))
    clone = keras.Model.from_config(config)
    assert json.loads(json.dumps(clone.get_config())) == config
    clone.set_weights(model.get_weights())
    assert_same_model(clone, model, size)


@pytest.mark.parametrize("name", ["MobileNetV3Small", "ConvNeXt"])
def test_keras_file_round_trip(name, tmp_path):
    """Through a `.keras` file (its config.json over the 64 KiB one zip header can pad)."""
    model, size = build_small(name)
    path = str(tmp_path / "model.keras")
    model.save(path)
    assert_same_model(keras.saving.load_model(path), model, size)


def test_keras_written_weight_file_loads_and_predicts_the_same():
    """A random MobileNetV2 saved by the real Keras in its published files' h5 layout, and its outputs."""
    path = os.path.join(FIXTURES, "mobilenet_v2_035_random.h5")
    reference = np.load(os.path.join(FIXTURES, "mobilenet_v2_035_outputs.npz"))
    keras.backend.clear_session()
    fresh = applications.MobileNetV2(weights=None, alpha=0.35, include_top=False, input_shape=(32, 32, 3))
    model = applications.MobileNetV2(weights=path, alpha=0.35, include_top=False, input_shape=(32, 32, 3))
    x = applications.mobilenet_v2.preprocess_input(reference["images"].copy())
    outputs = model.predict(x, verbose=0)
    np.testing.assert_allclose(outputs, reference["outputs"], atol=1e-4)
    assert np.abs(fresh.predict(x, verbose=0) - reference["outputs"]).max() > 1e-2  # the file changed them


def test_own_weight_file_round_trip(tmp_path):
    source = build("ResNet50", include_top=False, input_shape=(32, 32, 3))
    path = str(tmp_path / "resnet.weights.h5")
    source.save_weights(path)
    loaded = applications.ResNet50(weights=path, include_top=False, input_shape=(32, 32, 3))
    for a, b in zip(source.get_weights(), loaded.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_imagenet_weights_offline_say_which_file_to_place_where(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))

    def offline(*args, **kwargs):
        raise urllib.error.URLError("no network")

    monkeypatch.setattr(urllib.request, "urlretrieve", offline)
    with pytest.raises(OSError) as error:
        applications.MobileNetV2(weights="imagenet", include_top=False, alpha=0.35, input_shape=(96, 96, 3))
    message = str(error.value)
    assert "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_96_no_top.h5" in message
    assert os.path.join(str(tmp_path), "models") in message


def test_cached_weight_file_with_wrong_hash_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    source = tmp_path / "published" / "weights.h5"
    source.parent.mkdir()
    source.write_bytes(b"not the published file")
    published = application.WeightsFile("weights.h5", source.as_uri(), "0" * 32)
    with pytest.raises(ValueError, match="hash does not match"):
        application.fetch(published)
    assert not (tmp_path / "models" / "weights.h5").exists()


def test_frozen_base_runs_batch_norm_in_inference_mode_and_unfreezes():
    base = build("MobileNetV2", alpha=0.35, include_top=False, input_shape=(32, 32, 3))
    base.trainable = False
    inputs = keras.Input((32, 32, 3))
    features = keras.layers.GlobalAveragePooling2D()(base(inputs, training=False))
    model = keras.Model(inputs, keras.layers.Dense(2, activation="softmax")(features))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    rng = np.random.default_rng(0)
    x, y = rng.uniform(-1, 1, (8, 32, 32, 3)).astype("float32"), rng.integers(0, 2, 8)
    before = [w.copy() for w in base.get_weights()]
    model.fit(x, y, epochs=1, batch_size=4, verbose=0)
    for a, b in zip(before, base.get_weights()):  # moving statistics included
        np.testing.assert_array_equal(a, b)
    base.trainable = True
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy")
    model.fit(x, y, epochs=1, batch_size=4, verbose=0)
    assert any(not np.array_equal(a, b) for a, b in zip(before, base.get_weights()))


def test_feature_extraction_model():
    base = build("ResNet50", include_top=False, input_shape=(64, 64, 3))
    extractor = keras.Model(base.input, base.get_layer("conv3_block4_out").output)
    assert extractor.output.shape == (None, 8, 8, 512)
    assert extractor.predict(np.zeros((1, 64, 64, 3), "float32"), verbose=0).shape == (1, 8, 8, 512)


def test_input_tensor():
    keras.backend.clear_session()
    inputs = keras.Input((32, 32, 3))
    model = applications.MobileNet(weights=None, include_top=False, input_tensor=inputs, alpha=0.25)
    assert model.input is inputs


@pytest.mark.parametrize("mode, expected", [
    ("tf", [[-1.0, 0.0, 1.0]]),
    ("torch", [[(0 - 0.485) / 0.229, (127.5 / 255 - 0.456) / 0.224, (1 - 0.406) / 0.225]]),
    ("caffe", [[255 - 103.939, 127.5 - 116.779, 0 - 123.68]]),
])
def test_preprocess_input_modes(mode, expected):
    image = np.array([[0.0, 127.5, 255.0]], "float32")
    np.testing.assert_allclose(imagenet_utils.preprocess_input(image.copy(), mode=mode), expected, rtol=1e-5)
    tensor = imagenet_utils.preprocess_input(keras.ops.convert_to_tensor(image), mode=mode)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(tensor), expected, rtol=1e-5)


def test_decode_predictions(monkeypatch):
    monkeypatch.setattr(imagenet_utils, "CLASS_INDEX", {str(i): [f"n{i:08d}", f"class{i}"] for i in range(1000)})
    preds = np.zeros((1, 1000), "float32")
    preds[0, [3, 7]] = (0.25, 0.75)
    decoded = applications.resnet.decode_predictions(preds, top=2)
    assert [(c, d) for c, d, _ in decoded[0]] == [("n00000007", "class7"), ("n00000003", "class3")]
    with pytest.raises(ValueError, match="samples, 1000"):
        imagenet_utils.decode_predictions(np.zeros((1, 10)))
