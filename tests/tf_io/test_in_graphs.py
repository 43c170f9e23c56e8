"""tf.io ops inside traced functions (what Dataset.map runs): compiled graphs read, parse and
decode when the graph runs, also where the output's shape depends on the data."""
import zlib

import numpy as np
import pytest

import neuroflow as tf
from neuroflow.io.tfrecord import iterate_records

from .conftest import FIXTURES

RECORDS = list(iterate_records(FIXTURES / "tf_examples.tfrecord"))
SPEC = {"id": tf.io.FixedLenFeature([2], tf.int64), "score": tf.io.FixedLenFeature([], tf.float32),
        "name": tf.io.FixedLenFeature([], tf.string),
        "weight": tf.io.FixedLenFeature([], tf.float32, default_value=0.25)}


def test_parse_and_compute_in_a_compiled_function():
    @tf.function(input_signature=[tf.TensorSpec([], tf.string)])
    def parse(record):
        parsed = tf.io.parse_single_example(record, SPEC)
        return parsed["score"] * 2.0 + parsed["weight"], parsed["id"] + 1, parsed["name"]

    for i, record in enumerate(RECORDS):
        value, ids, name = parse(tf.constant(record))
        assert float(value) == i + 0.25 and ids.numpy().tolist() == [i + 1, -1000 * i + 1]
        assert name.numpy() == f"ex{i}".encode()
    concrete = parse.get_concrete_function()
    assert "ParseExample" in [node.type for node in concrete.graph.get_operations()]

    @tf.function
    def batch(records):
        return tf.io.parse_example(records, SPEC)["id"]
    assert batch(tf.constant(RECORDS)).numpy()[:, 1].tolist() == [0, -1000, -2000]


def test_read_csv_raw_and_compressed_files_in_a_function(tmp_path):
    (tmp_path / "a.bin").write_bytes(zlib.compress(np.arange(4, dtype=np.float32).tobytes()))

    @tf.function
    def load(path, line):
        data = tf.io.decode_compressed(tf.io.read_file(path), "ZLIB")
        values = tf.io.decode_raw(data, tf.float32, fixed_length=16)
        a, b = tf.io.decode_csv(line, [[0], [0.5]])
        return values * 2.0, a + 1, b

    values, a, b = load(tf.constant(str(tmp_path / "a.bin")), tf.constant(["1,", "2,4.5"]))
    assert values.numpy().tolist() == [0.0, 2.0, 4.0, 6.0]
    assert a.numpy().tolist() == [2, 3] and b.numpy().tolist() == [0.5, 4.5]
    with pytest.raises(tf.errors.NotFoundError, match="missing.bin"):
        load(tf.constant(str(tmp_path / "missing.bin")), tf.constant(["1,2"]))


def test_encode_png_in_a_function_round_trips():
    @tf.function
    def encode(image):
        return tf.io.encode_png(image)
    image = np.arange(2 * 3 * 3, dtype=np.uint8).reshape(2, 3, 3)
    assert np.array_equal(tf.io.decode_png(encode(tf.constant(image))).numpy(), image)


def test_varlen_features_refuse_while_tracing():
    traced = tf.function(lambda s: tf.io.parse_single_example(s, {"tags": tf.io.VarLenFeature(tf.int64)}))
    with pytest.raises(tf.errors.UnimplementedError, match="inside a traced function.*VarLenFeature"):
        traced(tf.constant(RECORDS[0]))


def test_decoders_with_data_dependent_shapes_run_in_a_compiled_function():
    @tf.function(input_signature=[tf.TensorSpec([], tf.string)])
    def decode(png):
        image = tf.io.decode_png(png)
        gray = tf.io.decode_image(png, channels=1, expand_animations=False)
        raw = tf.io.decode_raw(png, tf.uint8)
        return tf.cast(image, tf.float32) / 2.0 + 1.0, gray, tf.shape(raw)[0] * 2

    outputs = decode.get_concrete_function().structured_outputs
    assert [t.shape.as_list() for t in outputs] == [[None, None, None], [None, None, 1], []]
    for height, width, channels in ((2, 3, 3), (5, 1, 4), (1, 7, 1)):
        image = np.arange(height * width * channels, dtype=np.uint8).reshape(height, width, channels)
        png = tf.io.encode_png(image)
        scaled, gray, raw_twice = decode(png)
        np.testing.assert_array_equal(scaled.numpy(), image / 2.0 + 1.0)
        np.testing.assert_array_equal(gray.numpy(), tf.io.decode_png(png, channels=1).numpy())
        assert raw_twice.numpy() == 2 * len(png.numpy())
    assert decode.experimental_get_tracing_count() == 1
