"""Asynchronous checkpoints (CheckpointOptions(enable_async=True)) and the batched atomic save."""
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import numpy as np
import pytest

import neuroflow as tf
from neuroflow import keras
from neuroflow.train import tensor_bundle
from neuroflow.train.tensor_bundle import data_path, index_path

ASYNC = tf.train.CheckpointOptions(enable_async=True)
SRC = os.path.join(os.path.dirname(__file__), "..", "..", "src")


def writer_threads():
    return [t for t in threading.enumerate() if t.name.startswith("neuroflow-checkpoint-writer")]


def trained_model():
    keras.utils.set_random_seed(1)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="relu"), keras.layers.Dense(2)])
    optimizer = keras.optimizers.Adam(0.1)
    x = np.random.default_rng(0).standard_normal((8, 4)).astype(np.float32)
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x)))
    optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))
    return model, optimizer


def slow_table(monkeypatch, seconds, started=None):
    """Makes writing a checkpoint's index take `seconds` (a slow disk)."""
    original = tensor_bundle._table

    def table(entries):
        if started is not None:
            started.set()
        time.sleep(seconds)
        return original(entries)
    monkeypatch.setattr(tensor_bundle, "_table", table)


def test_options_match_tensorflow():
    options = tf.train.CheckpointOptions(experimental_enable_async_checkpoint=True)
    assert options.enable_async and options.experimental_enable_async_checkpoint
    assert not tf.train.CheckpointOptions().enable_async
    with pytest.raises(ValueError, match="write callback"):
        tf.train.CheckpointOptions(experimental_write_callbacks=[lambda a, b: None])
    with pytest.raises(AttributeError):
        options.unknown = 1  # __slots__, as TensorFlow's


def test_async_save_writes_the_same_files_as_sync(tmp_path):
    model, optimizer = trained_model()
    checkpoint = tf.train.Checkpoint(model=model, optimizer=optimizer)
    sync_path = checkpoint.write(str(tmp_path / "sync" / "ckpt"))
    async_path = checkpoint.write(str(tmp_path / "async" / "ckpt"), options=ASYNC)
    checkpoint.sync()
    for name in (index_path, data_path):
        with open(name(sync_path), "rb") as a, open(name(async_path), "rb") as b:
            assert a.read() == b.read()
    fresh, fresh_optimizer = trained_model()
    for v in fresh.weights:
        v.assign(tf.zeros_like(v))
    tf.train.Checkpoint(model=fresh, optimizer=fresh_optimizer).read(async_path).assert_consumed()
    for a, b in zip(model.weights + optimizer.variables, fresh.weights + fresh_optimizer.variables):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_values_are_snapshotted_when_save_returns(tmp_path, monkeypatch):
    slow_table(monkeypatch, 0.2)
    v = tf.Variable([1.0, 2.0])
    checkpoint = tf.train.Checkpoint(v=v)
    path = checkpoint.save(str(tmp_path / "ckpt"), options=ASYNC)
    assert writer_threads()  # still writing in the background
    v.assign([5.0, 6.0])  # training goes on while the file is written
    assert tf.train.latest_checkpoint(str(tmp_path)) == path  # waits for the pending write
    checkpoint.restore(path).assert_consumed()
    np.testing.assert_array_equal(v.numpy(), [1.0, 2.0])
    assert checkpoint.save_counter.numpy() == 1


def test_manager_async_retention_waits_and_reuses_one_writer_thread(tmp_path, monkeypatch):
    step = tf.Variable(0)
    calls = []
    options = tf.train.CheckpointOptions(enable_async=True, experimental_write_callbacks=[calls.append])
    manager = tf.train.CheckpointManager(tf.train.Checkpoint(step=step), str(tmp_path), max_to_keep=2)
    slow_table(monkeypatch, 0.05)
    paths, threads = [], []
    for _ in range(4):
        step.assign_add(1)
        paths.append(manager.save(options=options))
        threads.append(writer_threads())
    assert [os.path.basename(p) for p in paths] == ["ckpt-1", "ckpt-2", "ckpt-3", "ckpt-4"]
    assert manager.checkpoints == paths[2:]  # waits for the last save
    assert calls == paths  # callbacks after each write, in order
    assert sorted(n for n in os.listdir(tmp_path) if n.endswith(".index")) == ["ckpt-3.index", "ckpt-4.index"]
    state = tf.train.get_checkpoint_state(str(tmp_path))
    assert list(state.all_model_checkpoint_paths) == paths[2:]
    assert len(threads[0]) == 1 and all(t == threads[0] for t in threads)  # no thread started per save
    assert writer_threads() == threads[0] and threads[0][0].daemon
    step.assign(0)
    assert manager.restore_or_initialize() == paths[-1] and step.numpy() == 4


def test_restore_waits_for_the_pending_save(tmp_path, monkeypatch):
    slow_table(monkeypatch, 0.2)
    v = tf.Variable(7.0)
    checkpoint = tf.train.Checkpoint(v=v)
    path = checkpoint.write(str(tmp_path / "w"), options=ASYNC)
    v.assign(0.0)
    checkpoint.read(path).assert_consumed()  # would fail with NotFoundError without waiting
    assert v.numpy() == 7.0


def test_async_error_surfaces_at_the_next_call(tmp_path, monkeypatch):
    called = threading.Event()

    def broken(entries):
        called.set()
        raise OSError(28, "No space left on device")
    v = tf.Variable(1.0)
    checkpoint = tf.train.Checkpoint(v=v)
    manager = tf.train.CheckpointManager(checkpoint, str(tmp_path), max_to_keep=3)
    first = manager.save(options=ASYNC)
    manager.sync()
    monkeypatch.setattr(tensor_bundle, "_table", broken)
    second = manager.save(options=ASYNC)  # returns: the write fails in the background
    assert second.endswith("ckpt-2")
    assert called.wait(30)
    monkeypatch.undo()
    with pytest.raises(OSError, match="No space left"):
        manager.save(options=ASYNC)  # the next call raises the pending write's error...
    third = manager.save(options=ASYNC)  # ...once: later saves work again
    assert manager.latest_checkpoint == third
    assert manager.checkpoints == [first, third]
    assert not os.path.exists(index_path(second))
    assert not [n for n in os.listdir(tmp_path) if n.endswith(".tmp")]


def test_sync_save_is_one_atomic_batch(tmp_path, monkeypatch):
    """The state file joins the checkpoint's batch: it is renamed last, after a folder fsync that makes the
    checkpoint's own files durable (a `write` without a state file renames its index after its data)."""
    from neuroflow.io import atomic
    events = []
    monkeypatch.setattr(atomic.os, "replace", lambda a, b, _r=os.replace: (events.append(os.path.basename(b)),
                                                                         _r(a, b))[1])
    monkeypatch.setattr(atomic, "_fsync_directory", lambda d, _f=atomic._fsync_directory: (events.append("fsync"),
                                                                                          _f(d))[1])
    manager = tf.train.CheckpointManager(tf.train.Checkpoint(v=tf.Variable(1.0)), str(tmp_path), max_to_keep=1)
    manager.save()
    assert events == ["ckpt-1.data-00000-of-00001", "ckpt-1.index", "fsync", "checkpoint", "fsync"]
    events.clear()
    manager.checkpoint.write(str(tmp_path / "plain"))
    assert events == ["plain.data-00000-of-00001", "fsync", "plain.index", "fsync"]
    events.clear()
    manager.save()
    assert events[-2:] == ["checkpoint", "fsync"] and not os.path.exists(index_path(str(tmp_path / "ckpt-1")))
    assert [os.path.basename(p) for p in tf.train.get_checkpoint_state(str(tmp_path)).all_model_checkpoint_paths] \
        == ["ckpt-2"]


def run_child(code, tmp_path):
    env = dict(os.environ, PYTHONPATH=SRC + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), str(tmp_path)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_interpreter_exit_waits_for_the_pending_write(tmp_path):
    child = run_child("""
        import sys, time
        import numpy as np
        import neuroflow as tf
        from neuroflow.train import tensor_bundle
        original = tensor_bundle._table
        tensor_bundle._table = lambda entries: (time.sleep(0.3), original(entries))[1]
        manager = tf.train.CheckpointManager(tf.train.Checkpoint(v=tf.Variable(np.arange(5.0))), sys.argv[1], 2)
        print(manager.save(options=tf.train.CheckpointOptions(enable_async=True)), flush=True)
        """, tmp_path)  # exits right after save() returns
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    assert tf.train.latest_checkpoint(str(tmp_path)) == out.strip()
    v = tf.Variable(np.zeros(5))
    tf.train.Checkpoint(v=v).restore(out.strip()).assert_consumed()
    np.testing.assert_array_equal(v.numpy(), np.arange(5.0))


def test_kill_during_async_write_keeps_the_previous_checkpoint(tmp_path):
    child = run_child("""
        import sys, time
        import numpy as np
        import neuroflow as tf
        from neuroflow.train import tensor_bundle
        original = tensor_bundle._table
        def table(entries):
            if len(tf.io.gfile.glob(sys.argv[1] + "/*.index")) >= 2:  # the third save: data written, index not
                print("writing", flush=True)
                time.sleep(60)
            return original(entries)
        tensor_bundle._table = table
        v = tf.Variable(np.zeros((500, 500), np.float32))
        manager = tf.train.CheckpointManager(tf.train.Checkpoint(v=v), sys.argv[1], max_to_keep=5)
        options = tf.train.CheckpointOptions(enable_async=True)
        for step in range(1, 4):
            v.assign(tf.fill((500, 500), float(step)))
            manager.save(options=options)
            v.assign(tf.fill((500, 500), -1.0))  # changed at once: the save copied the values
        time.sleep(60)
        """, tmp_path)
    try:
        assert child.stdout.readline().strip() == "writing", child.stderr.read()
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=60)
    latest = tf.train.latest_checkpoint(str(tmp_path))
    assert os.path.basename(latest) == "ckpt-2"
    state = tf.train.get_checkpoint_state(str(tmp_path))
    assert all(os.path.exists(index_path(p)) and os.path.exists(data_path(p)) for p in state.all_model_checkpoint_paths)
    assert not os.path.exists(index_path(str(tmp_path / "ckpt-3")))
    assert os.path.exists(data_path(str(tmp_path / "ckpt-2")))
    v = tf.Variable(np.zeros((500, 500), np.float32))
    tf.train.Checkpoint(v=v).restore(latest).assert_consumed()
    assert np.all(v.numpy() == 2.0)
