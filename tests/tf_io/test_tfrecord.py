"""TFRecord framing, CRC32C, tf.train.Example and parse_example, against TensorFlow's own files."""
import os
import struct
import zlib

import numpy as np
import pytest

import neuroflow as tf
from neuroflow.io import crc32c
from neuroflow.io.tfrecord import iterate_records

from .conftest import FIXTURES, fixture_script

_SCRIPT = fixture_script("make_tfrecord_fixtures")  # what it wrote with TensorFlow 2.21
RECORDS = _SCRIPT.RECORDS
COMPRESSIONS = [("", ""), (".gz", "GZIP"), (".zz", "ZLIB")]


def _example(i):
    return _SCRIPT.example(tf, i)


@pytest.mark.parametrize("implementation", ["default", "python"])
def test_crc32c_test_vectors(implementation):
    value = crc32c.value if implementation == "default" else crc32c._python_value
    # RFC 3720 (iSCSI) B.4 vectors and the standard "123456789" check value.
    assert value(b"123456789") == 0xE3069283
    assert value(bytes(32)) == 0x8A9136AA
    assert value(b"\xff" * 32) == 0x62A8AB43
    assert value(bytes(range(32))) == 0x46DD794E
    assert value(bytes(range(31, -1, -1))) == 0x113FDB5C
    assert crc32c.unmask(crc32c.mask(0x12345678)) == 0x12345678
    # TensorFlow's masked CRC of an 8-byte length 0, as every TFRecord of an empty record stores it.
    assert crc32c.masked_value(struct.pack("<Q", 0)) == struct.unpack(
        "<I", (FIXTURES / "tf_records.tfrecord").read_bytes()[8:12])[0]



def test_crc32c_takes_any_bytes_like_object(tmp_path):
    """Memoryviews of arrays, mmaps and bytearrays (which the C code takes as NumPy byte arrays, without
    a copy) give the checksum of their bytes."""
    import mmap
    array = np.random.default_rng(0).standard_normal((300, 7)).astype(np.float32)
    expected = crc32c._python_value(array.tobytes())
    with mmap.mmap(-1, array.nbytes) as memory:
        memory[:] = array.tobytes()
        with memoryview(memory) as view:
            assert crc32c.value(view) == expected
            assert crc32c.extend(crc32c.value(view[:1000]), view[1000:]) == expected
    assert crc32c.value(memoryview(array)) == expected  # a 2-D float view: its bytes
    assert crc32c.value(bytearray(array.tobytes())) == expected
@pytest.mark.parametrize("suffix,compression", COMPRESSIONS)
def test_reads_tensorflow_files(suffix, compression):
    assert list(iterate_records(FIXTURES / f"tf_records.tfrecord{suffix}", compression)) == RECORDS


@pytest.mark.parametrize("suffix,compression", COMPRESSIONS)
def test_writes_tensorflow_bytes(tmp_path, suffix, compression):
    path = tmp_path / "out.tfrecord"
    with tf.io.TFRecordWriter(str(path), options=tf.io.TFRecordOptions(compression_type=compression)) as w:
        for record in RECORDS:
            w.write(record)
    raw = path.read_bytes()
    if compression:
        raw = zlib.decompress(raw, 31 if compression == "GZIP" else 15)
    assert raw == (FIXTURES / "tf_records.tfrecord").read_bytes()  # the uncompressed stream, byte for byte
    assert list(iterate_records(str(path), compression_type=compression)) == RECORDS


def test_write_files_for_tensorflow(tmp_path):
    """Leaves files that `make_tfrecord_fixtures.py check DIR` reads with TensorFlow."""
    directory = os.environ.get("NEUROFLOW_TFRECORD_CHECK_DIR", str(tmp_path))
    for suffix, compression in COMPRESSIONS:
        with tf.io.TFRecordWriter(os.path.join(directory, f"nf_records.tfrecord{suffix}"), compression) as w:
            for record in RECORDS:
                w.write(record)
    with tf.io.TFRecordWriter(os.path.join(directory, "nf_examples.tfrecord")) as w:
        for i in range(3):
            w.write(_example(i).SerializeToString())
    assert [tf.train.Example.FromString(r) for r in iterate_records(os.path.join(directory, "nf_examples.tfrecord"))] \
        == [tf.train.Example.FromString(r) for r in iterate_records(FIXTURES / "tf_examples.tfrecord")]


def test_writer_is_atomic_and_checks_state(tmp_path):
    path = tmp_path / "a.tfrecord"
    writer = tf.io.TFRecordWriter(str(path))
    writer.write("text is UTF-8")
    writer.flush()
    assert not path.exists()  # appears only when complete
    writer.close()
    writer.close()
    assert list(iterate_records(path)) == [b"text is UTF-8"]
    with pytest.raises(tf.errors.FailedPreconditionError, match="closed"):
        writer.write(b"late")
    with pytest.raises(RuntimeError, match="boom"):
        with tf.io.TFRecordWriter(str(path)) as w:
            w.write(b"new")
            raise RuntimeError("boom")
    assert list(iterate_records(path)) == [b"text is UTF-8"]  # the old file survives
    assert os.listdir(tmp_path) == ["a.tfrecord"]
    with pytest.raises(ValueError, match="compression_type must be"):
        tf.io.TFRecordWriter(str(path), "BZIP2")


@pytest.mark.parametrize("damage,kind,offset", [
    # records b"", b"first", b"second" start at offsets 0, 16 and 37
    (lambda raw: raw[:12] + raw[13:], "corrupted", 0),              # a byte lost: data CRC breaks
    (lambda raw: raw[:17] + b"\x09" + raw[18:], "corrupted", 16),   # the length's CRC breaks
    (lambda raw: raw[:-1] + bytes([raw[-1] ^ 1]), "corrupted", 37),  # last record's data CRC
    (lambda raw: raw[:40], "truncated", 37),                        # file ends inside a header
    (lambda raw: raw[:-3], "truncated", 37),                        # ... inside the data CRC
])
def test_corrupt_records_raise_data_loss_naming_file_and_offset(tmp_path, damage, kind, offset):
    path = tmp_path / "bad.tfrecord"
    with tf.io.TFRecordWriter(str(path)) as w:
        for record in (b"", b"first", b"second"):
            w.write(record)
    path.write_bytes(damage(path.read_bytes()))
    with pytest.raises(tf.errors.DataLossError, match=f"{kind} record at {offset} in .*bad.tfrecord"):
        list(iterate_records(path))


def test_compressed_file_read_without_compression_type_hints_at_it():
    with pytest.raises(tf.errors.DataLossError, match="compression_type='GZIP'"):
        list(iterate_records(FIXTURES / "tf_records.tfrecord.gz"))
    with pytest.raises(tf.errors.DataLossError, match="GZIP-compressed stream is corrupted"):
        list(iterate_records(FIXTURES / "tf_records.tfrecord", "GZIP"))


def test_example_protos_match_tensorflow_bytes():
    tf_bytes = list(iterate_records(FIXTURES / "tf_examples.tfrecord"))
    # Map entries may be serialized in any order, so compare messages, not bytes.
    assert [tf.train.Example.FromString(data) for data in tf_bytes] == [_example(i) for i in range(3)]
    assert tf.train.Example.FromString(_example(1).SerializeToString()) == _example(1)
    parsed = tf.train.Example.FromString(tf_bytes[2])
    assert list(parsed.features.feature["tags"].int64_list.value) == [0, 1]
    sequence = tf.train.SequenceExample(
        context=tf.train.Features(feature={"n": tf.train.Feature(int64_list=tf.train.Int64List(value=[2]))}),
        feature_lists=tf.train.FeatureLists(feature_list={"w": tf.train.FeatureList(feature=[
            tf.train.Feature(bytes_list=tf.train.BytesList(value=[b"x"]))])}))
    assert tf.train.SequenceExample.FromString(sequence.SerializeToString()) == sequence


SPEC = {"id": tf.io.FixedLenFeature([2], tf.int64), "score": tf.io.FixedLenFeature([], tf.float32),
        "name": tf.io.FixedLenFeature([], tf.string), "tags": tf.io.VarLenFeature(tf.int64),
        "missing": tf.io.FixedLenFeature([2], tf.float32, default_value=[1.0, 2.0])}


def test_parse_example_batch_of_tensorflow_records():
    serialized = tf.constant(list(iterate_records(FIXTURES / "tf_examples.tfrecord")))
    parsed = tf.io.parse_example(serialized, SPEC)
    assert parsed["id"].dtype == tf.int64 and parsed["id"].numpy().tolist() == [[0, 0], [1, -1000], [2, -2000]]
    assert parsed["score"].dtype == tf.float32 and parsed["score"].numpy().tolist() == [0.0, 0.5, 1.0]
    assert parsed["name"].numpy().tolist() == [b"ex0", b"ex1", b"ex2"]
    assert parsed["missing"].numpy().tolist() == [[1.0, 2.0]] * 3
    tags = parsed["tags"]
    assert isinstance(tags, tf.sparse.SparseTensor)
    assert tags.indices.numpy().tolist() == [[1, 0], [2, 0], [2, 1]]
    assert tags.values.numpy().tolist() == [0, 0, 1] and tags.dense_shape.numpy().tolist() == [3, 2]
    assert tf.sparse.to_dense(tags, default_value=-1).numpy().tolist() == [[-1, -1], [0, -1], [0, 1]]


def test_parse_single_example_and_sequence_feature():
    record = next(iter(iterate_records(FIXTURES / "tf_examples.tfrecord")))
    parsed = tf.io.parse_single_example(tf.constant(record), SPEC)
    assert parsed["id"].shape == (2,) and float(parsed["score"]) == 0.0
    assert parsed["tags"].dense_shape.numpy().tolist() == [0]
    records = list(iterate_records(FIXTURES / "tf_examples.tfrecord"))
    seq = tf.io.parse_example(records, {"tags": tf.io.FixedLenSequenceFeature([], tf.int64, allow_missing=True)})
    assert seq["tags"].numpy().tolist() == [[0, 0], [0, 0], [0, 1]]


def test_parse_errors():
    records = list(iterate_records(FIXTURES / "tf_examples.tfrecord"))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Feature: absent .* is required"):
        tf.io.parse_example(records, {"absent": tf.io.FixedLenFeature([], tf.int64)})
    with pytest.raises(tf.errors.InvalidArgumentError, match="Index: 0, Key: id. Number of int64 values"):
        tf.io.parse_example(records, {"id": tf.io.FixedLenFeature([3], tf.int64)})
    with pytest.raises(tf.errors.InvalidArgumentError, match="Data type: int64 but expected type: float"):
        tf.io.parse_example(records, {"id": tf.io.FixedLenFeature([2], tf.float32)})
    with pytest.raises(tf.errors.InvalidArgumentError, match="not a serialized tf.train.Example"):
        tf.io.parse_single_example(b"\xff\xff", {"id": tf.io.VarLenFeature(tf.int64)})
    with pytest.raises(ValueError, match="only tf.string, tf.int64 or tf.float32"):
        tf.io.parse_example(records, {"id": tf.io.FixedLenFeature([2], tf.int32)})
    with pytest.raises(ValueError, match="default_value has 1 elements"):
        tf.io.parse_example(records, {"x": tf.io.FixedLenFeature([2], tf.float32, default_value=0.0)})


def test_string_tensors_keep_trailing_nul_bytes():  # serialized protos often end in b"\x00"
    assert tf.constant(b"ab\x00\x00").numpy() == b"ab\x00\x00"
    assert tf.constant([b"a\x00", "b"], dtype=tf.string).numpy().tolist() == [b"a\x00", b"b"]


def test_sparse_tensor_repr_and_checks():
    st = tf.sparse.SparseTensor([[0]], np.array([1.5], np.float32), [4])
    assert repr(st).startswith("SparseTensor(indices=tf.Tensor(") and "dtype=float32" in repr(st)
    with pytest.raises(ValueError, match="indices of shape"):
        tf.sparse.SparseTensor([[0], [1]], [1.0], [4])


_TENSORS = fixture_script("make_tensor_fixtures")


def test_parse_tensor_reads_tensorflow_protos_and_serialize_matches_its_bytes():
    records = list(iterate_records(FIXTURES / "tf_tensors.tfrecord"))
    for record, (value, dtype) in zip(records, _TENSORS.TENSORS + _TENSORS.TENSORS_TYPED):
        parsed = tf.io.parse_tensor(record, out_type=tf.as_dtype(dtype))
        assert parsed.dtype == tf.as_dtype(dtype) and parsed.shape == value.shape
        assert parsed.numpy().tolist() == value.tolist()
    for record, (value, dtype) in zip(records, _TENSORS.TENSORS):
        assert tf.io.serialize_tensor(tf.constant(value, dtype=tf.as_dtype(dtype))).numpy() == record
    proto = tf.make_tensor_proto(tf.constant([1, 2], tf.int64))
    assert proto.dtype == tf.int64.as_datatype_enum and tf.make_ndarray(proto).tolist() == [1, 2]
    assert tf.make_ndarray(tf.make_tensor_proto(3.0, shape=[2, 2])).tolist() == [[3.0, 3.0], [3.0, 3.0]]
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Type mismatch .*\(float32\) and dtype \(int32\)"):
        tf.io.parse_tensor(records[0], out_type=tf.int32)


def test_parse_example_of_one_serialized_example_has_no_batch_dimension():
    """As TensorFlow: a scalar `serialized` parses like parse_single_example."""
    example = tf.train.Example(features=tf.train.Features(feature={
        "a": tf.train.Feature(int64_list=tf.train.Int64List(value=[1, 2]))}))
    data = example.SerializeToString()
    dense = tf.io.parse_example(data, {"a": tf.io.FixedLenFeature([2], tf.int64)})["a"]
    assert dense.shape == (2,) and dense.numpy().tolist() == [1, 2]
    sparse = tf.io.parse_example(tf.constant(data), {"a": tf.io.VarLenFeature(tf.int64)})["a"]
    assert sparse.dense_shape.numpy().tolist() == [2] and sparse.values.numpy().tolist() == [1, 2]
    with pytest.raises(ValueError, match="expects a vector of serialized Examples"):
        tf.io.parse_example([[data]], {"a": tf.io.FixedLenFeature([2], tf.int64)})
