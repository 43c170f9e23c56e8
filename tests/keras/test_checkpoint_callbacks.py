"""ModelCheckpoint and BackupAndRestore, including resuming bit for bit after SIGKILL."""
import json
import os
import pathlib
import random
import subprocess
import sys

import numpy as np
import pytest

from neuroflow import keras


def data(n=64):
    rng = np.random.RandomState(0)
    return rng.normal(size=(n, 3)).astype("float32"), rng.randint(0, 2, n)


def model(seed=0):
    keras.utils.set_random_seed(seed)
    m = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(4, activation="relu"), keras.layers.Dense(2)])
    m.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])
    return m


def test_model_checkpoint_formats_names_and_saves_every_epoch(tmp_path):
    x, y = data()
    path = str(tmp_path / "m-{epoch:02d}-{val_loss:.2f}.keras")
    m = model()
    m.fit(x, y, epochs=3, validation_split=0.25, verbose=0, callbacks=[keras.callbacks.ModelCheckpoint(path)])
    names = sorted(os.listdir(tmp_path))
    assert [n[:5] for n in names] == ["m-01-", "m-02-", "m-03-"] and all(n.endswith(".keras") for n in names)
    last = keras.models.load_model(tmp_path / names[-1])
    np.testing.assert_array_equal(last.predict(x, verbose=0), m.predict(x, verbose=0))
    assert float(names[-1][5:-6]) == pytest.approx(m.history.history["val_loss"][-1], abs=0.006)


def test_model_checkpoint_save_best_only_modes_and_threshold(tmp_path):
    cb = keras.callbacks.ModelCheckpoint(str(tmp_path / "best.weights.h5"), monitor="loss", save_best_only=True,
                                         save_weights_only=True, initial_value_threshold=0.5)
    m = model()
    cb.set_model(m)
    saved = []
    m.save_weights = lambda path, overwrite=True: saved.append(path)
    for epoch, loss in enumerate([0.7, 0.4, 0.45, 0.3]):
        cb.on_epoch_begin(epoch)
        cb.on_epoch_end(epoch, {"loss": loss})
    assert len(saved) == 2 and cb.best == 0.3  # 0.7 does not beat the threshold; 0.45 is worse than 0.4
    cb = keras.callbacks.ModelCheckpoint(str(tmp_path / "m.keras"), monitor="acc_like", mode="max",
                                         save_best_only=True)
    cb.set_model(m)
    m.save = lambda path, overwrite=True: saved.append(path)
    for epoch, value in enumerate([0.1, 0.3, 0.2]):
        cb.on_epoch_end(epoch, {"acc_like": value})
    assert len(saved) == 4 and cb.best == 0.3


def test_model_checkpoint_batch_frequency_and_argument_checks(tmp_path):
    x, y = data(64)
    path = str(tmp_path / "e{epoch}-b{batch}.weights.h5")
    model().fit(x, y, batch_size=16, epochs=2, verbose=0,
                callbacks=[keras.callbacks.ModelCheckpoint(path, save_weights_only=True, save_freq=3)])
    assert sorted(os.listdir(tmp_path)) == ["e1-b3.weights.h5", "e2-b2.weights.h5"]  # batches 3 and 6 of 8
    with pytest.raises(ValueError, match="must end in `.weights.h5`"):
        keras.callbacks.ModelCheckpoint("w.h5", save_weights_only=True)
    with pytest.raises(ValueError, match="must end in `.keras`"):
        keras.callbacks.ModelCheckpoint("model.ckpt")
    with pytest.raises(ValueError, match="Unrecognized save_freq"):
        keras.callbacks.ModelCheckpoint("m.keras", save_freq="batch")
    with pytest.raises(KeyError, match="Failed to format this callback filepath"):
        model().fit(x, y, epochs=1, verbose=0, callbacks=[keras.callbacks.ModelCheckpoint(str(tmp_path / "{nope}.keras"))])


def test_backup_restores_and_deletes(tmp_path):
    x, y = data()
    backup = tmp_path / "backup"
    m = model()

    class Stop(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if epoch == 1:
                raise RuntimeError("interrupted")
    with pytest.raises(RuntimeError):
        m.fit(x, y, epochs=4, verbose=0, callbacks=[keras.callbacks.BackupAndRestore(backup), Stop()])
    assert json.loads((backup / "training_metadata.json").read_text()) == {"epoch": 2, "batch": 0}
    resumed = model(seed=5)
    history = resumed.fit(x, y, epochs=4, verbose=0,
                          callbacks=[keras.callbacks.BackupAndRestore(backup, double_checkpoint=True)])
    assert len(history.history["loss"]) == 2 and not backup.exists()  # epochs 3 and 4
    with pytest.raises(ValueError, match="Invalid value for argument `save_freq`"):
        keras.callbacks.BackupAndRestore(backup, save_freq="never")


def test_backup_falls_back_to_the_previous_checkpoint(tmp_path):
    x, y = data()
    backup = tmp_path / "b"
    m = model()
    m.fit(x, y, epochs=2, verbose=0, callbacks=[keras.callbacks.BackupAndRestore(
        backup, double_checkpoint=True, delete_checkpoint=False)])
    assert (backup / "latest.weights.h5.bkp").exists() and (backup / "training_metadata.json.bkp").exists()
    (backup / "latest.weights.h5").write_bytes(b"garbage")
    cb = keras.callbacks.BackupAndRestore(backup, double_checkpoint=True)
    cb.set_model(model(seed=3))
    cb.on_train_begin()
    assert cb.model._initial_epoch == 1


CHILD = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "resume_child.py"


def _run(*args):
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    return subprocess.run([sys.executable, str(CHILD), *map(str, args)], env=env, capture_output=True, text=True)


@pytest.mark.parametrize("phase,save_freq", [("begin", "2"), ("end", "1"), ("during", "1"), ("end", "epoch")])
def test_resume_after_sigkill_is_bit_identical(tmp_path, phase, save_freq):
    reference = _run(tmp_path / "unused", tmp_path / "ref.npz", -1, "none", save_freq)
    assert reference.returncode == 0, reference.stderr
    kill_at = random.Random(f"{phase}{save_freq}").randrange(2, 19)  # 21 steps in all (3 epochs of 7)
    killed = _run(tmp_path / "backup", tmp_path / "unused.npz", kill_at, phase, save_freq)
    assert killed.returncode == -9, killed.stderr  # SIGKILL
    resumed = _run(tmp_path / "backup", tmp_path / "resumed.npz", -1, "none", save_freq)
    assert resumed.returncode == 0, resumed.stderr
    ref, res = np.load(tmp_path / "ref.npz"), np.load(tmp_path / "resumed.npz")
    assert int(ref["steps_run"]) == 21 and int(res["steps_run"]) < 21  # it resumed, not restarted
    for key in ref.files:
        if key != "steps_run":
            np.testing.assert_array_equal(ref[key], res[key], err_msg=f"{phase} kill at step {kill_at}")
    assert not (tmp_path / "backup").exists()
