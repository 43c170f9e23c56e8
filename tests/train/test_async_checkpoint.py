"""Asynchronous checkpoints (CheckpointOptions(enable_async=True)) and the batched atomic save."""
import contextlib
import os
import signal
import socket
import subprocess
import sys
import struct
import tempfile
import textwrap
import threading
import time
import warnings

import numpy as np
import pytest

import neuroflow as tf
from neuroflow import keras
from neuroflow.train import checkpoint_writer
from neuroflow.train.tensor_bundle import data_path, index_path

ASYNC = tf.train.CheckpointOptions(enable_async=True)
needs_writer_process = pytest.mark.skipif(
    not checkpoint_writer.WRITER_PROCESS,
    reason="no checkpoint writer process on this system (it needs Linux's memfd_create and fd passing)")
SRC = os.path.join(os.path.dirname(__file__), "..", "..", "src")


def writer_threads():
    return [t for t in threading.enumerate() if t.name.startswith("neuroflow-checkpoint-writer")]


def writer_process():
    """The pid of this process's checkpoint writer process, started (and idle) by a first asynchronous write."""
    warm = tf.train.Checkpoint(v=tf.Variable(0.0))
    warm.write(tempfile.mkdtemp() + "/warm", options=ASYNC)
    warm.sync()
    return checkpoint_writer._process.child_pid


def wait_until_queued(sock, queue, waited_for):
    """Waits until the socket's `queue` ("TIOCOUTQ": bytes sent, not read by the other side yet; "FIONREAD":
    bytes to read here) holds something."""
    import fcntl
    import termios
    deadline = time.monotonic() + 30
    while struct.unpack("i", fcntl.ioctl(sock.fileno(), getattr(termios, queue), b"\0" * 4))[0] == 0:
        assert time.monotonic() < deadline, f"{waited_for} did not come"
        time.sleep(0.001)


def wait_until_the_writer_process_has_the_job():
    """Waits until the writer thread has sent the pending job (still unread by the stopped writer process)."""
    wait_until_queued(checkpoint_writer._process._socket, "TIOCOUTQ", "the job")


@contextlib.contextmanager
def paused_writer():
    """Stops the writer process (a slow disk, or a write caught in the middle) until the block ends."""
    pid = writer_process()
    os.kill(pid, signal.SIGSTOP)
    try:
        yield pid
    finally:
        os.kill(pid, signal.SIGCONT)


def trained_model():
    keras.utils.set_random_seed(1)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="relu"), keras.layers.Dense(2)])
    optimizer = keras.optimizers.Adam(0.1)
    x = np.random.default_rng(0).standard_normal((8, 4)).astype(np.float32)
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x)))
    optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))
    return model, optimizer


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


@needs_writer_process
def test_values_are_snapshotted_when_save_returns(tmp_path):
    v = tf.Variable([1.0, 2.0])
    checkpoint = tf.train.Checkpoint(v=v)
    with paused_writer():
        path = checkpoint.save(str(tmp_path / "ckpt"), options=ASYNC)
        assert not os.path.exists(index_path(path))  # still to be written
        v.assign([5.0, 6.0])  # training goes on while the file is written
    assert tf.train.latest_checkpoint(str(tmp_path)) == path  # waits for the pending write
    checkpoint.restore(path).assert_consumed()
    np.testing.assert_array_equal(v.numpy(), [1.0, 2.0])
    assert checkpoint.save_counter.numpy() == 1


@needs_writer_process
def test_manager_async_retention_waits_and_reuses_one_writer(tmp_path):
    step = tf.Variable(0)
    calls = []
    options = tf.train.CheckpointOptions(enable_async=True, experimental_write_callbacks=[calls.append])
    manager = tf.train.CheckpointManager(tf.train.Checkpoint(step=step), str(tmp_path), max_to_keep=2)
    paths, threads, processes = [], [], []
    for _ in range(4):
        step.assign_add(1)
        paths.append(manager.save(options=options))
        threads.append(writer_threads())
        processes.append(writer_process())
    assert [os.path.basename(p) for p in paths] == ["ckpt-1", "ckpt-2", "ckpt-3", "ckpt-4"]
    assert manager.checkpoints == paths[2:]  # waits for the last save
    assert calls == paths  # callbacks after each write, in order
    assert sorted(n for n in os.listdir(tmp_path) if n.endswith(".index")) == ["ckpt-3.index", "ckpt-4.index"]
    state = tf.train.get_checkpoint_state(str(tmp_path))
    assert list(state.all_model_checkpoint_paths) == paths[2:]
    assert len(threads[0]) == 1 and all(t == threads[0] for t in threads)  # no thread started per save
    assert writer_threads() == threads[0] and threads[0][0].daemon
    assert len(set(processes)) == 1 and processes[0] != os.getpid()  # nor a process
    step.assign(0)
    assert manager.restore_or_initialize() == paths[-1] and step.numpy() == 4


@needs_writer_process
def test_restore_waits_for_the_pending_save(tmp_path):
    v = tf.Variable(7.0)
    checkpoint = tf.train.Checkpoint(v=v)
    with paused_writer() as pid:
        path = checkpoint.write(str(tmp_path / "w"), options=ASYNC)
        v.assign(0.0)
        threading.Timer(0.2, os.kill, (pid, signal.SIGCONT)).start()
        checkpoint.read(path).assert_consumed()  # would fail with NotFoundError without waiting
    assert v.numpy() == 7.0


def test_async_error_surfaces_at_the_next_call(tmp_path):
    v = tf.Variable(1.0)
    checkpoint = tf.train.Checkpoint(v=v)
    manager = tf.train.CheckpointManager(checkpoint, str(tmp_path), max_to_keep=3)
    first = manager.save(options=ASYNC)
    manager.sync()
    os.mkdir(index_path(str(tmp_path / "ckpt-2")))  # the writer's rename onto it fails
    second = manager.save(options=ASYNC)  # returns: the write fails in the background
    assert second.endswith("ckpt-2")
    with pytest.raises(IsADirectoryError, match=r"-> '.*ckpt-2\.index'"):  # (the rename's target)
        manager.save(options=ASYNC)  # the next call raises the pending write's error...
    os.rmdir(index_path(second))
    third = manager.save(options=ASYNC)  # ...once: later saves work again
    assert manager.latest_checkpoint == third
    assert manager.checkpoints == [first, third]
    assert not os.path.exists(index_path(second))
    # no temporary file left by the failed write (the spares kept for the next save to write over are hidden too)
    assert not [n for n in os.listdir(tmp_path) if n.endswith(".tmp") and not n.startswith(".neuroflow-spare.")]


@needs_writer_process
def test_a_killed_writer_process_fails_its_write_clearly_and_is_replaced(tmp_path):
    v = tf.Variable(np.arange(4.0))
    manager = tf.train.CheckpointManager(tf.train.Checkpoint(v=v), str(tmp_path), max_to_keep=3)
    first = manager.save(options=ASYNC)
    manager.sync()
    with paused_writer() as pid:
        second = manager.save(options=ASYNC)
        wait_until_the_writer_process_has_the_job()
        os.kill(pid, signal.SIGKILL)
    with pytest.raises(OSError, match=f"writer process \\(pid {pid}\\) exited .* before writing {second}"):
        manager.sync()
    assert manager.checkpoints == [first] and tf.train.latest_checkpoint(str(tmp_path)) == first
    third = manager.save(options=ASYNC)
    assert manager.checkpoints == [first, third] and writer_process() != pid


def wait_until_written(process):
    """Waits until the writer process's progress word counts every job sent to it as written."""
    deadline = time.monotonic() + 30
    while int(process._written[0]) != process._numbered:
        assert time.monotonic() < deadline, "the writer process did not write the job"
        time.sleep(0.001)


@needs_writer_process
def test_a_written_save_is_waited_for_without_reading_its_answer(tmp_path, monkeypatch):
    """The progress word shows the jobs written: waiting for them reads nothing; their answers are read later,
    64 in one `recv`, and an error after them is still read and raised."""
    v = tf.Variable(0.0)
    checkpoint = tf.train.Checkpoint(v=v)
    checkpoint.write(str(tmp_path / "first"), options=ASYNC)
    checkpoint.sync()
    process = checkpoint_writer._process
    reads, recv = [], socket.socket.recv
    monkeypatch.setattr(socket.socket, "recv", lambda self, *args: reads.append(args) or recv(self, *args))
    for step in range(70):
        v.assign(float(step))
        path = checkpoint.write(str(tmp_path / f"ckpt-{step}"), options=ASYNC)
        wait_until_written(process)
        checkpoint.sync()
    assert reads == [(65536, socket.MSG_DONTWAIT)]  # at the 64th: the answers that came, without waiting
    v.assign(0.0)
    checkpoint.read(path).assert_consumed()
    assert v.numpy() == 69.0
    os.mkdir(index_path(str(tmp_path / "failed")))  # the writer's rename onto it fails
    checkpoint.write(str(tmp_path / "failed"), options=ASYNC)
    with pytest.raises(IsADirectoryError, match=r"-> '.*failed\.index'"):
        checkpoint.sync()  # read past the 6 answers left unread
    v.assign(5.0)
    path = checkpoint.write(str(tmp_path / "after"), options=ASYNC)
    wait_until_queued(process._socket, "FIONREAD", "its answer")
    del reads[:]
    checkpoint.sync()  # the word stopped counting at the failure: this answer is read
    assert reads and int(process._written[0]) == process._numbered - 2 and process is checkpoint_writer._process
    v.assign(0.0)
    checkpoint.read(path).assert_consumed()
    assert v.numpy() == 5.0


def test_the_writer_thread_writes_where_there_is_no_writer_process(tmp_path, monkeypatch):
    monkeypatch.setattr(checkpoint_writer, "WRITER_PROCESS", False)
    model, optimizer = trained_model()
    checkpoint = tf.train.Checkpoint(model=model, optimizer=optimizer)
    sync_path = checkpoint.write(str(tmp_path / "sync" / "ckpt"))
    async_path = checkpoint.write(str(tmp_path / "async" / "ckpt"), options=ASYNC)
    assert checkpoint._snapshot.fd is None  # plain memory, no process
    checkpoint.sync()
    for name in (index_path, data_path):
        with open(name(sync_path), "rb") as a, open(name(async_path), "rb") as b:
            assert a.read() == b.read()


@needs_writer_process
def test_a_writer_process_that_cannot_start_falls_back_to_the_thread(tmp_path, monkeypatch):
    monkeypatch.setattr(checkpoint_writer, "WRITER_PROCESS", True)  # restored afterwards
    monkeypatch.setattr(checkpoint_writer, "_process", None)
    popen = subprocess.Popen
    monkeypatch.setattr(subprocess, "Popen",  # a writer process that cannot import neuroflow, say
                        lambda *a, **k: popen([sys.executable, "-c", "raise SystemExit(3)"]))
    v = tf.Variable(3.0)
    checkpoint = tf.train.Checkpoint(v=v)
    with pytest.warns(RuntimeWarning, match="exited with code 3 before writing .*written on a thread"):
        path = checkpoint.write(str(tmp_path / "ckpt"), options=ASYNC)
        checkpoint.sync()
    assert not checkpoint_writer.WRITER_PROCESS
    v.assign(0.0)
    checkpoint.read(path).assert_consumed()
    assert v.numpy() == 3.0


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
        import sys
        import numpy as np
        import neuroflow as tf
        v = tf.Variable(np.arange(4_000_000, dtype=np.float32))  # 16 MB: the write outlasts the script
        manager = tf.train.CheckpointManager(tf.train.Checkpoint(v=v), sys.argv[1], 2)
        print(manager.save(options=tf.train.CheckpointOptions(enable_async=True)), flush=True)
        """, tmp_path)  # exits right after save() returns
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    assert tf.train.latest_checkpoint(str(tmp_path)) == out.strip()
    v = tf.Variable(np.zeros(4_000_000, np.float32))
    tf.train.Checkpoint(v=v).restore(out.strip()).assert_consumed()
    np.testing.assert_array_equal(v.numpy(), np.arange(4_000_000, dtype=np.float32))


def test_the_spare_files_of_async_saves_are_gone_after_exit(tmp_path):
    """The writer (process or thread) keeps the deleted checkpoint's `.data` and `.index` files and the
    replaced `checkpoint` file for the next save to write over; a normal exit removes them."""
    child = run_child("""
        import os, sys
        import neuroflow as tf
        manager = tf.train.CheckpointManager(tf.train.Checkpoint(v=tf.Variable([1.0, 2.0])), sys.argv[1], 1)
        for _ in range(3):
            manager.save(options=tf.train.CheckpointOptions(enable_async=True))
        manager.sync()
        print(sum(name.startswith(".neuroflow-spare.") for name in os.listdir(sys.argv[1])))
        """, tmp_path)
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    assert out.strip() == "3"
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", "ckpt-3.data-00000-of-00001", "ckpt-3.index"]


@needs_writer_process
def test_a_killed_training_process_loses_no_checkpoint_the_writer_process_holds(tmp_path):
    child = run_child("""
        import os, signal, sys, time
        import numpy as np
        import neuroflow as tf
        from neuroflow.train import checkpoint_writer
        v = tf.Variable(np.zeros((500, 500), np.float32))
        manager = tf.train.CheckpointManager(tf.train.Checkpoint(v=v), sys.argv[1], max_to_keep=5)
        options = tf.train.CheckpointOptions(enable_async=True)
        for step in range(1, 4):
            if step == 3:  # the third write stays with the (stopped) writer process
                manager.sync()
                os.kill(checkpoint_writer._process.child_pid, signal.SIGSTOP)
            v.assign(tf.fill((500, 500), float(step)))
            manager.save(options=options)
            v.assign(tf.fill((500, 500), -1.0))  # changed at once: the save copied the values
        print(checkpoint_writer._process.child_pid, flush=True)
        time.sleep(60)
        """, tmp_path)
    try:
        writer = int(child.stdout.readline() or 0)
        assert writer, child.stderr.read()
        child.send_signal(signal.SIGKILL)  # the training process dies with a save in flight
    finally:
        child.wait(timeout=60)
        child.stdout.close()  # (the stopped writer process holds the stderr pipe open: no communicate)
        child.stderr.close()
    assert os.path.basename(tf.train.latest_checkpoint(str(tmp_path))) == "ckpt-2"
    os.kill(writer, signal.SIGCONT)  # the writer process finishes the save, then exits
    deadline = time.monotonic() + 30
    while os.path.basename(tf.train.latest_checkpoint(str(tmp_path)) or "") != "ckpt-3":
        assert time.monotonic() < deadline, "the writer process did not finish the pending save"
        time.sleep(0.05)
    v = tf.Variable(np.zeros((500, 500), np.float32))
    tf.train.Checkpoint(v=v).restore(tf.train.latest_checkpoint(str(tmp_path))).assert_consumed()
    assert np.all(v.numpy() == 3.0)


@needs_writer_process
def test_killing_the_writer_process_mid_write_keeps_a_complete_checkpoint(tmp_path):
    v = tf.Variable(np.zeros((1000, 1000), np.float32))
    manager = tf.train.CheckpointManager(tf.train.Checkpoint(v=v), str(tmp_path), max_to_keep=2)
    manager.save(options=ASYNC)
    manager.sync()
    written = 0.0  # the value of the last save known to be complete
    for step, delay in enumerate((0.0, 0.0005, 0.001, 0.002, 0.004, 0.008), 1):
        v.assign(tf.fill((1000, 1000), float(step)))
        pid = writer_process()
        manager.save(options=ASYNC)
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)  # somewhere in the write, or after it
        try:
            manager.sync()
            written = float(step)
        except checkpoint_writer.WriterProcessExited:
            pass
        state = tf.train.get_checkpoint_state(str(tmp_path))
        assert all(os.path.exists(index_path(p)) and os.path.exists(data_path(p))
                   for p in state.all_model_checkpoint_paths)
        restored = tf.Variable(np.zeros((1000, 1000), np.float32))
        tf.train.Checkpoint(v=restored).restore(tf.train.latest_checkpoint(str(tmp_path))).assert_consumed()
        value = restored.numpy()[0, 0]
        assert value in (written, float(step)) and np.all(restored.numpy() == value)  # never a mixture


def test_async_saves_follow_changes_of_the_object_graph(tmp_path):
    """An asynchronous save reuses the previous walk of the object graph only while nothing changed it."""
    net = tf.Module()
    net.layers = [tf.Variable(1.0)]
    net.table = {"a": tf.Variable(2.0)}
    checkpoint = tf.train.Checkpoint(net=net)
    spare = tf.Variable(5.0)

    def keys_after_saves():
        sync_keys = set(tf.train.load_checkpoint(checkpoint.write(str(tmp_path / "sync"))).get_variable_to_shape_map())
        path = checkpoint.write(str(tmp_path / "async"), options=ASYNC)
        checkpoint.sync()
        async_keys = set(tf.train.load_checkpoint(path).get_variable_to_shape_map())
        assert async_keys == sync_keys
        return {k.split("/.ATTRIBUTES")[0] for k in async_keys if k.endswith("VARIABLE_VALUE")}

    assert keys_after_saves() == {"net/layers/0", "net/table/a"}
    net.layers.append(spare)  # an existing variable, into a list in place
    assert keys_after_saves() == {"net/layers/0", "net/layers/1", "net/table/a"}
    net.table["a"] = tf.Variable(3.0)  # replaced in place
    net.table["b"] = spare  # already saved under layers/1: one path only
    assert keys_after_saves() == {"net/layers/0", "net/layers/1", "net/table/a"}
    net.extra = keras.layers.Dense(2)  # an attribute set on a tf.Module
    net.extra.build((None, 3))  # variables created later
    assert keys_after_saves() == {"net/layers/0", "net/layers/1", "net/table/a", "net/extra/_kernel",
                                  "net/extra/bias"}
    checkpoint.step = tf.Variable(0)  # and on the checkpoint itself
    assert "step" in keys_after_saves()
    optimizer = keras.optimizers.Adam()
    checkpoint.optimizer = optimizer
    keys_after_saves()
    optimizer.build(net.extra.trainable_variables)  # slots after a save
    assert any(k.startswith("optimizer/_variables/") for k in keys_after_saves())
    optimizer.extra = tf.Variable(7.0)  # an attribute set on an optimizer
    assert "optimizer/extra" in keys_after_saves()
    optimizer.extra = None  # and its removal
    assert "optimizer/extra" not in keys_after_saves()


def test_an_unchanged_graph_is_walked_once(tmp_path, monkeypatch):
    from neuroflow.train import trackable
    walks = []
    walk = trackable.object_graph
    monkeypatch.setattr(trackable, "object_graph", lambda *args, **kwargs: (walks.append(1), walk(*args, **kwargs))[1])
    model, optimizer = trained_model()
    checkpoint = tf.train.Checkpoint(model=model, optimizer=optimizer)
    x = np.ones((2, 4), np.float32)
    for i in range(3):
        checkpoint.write(str(tmp_path / f"ckpt{i}"), options=ASYNC)
        with tf.GradientTape() as tape:  # training between saves sets plain attributes of the optimizer
            loss = tf.reduce_sum(model(x))
        optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))
    checkpoint.sync()
    assert len(walks) == 1


def test_each_async_save_has_its_own_values_and_layout(tmp_path):
    """The snapshot keeps its layout from save to save, copying only the numbers, until the layout changes."""
    net = tf.Module()
    net.w = tf.Variable(np.arange(6, dtype=np.float32).reshape(2, 3))
    checkpoint = tf.train.Checkpoint(net=net)
    expected = {}
    for step in range(3):
        net.w.assign(net.w + 10.0)
        expected[checkpoint.save(str(tmp_path / "ckpt"), options=ASYNC)] = {"w": net.w.numpy().copy()}
    net.w = tf.Variable(np.array([1, 2, 3, 4], np.int64))  # another dtype and shape: laid out again
    net.b = tf.Variable(np.float16(0.5))  # a new variable, and so a longer object graph
    expected[checkpoint.save(str(tmp_path / "ckpt"), options=ASYNC)] = {"w": net.w.numpy(), "b": net.b.numpy()}
    net.w.assign([5, 6, 7, 8])
    expected[checkpoint.save(str(tmp_path / "ckpt"), options=ASYNC)] = {"w": net.w.numpy(), "b": net.b.numpy()}
    checkpoint.sync()
    for path, values in expected.items():
        reader = tf.train.load_checkpoint(path)
        assert sorted(k.split("/")[1] for k in reader.get_variable_to_shape_map() if k.startswith("net/")) \
            == sorted(values)
        for name, value in values.items():
            saved = reader.get_tensor(f"net/{name}/.ATTRIBUTES/VARIABLE_VALUE")
            assert saved.dtype == value.dtype
            np.testing.assert_array_equal(saved, value)


@needs_writer_process
def test_pending_saves_of_several_checkpoints_are_answered_in_order(tmp_path):
    a, b = tf.Variable(1.0), tf.Variable(2.0)
    first, second = tf.train.Checkpoint(v=a), tf.train.Checkpoint(v=b)
    with paused_writer():
        first_path = first.write(str(tmp_path / "first"), options=ASYNC)
        second_path = second.write(str(tmp_path / "second"), options=ASYNC)
        a.assign(0.0), b.assign(0.0)
    second.sync()  # reads the first's answer on the way
    first.sync()
    first.read(first_path).assert_consumed()
    second.read(second_path).assert_consumed()
    assert (a.numpy(), b.numpy()) == (1.0, 2.0)


@needs_writer_process
def test_a_forked_child_leaves_the_pending_save_to_its_parent(tmp_path):
    v = tf.Variable(4.0)
    checkpoint = tf.train.Checkpoint(v=v)
    with paused_writer():
        path = checkpoint.write(str(tmp_path / "ckpt"), options=ASYNC)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # (3.12+: fork with threads; the child only syncs)
            pid = os.fork()
        if pid == 0:  # the child: its sync must neither wait for the parent's write nor take its answer
            checkpoint.sync()
            os._exit(0)
        assert os.waitpid(pid, 0)[1] == 0
    checkpoint.sync()
    v.assign(0.0)
    checkpoint.read(path).assert_consumed()
    assert v.numpy() == 4.0


def snapshot_mappings(pid):
    """The checkpoint snapshots the process `pid` has mapped (their memfds, by inode)."""
    with open(f"/proc/{pid}/maps") as maps:
        return {line.split()[4] for line in maps if "neuroflow-checkpoint" in line}


@needs_writer_process
def test_the_writer_process_keeps_a_snapshot_mapped_until_it_is_freed(tmp_path):
    """The memfd goes to the writer process once; a snapshot replaced by a larger one, or freed with its
    checkpoint, is unmapped there at the next job."""
    pid = writer_process()
    before = snapshot_mappings(pid)
    sent = []
    send_fds = checkpoint_writer.socket.send_fds
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(checkpoint_writer.socket, "send_fds", lambda *args: sent.append(args[2]) or send_fds(*args))
        net = tf.Module()
        net.w = tf.Variable(np.zeros(10, np.float32))
        checkpoint = tf.train.Checkpoint(net=net)
        for step in range(3):
            net.w.assign(np.full(10, step, np.float32))
            checkpoint.save(str(tmp_path / "ckpt"), options=ASYNC)
        checkpoint.sync()
        assert len(sent) == 1  # the file descriptor with the first job only
        assert len(snapshot_mappings(pid) - before) == 1
        net.w = tf.Variable(np.zeros(10**6, np.float32))  # a larger layout: new memory, the old one released
        path = checkpoint.save(str(tmp_path / "ckpt"), options=ASYNC)
        checkpoint.sync()
        assert len(sent) == 2 and len(snapshot_mappings(pid) - before) == 1
        del checkpoint, net
        import gc
        gc.collect()
        other = tf.train.Checkpoint(v=tf.Variable(1.0))
        other.write(str(tmp_path / "other"), options=ASYNC)
        other.sync()
    assert len(snapshot_mappings(pid) - before) == 1  # only the new checkpoint's snapshot
    values = tf.train.load_checkpoint(path)
    np.testing.assert_array_equal(values.get_tensor("net/w/.ATTRIBUTES/VARIABLE_VALUE"), np.zeros(10**6, np.float32))
    assert tf.train.load_checkpoint(str(tmp_path / "ckpt-3")).get_tensor("net/w/.ATTRIBUTES/VARIABLE_VALUE")[0] == 2
