"""Recurrent layers: Keras' equations and weight layout, masks, wrappers, training, errors."""
import os
import re

import numpy as np
import pytest

import neuroflow as tf
from neuroflow import keras
from layer_test_helper import run_layer_test

FIXTURE = os.path.join(os.path.dirname(__file__), "..", "fixtures", "keras_rnn_reference.npz")
RNG = np.random.default_rng(3)
X = RNG.standard_normal((3, 6, 4)).astype("float32")
MASK = np.array([[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0], [0, 1, 1, 0, 1, 1]], bool)


# --- a hand-written NumPy reference of Keras' cell equations ----------------------------------
def _sigmoid(v):
    return 1 / (1 + np.exp(-v))


def _step(kind, x, states, weights, units):
    kernel, recurrent, bias = weights
    if kind == "simple_rnn":
        h = np.tanh(x @ kernel + states[0] @ recurrent + bias)
        return h, [h]
    if kind == "lstm":
        z = x @ kernel + states[0] @ recurrent + bias
        i, f, o = (_sigmoid(z[:, k * units:(k + 1) * units]) for k in (0, 1, 3))
        c = f * states[1] + i * np.tanh(z[:, 2 * units:3 * units])
        h = o * np.tanh(c)
        return h, [h, c]
    # GRU, reset_after=True: bias rows are the input and the recurrent biases
    xw, hw = x @ kernel + bias[0], states[0] @ recurrent + bias[1]
    z = _sigmoid(xw[:, :units] + hw[:, :units])
    r = _sigmoid(xw[:, units:2 * units] + hw[:, units:2 * units])
    hh = np.tanh(xw[:, 2 * units:] + r * hw[:, 2 * units:])
    h = z * states[0] + (1 - z) * hh
    return h, [h]


def numpy_rnn(kind, x, weights, units, mask=None, go_backwards=False):
    batch, steps, _ = x.shape
    states = [np.zeros((batch, units))] * (2 if kind == "lstm" else 1)
    outputs, previous = [], np.zeros((batch, units))
    for t in (range(steps - 1, -1, -1) if go_backwards else range(steps)):
        out, new = _step(kind, x[:, t], states, weights, units)
        if mask is not None:
            keep = mask[:, t:t + 1]
            out = np.where(keep, out, previous)
            new = [np.where(keep, n, s) for n, s in zip(new, states)]
        outputs.append(out)
        previous, states = out, new
    return np.stack(outputs, 1), states


LAYERS = {"simple_rnn": keras.layers.SimpleRNN, "lstm": keras.layers.LSTM, "gru": keras.layers.GRU}


@pytest.mark.parametrize("kind", sorted(LAYERS))
@pytest.mark.parametrize("go_backwards", [False, True])
@pytest.mark.parametrize("masked", [False, True])
def test_outputs_match_the_numpy_equations(kind, go_backwards, masked):
    layer = LAYERS[kind](5, return_sequences=True, return_state=True, go_backwards=go_backwards)
    layer.build((None, 6, 4))
    weights = [RNG.standard_normal(w.shape).astype("float32") * 0.5 for w in layer.get_weights()]
    layer.set_weights(weights)
    mask = MASK if masked else None
    outputs, *states = layer(X, mask=mask)
    expected, expected_states = numpy_rnn(kind, X.astype("float64"), weights, 5, mask, go_backwards)
    np.testing.assert_allclose(outputs.numpy(), expected, atol=2e-6)
    for state, want in zip(states, expected_states):
        np.testing.assert_allclose(state.numpy(), want, atol=2e-6)


@pytest.mark.parametrize("kind", ["simple_rnn", "lstm", "gru", "gru_reset_before"])
@pytest.mark.parametrize("direction", ["forward", "backward"])
def test_outputs_match_real_keras(kind, direction):
    ref = np.load(FIXTURE)
    key = f"{kind}_{direction}"
    cls = LAYERS[kind.split("_reset")[0]]
    extra = {"reset_after": False} if kind == "gru_reset_before" else {}
    layer = cls(5, return_sequences=True, return_state=True, go_backwards=direction == "backward", **extra)
    layer.build((None, 6, 4))
    layer.set_weights([ref[f"{key}_w{i}"] for i in range(len(layer.weights))])
    outputs, state, *_ = layer(ref["x"])
    np.testing.assert_allclose(outputs.numpy(), ref[f"{key}_outputs"], atol=2e-6)
    np.testing.assert_allclose(state.numpy(), ref[f"{key}_state"], atol=2e-6)
    outputs, state, *_ = layer(ref["x"], mask=ref["mask"])
    np.testing.assert_allclose(outputs.numpy(), ref[f"{key}_masked_outputs"], atol=2e-6)
    np.testing.assert_allclose(state.numpy(), ref[f"{key}_masked_state"], atol=2e-6)


def test_bidirectional_matches_real_keras_with_and_without_mask():
    ref = np.load(FIXTURE)
    layer = keras.layers.Bidirectional(keras.layers.LSTM(3, return_sequences=True))
    layer.build((None, 6, 4))
    def plain(path):  # layer names are numbered by how many came before (lstm_2)
        return re.sub(r"_\d+/", "/", path)
    assert [plain(w.path) for w in layer.weights] == [plain(str(p)) for p in ref["bidirectional_paths"]]
    layer.set_weights([ref[f"bidirectional_w{i}"] for i in range(len(layer.weights))])
    np.testing.assert_allclose(layer(ref["x"]).numpy(), ref["bidirectional_outputs"], atol=2e-6)
    np.testing.assert_allclose(layer(ref["x"], mask=ref["mask"]).numpy(), ref["bidirectional_masked_outputs"],
                               atol=2e-6)


def test_weight_names_shapes_and_gate_layout():
    for cls, shapes in ((keras.layers.LSTM, [(4, 28), (7, 28), (28,)]), (keras.layers.GRU, [(4, 21), (7, 21), (2, 21)]),
                        (keras.layers.SimpleRNN, [(4, 7), (7, 7), (7,)])):
        layer = cls(7)
        layer.build((None, 6, 4))
        assert [tuple(w.shape) for w in layer.weights] == shapes
        assert [w.name for w in layer.weights] == ["kernel", "recurrent_kernel", "bias"]
    lstm = keras.layers.LSTM(3)
    lstm.build((None, 2, 2))
    np.testing.assert_array_equal(lstm.cell.bias.numpy(), [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0])  # unit_forget_bias
    assert tuple(keras.layers.GRU(3, reset_after=False).cell.__class__(3, reset_after=False).get_config()
                 ["reset_after"] for _ in [0]) == (False,)


@pytest.mark.parametrize("cls,kwargs,trainable", [
    (keras.layers.SimpleRNN, {"units": 3}, 3), (keras.layers.LSTM, {"units": 3, "return_sequences": True}, 3),
    (keras.layers.GRU, {"units": 3, "go_backwards": True}, 3), (keras.layers.GRU, {"units": 2, "reset_after": False}, 3),
    (keras.layers.RNN, {"cell": keras.layers.LSTMCell(2)}, 3),
])
def test_layer_contract(cls, kwargs, trainable):
    units = kwargs["units"] if "units" in kwargs else 2
    shape = (2, 5, units) if kwargs.get("return_sequences") else (2, units)
    run_layer_test(cls, kwargs, input_shape=(2, 5, 4), expected_output_shape=shape,
                   expected_num_trainable_weights=trainable, supports_masking=True, rtol=1e-5)


def test_stacked_cells_and_user_cells_run_step_by_step():
    class MinimalRNNCell(keras.layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.units = self.state_size = units

        def build(self, input_shape):
            self.kernel = self.add_weight(shape=(input_shape[-1], self.units), initializer="ones")

        def call(self, inputs, states):
            output = tf.matmul(inputs, self.kernel) + states[0]
            return output, [output]

    layer = keras.layers.RNN([MinimalRNNCell(2), keras.layers.GRUCell(3)], return_state=True)
    output, first, (second,) = layer(X)  # as Keras: a GRUCell in a stack keeps its state list
    assert output.shape == (3, 3) and first.shape == (3, 2) and second.shape == (3, 3)
    np.testing.assert_allclose(first.numpy(), np.cumsum(X.sum(-1), 1)[:, -1:].repeat(2, 1), rtol=1e-5)


def test_fused_and_step_by_step_gradients_agree():
    """The fused op's BPTT against the tape differentiating the cell's per-step ops."""
    for cls in LAYERS.values():
        layer = cls(4, return_sequences=True)
        layer.build(X.shape)
        x = tf.constant(X)
        grads = []
        for fused in (True, False):
            with tf.GradientTape() as tape:
                tape.watch(x)
                state = layer._initial_state(x)
                out = layer.inner_loop(x, state, tf.constant(MASK), False)[1] if fused else \
                    layer._step_loop(x, state, tf.constant(MASK), False)[1]
                loss = tf.reduce_sum(out * out)
            grads.append(tape.gradient(loss, [x] + layer.trainable_weights))
        for a, b in zip(*grads):
            np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-4, atol=1e-5)


def test_masked_and_unmasked_sequences_agree():
    """Right padding behind a mask leaves the last output as the unpadded sequence's."""
    layer = keras.layers.LSTM(4)
    padded = np.concatenate([X, np.full((3, 3, 4), 9.0, "float32")], axis=1)
    mask = np.concatenate([np.ones((3, 6), bool), np.zeros((3, 3), bool)], axis=1)
    np.testing.assert_allclose(layer(padded, mask=mask).numpy(), layer(X).numpy(), atol=1e-6)
    model = keras.Sequential([keras.Input((None,), dtype="int32"), keras.layers.Embedding(10, 3, mask_zero=True),
                              keras.layers.GRU(2)])
    ids = np.array([[3, 4, 5, 0, 0]])
    np.testing.assert_allclose(model(ids).numpy(), model(ids[:, :3]).numpy(), atol=1e-6)


@pytest.mark.parametrize("merge_mode", ["concat", "sum", "mul", "ave", None])
def test_bidirectional_merge_modes(merge_mode):
    layer = keras.layers.Bidirectional(keras.layers.SimpleRNN(3, return_sequences=True), merge_mode=merge_mode)
    out = layer(X)
    forward = layer.forward_layer(X).numpy()
    backward = layer.backward_layer(X).numpy()[:, ::-1]
    expected = {"concat": np.concatenate([forward, backward], -1), "sum": forward + backward,
                "mul": forward * backward, "ave": (forward + backward) / 2}.get(merge_mode)
    if merge_mode is None:
        np.testing.assert_allclose(out[0].numpy(), forward, atol=1e-6)
        np.testing.assert_allclose(out[1].numpy(), backward, atol=1e-6)
    else:
        np.testing.assert_allclose(out.numpy(), expected, atol=1e-6)
    config = keras.layers.serialize(layer)
    assert keras.layers.deserialize(config).get_config()["merge_mode"] == merge_mode


def test_bidirectional_return_state_and_backward_layer():
    layer = keras.layers.Bidirectional(keras.layers.LSTM(2, return_state=True),
                                       backward_layer=keras.layers.GRU(2, go_backwards=True, return_state=True))
    out, *states = layer(X)
    assert out.shape == (3, 4) and [s.shape for s in states] == [(3, 2)] * 3


def test_time_distributed_and_dense_on_3d():
    dense = keras.layers.Dense(5)
    layer = keras.layers.TimeDistributed(dense)
    out = layer(X)
    assert out.shape == (3, 6, 5)
    np.testing.assert_allclose(out.numpy(), dense(X).numpy(), atol=1e-6)
    assert keras.layers.Dense(5)(X).shape == (3, 6, 5)


def test_stateful_layer_carries_state_and_resets():
    layer = keras.layers.SimpleRNN(2, stateful=True)
    model = keras.Sequential([keras.Input((6, 4), batch_size=3), layer])
    assert len(layer.weights) == 3  # the states are not weights, as in Keras
    first = model(X).numpy()
    second = model(X).numpy()
    assert not np.allclose(first, second)
    layer.reset_states()
    np.testing.assert_allclose(model(X).numpy(), first, atol=1e-6)
    with pytest.raises(ValueError, match="(?s)stateful.*Expected batch size: 3.*Received batch size: 2"):
        layer(X[:2])


def test_initial_state_and_dropout():
    layer = keras.layers.LSTM(2, return_state=True)
    h0, c0 = np.ones((3, 2), "float32"), np.zeros((3, 2), "float32")
    out, h, c = layer(X, initial_state=[h0, c0])
    assert not np.allclose(out.numpy(), layer(X)[0].numpy())
    dropped = keras.layers.GRU(3, dropout=0.5, recurrent_dropout=0.5)
    assert dropped(X, training=True).shape == (3, 3)
    np.testing.assert_allclose(dropped(X).numpy(), dropped(X, training=False).numpy())


def test_masks_flow_through_models_into_the_loss():
    inputs = keras.Input((None,), dtype="int32")
    x = keras.layers.Embedding(12, 4, mask_zero=True)(inputs)
    x = keras.layers.LSTM(3, return_sequences=True)(x)
    outputs = keras.layers.Dense(1)(x)
    model = keras.Model(inputs, outputs)
    ids = np.array([[1, 2, 3, 0, 0], [4, 5, 6, 7, 8]])
    y = model(ids)
    np.testing.assert_array_equal(y._keras_mask.numpy(), ids != 0)
    target = np.zeros((2, 5, 1), "float32")
    garbage = target.copy()
    garbage[0, 3:] = 100.0  # labels at masked steps must not count
    loss = keras.losses.MeanSquaredError()
    assert np.isclose(float(loss(target, y)), float(loss(garbage, y)))
    masked = keras.Sequential([keras.Input((None, 2)), keras.layers.Masking(0.0), keras.layers.SimpleRNN(2)])
    data = np.ones((1, 5, 2), "float32")
    data[0, 3:] = 0
    np.testing.assert_allclose(masked(data).numpy(), masked(data[:, :3]).numpy(), atol=1e-6)


def test_an_lstm_learns_a_synthetic_task():
    """Recall the first of 12 noisy steps at the end: needs memory across the whole sequence."""
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((512, 12, 1)).astype("float32")
    y = x[:, :1, 0]
    model = keras.Sequential([keras.Input((12, 1)), keras.layers.LSTM(16), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    history = model.fit(x, y, batch_size=32, epochs=15, verbose=0)
    assert history.history["loss"][-1] < 0.05 < 0.5 < history.history["loss"][0]


@pytest.mark.parametrize("call,match", [
    (lambda: keras.layers.LSTM(2)(np.ones((3, 4), "float32")), "expected ndim=3, found ndim=2.*expand_dims"),
    (lambda: keras.layers.LSTM(2)(X, initial_state=[np.zeros((3, 2), "float32")]),
     "expects 2 initial state.*received 1"),
    (lambda: keras.layers.GRU(2)(X, initial_state=[np.zeros((3, 5), "float32")]),
     r"initial state 0 has shape \(3, 5\).*\(3, 2\)"),
    (lambda: keras.layers.SimpleRNN(2)(X, mask=np.ones((3, 5), bool)), r"mask must have shape.*\(3, 6\).*\(3, 5\)"),
    (lambda: keras.layers.MultiHeadAttention(2, 2)(X, X[:, :4], key=X[:, :5]), "same length"),
    (lambda: keras.layers.Attention()([X, X[:, :4], X[:, :5]]), "same length"),
    (lambda: keras.layers.AdditiveAttention()([X, X[:, :4], X[:, :5]]),
     r"'additive_attention\w*'.*value shape \(3, 4, 4\), key shape \(3, 5, 4\)"),
    (lambda: keras.layers.GroupQueryAttention(2, 2, 1)(X, X[:, :4], key=X[:, :5]),
     r"value_shape=\(3, 4, 4\) and key_shape=\(3, 5, 4\)"),
    (lambda: keras.layers.Bidirectional(keras.layers.LSTM(2))(np.ones((3, 4), "float32")),
     "expected ndim=3, found ndim=2"),
    (lambda: keras.layers.LSTM(2)(X, initial_state=[np.zeros((3, 2), "float32")] * 3),
     "expects 2 initial state.*received 3"),
    (lambda: keras.layers.GRU(2)(X, mask=np.ones((2, 6), bool)), r"mask must have shape.*\(3, 6\).*\(2, 6\)"),
])
def test_bad_inputs_raise_clear_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_merge_layers_combine_masks_as_keras():
    first = keras.layers.Embedding(10, 3, mask_zero=True)(np.array([[1, 0, 2]]))
    second = keras.layers.Embedding(10, 3, mask_zero=True)(np.array([[0, 0, 3]]))
    np.testing.assert_array_equal(keras.layers.Add()([first, second])._keras_mask.numpy(), [[True, False, True]])
    np.testing.assert_array_equal(keras.layers.Concatenate(axis=1)([first, second])._keras_mask.numpy(),
                                  [[True, False, True, False, False, True]])
    assert getattr(keras.layers.Add()([first, tf.ones([1, 3, 3])]), "_keras_mask", None) is None


def test_compiled_fit_ignores_masked_steps():
    """Through tf.function: padding steps neither change the outputs nor count in the loss."""
    keras.utils.set_random_seed(1)
    model = keras.Sequential([keras.Input((None,), dtype="int32"), keras.layers.Embedding(20, 4, mask_zero=True),
                              keras.layers.Bidirectional(keras.layers.GRU(3, return_sequences=True)),
                              keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    ids = np.array([[1, 2, 3, 0, 0], [4, 5, 6, 7, 8]], "int32")
    y = np.ones((2, 5, 1), "float32")
    y_padded = y.copy()
    y_padded[0, 3:] = 50.0
    assert model.evaluate(ids, y, return_dict=True, verbose=0) == model.evaluate(ids, y_padded, return_dict=True,
                                                                                 verbose=0)  # loss and metric
    before = model.get_weights()
    loss = model.train_on_batch(ids, y)
    model.set_weights(before)
    assert np.allclose(model.train_on_batch(ids, y_padded), loss)
    history = model.fit(ids, y, epochs=3, verbose=0).history["loss"]
    assert history[-1] < history[0]


def _without_other_areas(config):
    """Keras 3.15's DTypePolicy dicts, quantization_config and initializer axes belong to other issues
    (dtype policies, quantization, initializers); this test is about the layers' own arguments."""
    if isinstance(config, dict):
        config = {k: _without_other_areas(v) for k, v in config.items()
                  if k not in ("quantization_config", "input_axes", "output_axes")}
        if isinstance(config.get("dtype"), dict):
            config["dtype"] = config["dtype"]["config"]["name"]
        return config
    return [_without_other_areas(v) for v in config] if isinstance(config, list) else config


def test_layers_read_keras_configs_and_write_the_same_keys():
    import json
    with open(os.path.join(os.path.dirname(FIXTURE), "keras_layer_configs.json")) as f:
        configs = json.load(f)
    for config in map(_without_other_areas, configs):
        layer = keras.layers.deserialize(config)
        assert type(layer).__name__ == config["class_name"]
        assert set(layer.get_config()) == set(config["config"]), config["class_name"]


def test_second_derivatives_through_the_fused_loop_warn():
    layer = keras.layers.SimpleRNN(2)
    x = tf.constant(X)
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = tf.reduce_sum(layer(x))
        with pytest.warns(UserWarning, match="second derivatives"):
            inner.gradient(y, x)


def test_bidirectional_initial_states_and_unroll_needs_known_steps():
    layer = keras.layers.Bidirectional(keras.layers.LSTM(2))
    states = [np.full((3, 2), v, "float32") for v in (0.1, 0.2, 0.3, 0.4)]
    out = layer(X, initial_state=states)
    forward = layer.forward_layer(X, initial_state=states[:2]).numpy()
    backward = layer.backward_layer(X, initial_state=states[2:]).numpy()
    np.testing.assert_allclose(out.numpy(), np.concatenate([forward, backward], -1), atol=1e-6)
    with pytest.raises(ValueError, match="Cannot unroll a RNN if the time dimension is undefined"):
        keras.layers.SimpleRNN(2, unroll=True)(keras.Input((None, 4)))


def test_bidirectional_copies_a_layer_with_your_own_cell():
    class Accumulator(keras.layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.units = self.state_size = units

        def call(self, inputs, states):
            output = inputs[:, :self.units] + states[0]
            return output, [output]

        def get_config(self):
            return {**super().get_config(), "units": self.units}

    layer = keras.layers.Bidirectional(keras.layers.RNN(Accumulator(2)), merge_mode="sum")
    np.testing.assert_allclose(layer(X).numpy(), 2 * X[:, :, :2].sum(axis=1), atol=1e-5)
