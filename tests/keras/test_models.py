"""Sequential, Functional and subclassed models: building, calling, structure, configs, cloning."""

import numpy as np
import pytest

import neuroflow as tf
from neuroflow import keras
from neuroflow.keras import layers


@pytest.fixture(autouse=True)
def fresh_names():
    keras.backend.clear_session()


def train_step(model, x, y, lr=0.05):
    """One gradient descent step on the squared error; returns the loss before the step."""
    with tf.GradientTape() as tape:
        pred = model(x, training=True)
        loss = tf.reduce_mean(tf.square(pred - y)) + (tf.add_n(model.losses) if model.losses else 0.0)
    grads = tape.gradient(loss, model.trainable_variables)
    assert all(g is not None for g in grads)
    for variable, grad in zip(model.trainable_variables, grads):
        variable.assign_sub(lr * grad)
    return float(loss)


def fits(model, x, y, steps=30):
    losses = [train_step(model, x, y) for _ in range(steps)]
    return losses[-1] < 0.5 * losses[0]


# --- Sequential --------------------------------------------------------------------------------------
def test_sequential_list_add_pop_and_structure():
    model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(8, activation="relu")])
    model.add(layers.Dense(2))
    assert model.built and model.output_shape == (None, 2) and model.input_shape == (None, 4)
    assert [layer.name for layer in model.layers] == ["dense", "dense_1"]
    assert model.count_params() == 4 * 8 + 8 + 8 * 2 + 2
    assert [w.path for w in model.weights] == ["sequential/dense/kernel", "sequential/dense/bias",
                                               "sequential/dense_1/kernel", "sequential/dense_1/bias"]
    popped = model.pop()
    assert popped.name == "dense_1" and model.output_shape == (None, 8)
    assert model.get_layer("dense") is model.layers[0] and model.get_layer(index=-1) is model.layers[0]
    with pytest.raises(ValueError, match=r"No such layer: nope. Existing layers are: \['dense'\]"):
        model.get_layer("nope")


def test_sequential_input_shape_argument_warns_like_keras_and_expands_1d_data():
    with pytest.warns(UserWarning, match="Do not pass an `input_shape`/`input_dim` argument to a layer"):
        model = keras.Sequential()
        model.add(layers.Dense(units=1, input_shape=[1, ]))
    assert model.built and model.input_shape == (None, 1)
    out = model([1.0, 2.0, 3.0])  # rank-1 data gets its trailing axis, as in Keras
    assert out.shape == (3, 1)


def test_sequential_is_built_lazily_from_the_first_batch():
    model = keras.Sequential()
    model.add(layers.Dense(units=64, activation="relu"))
    model.add(layers.Dense(units=10, activation="softmax"))
    assert not model.built
    with pytest.raises(AttributeError, match="has no defined input_shape yet"):
        model.input_shape
    probs = model(np.random.default_rng(0).random((5, 20)))
    assert model.built and model.input_shape == (None, 20) and model.output_shape == (None, 10)
    np.testing.assert_allclose(probs.numpy().sum(1), 1, rtol=1e-5)


def test_sequential_errors():
    model = keras.Sequential([layers.Dense(1, name="same")])
    with pytest.raises(ValueError, match="should have unique names. Name 'same' is already"):
        model.add(layers.Dense(1, name="same"))
    with pytest.raises(ValueError, match="Only instances of `keras.Layer` can be added"):
        model.add("dense")
    with pytest.raises(ValueError, match="cannot be built because it has no layers"):
        keras.Sequential().build((None, 3))
    with pytest.raises(IndexError, match="has no layers to pop"):
        keras.Sequential().pop()
    built = keras.Sequential([keras.Input(shape=(784,)), layers.Dense(2)])
    with pytest.raises(ValueError, match=r"expected shape=\(None, 784\), found shape=\(32, 10\)"):
        built(np.zeros((32, 10)))


def test_sequential_trains_and_converts_inputs():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 3))  # float64 data: converted to the model's float32
    y = (x @ np.array([[1.0], [-2.0], [0.5]])).astype("float32")
    model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(1)])
    assert model(x).dtype == tf.float32
    assert fits(model, x, y)


# --- Functional -------------------------------------------------------------------------------------
def two_input_model():
    a, b = keras.Input(shape=(3,), name="a"), keras.Input(shape=(2,), name="b")
    h = layers.Dense(8, activation="tanh")(layers.Concatenate()([a, b]))
    return keras.Model(inputs=[a, b], outputs=layers.Dense(1)(h))


def test_functional_two_inputs_as_list_or_dict_and_training():
    model = two_input_model()
    assert [layer.name for layer in model.layers] == ["a", "b", "concatenate", "dense", "dense_1"]
    rng = np.random.default_rng(1)
    xa, xb = rng.standard_normal((32, 3)), rng.standard_normal((32, 2))
    np.testing.assert_array_equal(model([xa, xb]).numpy(), model({"b": xb, "a": xa}).numpy())
    y = np.tanh(xa[:, :1] - xb[:, 1:]).astype("float32")
    assert fits(model, [xa, xb], y)
    with pytest.raises(ValueError, match='Missing data for input "b"'):
        model({"a": xa})
    with pytest.raises(ValueError, match="expects 2 input"):
        model([xa])


def test_functional_dict_inputs_and_outputs():
    inputs = {"x": keras.Input(shape=(2,)), "y": keras.Input(shape=(2,))}
    summed = layers.Add()([inputs["x"], inputs["y"]])
    model = keras.Model(inputs, {"sum": summed, "double": layers.Lambda(lambda t: 2 * t)(summed)})
    out = model({"x": np.ones((1, 2)), "y": np.full((1, 2), 2.0)})
    assert sorted(out) == ["double", "sum"]
    np.testing.assert_array_equal(out["double"].numpy(), [[6.0, 6.0]])
    assert model.output_shape == [(None, 2), (None, 2)]


def test_shared_layer_has_one_set_of_weights_and_two_nodes():
    shared = layers.Dense(4, name="shared")
    a, b = keras.Input(shape=(3,)), keras.Input(shape=(3,))
    model = keras.Model([a, b], layers.Subtract()([shared(a), shared(b)]))
    assert len(model.weights) == 2 and len(shared._inbound_nodes) == 2
    x = np.random.default_rng(2).standard_normal((5, 3))
    np.testing.assert_allclose(model([x, x]).numpy(), np.zeros((5, 4)), atol=1e-6)


def test_models_nest_as_layers():
    encoder = keras.Sequential([keras.Input(shape=(6,)), layers.Dense(3)], name="encoder")
    inner_in = keras.Input(shape=(3,))
    head = keras.Model(inner_in, layers.Dense(1)(inner_in), name="head")
    x = keras.Input(shape=(6,))
    model = keras.Model(x, head(encoder(x)))
    assert [layer.name for layer in model.layers] == ["input_layer_2", "encoder", "head"]
    assert len(model.trainable_weights) == 4
    data = np.random.default_rng(3).standard_normal((4, 6)).astype("float32")
    np.testing.assert_allclose(model(data).numpy(), head(encoder(data)).numpy(), rtol=1e-6)
    assert fits(model, data, np.ones((4, 1), "float32"))


def test_functional_graph_errors():
    a, b = keras.Input(shape=(2,)), keras.Input(shape=(2,))
    out = layers.Dense(1)(layers.Add()([a, b]))
    with pytest.raises(ValueError, match="Graph disconnected"):
        keras.Model(a, out)
    with pytest.raises(ValueError, match="must be KerasTensors"):
        keras.Model(a, tf.ones([1]))
    with pytest.raises(ValueError, match="not connected to the outputs"):
        keras.Model([a, b, keras.Input(shape=(1,))], out)


def test_training_argument_reaches_dropout_in_functional_model():
    x = keras.Input(shape=(50,))
    model = keras.Model(x, layers.Dropout(0.5)(x))
    ones = np.ones((4, 50), "float32")
    assert (model(ones, training=True).numpy() == 0).any()
    np.testing.assert_array_equal(model(ones).numpy(), ones)


# --- subclassed models ---------------------------------------------------------------------------
class MLP(keras.Model):
    def __init__(self, hidden=8, **kwargs):
        super().__init__(**kwargs)
        self.blocks = [layers.Dense(hidden, activation="relu"), {"drop": layers.Dropout(0.5)}]
        self.out = layers.Dense(1, kernel_regularizer="l2")

    def call(self, inputs, training=None):
        h = self.blocks[1]["drop"](self.blocks[0](inputs), training=training)
        return self.out(h)


def test_subclassed_model_tracks_layers_and_honours_training():
    model = MLP()
    x = np.ones((16, 4), "float32")
    assert not model.built
    first = model(x).numpy()
    assert model.built and [layer.name for layer in model.layers] == ["dense", "dropout", "dense_1"]
    assert len(model.trainable_variables) == 4 and len(model.losses) == 1
    np.testing.assert_array_equal(model(x).numpy(), first)
    assert not np.array_equal(model(x, training=True).numpy(), first)


def test_subclassed_model_trains_and_freezes():
    model = MLP(hidden=16)
    x = np.random.default_rng(4).standard_normal((64, 4)).astype("float32")
    assert fits(model, x, (x[:, :1] > 0).astype("float32"), steps=60)
    model.blocks[0].trainable = False
    assert len(model.trainable_variables) == 2 and len(model.non_trainable_variables) == 2


def test_subclassed_model_build_then_summary():
    model = MLP(name="mlp")
    model.build((None, 4))
    assert all(layer.built for layer in model.layers)
    text = []
    model.summary(print_fn=text.append, line_length=60)
    assert len(text) == 1
    assert "│ dense (Dense)            │ (1, 8)            │        40 │" in text[0]
    assert " Total params: 49 (196.00 B)" in text[0]


def test_model_subclass_with_functional_init():
    class Wrapped(keras.Model):
        def __init__(self):
            x = keras.Input(shape=(2,))
            super().__init__(x, layers.Dense(3)(x))

    model = Wrapped()
    assert isinstance(model, Wrapped) and isinstance(model, keras.models.Functional)
    assert model.name == "wrapped" and model(np.ones((1, 2))).shape == (1, 3)


def test_add_loss_is_reset_by_each_outer_call():
    class Penalized(keras.layers.Layer):
        def call(self, inputs):
            self.add_loss(tf.reduce_sum(inputs))
            return inputs

    model = keras.Sequential([keras.Input(shape=(2,)), Penalized()])
    model(np.ones((1, 2)))
    model(np.full((1, 2), 3.0))
    assert [float(loss) for loss in model.losses] == [6.0]


# --- summary ---------------------------------------------------------------------------------
def test_sequential_summary_matches_keras(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    model = keras.Sequential([keras.Input(shape=(784,)), layers.Dense(64, activation="relu"), layers.Dense(10)])
    text = []
    model.summary(print_fn=text.append)
    assert text[0] == (
        'Model: "sequential"\n'
        "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓\n"
        "┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃\n"
        "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩\n"
        "│ dense (Dense)                   │ (None, 64)             │        50,240 │\n"
        "├─────────────────────────────────┼────────────────────────┼───────────────┤\n"
        "│ dense_1 (Dense)                 │ (None, 10)             │           650 │\n"
        "└─────────────────────────────────┴────────────────────────┴───────────────┘\n"
        " Total params: 50,890 (198.79 KB)\n"
        " Trainable params: 50,890 (198.79 KB)\n"
        " Non-trainable params: 0 (0.00 B)\n")


def test_unbuilt_and_wide_summaries(monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "200")
    keras.Sequential([layers.Dense(3)]).summary()
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert len(lines[1]) == 88  # Keras' default width on a wide terminal
    assert "│ dense (Dense)                        │ ?                           │     0 (unbuilt) │" in out
    assert " Total params: 0 (0.00 B)" in out


def test_functional_summary_has_connections_and_options():
    model = two_input_model()
    text = []
    model.summary(print_fn=text.append, line_length=100, show_trainable=True)
    table = text[0]
    assert "Connected to" in table and "Trainable" in table
    assert "a[0][0], b[0][0]" in table and "concatenate[0][0]" in table
    assert all(len(line) == 100 for line in table.splitlines()[1:-4])
    nested = keras.Sequential([keras.Input(shape=(5,)), keras.Sequential([layers.Dense(2)], name="inner")])
    text = []
    nested.summary(print_fn=text.append, expand_nested=True, line_length=70)
    assert "│    └ dense_2 (Dense)" in text[0]


# --- configs and cloning ------------------------------------------------------------------------------
def test_sequential_config_round_trip_and_weight_transfer():
    model = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(4, activation="relu"), layers.Dropout(0.1),
                              layers.Dense(1)])
    config = model.get_config()
    assert [c["class_name"] for c in config["layers"]] == ["InputLayer", "Dense", "Dropout", "Dense"]
    twin = keras.Sequential.from_config(config)
    assert twin.get_config() == config
    twin.set_weights(model.get_weights())
    x = np.random.default_rng(5).standard_normal((2, 3))
    np.testing.assert_allclose(twin(x).numpy(), model(x).numpy(), rtol=1e-6)


def test_functional_config_round_trip_with_shared_layer():
    shared = layers.Dense(2, name="shared")
    a, b = keras.Input(shape=(3,), name="a"), keras.Input(shape=(3,), name="b")
    model = keras.Model([a, b], layers.Concatenate()([shared(a), shared(b)]))
    config = model.get_config()
    shared_config = next(c for c in config["layers"] if c["name"] == "shared")
    assert len(shared_config["inbound_nodes"]) == 2
    assert config["input_layers"] == [["a", 0, 0], ["b", 0, 0]]
    twin = keras.Model.from_config(config)
    assert [layer.name for layer in twin.layers] == [layer.name for layer in model.layers]
    twin.set_weights(model.get_weights())
    x = [np.ones((1, 3)), np.full((1, 3), 2.0)]
    np.testing.assert_allclose(twin(x).numpy(), model(x).numpy(), rtol=1e-6)


def test_clone_model_gives_new_weights_same_structure():
    model = two_input_model()
    twin = keras.models.clone_model(model)
    assert [type(layer) for layer in twin.layers] == [type(layer) for layer in model.layers]
    assert not any(w1 is w2 for w1, w2 in zip(twin.weights, model.weights))
    assert [w.shape for w in twin.weights] == [w.shape for w in model.weights]
    seq = keras.Sequential([keras.Input(shape=(2,)), layers.Dense(3, name="first")])
    renamed = keras.models.clone_model(
        seq, clone_function=lambda layer: layers.Dense(3, activation="relu", name="copy_" + layer.name))
    assert renamed.layers[0].name == "copy_first" and renamed.output_shape == (None, 3)
    sub = keras.models.clone_model(MLP(hidden=5))
    assert isinstance(sub, MLP) and sub.blocks[0].units == 5


def test_positional_training_argument_reaches_nested_dropout():
    x = keras.Input(shape=(40,))
    model = keras.Model(x, layers.Dropout(0.5)(layers.Identity()(x)))
    ones = np.ones((4, 40), "float32")
    assert (model(ones, True).numpy() == 0).any()
    np.testing.assert_array_equal(model(ones, False).numpy(), ones)
    assert keras.KerasTensor is layers.KerasTensor and keras.InputSpec is layers.InputSpec


def test_python_operators_on_keras_tensors_build_a_residual_model():
    x = keras.Input(shape=(4,))
    h = layers.Dense(4, kernel_initializer="zeros", bias_initializer="ones")(x)
    out = 1.0 - (h + x)[:, :2] * 2.0
    model = keras.Model(x, abs(-out))
    assert [op.name for op in model.operations][2:] == ["add", "get_item", "multiply", "subtract", "negative",
                                                        "absolute"]
    assert len(model.layers) == 2  # as in Keras, `layers` leaves the operations out
    data = np.arange(8, dtype="float32").reshape(2, 4)
    np.testing.assert_allclose(model(data).numpy(), np.abs(1.0 - (data[:, :2] + 1.0) * 2.0))
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(model(data))
    assert all(g is not None for g in tape.gradient(loss, model.trainable_variables))


def test_a_deep_copy_of_a_trained_model_runs_and_owns_its_weights():
    import copy
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="relu"), keras.layers.Dense(2)])
    model.compile(optimizer="sgd", loss="mse")
    x = np.ones((4, 3), "float32")
    model.fit(x, np.ones((4, 2), "float32"), verbose=0)
    twin = copy.deepcopy(model)
    np.testing.assert_allclose(twin(x).numpy(), model(x).numpy())
    twin.layers[-1].kernel.assign(np.zeros((4, 2), "float32"))
    assert not np.allclose(twin(x).numpy(), model(x).numpy())


def test_functional_call_frees_each_activation_after_its_last_read():
    import weakref
    seen = {}

    class Probe(layers.Layer):
        """Records a weak reference to its input; checks which earlier inputs are still alive."""

        def call(self, x):
            seen[self.name] = (weakref.ref(x), {name: ref() is not None for name, (ref, _) in seen.items()})
            return x + 1.0

    x = keras.Input(shape=(3,))
    a = Probe(name="a")(x)
    b = Probe(name="b")(a)          # reads a's output: its last reader
    c = Probe(name="c")(b)
    d = Probe(name="d")(c)
    model = keras.Model(x, [layers.Add()([d, b]), c])   # b's output is read again at the end; c's is returned
    seen.clear()  # (building the model called the probes on symbolic inputs)
    out_sum, out_c = model(np.zeros((2, 3), "float32"))
    np.testing.assert_allclose(out_sum.numpy(), np.full((2, 3), 6.0))
    np.testing.assert_allclose(out_c.numpy(), np.full((2, 3), 3.0))
    # when "d" ran, of the inputs of a, b and c: a's output (read only by b) had been freed; the model's
    # input (the caller holds it), b's output (Add reads it later) and c's (returned) were alive
    assert seen["d"][1] == {"a": True, "b": False, "c": True}
