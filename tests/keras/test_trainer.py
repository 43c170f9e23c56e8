"""The trainer: compile / fit / evaluate / predict and friends, on small data."""
import re

import numpy as np
import pytest

import neuroflow as tf
from neuroflow import keras

ANSI = re.compile(r"\x1b\[[0-9;]*m")
NUM = r"\d\.\d{4}(e[+-]\d\d)?"  # Keras' 4 decimals, or e-notation for |v| <= 1e-3


def final_lines(out):
    """What a terminal shows: the text after each line's last carriage return, without colours."""
    return [ANSI.sub("", line.split("\r")[-1]).replace("\b", "").rstrip() for line in out.split("\n")]


def blobs(n=256, classes=3, features=4, seed=0):
    """Well-separated Gaussian clusters: an easy classification problem."""
    rng = np.random.default_rng(seed)
    centers = rng.normal(0, 4, (classes, features))
    y = rng.integers(0, classes, n)
    x = (centers[y] + rng.normal(0, 0.5, (n, features))).astype("float32")
    return x, y.astype("int32")


def classifier(classes=3, features=4, seed=0, **compile_args):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input(shape=(features,)), keras.layers.Dense(16, activation="relu"),
                              keras.layers.Dense(classes, activation="softmax")])
    compile_args.setdefault("optimizer", keras.optimizers.Adam(0.01))
    compile_args.setdefault("loss", "sparse_categorical_crossentropy")
    compile_args.setdefault("metrics", ["accuracy"])
    model.compile(**compile_args)
    return model


def weights_of(model):
    return [w.copy() for w in model.get_weights()]


# --- fit ----------------------------------------------------------------------------------------
def test_fit_on_python_lists_learns_a_line():
    keras.utils.set_random_seed(1)
    with pytest.warns(UserWarning, match="input_shape"):  # Keras 3 prefers keras.Input, and says so
        model = keras.Sequential([keras.layers.Dense(units=1, input_shape=[1])])
    model.compile(loss="mse", optimizer="sgd")
    history = model.fit([1, 2, 3, 4, 10], [1, 4, 6, 8, 20], epochs=50, verbose=0)
    assert history.params == {"verbose": 0, "epochs": 50, "steps": 1}
    assert list(history.history) == ["loss"] and len(history.history["loss"]) == 50
    assert history.history["loss"][-1] < 0.1 * history.history["loss"][0]
    assert model.history is history and history.epoch == list(range(50))
    prediction = model.predict([5, 9, 11, 19, 21], verbose=0)
    assert prediction.shape == (5, 1) and prediction.dtype == np.float32
    np.testing.assert_allclose(prediction[:, 0], 2 * np.array([5, 9, 11, 19, 21]), rtol=0.15)


def test_fit_evaluate_predict_on_arrays():
    x, y = blobs()
    model = classifier()
    history = model.fit(x, y, epochs=5, batch_size=32, verbose=0)
    assert sorted(history.history) == ["accuracy", "loss"]
    assert history.params["steps"] == 8
    assert history.history["accuracy"][-1] > 0.95
    loss, accuracy = model.evaluate(x, y, verbose=0)
    assert accuracy > 0.95 and 0 <= loss < history.history["loss"][0]
    logs = model.evaluate(x, y, batch_size=50, verbose=0, return_dict=True)
    assert logs == pytest.approx({"loss": loss, "accuracy": accuracy}, rel=1e-5)
    probabilities = model.predict(x, batch_size=64, verbose=0)
    assert probabilities.shape == (256, 3)
    np.testing.assert_allclose(probabilities, model(x).numpy(), rtol=1e-5, atol=1e-6)
    assert (probabilities.argmax(1) == y).mean() == pytest.approx(accuracy)


def test_predict_returns_a_fresh_array_per_call():
    x, _ = blobs(8)
    model = classifier()
    first = model.predict(x, verbose=0)
    first[:] = 0
    assert model.predict(x, verbose=0).sum() > 0


def test_evaluate_without_metrics_returns_the_loss():
    x, y = blobs(64)
    model = classifier(metrics=None)
    loss = model.evaluate(x, y, verbose=0)
    assert isinstance(loss, float) and loss > 0


def test_validation_split_and_validation_data():
    x, y = blobs(200)
    model = classifier()
    history = model.fit(x, y, epochs=2, validation_split=0.25, verbose=0)
    assert sorted(history.history) == ["accuracy", "loss", "val_accuracy", "val_loss"]
    assert history.params["steps"] == 5  # 150 training samples in batches of 32
    history = model.fit(x[:100], y[:100], validation_data=(x[100:], y[100:]), epochs=4, validation_freq=2,
                        verbose=0)
    assert len(history.history["loss"]) == 4 and len(history.history["val_loss"]) == 2
    val_loss, _ = model.evaluate(x[100:], y[100:], verbose=0)
    assert history.history["val_loss"][-1] == pytest.approx(val_loss, rel=1e-5)


def test_seeded_runs_give_identical_weights():
    x, y = blobs()
    runs = []
    for _ in range(2):
        model = classifier(seed=7, optimizer="adam")
        model.fit(x, y, epochs=2, batch_size=16, verbose=0)
        runs.append(weights_of(model))
    for a, b in zip(*runs):
        np.testing.assert_array_equal(a, b)
    other = classifier(seed=8, optimizer="adam")
    other.fit(x, y, epochs=2, batch_size=16, verbose=0)
    assert not np.array_equal(weights_of(other)[0], runs[0][0])


def test_compiled_and_eager_steps_train_alike():
    x, y = blobs()
    runs = []
    for run_eagerly in (True, False):
        model = classifier(seed=5, run_eagerly=run_eagerly)
        history = model.fit(x, y, epochs=2, batch_size=20, verbose=0)  # a smaller last batch retraces
        runs.append((weights_of(model), history.history))
    for a, b in zip(runs[0][0], runs[1][0]):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)
    assert runs[0][1]["loss"] == pytest.approx(runs[1][1]["loss"], rel=1e-4)


def test_shuffle_false_visits_samples_in_order():
    seen = []

    class Record(keras.callbacks.Callback):
        def on_train_batch_begin(self, batch, logs=None):
            seen.append(batch)
    x, y = blobs(70)
    model = classifier()
    model.fit(x, y, batch_size=32, shuffle=False, epochs=1, verbose=0, callbacks=[Record()])
    assert seen == [0, 1, 2]


def test_sample_and_class_weights_of_zero_leave_the_weights_unchanged():
    x, y = blobs(64)
    model = classifier(optimizer="sgd")
    before = weights_of(model)
    model.fit(x, y, sample_weight=np.zeros(64), epochs=1, verbose=0)
    after_sample = weights_of(model)
    model.fit(x, y, class_weight={0: 0.0, 1: 0.0, 2: 0.0}, epochs=1, verbose=0)
    for a, b, c in zip(before, after_sample, weights_of(model)):
        np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(a, c)


def test_class_weight_scales_the_loss():
    x, y = blobs(96)
    model = classifier(metrics=None)
    plain = model.test_on_batch(x, y)
    model.reset_metrics()  # as in Keras 3, metrics accumulate over *_on_batch calls until reset
    weighted = model.train_on_batch(x, y, class_weight={0: 2.0, 1: 2.0, 2: 2.0})  # loss before the update
    assert weighted == pytest.approx(2 * plain, rel=1e-5)


def test_steps_per_epoch_and_initial_epoch():
    x, y = blobs(64)
    model = classifier()
    history = model.fit(x, y, batch_size=16, steps_per_epoch=3, epochs=4, initial_epoch=2, verbose=0)
    assert history.epoch == [2, 3] and history.params["steps"] == 3


def test_steps_per_execution_groups_batch_callbacks():
    ends = []
    x, y = blobs(80)
    model = classifier(steps_per_execution=2)
    model.fit(x, y, batch_size=16, epochs=1, verbose=0,
              callbacks=[keras.callbacks.LambdaCallback(on_train_batch_end=lambda b, logs: ends.append(b))])
    assert ends == [1, 3, 4]


# --- other data sources ---------------------------------------------------------------------------
def test_fit_on_a_generator_with_steps_per_epoch():
    x, y = blobs(64)

    def batches():
        while True:
            for i in range(0, 64, 16):
                yield x[i:i + 16], y[i:i + 16]
    model = classifier()
    history = model.fit(batches(), steps_per_epoch=4, epochs=3, verbose=0)
    assert len(history.history["loss"]) == 3 and history.params["steps"] == 4


def test_a_finite_generator_runs_out_with_a_warning():
    x, y = blobs(32)
    model = classifier()
    with pytest.warns(UserWarning, match="Your input ran out of data"):
        history = model.fit(((x[i:i + 8], y[i:i + 8]) for i in range(0, 32, 8)), epochs=3, verbose=0)
    assert len(history.history["loss"]) == 1


def test_fit_on_a_py_dataset_calls_on_epoch_end():
    x, y = blobs(60)

    class Batches(keras.utils.PyDataset):
        epochs_ended = 0

        def __len__(self):
            return 3

        def __getitem__(self, index):
            return x[index * 20:(index + 1) * 20], y[index * 20:(index + 1) * 20]

        def on_epoch_end(self):
            self.epochs_ended += 1
    data = Batches()
    model = classifier()
    history = model.fit(data, epochs=2, verbose=0)
    assert data.epochs_ended == 2 and history.params["steps"] == 3
    assert model.evaluate(data, verbose=0, return_dict=True)["accuracy"] > 0.3
    assert model.predict(data, verbose=0).shape == (60, 3)


def test_functional_two_input_model_trains_on_dicts_and_lists():
    keras.utils.set_random_seed(3)
    rng = np.random.default_rng(3)
    a, b = rng.normal(size=(256, 3)).astype("float32"), rng.normal(size=(256, 2)).astype("float32")
    target = (a.sum(1) - 2 * b[:, 0] > 0).astype("float32")
    in_a, in_b = keras.Input(shape=(3,), name="a"), keras.Input(shape=(2,), name="b")
    merged = keras.layers.Concatenate()([in_a, in_b])
    out = keras.layers.Dense(1, activation="sigmoid")(keras.layers.Dense(8, activation="relu")(merged))
    model = keras.Model(inputs=[in_a, in_b], outputs=out)
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="binary_crossentropy", metrics=["accuracy"])
    history = model.fit({"a": a, "b": b}, target, epochs=10, verbose=0)
    assert history.history["accuracy"][-1] > 0.9
    assert model.evaluate([a, b], target, verbose=0)[1] > 0.9
    assert model.predict([a[:5], b[:5]], verbose=0).shape == (5, 1)


def test_subclassed_model_trains():
    class TwoLayer(keras.Model):
        def __init__(self):
            super().__init__()
            self.hidden = keras.layers.Dense(16, activation="relu")
            self.dropout = keras.layers.Dropout(0.1)
            self.out = keras.layers.Dense(3, activation="softmax")

        def call(self, inputs, training=None):
            return self.out(self.dropout(self.hidden(inputs), training=training))
    keras.utils.set_random_seed(0)
    x, y = blobs()
    model = TwoLayer()
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(x, y, epochs=10, verbose=0)
    assert history.history["accuracy"][-1] > 0.9
    np.testing.assert_allclose(model.predict(x, verbose=0), model.predict(x, verbose=0))  # no dropout


@pytest.mark.parametrize("run_eagerly", [True, False])
def test_custom_train_step_with_compute_loss_and_metrics(run_eagerly):
    class Custom(keras.Sequential):
        steps = 0  # Python state: counts every step eagerly, only the traces when compiled

        def train_step(self, data):
            x, y = data
            with tf.GradientTape() as tape:
                y_pred = self(x, training=True)
                loss = self.compute_loss(y=y, y_pred=y_pred)
            gradients = tape.gradient(loss, self.trainable_variables)
            self.optimizer.apply_gradients(zip(gradients, self.trainable_variables))
            self.steps += 1
            for metric in self.metrics:
                if metric.name == "loss":
                    metric.update_state(loss)
                else:
                    metric.update_state(y, y_pred)
            return {m.name: m.result() for m in self.metrics}
    keras.utils.set_random_seed(0)
    x, y = blobs(128)
    model = Custom([keras.Input(shape=(4,)), keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"], run_eagerly=run_eagerly)
    history = model.fit(x, y, epochs=4, batch_size=32, verbose=0)
    assert model.steps == 16 if run_eagerly else model.steps < 16
    assert sorted(history.history) == ["accuracy", "loss"]
    assert history.history["loss"][-1] < history.history["loss"][0]


def test_train_test_predict_on_batch():
    x, y = blobs(32)
    model = classifier(metrics=["accuracy"])
    loss, accuracy = model.train_on_batch(x, y)
    assert isinstance(loss, float) and 0 <= accuracy <= 1
    logs = model.test_on_batch(x, y, return_dict=True)
    assert sorted(logs) == ["accuracy", "loss"]
    out = model.predict_on_batch(x[:3])
    assert isinstance(out, np.ndarray) and out.shape == (3, 3)


# --- compile: names, accuracy resolution, several outputs ------------------------------------------
@pytest.mark.parametrize("labels, units, loss, metric", [
    (lambda y: y, 3, "sparse_categorical_crossentropy", "SparseCategoricalAccuracy"),
    (lambda y: keras.utils.to_categorical(y, 3), 3, "categorical_crossentropy", "CategoricalAccuracy"),
    (lambda y: (y == 0).astype("float32"), 1, "binary_crossentropy", "BinaryAccuracy"),
])
def test_accuracy_resolves_by_loss_and_label_shape(labels, units, loss, metric):
    x, y = blobs(96)
    model = classifier(classes=units, loss=loss, optimizer="adam")
    if units == 1:
        model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss=loss, metrics=["accuracy"])
    model.fit(x, labels(y), epochs=1, verbose=0)
    resolved = model.compiled_metrics.metrics
    assert [type(m).__name__ for m in resolved] == [metric] and resolved[0].name == "accuracy"


def test_accuracy_with_binary_crossentropy_on_several_labels_is_binary_accuracy():
    x, y = blobs(64)
    multi_label = keras.utils.to_categorical(y, 3)
    multi_label[:, 0] = 1.0
    model = classifier(loss="binary_crossentropy")
    model.fit(x, multi_label, epochs=1, verbose=0)
    assert type(model.compiled_metrics.metrics[0]).__name__ == "BinaryAccuracy"


def test_metric_names_functions_and_objects():
    x, y = blobs(64)
    model = classifier(metrics=["acc", keras.metrics.SparseTopKCategoricalAccuracy(k=2, name="top2"),
                                keras.metrics.sparse_categorical_crossentropy])
    logs = model.fit(x, y, epochs=1, verbose=0).history
    assert sorted(logs) == ["acc", "loss", "sparse_categorical_crossentropy", "top2"]
    assert model.metrics_names[:2] == ["loss", "compile_metrics"]


def test_two_outputs_with_loss_weights():
    keras.utils.set_random_seed(0)
    x, y = blobs(128)
    inputs = keras.Input(shape=(4,))
    hidden = keras.layers.Dense(8, activation="relu")(inputs)
    label = keras.layers.Dense(3, activation="softmax", name="label")(hidden)
    value = keras.layers.Dense(1, name="value")(hidden)
    model = keras.Model(inputs, [label, value])
    model.compile(optimizer="adam", loss={"label": "sparse_categorical_crossentropy", "value": "mse"},
                  loss_weights={"label": 1.0, "value": 0.5}, metrics={"label": ["accuracy"]})
    target = x.sum(1, keepdims=True)
    logs = model.fit(x, {"label": y, "value": target}, epochs=2, verbose=0).history
    assert sorted(logs) == ["label_accuracy", "label_loss", "loss", "value_loss"]
    assert logs["loss"][-1] == pytest.approx(logs["label_loss"][-1] + 0.5 * logs["value_loss"][-1], rel=1e-4)
    results = model.evaluate(x, [y, target], verbose=0, return_dict=True)
    assert results["loss"] == pytest.approx(results["label_loss"] + 0.5 * results["value_loss"], rel=1e-4)


def test_regularization_losses_are_added():
    x, y = blobs(32)
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(4,)),
                              keras.layers.Dense(3, kernel_regularizer=keras.regularizers.L2(10.0))])
    model.compile(optimizer="sgd", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    plain = keras.losses.SparseCategoricalCrossentropy(from_logits=True)(y, model(x))
    penalty = 10.0 * float(np.sum(model.get_weights()[0] ** 2))
    assert model.test_on_batch(x, y) == pytest.approx(float(plain) + penalty, rel=1e-5)


# --- progress output ----------------------------------------------------------------------------
def test_verbose_1_prints_epochs_and_the_keras_bar(capsys):
    x, y = blobs(100)
    model = classifier()
    model.fit(x, y, epochs=2, batch_size=32)
    lines = [line for line in final_lines(capsys.readouterr().out) if line]
    assert lines[0] == "Epoch 1/2" and lines[2] == "Epoch 2/2"
    bar = re.compile(r"^4/4 ━{20} \d+s \d+(ms|us|s)/step - accuracy: " + NUM + r" - loss: " + NUM + r"$")
    assert bar.match(lines[1]) and bar.match(lines[3]), lines


def test_verbose_1_single_epoch_has_no_epoch_header_and_shows_validation(capsys):
    x, y = blobs(100)
    model = classifier()
    model.fit(x, y, epochs=1, batch_size=32, validation_split=0.2)
    lines = [line for line in final_lines(capsys.readouterr().out) if line]
    assert len(lines) == 1
    assert re.match(r"^3/3 ━{20} \d+s \d+(ms|us|s)/step - accuracy: " + NUM + r" - loss: " + NUM + r" - "
                    r"val_accuracy: " + NUM + r" - val_loss: " + NUM + r"$", lines[0]), lines


def test_verbose_2_prints_one_line_per_epoch(capsys):
    x, y = blobs(64)
    model = classifier()
    model.fit(x, y, epochs=2, verbose=2)
    out = capsys.readouterr().out
    assert "\r" not in out and "\x1b" not in out
    lines = out.splitlines()
    assert lines[0] == "Epoch 1/2" and lines[2] == "Epoch 2/2" and len(lines) == 4
    assert re.match(r"^2/2 - \d+s - \d+(ms|us|s)/step - accuracy: " + NUM + r" - loss: " + NUM + r"$", lines[1])


def test_verbose_0_is_silent_and_evaluate_predict_print_bars(capsys):
    x, y = blobs(64)
    model = classifier()
    model.fit(x, y, epochs=2, verbose=0)
    assert capsys.readouterr().out == ""
    model.evaluate(x, y)
    model.predict(x[:1])
    lines = [line for line in final_lines(capsys.readouterr().out) if line]
    assert re.match(r"^2/2 ━{20} \d+s \d+(ms|us|s)/step - accuracy: " + NUM + r" - loss: " + NUM + r"$", lines[0])
    assert re.match(r"^1/1 ━{20} \d+s \d+(ms|us|s)/step$", lines[1])


# --- bad input ----------------------------------------------------------------------------------
def test_fit_before_compile():
    model = keras.Sequential([keras.layers.Dense(1)])
    with pytest.raises(ValueError, match=r"You must call `compile\(\)` before calling `fit\(\)`"):
        model.fit([1.0], [1.0])


def test_x_and_y_lengths_must_match():
    model = classifier()
    with pytest.raises(ValueError, match="(?s)Data cardinality is ambiguous.*'x' sizes: 10\n'y' sizes: 9"):
        model.fit(np.zeros((10, 4)), np.zeros(9), verbose=0)


def test_empty_data():
    model = classifier()
    with pytest.raises(ValueError, match="non-empty"):
        model.fit(np.zeros((0, 4)), np.zeros(0), verbose=0)


def test_nan_in_the_data():
    x, y = blobs(32)
    x[5, 2] = np.nan
    model = classifier()
    with pytest.raises(ValueError, match=r"`x` contains NaN values \(1 of 32 samples, the first at index 5\)"):
        model.fit(x, y, verbose=0)


def test_callbacks_must_be_callback_objects():
    x, y = blobs(32)
    model = classifier()
    with pytest.raises(TypeError, match="LambdaCallback"):
        model.fit(x, y, verbose=0, callbacks=[lambda epoch, logs: None])


def test_labels_that_do_not_fit_the_loss():
    x, y = blobs(32)
    model = classifier()
    with pytest.raises(ValueError, match="one-hot"):
        model.fit(x, keras.utils.to_categorical(y, 3), verbose=0)
    model = classifier(loss="categorical_crossentropy")
    with pytest.raises(ValueError, match="integer class indices"):
        model.fit(x, y, verbose=0)


def test_unknown_optimizer_name():
    model = keras.Sequential([keras.layers.Dense(1)])
    with pytest.raises(ValueError, match="sgdd"):
        model.compile(optimizer="sgdd", loss="mse")


def test_nan_loss_is_reported_and_terminate_on_nan_stops(capsys):
    x = np.ones((64, 1), "float32")
    y = np.full(64, 1e30, "float32")
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(1.0), loss="mse")
    with pytest.warns(RuntimeWarning, match="the loss is (nan|inf)"), np.errstate(all="ignore"):
        model.fit(x, y, epochs=2, batch_size=8, verbose=0)
    with pytest.warns(RuntimeWarning, match="the loss is (nan|inf)"), np.errstate(all="ignore"):
        history = model.fit(x, y, epochs=5, batch_size=8, verbose=0,
                            callbacks=[keras.callbacks.TerminateOnNaN()])
    assert "Invalid loss, terminating training" in capsys.readouterr().out
    assert len(history.history["loss"]) == 1


# --- smaller contracts --------------------------------------------------------------------------
def test_shuffle_batch_and_steps_limits():
    x, y = blobs(100)
    model = classifier()
    assert model.fit(x, y, shuffle="batch", batch_size=25, verbose=0).params["steps"] == 4
    seen = []
    callback = keras.callbacks.LambdaCallback(on_test_batch_end=lambda b, logs: seen.append(b))
    model.evaluate(x, y, batch_size=10, steps=3, verbose=0, callbacks=[callback])
    assert seen == [0, 1, 2]
    assert model.predict(x, batch_size=10, steps=2, verbose=0).shape == (20, 3)


def test_validation_data_from_a_generator_and_errors_for_split():
    x, y = blobs(64)
    model = classifier()
    history = model.fit(x, y, epochs=1, verbose=0,
                        validation_data=((x[i:i + 16], y[i:i + 16]) for i in range(0, 64, 16)))
    assert "val_loss" in history.history
    with pytest.raises(ValueError, match="`validation_split` is only supported for Tensors or NumPy arrays"):
        model.fit(((x, y) for _ in range(2)), validation_split=0.5, verbose=0)
    with pytest.raises(ValueError, match="`y` and `sample_weight` are not supported"):
        model.fit(((x, y) for _ in range(2)), y, verbose=0)


def test_single_output_loss_and_weight_given_as_one_element_lists():
    x = np.ones((8, 2), "float32")
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss=["mse"], loss_weights=[2.0], metrics=["mae"])
    logs = model.evaluate(x, np.ones(8), verbose=0, return_dict=True)
    assert logs["loss"] == pytest.approx(2 * logs["mae"] ** 2, rel=1e-5)  # constant error: mse = mae^2


def test_loss_none_without_model_losses_is_an_error():
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd")
    with pytest.raises(ValueError, match="No loss to compute"):
        model.fit(np.ones((4, 2)), np.ones(4), verbose=0)


def test_compiling_again_without_metrics_keeps_the_previous_metrics():
    # The lecture compiles twice (the second time only to set the learning rate); Keras 3
    # keeps the first compile's metrics, so fit still reports accuracy.
    model = keras.Sequential([keras.layers.Dense(4, activation="softmax")])
    model.compile(loss="categorical_crossentropy", optimizer="sgd", metrics=["accuracy"])
    model.compile(loss=keras.losses.categorical_crossentropy, optimizer=keras.optimizers.SGD(learning_rate=0.01))
    x = np.random.default_rng(0).random((16, 3)).astype("float32")
    y = keras.utils.to_categorical(np.arange(16) % 4, 4)
    history = model.fit(x, y, epochs=1, verbose=0)
    assert sorted(history.history) == ["accuracy", "loss"]
    assert model.metrics_names == ["loss", "compile_metrics"]
    model.compile(loss="mse", optimizer="sgd", metrics=[])
    assert sorted(model.fit(x, y, epochs=1, verbose=0).history) == ["loss"]
