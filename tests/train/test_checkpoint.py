"""tf.train.Checkpoint and friends: round trips, TensorFlow-written files, damage, retention."""
import os
import struct
import subprocess
import sys

import numpy as np
import pytest

import neuroflow as tf
from neuroflow import keras
from neuroflow.framework.errors import DataLossError, NotFoundError
from neuroflow.train.checkpoint_proto import BundleEntryProto, TrackableObjectGraph
from neuroflow.train.tensor_bundle import BundleReader, _read_table, data_path, index_path

SRC = os.path.join(os.path.dirname(__file__), "..", "..", "src")

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "fixtures", "tf_checkpoint")
REF = np.load(os.path.join(FIXTURES, "reference.npz"))


class Module(tf.Module):
    def __init__(self, fill=0.0):
        super().__init__()
        self.scalar = tf.Variable(fill)
        self.matrix = tf.Variable(np.full((2, 3), fill))
        self.counts = tf.Variable([0, 0, 0], dtype=tf.int32)
        self.items = [tf.Variable([fill, fill]), {"inner": tf.Variable(fill)}]
        self.named = {"a/b.c": tf.Variable(fill)}


def mlp():
    return keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="relu"), keras.layers.Dense(2)])


def functional():
    inputs = keras.Input((3,))
    hidden = keras.layers.Dense(5, activation="tanh", name="hidden")(inputs)
    return keras.Model(inputs, keras.layers.Dense(1, name="out")(hidden))


# --- files written by TensorFlow 2.21 ----------------------------------------------------------
def test_restores_tensorflow_module_checkpoint():
    module, step = Module(), tf.Variable(0, dtype=tf.int64)
    checkpoint = tf.train.Checkpoint(module=module, step=step)
    checkpoint.restore(os.path.join(FIXTURES, "module")).assert_consumed()  # a folder: its latest
    np.testing.assert_array_equal(module.matrix.numpy(), REF["module_matrix"])
    np.testing.assert_array_equal(module.counts.numpy(), REF["module_counts"])
    np.testing.assert_array_equal(module.items[0].numpy(), REF["module_list0"])
    assert module.scalar.numpy() == REF["module_scalar"] and module.items[1]["inner"].numpy() == -2.0
    assert module.named["a/b.c"].numpy() == 5.0
    assert step.numpy() == 7 and checkpoint.save_counter.numpy() == 1


def test_restores_tensorflow_keras_model_and_optimizer():
    model, optimizer = mlp(), keras.optimizers.Adam(0.01)
    status = tf.train.Checkpoint(model=model, optimizer=optimizer).restore(
        os.path.join(FIXTURES, "keras_mlp", "ckpt-1"))
    with pytest.raises(AssertionError, match="_variables/2"):
        status.assert_consumed()  # the optimizer's slots do not exist yet
    status.assert_existing_objects_matched()
    optimizer.build(model.trainable_variables)  # deferred: slots are filled when created
    status.assert_consumed()
    np.testing.assert_allclose(model.predict(REF["x"], verbose=0), REF["mlp_output"], atol=1e-6)
    for i, variable in enumerate(optimizer.variables):
        np.testing.assert_array_equal(variable.numpy(), REF[f"mlp_optimizer_{i}"])


def test_deferred_restoration_into_unbuilt_model():
    model = keras.Sequential([keras.layers.Dense(4, activation="relu"), keras.layers.Dense(2)])
    checkpoint = tf.train.Checkpoint(model=model)
    status = checkpoint.restore(os.path.join(FIXTURES, "keras_mlp", "ckpt-1")).expect_partial()
    status.assert_existing_objects_matched()  # nothing exists yet
    np.testing.assert_allclose(model(REF["x"]).numpy(), REF["mlp_output"], atol=1e-6)


def test_restores_tensorflow_functional_model_written_with_write():
    model = functional()
    tf.train.Checkpoint(net=model).read(os.path.join(FIXTURES, "keras_functional", "weights")).assert_consumed()
    np.testing.assert_allclose(model(REF["x"]).numpy(), REF["functional_output"], atol=1e-6)


def test_module_keys_match_tensorflow_including_escaped_names(tmp_path):
    path = tf.train.Checkpoint(module=Module(1.0), step=tf.Variable(0, dtype=tf.int64)).save(str(tmp_path / "c"))
    ours = tf.train.list_variables(path)
    assert ours == tf.train.list_variables(os.path.join(FIXTURES, "module"))
    assert ("module/named/a.Sb..c/.ATTRIBUTES/VARIABLE_VALUE", []) in ours


def test_reader_functions_on_tensorflow_files():
    prefix = os.path.join(FIXTURES, "keras_mlp", "ckpt-1")
    names = dict(tf.train.list_variables(prefix))
    assert names["optimizer/_trainable_variables/0/.ATTRIBUTES/VARIABLE_VALUE"] == [3, 4]
    assert names["save_counter/.ATTRIBUTES/VARIABLE_VALUE"] == []
    assert tf.train.load_variable(os.path.dirname(prefix), "save_counter/.ATTRIBUTES/VARIABLE_VALUE") == 1
    reader = tf.train.load_checkpoint(prefix)
    assert reader.get_variable_to_dtype_map()["optimizer/_iterations/.ATTRIBUTES/VARIABLE_VALUE"] == tf.int64
    graph = TrackableObjectGraph.FromString(reader.get_tensor("_CHECKPOINTABLE_OBJECT_GRAPH"))
    assert [c.local_name for c in graph.nodes[0].children] == ["model", "optimizer", "save_counter"]
    with pytest.raises(NotFoundError, match="nope"):
        tf.train.load_variable(prefix, "nope")


# --- what neuroflow writes ---------------------------------------------------------------------
def test_written_files_have_tensorflow_keys_layout_and_fields(tmp_path):
    model, optimizer = mlp(), keras.optimizers.Adam(0.01)
    model.compile(optimizer, "mse")
    model.fit(REF["x"], REF["mlp_output"], batch_size=2, epochs=1, verbose=0)
    path = tf.train.Checkpoint(model=model, optimizer=optimizer).save(str(tmp_path / "ckpt"))
    assert path == str(tmp_path / "ckpt-1")
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", "ckpt-1.data-00000-of-00001", "ckpt-1.index"]
    assert open(tmp_path / "checkpoint").read() == ('model_checkpoint_path: "ckpt-1"\n'
                                                    'all_model_checkpoint_paths: "ckpt-1"\n')
    tf_keys = {k for k, _ in tf.train.list_variables(os.path.join(FIXTURES, "keras_mlp", "ckpt-1"))}
    assert {k for k, _ in tf.train.list_variables(path)} == tf_keys
    with open(index_path(path), "rb") as f:
        entries = dict(_read_table(f.read(), "index"))
    assert list(entries) == sorted(entries) and entries[b""]  # sorted keys, header under ""
    entry = BundleEntryProto.FromString(entries[b"optimizer/_trainable_variables/0/.ATTRIBUTES/VARIABLE_VALUE"])
    assert (entry.dtype, [d.size for d in entry.shape.dim], entry.size) == (1, [3, 4], 48)
    with open(data_path(path), "rb") as f:
        f.seek(entry.offset)
        np.testing.assert_array_equal(np.frombuffer(f.read(48), "<f4").reshape(3, 4), model.weights[0].numpy())
    graph = TrackableObjectGraph.FromString(tf.train.load_checkpoint(path).get_tensor("_CHECKPOINTABLE_OBJECT_GRAPH"))
    kernel = [n for n in graph.nodes if n.attributes and n.attributes[0].full_name == model.weights[0].path]
    assert kernel[0].attributes[0].checkpoint_key == "optimizer/_trainable_variables/0/.ATTRIBUTES/VARIABLE_VALUE"
    assert graph.nodes[0].has_checkpoint_values.value


def test_round_trip_of_every_trackable_kind(tmp_path):
    source = Module(1.0)
    source.counts.assign([4, 5, 6])
    layer = keras.layers.Dense(2)
    layer.build((None, 3))
    lists = [tf.Variable(1.0), (tf.Variable([2.0]),), {"k": tf.Variable(3, dtype=tf.int64)}]
    path = tf.train.Checkpoint(module=source, layer=layer, lists=lists, v=tf.Variable(7.0)).write(
        str(tmp_path / "all"))
    target = Module(0.0)
    target_layer = keras.layers.Dense(2)
    target_layer.build((None, 3))
    target_lists = [tf.Variable(0.0), (tf.Variable([0.0]),), {"k": tf.Variable(0, dtype=tf.int64)}]
    v = tf.Variable(0.0)
    tf.train.Checkpoint(module=target, layer=target_layer, lists=target_lists, v=v).read(path).assert_consumed()
    np.testing.assert_array_equal(target.matrix.numpy(), np.ones((2, 3)))
    np.testing.assert_array_equal(target.counts.numpy(), [4, 5, 6])
    np.testing.assert_array_equal(target_layer.kernel.numpy(), layer.kernel.numpy())
    assert [x.numpy().tolist() for x in (target_lists[0], target_lists[1][0], target_lists[2]["k"], v)] == \
        [1.0, [2.0], 3, 7.0]


def test_checkpoint_root_and_later_attributes(tmp_path):
    module = Module(2.0)
    path = tf.train.Checkpoint(root=module, extra=tf.Variable(5.0)).write(str(tmp_path / "r"))
    assert "scalar/.ATTRIBUTES/VARIABLE_VALUE" in dict(tf.train.list_variables(path))
    checkpoint = tf.train.Checkpoint()
    status = checkpoint.read(path)
    checkpoint.extra = tf.Variable(0.0)  # assigned after the restore: deferred
    assert checkpoint.extra.numpy() == 5.0
    status.assert_nontrivial_match()
    with pytest.raises(ValueError, match="trackable"):
        tf.train.Checkpoint(x=3)


def test_deferred_tf_module_attribute(tmp_path):
    source = tf.Module()
    source.w = tf.Variable([1.0, 2.0])
    path = tf.train.Checkpoint(net=source).write(str(tmp_path / "m"))
    target = tf.Module()
    tf.train.Checkpoint(net=target).read(path)
    target.w = tf.Variable([0.0, 0.0])
    np.testing.assert_array_equal(target.w.numpy(), [1.0, 2.0])


def test_save_counter_continues_after_restore(tmp_path):
    checkpoint = tf.train.Checkpoint(v=tf.Variable(1.0))
    checkpoint.save(str(tmp_path / "c"))
    checkpoint.save(str(tmp_path / "c"))
    again = tf.train.Checkpoint(v=tf.Variable(0.0))
    again.restore(tf.train.latest_checkpoint(str(tmp_path)))
    assert again.save(str(tmp_path / "c")).endswith("c-3")


def test_mismatched_shape_names_the_variable(tmp_path):
    source = tf.Module()
    source.v = tf.Variable([1.0, 2.0])
    path = tf.train.Checkpoint(m=source).write(str(tmp_path / "x"))
    target = tf.Module()
    target.v = tf.Variable([1.0, 2.0, 3.0], name="wide")
    # TensorFlow's message: "Received incompatible tensor with shape (2,) when attempting to restore
    # variable with shape (3,) and name Variable:0."
    with pytest.raises(ValueError, match=r"incompatible tensor with shape \(2,\) .* shape \(3,\) and name wide:0"):
        tf.train.Checkpoint(m=target).read(path)


def test_assert_existing_objects_matched_reports_new_variables(tmp_path):
    path = tf.train.Checkpoint(a=tf.Variable(1.0)).write(str(tmp_path / "a"))
    status = tf.train.Checkpoint(a=tf.Variable(0.0), b=tf.Variable(0.0)).read(path)
    with pytest.raises(AssertionError, match="b/.ATTRIBUTES"):
        status.assert_existing_objects_matched()
    status.assert_nontrivial_match()
    with pytest.raises(AssertionError):
        tf.train.Checkpoint().restore(None).assert_consumed()


# --- damaged files and crashes -----------------------------------------------------------------
def _saved(tmp_path):
    return tf.train.Checkpoint(m=Module(3.0)).save(str(tmp_path / "ckpt"))


@pytest.mark.parametrize("damage", ["truncate_index", "flip_index", "truncate_data", "flip_data", "empty_index"])
def test_damaged_files_raise_data_loss_naming_the_file(tmp_path, damage):
    path = _saved(tmp_path)
    target = index_path(path) if "index" in damage else data_path(path)
    data = bytearray(open(target, "rb").read())
    if damage.startswith("truncate"):
        data = data[:len(data) - 30]
    elif damage == "empty_index":
        data = b""
    else:
        data[len(data) // 3] ^= 0x40
    with open(target, "wb") as f:
        f.write(bytes(data))
    with pytest.raises(DataLossError, match=os.path.basename(target)):
        tf.train.Checkpoint(m=Module()).restore(path)


def test_missing_checkpoint_is_not_found(tmp_path):
    with pytest.raises(NotFoundError):
        tf.train.Checkpoint(m=Module()).read(str(tmp_path / "absent"))


def test_crash_during_save_keeps_previous_checkpoint(tmp_path, monkeypatch):
    module = Module(1.0)
    manager = tf.train.CheckpointManager(tf.train.Checkpoint(m=module), str(tmp_path), max_to_keep=1)
    first = manager.save()
    module.scalar.assign(9.0)
    from neuroflow.train import tensor_bundle

    def crash(*args, **kwargs):
        raise KeyboardInterrupt("killed while writing")
    monkeypatch.setattr(tensor_bundle, "_table", crash)  # dies after the data file, before the index
    with pytest.raises(KeyboardInterrupt):
        manager.save()
    monkeypatch.undo()
    assert tf.train.latest_checkpoint(str(tmp_path)) == first
    assert not os.path.exists(index_path(str(tmp_path / "ckpt-2")))
    assert not [name for name in os.listdir(tmp_path) if name.endswith(".tmp")]
    restored = Module()
    tf.train.Checkpoint(m=restored).restore(str(tmp_path)).assert_consumed()
    assert restored.scalar.numpy() == 1.0


# --- CheckpointManager -------------------------------------------------------------------------
def test_manager_retention_and_state_file(tmp_path):
    step = tf.Variable(0)
    manager = tf.train.CheckpointManager(tf.train.Checkpoint(step=step), str(tmp_path), max_to_keep=2,
                                         checkpoint_name="model")
    for _ in range(4):
        step.assign_add(1)
        manager.save()
    assert [os.path.basename(p) for p in manager.checkpoints] == ["model-3", "model-4"]
    assert sorted(n for n in os.listdir(tmp_path) if n.endswith(".index")) == ["model-3.index", "model-4.index"]
    state = tf.train.get_checkpoint_state(str(tmp_path))
    assert os.path.basename(state.model_checkpoint_path) == "model-4"
    assert len(state.all_model_checkpoint_timestamps) == 2
    assert manager.save(checkpoint_number=10).endswith("model-10")
    reopened = tf.train.CheckpointManager(tf.train.Checkpoint(step=tf.Variable(0)), str(tmp_path), max_to_keep=2)
    assert [os.path.basename(p) for p in reopened.checkpoints] == ["model-4", "model-10"]
    assert reopened.restore_or_initialize().endswith("model-10")
    assert reopened.checkpoint.step.numpy() == 4


def test_manager_keeps_one_every_n_hours(tmp_path, monkeypatch):
    from neuroflow.train import checkpoint_management
    clock = [1000.0]
    monkeypatch.setattr(checkpoint_management.time, "time", lambda: clock[0])
    manager = tf.train.CheckpointManager(tf.train.Checkpoint(v=tf.Variable(1.0)), str(tmp_path), max_to_keep=1,
                                         keep_checkpoint_every_n_hours=1)
    for _ in range(4):
        clock[0] += 2000.0  # 33 minutes
        manager.save()
    kept = sorted(n[:-6] for n in os.listdir(tmp_path) if n.endswith(".index"))
    assert kept == ["ckpt-2", "ckpt-4"]  # ckpt-2 is over an hour after the start; ckpt-4 is the newest


def test_manager_restore_or_initialize_and_interval(tmp_path):
    calls = []
    step = tf.Variable(0, dtype=tf.int64)
    manager = tf.train.CheckpointManager(tf.train.Checkpoint(step=step), str(tmp_path), max_to_keep=None,
                                         step_counter=step, checkpoint_interval=5, init_fn=lambda: calls.append(1))
    assert manager.restore_or_initialize() is None and calls == [1]
    assert manager.save() is not None
    step.assign(3)
    assert manager.save() is None
    step.assign(5)
    assert manager.save() is not None
    with pytest.raises(ValueError, match="max_to_keep"):
        tf.train.CheckpointManager(tf.train.Checkpoint(), str(tmp_path), max_to_keep=0)


def test_string_tensors_round_trip(tmp_path):
    from neuroflow.train.tensor_bundle import write_bundle
    strings = np.array([[b"a", b""], [b"\xff" * 300, b"xyz"]], dtype=object)
    write_bundle(str(tmp_path / "s"), {"s": strings, "f": np.arange(3, dtype=np.float16)})
    reader = BundleReader(str(tmp_path / "s"))
    assert reader.tensor("s").tolist() == strings.tolist()
    np.testing.assert_array_equal(reader.tensor("f"), np.arange(3, dtype=np.float16))
    assert struct.unpack("<Q", open(index_path(str(tmp_path / "s")), "rb").read()[-8:])[0] == 0xDB4775248B80FB57


@pytest.mark.parametrize("shape, offset, size, checksum", [((784, 128), 0, 401408, 0x075BCD15), ((), 8, 8, 0),
                                                           ((0,), 0, 0, 1), ((2, 1, 3), 16, 24, 0xFFFFFFFF)])
def test_entries_are_bundle_entry_protos(shape, offset, size, checksum):
    from neuroflow.train.tensor_bundle import _entry
    entry = BundleEntryProto(dtype=1, offset=offset, size=size, crc32c=checksum)
    entry.shape.SetInParent()
    entry.shape.dim.extend(entry.shape.Dim(size=d) for d in shape)
    assert _entry(1, shape, offset, size, checksum) == entry.SerializeToString()


def test_big_endian_arrays_are_stored_little_endian(tmp_path):
    from neuroflow.train.tensor_bundle import write_bundle
    write_bundle(str(tmp_path / "e"), {"w": np.arange(6, dtype=">f4").reshape(2, 3)})
    with open(data_path(str(tmp_path / "e")), "rb") as f:
        assert f.read() == np.arange(6, dtype="<f4").tobytes()
    np.testing.assert_array_equal(BundleReader(str(tmp_path / "e")).tensor("w"), np.arange(6).reshape(2, 3))


@pytest.mark.parametrize("iov_max", [1024, 2, 0])  # writev of many buffers, of few, and plain writes
def test_data_pieces_are_written_whole_when_a_write_stops_early(tmp_path, monkeypatch, iov_max):
    from neuroflow.train import tensor_bundle
    calls = []

    def short(write):  # at most 5 bytes per call, as a write to a nearly full disk may do
        def limited(fd, data):
            calls.append(data if iov_max else [data])
            if not iov_max:
                return write(fd, bytes(data)[:5])
            assert len(data) <= iov_max
            return write(fd, b"".join(bytes(b) for b in data)[:5])
        return limited

    monkeypatch.setattr(tensor_bundle, "_IOV_MAX", iov_max)
    monkeypatch.setattr(tensor_bundle.os, "writev" if iov_max else "write", short(os.write))
    tensors = {"a": np.arange(3, dtype=np.float32), "b": np.zeros(0, np.int32), "c": np.arange(4, dtype=np.int64)}
    tensor_bundle.write_bundle(str(tmp_path / "w"), tensors)
    with open(data_path(str(tmp_path / "w")), "rb") as f:
        assert f.read() == b"".join(tensors[k].tobytes() for k in "abc")
    assert len(calls) == (9 if iov_max else 3 + 7)  # 44 bytes 5 at a time; or 12 bytes, then 32
    reader = BundleReader(str(tmp_path / "w"))
    for key, value in tensors.items():
        np.testing.assert_array_equal(reader.tensor(key), value)


@pytest.mark.parametrize("enable_async", [False, True])
def test_saves_make_a_missing_folder(tmp_path, enable_async):
    checkpoint = tf.train.Checkpoint(v=tf.Variable(2.0))
    options = tf.train.CheckpointOptions(enable_async=enable_async)
    path = checkpoint.save(str(tmp_path / "new" / "deeper" / "ckpt"), options=options)
    checkpoint.write(str(tmp_path / "other" / "w"), options=options)
    checkpoint.sync()
    assert tf.train.latest_checkpoint(str(tmp_path / "new" / "deeper")) == path
    assert tf.train.list_variables(str(tmp_path / "other" / "w"))


def test_manager_deletes_every_shard_and_nothing_else(tmp_path):
    manager = tf.train.CheckpointManager(tf.train.Checkpoint(v=tf.Variable(1.0)), str(tmp_path), max_to_keep=1)
    first = manager.save()
    extra = [first + ".data-00001-of-00002", first + "0.index", first + ".index.bak", first + ".data-1-of-2"]
    for path in extra:  # a second shard as TensorFlow names it, then files that only look alike
        open(path, "w").close()
    manager.save()
    names = sorted(os.listdir(tmp_path))
    spares = [name for name in names if name.startswith(".neuroflow-spare.")]
    assert len(spares) == 4  # one retired file of each kind (the two data shards, the index, the replaced
    # `checkpoint` file), kept for the next save to write over
    assert sorted(set(names) - set(spares)) == sorted(["checkpoint", "ckpt-2.index", "ckpt-2.data-00000-of-00001"]
                                                      + [os.path.basename(p) for p in extra[1:]])


def test_a_deleted_checkpoints_files_are_written_over_by_the_next_save(tmp_path):
    """The manager retires the oldest checkpoint's `.data` and `.index` files instead of deleting them, and
    keeps the `checkpoint` file a save replaces: the next save overwrites their disk blocks (cut to the new
    length), and the hidden spares are gone at exit."""
    script = f"""
import os, numpy as np, neuroflow as tf
folder = {str(tmp_path)!r}
v = tf.Variable(np.arange(1000, dtype=np.float32))
manager = tf.train.CheckpointManager(tf.train.Checkpoint(v=v), folder, max_to_keep=1)
def inodes(prefix):
    return [os.stat(path).st_ino for path in (prefix + ".data-00000-of-00001", prefix + ".index",
                                               os.path.join(folder, "checkpoint"))]
first = inodes(manager.save())
manager.save()  # ckpt-1 retired, the first `checkpoint` file kept
spares = [os.stat(os.path.join(folder, n)).st_ino for n in os.listdir(folder) if n.startswith(".neuroflow-spare.")]
assert sorted(spares) == sorted(first), (spares, first)
manager.checkpoint.v = v = tf.Variable(np.arange(10, dtype=np.float32))  # a much smaller checkpoint
assert inodes(manager.save()) == first  # written over the spares, each by its kind
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=SRC))
    assert done.returncode == 0, done.stderr
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", "ckpt-3.data-00000-of-00001", "ckpt-3.index"]
    reader = BundleReader(str(tmp_path / "ckpt-3"))
    entries = [reader._entry(key) for key in reader.keys()]
    assert os.path.getsize(tmp_path / "ckpt-3.data-00000-of-00001") == max(e.offset + e.size for e in entries)
    np.testing.assert_array_equal(tf.train.load_variable(str(tmp_path), "v/.ATTRIBUTES/VARIABLE_VALUE"),
                                  np.arange(10, dtype=np.float32))
