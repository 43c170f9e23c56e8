"""TF.js Layers export: the folder's format, quantization, shards, the way back, bad input;
and TF.js itself (in Node) loading the folders and predicting what neuroflow predicts."""
import json
import os

import numpy as np
import pytest

from neuroflow import keras
from neuroflow.export import tfjs
from node_tools import requires_node, run_node, tfjs_predict


def _mlp():
    keras.utils.set_random_seed(1)
    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(16, activation="relu"),
                             keras.layers.Dropout(0.2), keras.layers.Dense(3, activation="softmax")])


def _embedding_lstm():
    keras.utils.set_random_seed(2)
    return keras.Sequential([keras.Input((7,), dtype="int32"), keras.layers.Embedding(30, 8),
                             keras.layers.LSTM(6, return_sequences=True), keras.layers.SimpleRNN(5),
                             keras.layers.Dense(2)])


def _bidirectional_gru():
    keras.utils.set_random_seed(3)
    return keras.Sequential([keras.Input((5, 3)), keras.layers.Bidirectional(keras.layers.GRU(4, reset_after=False)),
                             keras.layers.LayerNormalization(), keras.layers.Dense(2)])


def _functional():
    keras.utils.set_random_seed(4)
    a, b = keras.Input((4,), name="a"), keras.Input((4,), name="b")
    x = keras.layers.Dense(3, activation="tanh")(keras.layers.Concatenate()([a, b]))
    y = keras.layers.Add()([x, keras.layers.Dense(3)(a)])
    y = keras.layers.Flatten()(keras.layers.Reshape((3, 1))(y))
    return keras.Model([a, b], keras.layers.Activation("sigmoid")(y))


def _cnn():
    keras.utils.set_random_seed(5)
    L = keras.layers
    return keras.Sequential([keras.Input((12, 12, 2)), L.Conv2D(6, 3, activation="relu", padding="same"),
                             L.BatchNormalization(), L.MaxPooling2D(), L.DepthwiseConv2D(3, depth_multiplier=2),
                             L.SeparableConv2D(4, 2, padding="same"), L.AveragePooling2D(padding="same"),
                             L.Conv2D(4, 1, strides=1, dilation_rate=1), L.GlobalAveragePooling2D(),
                             L.Dense(3, activation="softmax")])


def _layer_zoo():
    keras.utils.set_random_seed(6)
    L = keras.layers
    image = keras.Input((8, 8, 3), name="image")
    x = L.UpSampling2D(2)(L.Cropping2D(1)(L.ZeroPadding2D(1)(image)))
    x = L.GlobalMaxPooling2D()(L.ReLU(max_value=6.0)(L.Conv2DTranspose(2, 3, strides=2, padding="same")(x)))
    sequence = keras.Input((6, 4), name="sequence")
    y = L.TimeDistributed(L.Dense(3))(L.AveragePooling1D(1)(L.MaxPooling1D(2)(L.Conv1D(4, 3)(sequence))))
    y = L.GlobalAveragePooling1D()(L.SimpleRNN(3, return_sequences=True)(y))
    z = L.GRU(3, reset_after=False)(sequence)
    v = L.Concatenate()([x, y, z])
    v = L.Rescaling(2.0, offset=0.5)(L.PReLU()(L.ELU()(L.LeakyReLU(0.2)(L.Dense(5)(v)))))
    v = L.LayerNormalization()(L.BatchNormalization()(L.GaussianNoise(0.1)(L.AlphaDropout(0.1)(v))))
    w = L.Flatten()(L.Permute((2, 1))(L.RepeatVector(3)(L.Softmax()(v))))
    u = L.Dense(15, activation="tanh")(w)
    out = L.Dot(axes=1)([L.Multiply()([w, u]), L.Maximum()([w, L.Minimum()([u, w])])])
    return keras.Model([image, sequence], L.Average()([out, L.Dense(1)(u)]))


def _masked_lstm():
    keras.utils.set_random_seed(8)
    return keras.Sequential([keras.Input((7,), dtype="int32"), keras.layers.Embedding(30, 4, mask_zero=True),
                             keras.layers.LSTM(3)])


def _inputs(model, batch=3):
    rng = np.random.default_rng(0)
    out = []
    for x in model.inputs:
        shape = (batch,) + tuple(x.shape[1:])
        out.append(rng.integers(0, 30, shape).astype("int32") if "int" in str(x.dtype)
                   else rng.normal(size=shape).astype("float32"))
    return out


MODELS = {"mlp": _mlp, "cnn": _cnn, "layer_zoo": _layer_zoo, "masked_lstm": _masked_lstm, "embedding_lstm": _embedding_lstm, "bidirectional_gru": _bidirectional_gru,
          "functional": _functional}


def test_folder_is_what_the_converter_writes(tmp_path):
    model = _mlp()
    model.export(str(tmp_path / "web"), format="tfjs", verbose=False)
    document = json.loads((tmp_path / "web" / "model.json").read_text())
    assert document["format"] == "layers-model"
    assert document["generatedBy"].startswith("keras v3") and document["convertedBy"].startswith("neuroflow")
    config = document["modelTopology"]["model_config"]
    assert config["class_name"] == "Sequential"
    layers = config["config"]["layers"]
    assert layers[0]["class_name"] == "InputLayer" and layers[0]["config"]["batch_input_shape"] == [None, 4]
    assert "module" not in layers[1] and layers[1]["config"]["kernel_initializer"]["class_name"] == "GlorotUniform"
    manifest = document["weightsManifest"]
    assert manifest[0]["paths"] == ["group1-shard1of1.bin"]
    first, last = model.layers[0].name, model.layers[2].name
    assert [(w["name"], w["shape"], w["dtype"]) for w in manifest[0]["weights"]] == [
        (f"{first}/kernel", [4, 16], "float32"), (f"{first}/bias", [16], "float32"),
        (f"{last}/kernel", [16, 3], "float32"), (f"{last}/bias", [3], "float32")]
    assert os.path.getsize(tmp_path / "web" / "group1-shard1of1.bin") == 4 * (4 * 16 + 16 + 16 * 3 + 3)


@pytest.mark.parametrize("name", sorted(MODELS))
def test_round_trip_through_load_keras_model(tmp_path, name):
    model = MODELS[name]()
    tfjs.save_keras_model(model, tmp_path / "m")
    restored = tfjs.load_keras_model(tmp_path / "m")
    xs = _inputs(model)
    np.testing.assert_allclose(restored.predict(xs, verbose=0), model.predict(xs, verbose=0), atol=1e-6)


def test_shards_of_four_megabytes(tmp_path):
    model = keras.Sequential([keras.Input((1000,)), keras.layers.Dense(2500)])  # 10 MB of float32
    tfjs.save_keras_model(model, tmp_path / "m")
    names = sorted(p for p in os.listdir(tmp_path / "m") if p.endswith(".bin"))
    assert names == ["group1-shard1of3.bin", "group1-shard2of3.bin", "group1-shard3of3.bin"]
    total = 4 * (1000 * 2500 + 2500)
    assert [os.path.getsize(tmp_path / "m" / n) for n in names] == [4 << 20, 4 << 20, total - (8 << 20)]
    x = np.random.default_rng(0).normal(size=(2, 1000)).astype("float32")
    np.testing.assert_array_equal(tfjs.load_keras_model(tmp_path / "m")(x), model(x))


@pytest.mark.parametrize("dtype, tolerance", [("float16", 2e-3), ("uint8", 3e-2), ("uint16", 2e-4)])
def test_quantization(tmp_path, dtype, tolerance):
    model = _mlp()
    tfjs.save_keras_model(model, tmp_path / "q", quantization_dtype=dtype)
    document = json.loads((tmp_path / "q" / "model.json").read_text())
    entry = document["weightsManifest"][0]["weights"][0]
    assert entry["dtype"] == "float32" and entry["quantization"]["dtype"] == dtype
    itemsize = {"float16": 2, "uint8": 1, "uint16": 2}[dtype]
    assert os.path.getsize(tmp_path / "q" / "group1-shard1of1.bin") == itemsize * (4 * 16 + 16 + 16 * 3 + 3)
    restored = tfjs.load_keras_model(tmp_path / "q")
    for a, b in zip(restored.weights, model.weights):
        np.testing.assert_allclose(a.numpy(), b.numpy(), atol=tolerance)
    zeros = [w for w in restored.weights if "bias" in w.path]
    assert all((w.numpy() == 0).all() for w in zeros)  # 0 stays exact under affine quantization


def test_unsupported_layer_is_named(tmp_path):
    inputs = keras.Input((4, 8))
    outputs = keras.layers.MultiHeadAttention(num_heads=2, key_dim=4, name="attention")(inputs, inputs)
    with pytest.raises(ValueError, match=r"'attention' \(MultiHeadAttention\).*no TensorFlow.js counterpart"):
        tfjs.save_keras_model(keras.Model(inputs, outputs), tmp_path / "m")
    assert not os.path.exists(tmp_path / "m") and os.listdir(tmp_path) == []


@pytest.mark.parametrize("layer, message", [
    (keras.layers.Conv1D(2, 3, padding="causal"), "padding='causal'"),
    (keras.layers.GroupNormalization(groups=2), "no TensorFlow.js counterpart"),
    (keras.layers.Resizing(3, 3), "fails on batched inputs")])
def test_layers_tfjs_cannot_run_are_named(tmp_path, layer, message):
    shape = (8, 8, 3) if isinstance(layer, keras.layers.Resizing) else (6, 4)
    with pytest.raises(ValueError, match=f"'{layer.name}'.*{message}"):
        tfjs.save_keras_model(keras.Sequential([keras.Input(shape), layer]), tmp_path / "m")


def test_gru_reset_after_needs_the_tfjs_form(tmp_path):
    model = keras.Sequential([keras.Input((5, 3)), keras.layers.GRU(4)])
    with pytest.raises(ValueError, match="reset_after=False"):
        tfjs.save_keras_model(model, tmp_path / "m")


def test_unbuilt_model_and_file_path(tmp_path):
    with pytest.raises(ValueError, match="not built"):
        tfjs.save_keras_model(keras.Sequential([keras.layers.Dense(2)]), tmp_path / "m")
    (tmp_path / "file").write_text("x")
    with pytest.raises(FileExistsError, match="is a file"):
        tfjs.save_keras_model(_mlp(), tmp_path / "file")
    assert (tmp_path / "file").read_text() == "x"


def test_subclassed_model_is_refused(tmp_path):
    class Twice(keras.Model):
        def call(self, x):
            return x * 2.0

    model = Twice()
    model(np.ones((1, 2), "float32"))
    with pytest.raises(ValueError, match="subclassed Twice.*Sequential or Functional"):
        tfjs.save_keras_model(model, tmp_path / "m")
    assert os.listdir(tmp_path) == []


def test_existing_folder_is_replaced_whole(tmp_path):
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "stale.bin").write_bytes(b"old")
    tfjs.save_keras_model(_mlp(), tmp_path / "m")
    assert sorted(os.listdir(tmp_path / "m")) == ["group1-shard1of1.bin", "model.json"]


def test_missing_or_wrong_size_shard(tmp_path):
    model = _mlp()
    tfjs.save_keras_model(model, tmp_path / "m")
    shard = tmp_path / "m" / "group1-shard1of1.bin"
    data = shard.read_bytes()
    shard.write_bytes(data[:-4])
    with pytest.raises(ValueError, match="hold 520 bytes but the manifest.s weights need 524"):
        tfjs.load_keras_model(tmp_path / "m")
    shard.unlink()
    with pytest.raises(ValueError, match="group1-shard1of1.bin listed in model.json is missing"):
        tfjs.load_keras_model(tmp_path / "m")
    with pytest.raises(ValueError, match="No TF.js model"):
        tfjs.load_keras_model(tmp_path / "nowhere")


@requires_node
@pytest.mark.parametrize("name", sorted(MODELS))
def test_tfjs_in_node_predicts_what_neuroflow_predicts(tmp_path, name):
    model = MODELS[name]()
    tfjs.save_keras_model(model, tmp_path / "m")
    xs = _inputs(model, batch=4)
    (y,) = tfjs_predict(tmp_path / "m", xs, tmp_path)
    np.testing.assert_allclose(y, model.predict(xs, verbose=0), atol=1e-4)


@requires_node
def test_tfjs_in_node_reads_quantized_weights(tmp_path):
    model = _mlp()
    tfjs.save_keras_model(model, tmp_path / "m", quantization_dtype="float16")
    xs = _inputs(model)
    (y,) = tfjs_predict(tmp_path / "m", xs, tmp_path)
    np.testing.assert_allclose(y, tfjs.load_keras_model(tmp_path / "m").predict(xs, verbose=0), atol=1e-5)


@requires_node
def test_a_model_saved_by_tfjs_loads_here(tmp_path):
    expected = run_node("tfjs_save.js", tmp_path / "from_tfjs")
    model = tfjs.load_keras_model(tmp_path / "from_tfjs")
    y = model.predict(np.array([[0.5, -1, 2], [1, 1, 1]], "float32"), verbose=0)
    np.testing.assert_allclose(y, np.reshape(expected["data"], expected["shape"]), atol=1e-6)


@requires_node
def test_the_supported_layer_list_is_tfjs_own():
    from neuroflow.export.tfjs.topology import TFJS_LAYERS
    registered = set(run_node("tfjs_classes.js"))
    assert TFJS_LAYERS <= registered, sorted(TFJS_LAYERS - registered)
