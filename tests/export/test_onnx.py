"""ONNX export: models run in ONNX Runtime and match neuroflow's predictions; bad input."""
import os

import numpy as np
import pytest

import neuroflow as tf
from neuroflow import keras

onnx = pytest.importorskip("onnx", reason="needs the onnx extra: pip install neuroflow[onnx]")
ort = pytest.importorskip("onnxruntime", reason="needs the onnx extra: pip install neuroflow[onnx]")
from neuroflow.export import onnx as nf_onnx  # noqa: E402

L = keras.layers


def _run(path, feeds):
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return session.run(None, feeds)


def _mlp():
    return keras.Sequential([keras.Input((784,), name="pixels"), L.Dense(64, activation="relu"), L.Dropout(0.2),
                             L.Dense(10, activation="softmax", name="probabilities")])


def _cnn():
    return keras.Sequential([keras.Input((28, 28, 1), name="image"), L.Conv2D(8, 3, activation="relu"),
                             L.BatchNormalization(), L.MaxPooling2D(), L.Conv2D(8, 3, padding="same", strides=2),
                             L.AveragePooling2D(padding="same"), L.DepthwiseConv2D(3, padding="same",
                                                                                   depth_multiplier=2),
                             L.SeparableConv2D(4, 3, padding="same"), L.Conv2D(4, 3, dilation_rate=2, padding="same"),
                             L.GlobalAveragePooling2D(), L.Dense(10, activation="softmax")])


def _upsampling():
    return keras.Sequential([keras.Input((7, 7, 3)), L.Conv2DTranspose(4, 3, strides=2, padding="same"),
                             L.Conv2DTranspose(2, 3, strides=2), L.Conv2DTranspose(2, 2, dilation_rate=2),
                             L.Reshape((31 * 31, 2)), L.Conv1DTranspose(3, 3, strides=2, padding="same"),
                             L.Conv1D(2, 5, strides=3), L.MaxPooling1D(), L.GlobalMaxPooling1D()])


def _recurrent():
    return keras.Sequential([keras.Input((6,), dtype="int32"), L.Embedding(20, 8),
                             L.LSTM(5, return_sequences=True, go_backwards=True), L.GRU(4, return_sequences=True),
                             L.GRU(3, reset_after=False, return_sequences=True),
                             L.Bidirectional(L.LSTM(3, recurrent_activation="hard_sigmoid", return_sequences=True)),
                             L.SimpleRNN(3), L.Dense(2, use_bias=False)])


def _attention():
    a, b = keras.Input((4, 8), name="query"), keras.Input((4, 8), name="value")
    x = L.MultiHeadAttention(num_heads=2, key_dim=4)(a, b)
    y = L.LayerNormalization()(L.Add()([L.Dense(8, activation="gelu")(L.Concatenate()([x, a])), b]))
    y = L.Average()([L.Maximum()([L.Multiply()([y, b]), a]), L.Minimum()([L.Subtract()([y, a]), b])])
    y = L.Flatten()(L.Permute((2, 1))(L.Reshape((8, 4))(y)))
    return keras.Model([a, b], [L.Dense(3, activation="softmax", name="label")(y), L.Dense(1, name="score")(y)])


def _activations():
    return keras.Sequential([keras.Input((5,)), *[L.Dense(4, activation=a) for a in (
        "elu", "selu", "swish", "softplus", "tanh", "sigmoid", "softsign", "relu6", "exponential")],
        L.LeakyReLU(0.2), L.RepeatVector(2), L.Flatten(), L.Softmax()])


MODELS = {"mlp": _mlp, "cnn": _cnn, "upsampling": _upsampling, "recurrent": _recurrent, "attention": _attention, "activations": _activations}


def _feeds(model, batch):
    rng = np.random.default_rng(batch)
    return [rng.integers(0, 20, (batch,) + tuple(x.shape[1:])).astype("int32") if "int" in str(x.dtype)
            else rng.normal(size=(batch,) + tuple(x.shape[1:])).astype("float32") for x in model.inputs]


@pytest.mark.parametrize("name", sorted(MODELS))
def test_onnx_runtime_matches_predict(tmp_path, name):
    keras.utils.set_random_seed(7)
    model = MODELS[name]()
    path = tmp_path / "model.onnx"
    model.export(str(path), format="onnx", verbose=False)
    proto = onnx.load(str(path))
    onnx.checker.check_model(proto, full_check=True)
    assert [i.type.tensor_type.shape.dim[0].dim_param for i in proto.graph.input] == ["batch"] * len(model.inputs)
    for batch in (1, 5):  # one file, any batch size
        xs = _feeds(model, batch)
        got = _run(path, {i.name: x for i, x in zip(proto.graph.input, xs)})
        expected = model.predict(xs if len(xs) > 1 else xs[0], verbose=0)
        for g, e in zip(got, expected if isinstance(expected, list) else [expected]):
            np.testing.assert_allclose(g, e, atol=1e-5)


def test_inputs_and_outputs_are_named(tmp_path):
    model = _attention()
    proto = nf_onnx.export(model, tmp_path / "m.onnx")
    assert [i.name for i in proto.graph.input] == ["query", "value"]
    assert [o.name for o in proto.graph.output] == ["label", "score"]
    assert [d.dim_param or d.dim_value for d in proto.graph.output[0].type.tensor_type.shape.dim] == ["batch", 3]


def test_a_tf_function_with_its_signature(tmp_path):
    w = tf.Variable(np.arange(6, dtype="float32").reshape(3, 2))

    @tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float32, name="x")])
    def affine(x):
        return tf.nn.sigmoid(tf.matmul(x, w) - tf.reduce_mean(x, axis=1, keepdims=True))

    nf_onnx.export(affine, tmp_path / "f.onnx", opset=13)
    x = np.random.default_rng(0).normal(size=(4, 3)).astype("float32")
    (y,) = _run(tmp_path / "f.onnx", {"x": x})
    np.testing.assert_allclose(y, affine(x).numpy(), atol=1e-6)
    assert onnx.load(str(tmp_path / "f.onnx")).opset_import[0].version == 13


def test_subclassed_model_needs_a_signature_and_a_traceable_call(tmp_path):
    class Scaled(keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = L.Dense(2)

        def call(self, x):
            return self.dense(x) * 2.0

    model = Scaled()
    model(np.ones((1, 3), "float32"))
    with pytest.raises(ValueError, match="subclassed and has no symbolic inputs.*input_signature"):
        nf_onnx.export(model, tmp_path / "m.onnx")
    nf_onnx.export(model, tmp_path / "m.onnx", input_signature=[tf.TensorSpec([None, 3], name="x")])
    x = np.ones((2, 3), "float32")
    np.testing.assert_allclose(_run(tmp_path / "m.onnx", {"x": x})[0], model(x).numpy(), atol=1e-6)

    class Untraceable(keras.Model):
        def call(self, x):
            return x * float(x.numpy().sum())

    model = Untraceable()
    model(np.ones((1, 3), "float32"))
    with pytest.raises(ValueError, match="could not trace"):
        nf_onnx.export(model, tmp_path / "u.onnx", input_signature=[tf.TensorSpec([None, 3])])
    assert not os.path.exists(tmp_path / "u.onnx")


def test_unsupported_op_is_named(tmp_path):
    @tf.function(input_signature=[tf.TensorSpec([None, 4])])
    def sort(x):
        return tf.sort(x)

    with pytest.raises(ValueError, match=r"op \w+ \(node '.*'.*\) has no ONNX converter"):
        nf_onnx.export(sort, tmp_path / "s.onnx")
    assert os.listdir(tmp_path) == []


def test_bad_paths_and_unbuilt_models(tmp_path):
    with pytest.raises(ValueError, match="not built"):
        nf_onnx.export(keras.Sequential([L.Dense(2)]), tmp_path / "m.onnx")
    with pytest.raises(IsADirectoryError, match="is a folder"):
        nf_onnx.export(_mlp(), tmp_path)
    with pytest.raises(ValueError, match="unknown format"):
        _mlp().export(str(tmp_path / "m"), format="coreml")
