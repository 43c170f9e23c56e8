"""`Dataset.save` / `Dataset.load` (and their tf.data.experimental spellings): round trips of
structures, strings, shards, compression, reader functions, and the failures."""
import collections
import os

import numpy as np
import pytest

import neuroflow as tf

D = tf.data.Dataset


def test_round_trip_keeps_structure_dtypes_and_cardinality(tmp_path):
    Point = collections.namedtuple("Point", ["x", "label"])
    ds = D.from_tensor_slices({"p": Point(np.arange(6, dtype=np.float64).reshape(3, 2), ["a", "b", "c"]),
                               "n": [1, 2, 3]})
    path = str(tmp_path / "saved")
    assert ds.save(path) is None
    loaded = D.load(path)
    assert repr(loaded).startswith("<_LoadDataset ") and loaded.element_spec == ds.element_spec
    assert type(loaded.element_spec["p"]).__name__ == "Point" and int(loaded.cardinality()) == 3
    got = list(loaded.as_numpy_iterator())
    assert [e["p"].x.tolist() for e in got] == [[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]]
    assert [e["p"].label for e in got] == [b"a", b"b", b"c"] and [int(e["n"]) for e in got] == [1, 2, 3]


def test_shards_gzip_and_reader_func(tmp_path):
    path = str(tmp_path / "sharded")
    tf.data.experimental.save(D.range(7), path, compression="GZIP", shard_func=lambda x: x % 3)
    assert sorted(os.listdir(path)) == ["dataset_spec.json", "shard_00000.npy", "shard_00001.npy", "shard_00002.npy"]
    assert [int(x) for x in D.load(path)] == list(range(7))        # shards interleaved back in order
    by_shard = D.load(path, reader_func=lambda shards: shards.flat_map(lambda shard: shard))
    assert [int(x) for x in by_shard] == [0, 3, 6, 1, 4, 2, 5]
    assert [int(x) for x in tf.data.experimental.load(path)] == list(range(7))
    unknown = D.from_generator(lambda: iter([[1], [2, 3]]), output_signature=tf.TensorSpec([None], tf.int32))
    unknown.save(path)                                               # replaces the earlier save
    loaded = D.load(path, element_spec=tf.TensorSpec([None], tf.int32))
    assert [x.tolist() for x in loaded.as_numpy_iterator()] == [[1], [2, 3]]


def test_failures_name_the_problem(tmp_path):
    with pytest.raises(tf.errors.NotFoundError, match="no saved dataset"):
        D.load(str(tmp_path / "nothing"))
    path = str(tmp_path / "s")
    D.range(3).save(path)
    with pytest.raises(ValueError, match="does not match"):
        D.load(path, element_spec=tf.TensorSpec([], tf.float32))
    with pytest.raises(ValueError, match="compression"):
        D.range(3).save(path, compression="SNAPPY")
    with pytest.raises(tf.errors.InvalidArgumentError, match="negative shard"):
        D.range(3).save(str(tmp_path / "neg"), shard_func=lambda x: x - 2)
    assert not os.path.exists(tmp_path / "neg")                     # a failed save leaves nothing behind
    with pytest.raises(ValueError, match="int64 scalar"):
        D.range(3).save(path, shard_func=lambda x: tf.cast(x, tf.int32))
    assert [int(x) for x in D.load(path)] == [0, 1, 2]              # the earlier save is intact
    with pytest.raises(TypeError, match="cannot be saved"):
        D.range(3).window(2).save(str(tmp_path / "w"))
    with pytest.raises(NotImplementedError, match="checkpoint_args"):
        D.range(3).save(path, checkpoint_args={"directory": str(tmp_path)})
