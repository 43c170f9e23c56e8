"""tf.summary: what is written is what TensorBoard's own loaders read back."""
import importlib
import os
import re
import socket
import sys
import wave
import io

import numpy as np
import pytest

from tb_reading import accumulator, decode_png, event_files, events, plugin, values

import neuroflow as tf
from neuroflow.framework import errors
from neuroflow.summary import tensorboard_protos


@pytest.fixture
def logdir(tmp_path):
    return str(tmp_path / "run")


def test_event_file_name_and_header(logdir):
    writer = tf.summary.create_file_writer(logdir)
    writer.close()
    (path,) = event_files(logdir)
    name = os.path.basename(path)
    assert re.fullmatch(rf"events\.out\.tfevents\.\d{{10}}\.{re.escape(socket.gethostname())}\.{os.getpid()}"
                        r"\.\d+\.v2", name), name
    first = events(path)[0]
    from tensorboard.compat.proto import event_pb2
    assert event_pb2.Event.FromString(first).file_version == "brain.Event:2"


def test_scalar_tags_steps_values_and_plugin(logdir):
    writer = tf.summary.create_file_writer(logdir, max_queue=2, flush_millis=50, filename_suffix=".mine")
    with writer.as_default():
        for step in range(5):
            assert tf.summary.scalar("loss", 1.0 / (step + 1), step=step) is True
        with tf.name_scope("outer"):
            tf.summary.scalar("acc", tf.constant(0.5), step=7, description="fraction right")
        tf.summary.scalar("from_variable", tf.Variable(2.5), step=tf.constant(3, tf.int64))
    writer.close()
    assert event_files(logdir)[0].endswith(".mine")
    loss = values(logdir, "loss")
    assert [s for s, _ in loss] == [0, 1, 2, 3, 4]
    np.testing.assert_allclose([v for _, v in loss], [1.0, 0.5, 1 / 3, 0.25, 0.2], rtol=1e-6)
    assert all(v.dtype == np.float32 and v.shape == () for _, v in loss)
    assert values(logdir, "outer/acc") == [(7, np.float32(0.5))]
    assert values(logdir, "from_variable") == [(3, np.float32(2.5))]
    assert plugin(logdir, "loss") == "scalars"
    assert accumulator(logdir).SummaryMetadata("outer/acc").summary_description == "fraction right"


def test_default_step_and_as_default_step_restore(logdir):
    writer = tf.summary.create_file_writer(logdir)
    tf.summary.experimental.set_step(4)
    try:
        with writer.as_default(step=10):
            tf.summary.scalar("a", 1.0)
            assert tf.summary.experimental.get_step() == 10
        assert tf.summary.experimental.get_step() == 4
        with writer.as_default():
            tf.summary.scalar("b", 1.0)
    finally:
        tf.summary.experimental.set_step(None)
    writer.close()
    assert [s for s, _ in values(logdir, "a")] == [10]
    assert [s for s, _ in values(logdir, "b")] == [4]


def test_histogram_matches_tensorboards_own_bucketing(logdir):
    from tensorboard.plugins.histogram import summary_v2
    from tensorboard.util import tensor_util
    data = np.random.default_rng(0).normal(size=(40, 25)).astype(np.float32)
    writer = tf.summary.create_file_writer(logdir)
    with writer.as_default(step=2):
        tf.summary.histogram("w", tf.constant(data))
        tf.summary.histogram("w7", data, buckets=7)
        tf.summary.histogram("same", np.full(9, 3.0))
        tf.summary.histogram("empty", np.zeros((0,)))
    writer.close()
    for tag, buckets, array in (("w", None, data), ("w7", 7, data), ("same", None, np.full(9, 3.0)),
                                ("empty", None, np.zeros((0,)))):
        (step, written), = values(logdir, tag)
        reference = tensor_util.make_ndarray(summary_v2.histogram_pb(tag, array, buckets).value[0].tensor)
        assert step == 2 and written.dtype == np.float64
        np.testing.assert_allclose(written, reference, rtol=1e-12, atol=1e-12, err_msg=tag)
    assert values(logdir, "w")[0][1][:, 2].sum() == data.size
    assert plugin(logdir, "w") == "histograms"


def test_images_float_and_uint8_dimensions_pixels_and_max_outputs(logdir):
    rng = np.random.default_rng(1)
    floats = rng.random((5, 6, 7, 3)).astype(np.float32)
    gray = rng.integers(0, 256, (2, 4, 3, 1)).astype(np.uint8)
    writer = tf.summary.create_file_writer(logdir)
    with writer.as_default(step=0):
        tf.summary.image("rgb", tf.constant(floats))  # max_outputs=3
        tf.summary.image("gray", gray, max_outputs=10)
        tf.summary.image("rgba16", (rng.random((1, 2, 2, 4)) * 65535).astype(np.uint16))
    writer.close()
    (_, rgb), = values(logdir, "rgb")
    assert rgb[0] == b"7" and rgb[1] == b"6" and len(rgb) == 2 + 3
    height, width, channels, pixels = decode_png(rgb[2])
    assert (height, width, channels) == (6, 7, 3)
    np.testing.assert_array_equal(pixels, (floats[0] * 255.5).astype(np.uint8))
    (_, written), = values(logdir, "gray")
    assert len(written) == 2 + 2
    np.testing.assert_array_equal(decode_png(written[3])[3], gray[1])
    assert decode_png(values(logdir, "rgba16")[0][1][2])[2] == 4
    assert plugin(logdir, "rgb") == "images"


def test_audio_and_text(logdir):
    clip = np.sin(np.linspace(0, 20, 800, dtype=np.float32))[None, :, None]
    writer = tf.summary.create_file_writer(logdir)
    with writer.as_default(step=1):
        tf.summary.audio("tone", np.concatenate([clip, -clip]), sample_rate=8000, max_outputs=1)
        tf.summary.text("note", "**bold** text")
        tf.summary.text("table", [["a", "b"], ["c", "d"]])
    writer.close()
    (_, audio), = values(logdir, "tone")
    assert audio.shape == (1, 2) and audio[0, 1] == b""
    with wave.open(io.BytesIO(audio[0, 0])) as f:
        assert (f.getframerate(), f.getnchannels(), f.getnframes()) == (8000, 1, 800)
    assert plugin(logdir, "tone") == "audio"
    assert values(logdir, "note")[0][1] == b"**bold** text"
    assert values(logdir, "table")[0][1].tolist() == [[b"a", b"b"], [b"c", b"d"]]
    assert plugin(logdir, "note") == "text"


def test_writing_inside_tf_function_happens_at_each_call(logdir):
    writer = tf.summary.create_file_writer(logdir)
    step = tf.Variable(0, dtype=tf.int64)

    @tf.function
    def train_step(x):
        step.assign_add(1)
        tf.summary.scalar("x_squared", x * x, step=step)
        tf.summary.histogram("spread", x * tf.ones([10]), step=step)
        return x

    with writer.as_default():
        for value in (1.0, 2.0, 3.0):
            train_step(tf.constant(value))
    writer.close()
    assert train_step.experimental_get_tracing_count() == 1
    assert [(s, float(v)) for s, v in values(logdir, "x_squared")] == [(1, 1.0), (2, 4.0), (3, 9.0)]
    assert [float(v[-1, 1]) for _, v in values(logdir, "spread")] == [1.0, 2.0, 3.0]


def test_record_if_is_evaluated_when_the_function_runs(logdir):
    writer = tf.summary.create_file_writer(logdir)
    step = tf.Variable(0, dtype=tf.int64)

    @tf.function
    def f():
        step.assign_add(1)
        tf.summary.scalar("every_other", tf.cast(step, tf.float32))

    with writer.as_default(step=step), tf.summary.record_if(lambda: int(step.numpy()) % 2 == 0):
        for _ in range(6):
            f()
        assert tf.summary.should_record_summaries() is True
    with writer.as_default(step=0), tf.summary.record_if(False):
        assert tf.summary.scalar("never", 1.0) is False
        assert tf.summary.should_record_summaries() is False
    writer.close()
    assert [s for s, _ in values(logdir, "every_other")] == [2, 4, 6]
    assert "never" not in accumulator(logdir).Tags()["tensors"]


def test_without_writer_or_with_noop_writer_nothing_is_written():
    assert tf.summary.scalar("x", 1.0, step=0) is False
    assert tf.summary.should_record_summaries() is False
    with tf.summary.create_noop_writer().as_default(step=0):
        assert tf.summary.scalar("x", 1.0) is False
        assert tf.summary.image("i", np.zeros((1, 2, 2, 1))) is False
        assert tf.summary.should_record_summaries() is False


def test_write_with_lazy_tensor_and_metadata(logdir):
    from tensorboard.plugins.scalar import metadata
    calls = []
    writer = tf.summary.create_file_writer(logdir)
    with writer.as_default(step=5):
        meta = metadata.create_summary_metadata(display_name=None, description=None)
        assert tf.summary.write("raw", lambda: calls.append(1) or tf.constant(3.0), metadata=meta)
        with tf.summary.record_if(False):
            assert not tf.summary.write("skipped", lambda: calls.append(2) or 1.0)
    writer.close()
    assert calls == [1]
    assert values(logdir, "raw") == [(5, np.float32(3.0))]


def test_graph_summary_keeps_op_names_attrs_and_name_scopes(logdir):
    from neuroflow import keras
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="relu"), keras.layers.Dense(2)],
                             name="mlp")
    graph = tf.function(lambda x: model(x)).get_concrete_function(tf.TensorSpec([None, 3])).graph
    writer = tf.summary.create_file_writer(logdir)
    with writer.as_default():
        assert tf.summary.graph(graph) is True
    writer.close()
    graph_def = accumulator(logdir).Graph()
    nodes = {n.name: n for n in graph_def.node}
    dense = model.layers[0].name
    matmul = nodes[f"mlp/{dense}/MatMul"]
    assert matmul.op == "MatMul" and matmul.attr["T"].type == tf.float32.as_datatype_enum
    assert matmul.attr["transpose_a"].b is False
    assert [d.size for d in matmul.attr["_output_shapes"].list.shape[0].dim] == [-1, 4]
    kernel = model.layers[0].kernel.path
    assert nodes[kernel].op == "VarHandleOp"
    assert [d.size for d in nodes[kernel].attr["shape"].shape.dim] == [3, 4]
    read = nodes[matmul.input[1]]
    assert read.op == "ReadVariableOp" and list(read.input) == [kernel]
    assert nodes[matmul.input[0]].op == "Placeholder"
    assert nodes[f"mlp/{dense}/Relu"].input[0].startswith(f"mlp/{dense}/")
    assert {name.split("/")[0] for name in nodes} <= {"x", "mlp"}


def test_graph_is_refused_inside_a_function_and_for_other_values(logdir):
    writer = tf.summary.create_file_writer(logdir)
    with writer.as_default():
        with pytest.raises(ValueError, match="graph_data"):
            tf.summary.graph("not a graph")

        @tf.function
        def f(x):
            tf.summary.graph(tf.Graph())
            return x
        with pytest.raises(ValueError, match="inside a graph"):
            f(tf.constant(1.0))
    writer.close()


def test_trace_on_and_trace_export_write_the_functions_that_ran(logdir):
    from tensorboard.compat.proto import config_pb2

    @tf.function
    def square_plus_one(x):
        with tf.name_scope("square"):
            y = x * x
        return y + 1.0

    square_plus_one(tf.constant(1.0))  # traced before trace_on: its runs still count
    tf.summary.trace_on(graph=True, profiler=False)
    square_plus_one(tf.constant(2.0))
    writer = tf.summary.create_file_writer(logdir)
    with writer.as_default():
        assert tf.summary.trace_export("my_trace", step=3) is True
    writer.close()
    with pytest.raises(ValueError, match="trace_on"):
        tf.summary.trace_export("again", step=0)
    (step, serialized), = values(logdir, "my_trace")
    assert step == 3 and plugin(logdir, "my_trace") == "graph_run_metadata_graph"
    run_metadata = config_pb2.RunMetadata.FromString(serialized.item())
    (function_graph,) = run_metadata.function_graphs
    ops = {n.name: n.op for n in function_graph.pre_optimization_graph.node}
    assert ops["square/mul"] == "Mul" and "AddV2" in ops.values()


# --- bad input -----------------------------------------------------------------------------------
def test_log_dir_that_cannot_be_created(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(errors.FailedPreconditionError, match="logdir"):
        tf.summary.create_file_writer(str(blocker / "logs"))
    with pytest.raises(ValueError, match="non-empty"):
        tf.summary.create_file_writer("")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write anywhere")
def test_log_dir_without_permission(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    with pytest.raises(errors.PermissionDeniedError):
        tf.summary.create_file_writer(str(locked / "logs"))


def test_non_scalar_to_scalar_and_bad_images(logdir):
    writer = tf.summary.create_file_writer(logdir)
    with writer.as_default(step=0):
        with pytest.raises(ValueError, match=r"Expected scalar shape, saw shape: \(2,\)"):
            tf.summary.scalar("loss", tf.constant([1.0, 2.0]))
        with pytest.raises(ValueError, match="must have rank 4.*rank 2"):
            tf.summary.image("img", np.zeros((4, 4), np.float32))
        with pytest.raises(TypeError, match="float or integer pixels"):
            tf.summary.image("img", np.zeros((1, 2, 2, 1), np.bool_))
        with pytest.raises(errors.InvalidArgumentError, match="1, 2, 3, or 4 channels, got 5"):
            tf.summary.image("img", np.zeros((1, 2, 2, 5), np.float32))
        with pytest.raises(TypeError, match="needs strings"):
            tf.summary.text("t", 3.0)
        with pytest.raises(ValueError, match="rank 3"):
            tf.summary.audio("a", np.zeros((10,)), 8000)
    with writer.as_default():
        with pytest.raises(ValueError, match="No step set"):
            tf.summary.scalar("loss", 1.0)
    writer.close()


def test_writing_after_close_is_an_error(logdir):
    writer = tf.summary.create_file_writer(logdir)
    with writer.as_default(step=0):
        tf.summary.scalar("before", 1.0)
        writer.close()
        with pytest.raises(RuntimeError, match="already closed"):
            tf.summary.scalar("after", 1.0)
    with pytest.raises(RuntimeError, match="already closed"):
        writer.as_default()
    writer.flush()  # flushing a closed writer is a no-op, as in TensorFlow
    assert [s for s, _ in values(logdir, "before")] == [0]


def test_a_truncated_tail_leaves_every_complete_record_readable(logdir):
    writer = tf.summary.create_file_writer(logdir)
    with writer.as_default():
        for step in range(4):
            tf.summary.scalar("loss", float(step), step=step)
    writer.close()
    (path,) = event_files(logdir)
    complete = len(events(path))
    with open(path, "rb") as f:
        data = f.read()
    with open(path, "wb") as f:  # a crash mid-record: the last record is cut short
        f.write(data[:-7])
    assert len(events(path)) == complete - 1
    assert [s for s, _ in values(logdir, "loss")] == [0, 1, 2]


def test_missing_tensorboard_names_the_extra(monkeypatch, logdir):
    monkeypatch.setitem(sys.modules, "tensorboard.compat.proto.event_pb2", None)
    tensorboard_protos.tensorboard.cache_clear()
    try:
        with pytest.raises(ImportError, match=r"pip install neuroflow\[tensorboard\]"):
            tf.summary.create_file_writer(logdir)
    finally:
        monkeypatch.undo()
        tensorboard_protos.tensorboard.cache_clear()
    importlib.import_module("tensorboard.compat.proto.event_pb2")


def test_record_checksums_match_tensorboards_own():
    from tensorboard.compat.tensorflow_stub import pywrap_tensorflow
    from tensorboard.summary.writer import record_writer
    tensorboard_protos.tensorboard()  # installs neuroflow's CRC32C in TensorBoard's record writer
    assert record_writer.masked_crc32c is not pywrap_tensorflow.masked_crc32c
    rng = np.random.default_rng(0)
    for size in (0, 1, 7, 100, 4097):
        data = rng.integers(0, 256, size, dtype=np.uint8).tobytes()
        assert record_writer.masked_crc32c(data) == pywrap_tensorflow.masked_crc32c(data)


def test_records_wait_for_max_queue_or_flush(logdir):
    writer = tf.summary.create_file_writer(logdir, max_queue=3)
    with writer.as_default(step=0):
        tf.summary.scalar("a", 1.0)
        tf.summary.scalar("b", 1.0)
        assert len(writer._pending) == 2
        tf.summary.scalar("c", 1.0)  # the third record hands all three to the writer thread
        assert not writer._pending
        tf.summary.scalar("d", 1.0)
    # leaving as_default() flushed the writer: everything is on disk before close()
    assert {"a", "b", "c", "d"} <= set(accumulator(logdir).Tags()["tensors"])
    from neuroflow.summary.writer import default_writer
    with default_writer(writer, step=1):
        tf.summary.scalar("e", 1.0)
        assert len(writer._pending) == 1
    assert not writer._pending  # handed to the writer thread, without waiting for the disk
    writer.close()
    assert values(logdir, "e") == [(1, np.float32(1.0))]


def test_a_crashed_writer_leaves_the_flushed_records_readable(logdir):
    script = f"""
import os
import neuroflow as tf
writer = tf.summary.create_file_writer({logdir!r})
with writer.as_default():
    for step in range(5):
        tf.summary.scalar("loss", float(step), step=step)
    writer.flush()
    for step in range(5, 8):
        tf.summary.scalar("loss", float(step), step=step)
    os._exit(3)  # a crash: no flush, no close(), no exit handlers
"""
    import subprocess
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 3, result.stderr
    assert [s for s, _ in values(logdir, "loss")] == [0, 1, 2, 3, 4]  # the unflushed 5-7 are lost
