"""tf.data.experimental and the sources and options TensorFlow documents with them: Counter/counter,
random, from_list, get_structure, the `apply` transformations, rebatch with a list of sizes,
padded_batch's shorthand arguments, FixedLengthRecordDataset.

Expected values were checked against TensorFlow 2.21 (the same pipelines printed the same)."""
import os

import numpy as np
import pytest

import neuroflow as tf

D = tf.data.Dataset
X = tf.data.experimental


def values(ds):
    def plain(v):
        return v.tolist() if hasattr(v, "tolist") else v
    return [tuple(plain(v) for v in e) if isinstance(e, tuple) else plain(e) for e in ds.as_numpy_iterator()]


def test_counter_counts_forever_from_start_by_step_in_dtype():
    assert values(D.counter().take(4)) == [0, 1, 2, 3]
    assert values(X.Counter(start=10, step=-3).take(3)) == [10, 7, 4]
    ds = D.counter(1, 2, tf.float32)
    assert ds.element_spec == tf.TensorSpec([], tf.float32) and values(ds.take(3)) == [1.0, 3.0, 5.0]
    assert int(ds.cardinality()) == tf.data.INFINITE_CARDINALITY
    assert repr(X.Counter()) == "<_ScanDataset element_spec=TensorSpec(shape=(), dtype=tf.int64, name=None)>"
    assert values(D.counter(start=tf.constant(5, tf.int64)).take(2)) == [5, 6]


def test_random_is_seeded_and_rerandomized_only_when_asked():
    first = values(D.random(seed=4).take(20))
    assert first == values(D.random(seed=4).take(20))   # same seed, same sequence
    assert all(0 <= v < 2 ** 32 for v in first) and len(set(first)) == 20
    ds = D.random(seed=4).take(5)
    assert values(ds) == values(ds)                     # each epoch repeats by default
    ds = D.random(seed=4, rerandomize_each_iteration=True).take(5)
    epoch1, epoch2 = values(ds), values(ds)
    assert epoch1 != epoch2
    again = D.random(seed=4, rerandomize_each_iteration=True).take(5)
    assert [values(again), values(again)] == [epoch1, epoch2]  # still determined by the seed
    assert values(D.random(seed=5).take(5)) != values(D.random(seed=4).take(5))
    assert D.random().element_spec == tf.TensorSpec([], tf.int64) and int(D.random().cardinality()) == -1


def test_from_list_keeps_structures_and_ragged_shapes():
    ds = X.from_list([(1, "a"), (2, "b"), (3, "c")])
    assert repr(ds).startswith("<_ListDataset ")
    assert X.get_structure(ds) == (tf.TensorSpec([], tf.int32), tf.TensorSpec([], tf.string))
    assert values(ds) == [(1, b"a"), (2, b"b"), (3, b"c")] and int(ds.cardinality()) == 3
    ragged = X.from_list([[1], [2, 3]])
    assert ragged.element_spec == tf.TensorSpec([None], tf.int32)
    assert values(ragged) == [[1], [2, 3]]
    assert list(X.from_list([{"a": 1.5}]).as_numpy_iterator()) == [{"a": np.float32(1.5)}]
    with pytest.raises(ValueError, match="should not be empty"):
        X.from_list([])
    with pytest.raises(ValueError, match="same structure"):
        X.from_list([(1, 2), 3])
    with pytest.raises(ValueError, match="same structure"):
        X.from_list([1, "a"])


def test_get_structure_of_datasets_and_iterators_only():
    ds = D.from_tensor_slices({"x": [[1.0, 2.0]], "y": [3]})
    assert X.get_structure(ds) == X.get_structure(iter(ds)) == ds.element_spec
    with pytest.raises(TypeError, match="tf.data.Dataset"):
        X.get_structure([1, 2])


def test_filter_cardinality_is_unknown_even_for_infinite_inputs():
    assert int(D.range(3).repeat().filter(lambda x: True).cardinality()) == tf.data.UNKNOWN_CARDINALITY
    assert int(X.cardinality(D.range(3).filter(lambda x: True))) == X.UNKNOWN_CARDINALITY


def test_rebatch_with_a_list_of_sizes_cycles_through_them():
    ds = D.range(8).batch(4).rebatch([2, 1, 1])
    assert ds.element_spec == tf.TensorSpec([None], tf.int64)
    assert values(ds) == [[0, 1], [2], [3], [4, 5], [6], [7]]
    assert values(D.range(8).batch(4).rebatch([2, 3], drop_remainder=True)) == [[0, 1], [2, 3, 4], [5, 6]]
    ds = D.range(7).batch(2).rebatch(3, drop_remainder=True)
    assert ds.element_spec == tf.TensorSpec([3], tf.int64) and values(ds) == [[0, 1, 2], [3, 4, 5]]
    with pytest.raises(tf.errors.InvalidArgumentError, match="greater than zero"):
        D.range(4).batch(2).rebatch([2, 0])


def test_padded_batch_takes_an_int_shape_and_one_padding_value_for_all_components():
    a = D.from_generator(lambda: ([1] * n for n in range(1, 4)), output_signature=tf.TensorSpec([None], tf.int32))
    padded = a.padded_batch(2, padded_shapes=4, padding_values=-1)
    assert padded.element_spec == tf.TensorSpec([None, 4], tf.int32)
    assert values(padded) == [[[1, -1, -1, -1], [1, 1, -1, -1]], [[1, 1, 1, -1]]]
    pair = D.zip((a, a)).padded_batch(2, padding_values=-1)
    assert values(pair.take(1)) == [([[1, -1], [1, 1]], [[1, -1], [1, 1]])]
    with pytest.raises(TypeError, match="dtype"):
        D.zip((a, a)).padded_batch(2, padding_values=-1.5)


def test_apply_transformations_match_the_dataset_methods():
    elements = [[0], [1, 2, 3, 4], [5, 6, 7], [7, 8, 9, 10, 11], [13, 14, 15, 16, 19, 20], [21, 22]]
    ds = D.from_generator(lambda: elements, tf.int32, output_shapes=[None])
    bucketed = ds.apply(X.bucket_by_sequence_length(lambda e: tf.shape(e)[0], [4, 7], [2, 2, 2],
                                                    pad_to_bucket_boundary=True, padding_values=-1))
    # unfinished buckets are flushed by bucket, as TensorFlow does: [21 22] (bucket 0) first
    assert values(bucketed) == [[[0, -1, -1], [5, 6, 7]], [[1, 2, 3, 4, -1, -1], [7, 8, 9, 10, 11, -1]],
                                [[21, 22, -1]], [[13, 14, 15, 16, 19, 20]]]
    ragged = D.range(4).map(lambda x: tf.range(x)).apply(X.dense_to_ragged_batch(2))
    assert [b.to_list() for b in ragged] == [[[], [0]], [[0, 1], [0, 1, 2]]]
    assert values(D.range(5).apply(X.scan(tf.constant(0, tf.int64), lambda s, x: (s + x, s)))) == [0, 0, 1, 3, 6]
    assert values(D.range(5).apply(X.take_while(lambda x: x < 3))) == [0, 1, 2]
    assert values(D.from_tensor_slices([1, 1, 2]).apply(X.unique())) == [1, 2]
    assert values(D.range(4).batch(2).apply(X.unbatch())) == [0, 1, 2, 3]
    assert values(D.range(2).apply(X.enumerate_dataset(5))) == [(5, 0), (6, 1)]
    assert values(D.range(4).apply(X.map_and_batch(lambda x: x * 2, 3))) == [[0, 2, 4], [6]]
    assert values(D.range(3).apply(X.group_by_window(lambda x: x % 2, lambda k, w: w.batch(5), 5))) == \
        [[0, 2], [1]]
    shuffled = D.range(4).apply(X.shuffle_and_repeat(4, count=2, seed=3))
    twice = values(shuffled)
    assert sorted(twice) == [0, 0, 1, 1, 2, 2, 3, 3] and sorted(twice[:4]) == [0, 1, 2, 3]
    interleaved = D.range(2).apply(X.parallel_interleave(lambda x: D.from_tensors(x).repeat(2), cycle_length=2))
    assert values(interleaved) == [0, 1, 0, 1]


def test_copy_and_prefetch_to_device_keep_the_elements():
    ds = D.from_tensor_slices([1, 2, 3]).apply(X.prefetch_to_device("/cpu:0"))
    got = [(int(t), t.device) for t in ds]
    assert got == [(i, "/job:localhost/replica:0/task:0/device:CPU:0") for i in (1, 2, 3)]
    strings = D.from_tensor_slices(["a", "b"]).apply(X.copy_to_device("/GPU:0"))  # soft placement: CPU here
    assert values(strings) == [b"a", b"b"] and int(strings.cardinality()) == 2


def test_fixed_length_record_dataset_skips_headers_footers_and_short_tails(tmp_path):
    names = []
    for i, body in enumerate([b"012345", b"6789ab"]):
        names.append(str(tmp_path / f"fixed{i}.bin"))
        with open(names[-1], "wb") as f:
            f.write(b"HEADER" + body + b"FOOTER")
    ds = tf.data.FixedLengthRecordDataset(names, record_bytes=2, header_bytes=6, footer_bytes=6)
    assert ds.element_spec == tf.TensorSpec([], tf.string)
    assert values(ds) == [b"01", b"23", b"45", b"67", b"89", b"ab"]
    assert values(tf.data.FixedLengthRecordDataset(names[0], 4, 6, 6)) == [b"0123"]  # "45" is cut short
    import gzip
    with gzip.open(tmp_path / "z.bin", "wb") as f:
        f.write(b"abcdef")
    assert values(tf.data.FixedLengthRecordDataset(str(tmp_path / "z.bin"), 3, compression_type="GZIP")) == \
        [b"abc", b"def"]
    with pytest.raises(tf.errors.InvalidArgumentError, match="fewer than"):
        list(tf.data.FixedLengthRecordDataset(names[0], 2, header_bytes=10, footer_bytes=10))
    with pytest.raises(tf.errors.InvalidArgumentError, match="record_bytes"):
        tf.data.FixedLengthRecordDataset(names[0], 0)
    with pytest.raises(tf.errors.NotFoundError):
        list(tf.data.FixedLengthRecordDataset(os.fspath(tmp_path / "missing.bin"), 2))


def test_at_get_single_element_random_dataset_and_snapshot(tmp_path):
    squares = D.range(10).map(lambda x: x * x)
    assert int(X.at(squares, 3)) == 9 and int(X.at(squares, tf.constant(9, tf.int64))) == 81
    with pytest.raises(tf.errors.OutOfRangeError, match="out of range"):
        X.at(squares, 10)
    with pytest.raises(tf.errors.OutOfRangeError, match="negative"):
        X.at(squares, -1)
    assert int(X.get_single_element(D.from_tensors(7))) == 7
    assert values(X.RandomDataset(seed=3).take(4)) == values(D.random(seed=3).take(4))
    snap = D.range(3).apply(X.snapshot(str(tmp_path / "snap")))
    assert values(snap) == values(snap) == [0, 1, 2]
    assert tf.data.NumpyIterator is type(D.range(2).as_numpy_iterator())


def test_pad_to_cardinality_marks_real_and_padding_elements():
    ds = D.from_tensor_slices({"a": [1, 2], "b": [[1.0, 2.0], [3.0, 4.0]]}).apply(X.pad_to_cardinality(4))
    assert ds.element_spec["valid"] == tf.TensorSpec([], tf.bool) and int(ds.cardinality()) == 4
    got = [(int(e["a"]), e["b"].tolist(), bool(e["valid"])) for e in ds.as_numpy_iterator()]
    assert got == [(1, [1.0, 2.0], True), (2, [3.0, 4.0], True), (0, [0.0, 0.0], False), (0, [0.0, 0.0], False)]
    with pytest.raises(ValueError, match="known cardinality"):
        D.from_tensor_slices({"a": [1]}).filter(lambda e: True).apply(X.pad_to_cardinality(3))
    with pytest.raises(ValueError, match="less than the target"):
        D.from_tensor_slices({"a": [1, 2, 3]}).apply(X.pad_to_cardinality(2))
    with pytest.raises(ValueError, match="dictionary"):
        D.range(2).apply(X.pad_to_cardinality(3))


def test_tfrecord_writer_writes_a_dataset_of_strings(tmp_path):
    path = str(tmp_path / "out.tfrecord")
    X.TFRecordWriter(path, "GZIP").write(D.from_tensor_slices([b"x", b"yz"]))
    assert values(tf.data.TFRecordDataset(path, compression_type="GZIP")) == [b"x", b"yz"]
    with pytest.raises(TypeError, match="scalar tf.string"):
        X.TFRecordWriter(path).write(D.range(3))


def test_group_by_reducer_folds_each_group_and_outputs_by_key():
    total = X.Reducer(lambda key: tf.constant(0, tf.int64), lambda s, x: s + x, lambda s: s)
    ds = D.from_tensor_slices(tf.constant([5, 3, 1, 4, 2], tf.int64)).apply(X.group_by_reducer(lambda x: x % 3, total))
    assert repr(ds).startswith("<_GroupByReducerDataset ") and values(ds) == [3, 5, 7]
    keyed = X.Reducer(lambda key: (key, tf.constant(0.0)), lambda s, x: (s[0], s[1] + tf.cast(x, tf.float32)),
                      lambda key, t: {"key": key, "sum": t})    # a tuple state is spread over finalize_func
    ds = D.range(6).apply(X.group_by_reducer(lambda x: x % 2, keyed))
    assert ds.element_spec == {"key": tf.TensorSpec([], tf.int64), "sum": tf.TensorSpec([], tf.float32)}
    assert [(int(e["key"]), float(e["sum"])) for e in ds.as_numpy_iterator()] == [(0, 6.0), (1, 9.0)]
    growing = X.Reducer(lambda key: tf.zeros([0], tf.int64), lambda s, x: tf.concat([s, tf.reshape(x, [1])], 0),
                        lambda s: s)                              # the state's shape changes: relaxed to (None,)
    ds = D.range(5).apply(X.group_by_reducer(lambda x: x % 2, growing))
    assert ds.element_spec == tf.TensorSpec([None], tf.int64) and values(ds) == [[0, 2, 4], [1, 3]]
    with pytest.raises(ValueError, match="int64 scalar"):
        D.range(3).apply(X.group_by_reducer(lambda x: tf.cast(x, tf.int32), total))


def test_sparse_batch_holds_every_entry_of_each_element():
    ds = D.from_generator(lambda: iter([[1, 0], [2, 3, 4], [5]]), output_signature=tf.TensorSpec([None], tf.int32))
    batched = ds.sparse_batch(2, [5])
    assert batched.element_spec == tf.SparseTensorSpec([None, 5], tf.int32)
    first = next(iter(batched))
    assert first.indices.numpy().tolist() == [[0, 0], [0, 1], [1, 0], [1, 1], [1, 2]]
    assert first.values.numpy().tolist() == [1, 0, 2, 3, 4] and first.dense_shape.numpy().tolist() == [2, 5]
    assert [a.tolist() for a in batched.as_numpy_iterator()] == [[[1, 0, 0, 0, 0], [2, 3, 4, 0, 0]], [[5, 0, 0, 0, 0]]]
    widest = ds.apply(X.dense_to_sparse_batch(2, [-1]))
    assert [a.tolist() for a in widest.as_numpy_iterator()] == [[[1, 0, 0], [2, 3, 4]], [[5]]]
    assert [a.tolist() for a in D.range(3).sparse_batch(2, []).as_numpy_iterator()] == [[0, 1], [2]]
    with pytest.raises(tf.errors.DataLossError, match="larger than the row shape"):
        list(ds.sparse_batch(2, [2]))
    with pytest.raises(ValueError, match="rank"):
        D.range(3).sparse_batch(2, [2])
    with pytest.raises(TypeError, match="SparseTensor elements"):
        D.range(3).sparse_batch(2, []).map(lambda s: s)
