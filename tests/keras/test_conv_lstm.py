"""ConvLSTM1D/2D/3D against real Keras 3 (fixture written by tests/fixtures/make_keras_seq_reference.py)."""
import json
import os

import numpy as np
import pytest

import neuroflow as tf
from neuroflow import keras
from layer_test_helper import run_layer_test

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "fixtures")
REF = np.load(os.path.join(FIXTURES, "keras_seq_reference.npz"))
CASES = {
    "conv_lstm2d": lambda **kw: keras.layers.ConvLSTM2D(3, (3, 2), padding="same", **kw),
    "conv_lstm2d_valid": lambda **kw: keras.layers.ConvLSTM2D(2, 3, **kw),
    "conv_lstm1d_strided": lambda **kw: keras.layers.ConvLSTM1D(4, 3, strides=2, **kw),
    "conv_lstm1d_dilated": lambda **kw: keras.layers.ConvLSTM1D(2, 2, dilation_rate=2, padding="same", **kw),
    "conv_lstm3d": lambda **kw: keras.layers.ConvLSTM3D(2, 2, padding="same", **kw),
}


def _layer(key, backwards=False, **kwargs):
    suffix = "_backward" if backwards else ""
    layer = CASES[key](return_sequences=True, return_state=True, go_backwards=backwards, name=key, **kwargs)
    layer.build(REF[f"{key}_x"].shape)
    layer.set_weights([REF[f"{key}{suffix}_w{i}"] for i in range(3)])
    return layer


@pytest.mark.parametrize("key", sorted(CASES))
@pytest.mark.parametrize("backwards", [False, True])
def test_outputs_match_real_keras(key, backwards):
    layer = _layer(key, backwards)
    suffix = "_backward" if backwards else ""
    x, mask = REF[f"{key}_x"], REF[f"{key}_mask"]
    y, h, c = layer(x)
    for name, value in (("outputs", y), ("h", h), ("c", c)):
        np.testing.assert_allclose(value.numpy(), REF[f"{key}{suffix}_{name}"], rtol=1e-4, atol=1e-5, err_msg=name)
    y, h, _ = layer(x, mask=mask)
    np.testing.assert_allclose(y.numpy(), REF[f"{key}{suffix}_masked_outputs"], rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(h.numpy(), REF[f"{key}{suffix}_masked_h"], rtol=1e-4, atol=1e-5)


def test_weight_paths_shapes_and_configs_are_keras():
    paths, configs = json.loads(str(REF["conv_lstm_paths"])), json.loads(str(REF["conv_lstm_configs"]))
    for key in CASES:
        layer = _layer(key)
        assert [w.path for w in layer.weights] == paths[key]
        ours = layer.get_config()
        assert sorted(ours) == sorted(configs[key])
        for name in ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "activation",
                     "recurrent_activation", "unit_forget_bias", "return_sequences", "return_state", "stateful",
                     "unroll", "dropout", "recurrent_dropout"):
            assert ours[name] == (tuple(configs[key][name]) if isinstance(configs[key][name], list)
                                  else configs[key][name]), name
        revived = type(layer).from_config(configs[key])  # Keras' own config builds the same layer
        assert revived.get_config()["kernel_size"] == layer.kernel_size and revived.filters == layer.filters


def test_the_forget_gate_bias_starts_at_one():
    layer = keras.layers.ConvLSTM2D(2, 3)
    layer.build((None, 3, 5, 5, 1))
    np.testing.assert_array_equal(layer.cell.bias.numpy(), [0, 0, 1, 1, 0, 0, 0, 0])
    assert [tuple(w.shape) for w in layer.weights] == [(3, 3, 1, 8), (3, 3, 2, 8), (8,)]


def test_loads_a_weights_file_written_by_keras(tmp_path):
    def model():
        return keras.Sequential([keras.Input((3, 4, 4, 2)), keras.layers.ConvLSTM2D(3, 3, padding="same"),
                                 keras.layers.Flatten(), keras.layers.Dense(1)])
    ours = model()
    ours.load_weights(os.path.join(FIXTURES, "keras_conv_lstm.weights.h5"))
    np.testing.assert_allclose(ours.predict(REF["saved_model_x"], verbose=0), REF["saved_model_y"], rtol=1e-4,
                               atol=1e-5)
    path = str(tmp_path / "round_trip.weights.h5")
    ours.save_weights(path)
    again = model()
    again.load_weights(path)
    np.testing.assert_allclose(again(REF["saved_model_x"]).numpy(), REF["saved_model_y"], rtol=1e-4, atol=1e-5)


def test_channels_first_computes_the_transposed_channels_last():
    x = np.random.default_rng(0).standard_normal((2, 3, 5, 4, 2)).astype("float32")
    last = keras.layers.ConvLSTM2D(3, 2, strides=(2, 1), return_sequences=True)
    first = keras.layers.ConvLSTM2D(3, 2, strides=(2, 1), return_sequences=True, data_format="channels_first")
    expected = last(x).numpy()
    first.build((None, 3, 2, 5, 4))
    first.set_weights(last.get_weights())
    np.testing.assert_allclose(first(x.transpose(0, 1, 4, 2, 3)).numpy(), expected.transpose(0, 1, 4, 2, 3),
                               rtol=1e-5, atol=1e-6)
    assert first.compute_output_shape((None, 3, 2, 5, 4)) == (None, 3, 3, 2, 3)


def _gradient_check(layer, x, mask=None, initial_state=None, eps=1e-6):
    """The tape's gradients w.r.t. the inputs and every weight against central differences (float64)."""
    weights = np.random.default_rng(1).standard_normal(tuple(layer.compute_output_shape(x.shape)))

    def loss(inputs):
        return tf.reduce_sum(layer(inputs, mask=mask, initial_state=initial_state) * weights)
    inputs = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(inputs)
        value = loss(inputs)
    analytic = [g.numpy() for g in tape.gradient(value, [inputs] + layer.trainable_weights)]
    arrays = [x] + layer.get_weights()
    for i, array in enumerate(arrays):
        numeric = np.zeros_like(array)
        for idx in np.ndindex(array.shape):
            values = []
            for delta in (eps, -eps):
                moved = [a.copy() for a in arrays]
                moved[i][idx] += delta
                layer.set_weights(moved[1:])
                values.append(float(loss(tf.constant(moved[0])).numpy()))
            numeric[idx] = (values[0] - values[1]) / (2 * eps)
        layer.set_weights(arrays[1:])
        np.testing.assert_allclose(analytic[i], numeric, rtol=1e-5, atol=1e-7, err_msg=f"gradient {i}")


def test_float64_gradients_through_a_short_sequence():
    rng = np.random.default_rng(3)
    layer = keras.layers.ConvLSTM1D(2, 2, padding="same", return_sequences=True, dtype="float64")
    x = rng.standard_normal((2, 3, 3, 1))
    layer.build(x.shape)
    layer.set_weights([rng.standard_normal(w.shape) * 0.5 for w in layer.get_weights()])
    _gradient_check(layer, x, mask=tf.constant([[True, False, True], [True, True, True]]))
    back = keras.layers.ConvLSTM1D(2, 2, strides=2, go_backwards=True, dtype="float64")
    x = rng.standard_normal((1, 3, 4, 1))
    back.build(x.shape)
    states = [tf.constant(rng.standard_normal((1, 2, 2))) for _ in range(2)]
    _gradient_check(back, x, initial_state=states)


@pytest.mark.parametrize("cls,kwargs,shape,expected", [
    (keras.layers.ConvLSTM1D, {"filters": 2, "kernel_size": 2}, (3, 4, 5, 2), (3, 4, 2)),
    (keras.layers.ConvLSTM2D, {"filters": 2, "kernel_size": 2, "return_sequences": True, "padding": "same"},
     (3, 2, 4, 4, 1), (3, 2, 4, 4, 2)),
    (keras.layers.ConvLSTM3D, {"filters": 1, "kernel_size": 2}, (2, 2, 3, 3, 3, 1), (2, 2, 2, 2, 1)),
])
def test_layer_contract(cls, kwargs, shape, expected):
    run_layer_test(cls, kwargs, input_shape=shape, expected_output_shape=expected, expected_num_trainable_weights=3,
                   supports_masking=True, rtol=1e-5)


def test_return_state_stateful_dropout_and_training():
    x = np.random.default_rng(0).standard_normal((2, 4, 5, 5, 1)).astype("float32")
    layer = keras.layers.ConvLSTM2D(2, 3, padding="same", stateful=True)
    model = keras.Sequential([keras.Input((4, 5, 5, 1), batch_size=2), layer])
    first, second = model(x).numpy(), model(x).numpy()
    assert not np.allclose(first, second)
    layer.reset_states()
    np.testing.assert_allclose(model(x).numpy(), first, atol=1e-6)
    assert len(layer.weights) == 3 and layer.states[0].shape == (2, 5, 5, 2)
    ones = [np.ones((2, 5, 5, 2))] * 2  # float64 NumPy states are cast to the layer's dtype
    assert not np.allclose(keras.layers.ConvLSTM2D(2, 3, padding="same")(x, initial_state=ones).numpy(), 0)
    with pytest.raises(ValueError, match="(?s)Expected batch size: 2.*Received batch size: 1"):
        layer(x[:1])

    dropped = keras.layers.ConvLSTM2D(2, 3, dropout=0.5, recurrent_dropout=0.5, seed=1)
    assert not np.allclose(dropped(x, training=True).numpy(), dropped(x).numpy())
    np.testing.assert_allclose(dropped(x).numpy(), dropped(x, training=False).numpy())

    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4, 5, 5, 1)), keras.layers.ConvLSTM2D(4, 3, padding="same",
                                                                                  dropout=0.1),
                              keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(0.02), loss="mse")
    y = x.mean(axis=(1, 2, 3))
    history = model.fit(x, y, epochs=15, verbose=0).history["loss"]
    assert history[-1] < 0.5 * history[0]


@pytest.mark.parametrize("call,match", [
    (lambda: keras.layers.ConvLSTM2D(2, 3)(np.ones((2, 4, 5, 1), "float32")),
     r"expected ndim=5, found ndim=4.*\(batch, time, rows, cols, channels\)"),
    (lambda: keras.layers.ConvLSTM1D(2, 2)(np.ones((2, 3, 4, 1), "float32"), initial_state=[np.zeros((2, 3, 2))]),
     r"expects 2 initial state tensor\(s\).*received 1"),
    (lambda: keras.layers.ConvLSTM1D(2, 2)(np.ones((2, 3, 4, 1), "float32"), initial_state=[np.zeros((2, 4, 2))] * 2),
     r"initial state 0 has shape \(2, 4, 2\), but the layer expects \(2, 3, 2\)"),
    (lambda: keras.layers.ConvLSTM1D(2, 2)(np.ones((2, 3, 4, 1), "float32"), mask=np.ones((2, 4), bool)),
     r"mask must have shape.*\(2, 3\)"),
    (lambda: keras.layers.ConvLSTM1D(2, 9)(np.ones((2, 3, 4, 1), "float32")), "larger than the input"),
    (lambda: keras.layers.ConvLSTM2D(2, 3, strides=2, dilation_rate=2), "dilation_rate"),
])
def test_bad_inputs(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_the_cell_step_by_step_and_in_bidirectional():
    """`RNN(ConvLSTMCell)` runs the cell's `call` per step: the same numbers as the layer's folded input
    convolution; and a Bidirectional ConvLSTM2D has Keras' weight paths."""
    from neuroflow.keras.layers.rnn.conv_lstm import ConvLSTMCell
    x = np.random.default_rng(2).standard_normal((2, 3, 5, 4, 1)).astype("float32")
    layer = keras.layers.ConvLSTM2D(2, 3, padding="same", return_sequences=True)
    generic = keras.layers.RNN(ConvLSTMCell(2, 2, 3, padding="same"), return_sequences=True)
    expected = layer(x).numpy()
    generic.build(x.shape)
    generic.set_weights(layer.get_weights())
    np.testing.assert_allclose(generic(x).numpy(), expected, rtol=1e-5, atol=1e-6)
    both = keras.layers.Bidirectional(keras.layers.ConvLSTM2D(2, 3, padding="same", name="conv_lstm2d"),
                                      name="bidirectional")
    assert both(x).shape == (2, 5, 4, 4)
    assert [w.path for w in both.weights][:3] == [f"bidirectional/forward_conv_lstm2d/conv_lstm_cell/{name}"
                                                  for name in ("kernel", "recurrent_kernel", "bias")]
