"""File datasets: TextLineDataset, CsvDataset, make_csv_dataset and TFRecordDataset on files the tests write."""
import gzip
import importlib.util

import pytest

import neuroflow as tf

D = tf.data.Dataset


def test_text_lines_plain_gzip_and_several_files(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"one\ntwo\r\nthree")
    with gzip.open(tmp_path / "b.txt.gz", "wb") as f:
        f.write(b"four\nfive\n")
    ds = tf.data.TextLineDataset(str(tmp_path / "a.txt"))
    assert repr(ds) == "<TextLineDatasetV2 element_spec=TensorSpec(shape=(), dtype=tf.string, name=None)>"
    assert list(ds.as_numpy_iterator()) == [b"one", b"two", b"three"]
    gz = tf.data.TextLineDataset([str(tmp_path / "b.txt.gz")], compression_type="GZIP")
    assert list(gz.as_numpy_iterator()) == [b"four", b"five"]
    names = D.from_tensor_slices([str(tmp_path / "a.txt"), str(tmp_path / "a.txt")])
    assert len(list(tf.data.TextLineDataset(names))) == 6
    both = tf.data.TextLineDataset([str(tmp_path / "a.txt")] * 2, num_parallel_reads=2)
    assert list(both.as_numpy_iterator()) == [b"one", b"one", b"two", b"two", b"three", b"three"]
    with pytest.raises(tf.errors.NotFoundError):
        list(tf.data.TextLineDataset(str(tmp_path / "missing.txt")))


def test_interleaved_text_files(tmp_path):
    for name in "abc":
        (tmp_path / f"{name}.txt").write_text(f"{name}1\n{name}2\n")
    files = D.list_files(str(tmp_path / "*.txt"), shuffle=False)
    lines = files.interleave(tf.data.TextLineDataset, cycle_length=3)
    assert list(lines.as_numpy_iterator()) == [b"a1", b"b1", b"c1", b"a2", b"b2", b"c2"]


def test_csv_dataset(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text('x,name,label\n1.5,"a, b",0\n,c,1\n')
    ds = tf.data.experimental.CsvDataset(str(path), [tf.constant(-1.0), tf.string, tf.int64], header=True)
    assert repr(ds).startswith("<CsvDatasetV2 element_spec=(TensorSpec(shape=(), dtype=tf.float32")
    assert list(ds.as_numpy_iterator()) == [(1.5, b"a, b", 0), (-1.0, b"c", 1)]
    picked = tf.data.experimental.CsvDataset(str(path), [tf.int32], header=True, select_cols=[2])
    assert [int(v[0]) for v in picked] == [0, 1]


def test_csv_row_with_wrong_column_count_names_file_line_and_columns(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("1,2\n3,4,5\n")
    ds = tf.data.experimental.CsvDataset(str(path), [tf.int32, tf.int32])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"bad.csv:2: expected 2 fields but found 3"):
        list(ds)
    required = tf.data.experimental.CsvDataset(str(path), [tf.int32, tf.int32], select_cols=[0, 2])
    with pytest.raises(tf.errors.InvalidArgumentError, match="bad.csv:1"):
        list(required)


def test_make_csv_dataset_infers_types_and_batches(tmp_path):
    path = tmp_path / "data.csv"
    rows = "\n".join(f"{i},{i * 0.5},{'abc'[i % 3]},{i % 2}" for i in range(10))
    path.write_text("n,x,s,label\n" + rows + "\n")
    ds = tf.data.experimental.make_csv_dataset(str(path), batch_size=4, label_name="label", num_epochs=1,
                                               shuffle=False)
    batches = list(ds)
    features, labels = batches[0]
    assert list(features) == ["n", "x", "s"]
    assert features["n"].dtype == tf.int32 and features["x"].dtype == tf.float32 and features["s"].dtype == tf.string
    assert features["n"].numpy().tolist() == [0, 1, 2, 3] and labels.numpy().tolist() == [0, 1, 0, 1]
    assert [len(b[1]) for b in batches] == [4, 4, 2]
    shuffled = tf.data.experimental.make_csv_dataset(str(path), batch_size=5, num_epochs=2, shuffle_seed=1)
    values = sorted(v for f in shuffled for v in f["n"].numpy().tolist())
    assert values == sorted(list(range(10)) * 2)
    with pytest.raises(ValueError, match="label_name"):
        tf.data.experimental.make_csv_dataset(str(path), batch_size=4, label_name="nope")


_HAS_TFRECORD = importlib.util.find_spec("neuroflow.io.tfrecord") is not None


@pytest.mark.skipif(not _HAS_TFRECORD, reason="needs neuroflow.io.tfrecord (TFRecordWriter, iterate_records) "
                                              "from the tf.io work")
def test_tfrecord_dataset_round_trip(tmp_path):
    from neuroflow.io.tfrecord import TFRecordWriter
    path = str(tmp_path / "data.tfrecord")
    with TFRecordWriter(path) as writer:
        for record in (b"first", b"", b"third"):
            writer.write(record)
    ds = tf.data.TFRecordDataset(path)
    assert repr(ds) == "<TFRecordDatasetV2 element_spec=TensorSpec(shape=(), dtype=tf.string, name=None)>"
    assert list(ds.as_numpy_iterator()) == [b"first", b"", b"third"]
    data = bytearray(open(path, "rb").read())
    data[-6] ^= 0xFF  # damage the last record's data
    open(path, "wb").write(bytes(data))
    with pytest.raises(tf.errors.DataLossError, match="data.tfrecord"):
        list(tf.data.TFRecordDataset(path))


def test_readers_feed_a_pipeline(tmp_path):
    path = tmp_path / "numbers.txt"
    path.write_text("\n".join(str(i) for i in range(6)))
    batches = tf.data.TextLineDataset(str(path)).shuffle(6, seed=2).batch(4).prefetch(1)
    lines = [line for batch in batches for line in batch.numpy().tolist()]
    assert sorted(lines) == [b"0", b"1", b"2", b"3", b"4", b"5"] and len(list(batches)) == 2
