"""Callbacks: the hooks fit/evaluate/predict call, and the built-in callbacks."""
import csv

import numpy as np
import pytest

from neuroflow import keras


def regression(n=64, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3)).astype("float32")
    return x, (x @ np.array([1.0, -2.0, 0.5], "float32"))[:, None]


def linear_model(lr=0.05, seed=0):
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(lr), loss="mse", metrics=["mae"])
    return model


class Hooks(keras.callbacks.Callback):
    """Overrides every hook and records (hook, argument) pairs."""

    def __init__(self):
        super().__init__()
        self.calls = []


for _hook in keras.callbacks.callback.HOOKS:
    def _make(hook):
        def method(self, *args):
            self.calls.append((hook,) + tuple(a for a in args if not isinstance(a, dict) and a is not None))
        return method
    setattr(Hooks, _hook, _make(_hook))


def test_fit_calls_every_hook_in_order():
    x, y = regression(48)
    hooks = Hooks()
    model = linear_model()
    model.fit(x, y, batch_size=16, epochs=2, validation_data=(x[:32], y[:32]), callbacks=[hooks], verbose=0)
    expected = [("on_train_begin",)]
    for epoch in range(2):
        expected.append(("on_epoch_begin", epoch))
        for batch in range(3):
            expected += [("on_train_batch_begin", batch), ("on_train_batch_end", batch)]
        expected.append(("on_test_begin",))
        for batch in range(2):
            expected += [("on_test_batch_begin", batch), ("on_test_batch_end", batch)]
        expected += [("on_test_end",), ("on_epoch_end", epoch)]
    expected.append(("on_train_end",))
    assert hooks.calls == expected
    assert hooks.params == {"verbose": 0, "epochs": 2, "steps": 3} and hooks.model is model


def test_evaluate_and_predict_hooks_and_logs():
    x, y = regression(20)
    seen = {}
    callback = keras.callbacks.LambdaCallback(
        on_test_batch_end=lambda batch, logs: seen.setdefault("test", []).append(sorted(logs)),
        on_predict_batch_end=lambda batch, logs: seen.setdefault("predict", []).append(logs["outputs"].shape),
        on_test_end=lambda logs: seen.setdefault("test_end", logs))
    model = linear_model()
    model.evaluate(x, y, batch_size=8, callbacks=[callback], verbose=0)
    model.predict(x, batch_size=8, callbacks=[callback], verbose=0)
    assert seen["test"] == [["loss", "mae"]] * 3
    assert sorted(seen["test_end"]) == ["loss", "mae"] and isinstance(seen["test_end"]["loss"], float)
    assert [tuple(s) for s in seen["predict"]] == [(8, 1), (8, 1), (4, 1)]


def test_batch_logs_are_python_floats_and_old_batch_hooks_still_fire():
    x, y = regression(32)
    logs_seen = []

    class Old(keras.callbacks.Callback):
        def on_batch_end(self, batch, logs=None):
            logs_seen.append(logs)
    linear_model().fit(x, y, batch_size=16, epochs=1, verbose=0, callbacks=[Old()])
    assert len(logs_seen) == 2
    assert sorted(logs_seen[0]) == ["loss", "mae"] and all(type(v) is float for v in logs_seen[0].values())


def test_callback_list_only_calls_callbacks_that_override_a_hook():
    plain, hooks = keras.callbacks.Callback(), Hooks()
    callbacks = keras.callbacks.CallbackList([plain, hooks])
    assert callbacks._listeners["on_train_batch_end"] == [hooks.on_train_batch_end]
    callbacks.on_train_batch_end(0, {"loss": np.float32(1.5)})
    assert hooks.calls == [("on_train_batch_end", 0)]


def test_history_records_epochs():
    x, y = regression()
    history = linear_model().fit(x, y, epochs=3, verbose=0, validation_split=0.25)
    assert isinstance(history, keras.callbacks.History) and history.epoch == [0, 1, 2]
    assert sorted(history.history) == ["loss", "mae", "val_loss", "val_mae"]
    assert all(len(v) == 3 and all(type(f) is float for f in v) for v in history.history.values())


def test_early_stopping_stops_and_restores_the_best_weights(capsys):
    x, y = regression()
    model = linear_model(lr=0.3)
    weights_by_epoch = []
    record = keras.callbacks.LambdaCallback(on_epoch_end=lambda e, logs: weights_by_epoch.append(model.get_weights()))
    # min_delta so large that after the first epoch nothing counts as an improvement.
    stop = keras.callbacks.EarlyStopping(monitor="loss", min_delta=1e6, patience=2, restore_best_weights=True,
                                         verbose=1)
    history = model.fit(x, y, epochs=20, verbose=0, callbacks=[record, stop])
    assert len(history.history["loss"]) == 3 and stop.stopped_epoch == 2 and stop.best_epoch == 0
    out = capsys.readouterr().out
    assert "Epoch 3: early stopping" in out and "Restoring model weights from the end of the best epoch: 1." in out
    for restored, best in zip(model.get_weights(), weights_by_epoch[0]):
        np.testing.assert_array_equal(restored, best)


def test_early_stopping_monitor_direction():
    x, y = regression()
    model = linear_model()
    stop = keras.callbacks.EarlyStopping(monitor="val_mae", patience=1)
    model.fit(x, y, epochs=1, verbose=0, validation_split=0.5, callbacks=[stop])
    assert stop.monitor_op(1.0, 2.0)  # mae: lower is better
    with pytest.warns(UserWarning, match="not available"):
        model.fit(x, y, epochs=1, verbose=0, callbacks=[keras.callbacks.EarlyStopping(monitor="val_loss")])


def test_reduce_lr_on_plateau_lowers_the_learning_rate(capsys):
    x, y = regression()
    model = linear_model(lr=0.1)
    reduce = keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=1, min_delta=1e6,
                                               min_lr=0.02, verbose=1)
    history = model.fit(x, y, epochs=5, verbose=0, callbacks=[reduce])
    # Each epoch logs the rate it trained with; the reduction applies from the next epoch.
    assert history.history["learning_rate"] == pytest.approx([0.1, 0.1, 0.05, 0.025, 0.02])
    assert float(model.optimizer.learning_rate) == pytest.approx(0.02)
    out = capsys.readouterr().out
    assert "Epoch 2: ReduceLROnPlateau reducing learning rate to 0.05" in out
    assert "Epoch 4: ReduceLROnPlateau reducing learning rate to 0.02." in out and "Epoch 5" not in out


def test_learning_rate_scheduler_sets_the_rate_each_epoch(capsys):
    x, y = regression()
    model = linear_model(lr=0.1)
    schedule = keras.callbacks.LearningRateScheduler(lambda epoch, lr: lr * 0.5 if epoch else lr, verbose=1)
    history = model.fit(x, y, epochs=3, verbose=0, callbacks=[schedule])
    assert history.history["learning_rate"] == pytest.approx([0.1, 0.05, 0.025])
    assert "Epoch 2: LearningRateScheduler setting learning rate to 0.05" in capsys.readouterr().out
    by_epoch = keras.callbacks.LearningRateScheduler(lambda epoch: 0.01 * (epoch + 1))
    assert model.fit(x, y, epochs=2, verbose=0, callbacks=[by_epoch]).history["learning_rate"] == \
        pytest.approx([0.01, 0.02])
    with pytest.raises(ValueError, match="should be a float"):
        model.fit(x, y, verbose=0, callbacks=[keras.callbacks.LearningRateScheduler(lambda epoch: "fast")])


def test_csv_logger_writes_a_row_per_epoch(tmp_path):
    x, y = regression()
    path = tmp_path / "log.csv"
    model = linear_model()
    model.fit(x, y, epochs=2, verbose=0, validation_split=0.25, callbacks=[keras.callbacks.CSVLogger(path)])
    model.fit(x, y, epochs=1, verbose=0, validation_split=0.25,
              callbacks=[keras.callbacks.CSVLogger(path, append=True)])
    rows = list(csv.reader(open(path)))
    assert rows[0] == ["epoch", "loss", "mae", "val_loss", "val_mae"]
    assert [r[0] for r in rows[1:]] == ["0", "1", "0"]
    assert all(float(v) >= 0 for r in rows[1:] for v in r[1:])


def test_lambda_callback_runs_the_given_functions():
    x, y = regression(32)
    events = []
    callback = keras.callbacks.LambdaCallback(
        on_train_begin=lambda logs: events.append("begin"),
        on_epoch_end=lambda epoch, logs: events.append(("epoch", epoch, type(logs["loss"]) is float)),
        on_train_end=lambda logs: events.append("end"))
    linear_model().fit(x, y, epochs=2, verbose=0, callbacks=[callback])
    assert events == ["begin", ("epoch", 0, True), ("epoch", 1, True), "end"]
    with pytest.raises(ValueError, match="unknown hook 'on_epoch_middle'"):
        keras.callbacks.LambdaCallback(on_epoch_middle=print)


def test_stop_training_from_a_callback():
    x, y = regression(64)
    model = linear_model()

    class StopAfterTwoBatches(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            if batch == 1:
                self.model.stop_training = True
    batches = []
    history = model.fit(x, y, batch_size=8, epochs=3, verbose=0, callbacks=[
        StopAfterTwoBatches(), keras.callbacks.LambdaCallback(on_train_batch_begin=lambda b, l: batches.append(b))])
    assert batches == [0, 1] and len(history.history["loss"]) == 1
