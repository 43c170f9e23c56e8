"""tf.data sources and transformations against hand-computed element sequences.

The expected sequences, class names, specs and cardinalities were also checked against
TensorFlow 2.21 (the same pipelines printed the same)."""
import collections
import importlib.util

import numpy as np
import pytest

import neuroflow as tf

D = tf.data.Dataset


def values(ds):
    """The elements as plain Python values (lists for arrays)."""
    def plain(v):
        if isinstance(v, dict):
            return {k: plain(x) for k, x in v.items()}
        if isinstance(v, tuple):
            return tuple(plain(x) for x in v)
        return v.tolist() if hasattr(v, "tolist") else v
    return [plain(e) for e in ds.as_numpy_iterator()]


# --- printing, specs, cardinality -------------------------------------------------------------
def test_printing_names_each_class_as_tensorflow_does():
    ds = D.from_tensor_slices([1, 2, 3])
    assert repr(ds) == "<_TensorSliceDataset element_spec=TensorSpec(shape=(), dtype=tf.int32, name=None)>"
    assert repr(ds.batch(2)) == "<_BatchDataset element_spec=TensorSpec(shape=(None,), dtype=tf.int32, name=None)>"
    names = [type(d).__name__ for d in (
        ds.map(lambda x: x), ds.map(lambda x: x, num_parallel_calls=2), ds.shuffle(2), ds.repeat(), ds.take(1),
        ds.skip(1), ds.prefetch(1), ds.cache(), ds.filter(lambda x: x > 1), ds.unique(), ds.padded_batch(2),
        ds.batch(2).unbatch(), ds.batch(2).rebatch(1), ds.shard(2, 0), ds.concatenate(ds), ds.take_while(
            lambda x: x < 2), D.range(3), D.from_tensors(1), D.zip(ds, ds))]
    assert names == ["_MapDataset", "_ParallelMapDataset", "_ShuffleDataset", "_RepeatDataset", "_TakeDataset",
                     "_SkipDataset", "_PrefetchDataset", "CacheDataset", "_FilterDataset", "_UniqueDataset",
                     "_PaddedBatchDataset", "_UnbatchDataset", "_RebatchDataset", "_ShardDataset",
                     "_ConcatenateDataset", "_TakeWhileDataset", "_RangeDataset", "_TensorDataset", "_ZipDataset"]
    generated = D.from_generator(lambda: iter([1]), output_signature=tf.TensorSpec([], tf.int32))
    assert repr(generated).startswith("<_FlatMapDataset element_spec=")


def test_element_spec_of_nested_structures():
    ds = D.from_tensor_slices({"b": [1, 2], "a": (np.zeros((2, 3), np.float32), ["x", "y"])})
    assert ds.element_spec == {"b": tf.TensorSpec([], tf.int32),
                               "a": (tf.TensorSpec([3], tf.float32), tf.TensorSpec([], tf.string))}
    assert ds.batch(2, drop_remainder=True).element_spec["a"][0] == tf.TensorSpec([2, 3], tf.float32)
    assert ds.batch(2).element_spec["b"] == tf.TensorSpec([None], tf.int32)


def test_cardinality_constants():
    r = D.range(10)
    assert tf.data.INFINITE_CARDINALITY == -1 and tf.data.UNKNOWN_CARDINALITY == -2
    assert tf.data.AUTOTUNE == tf.data.experimental.AUTOTUNE == -1
    counts = [int(d.cardinality()) for d in (r, r.repeat(), r.filter(lambda x: x > 1), r.batch(3),
                                              r.batch(3, drop_remainder=True), r.take(4), r.skip(8), r.shard(3, 1),
                                              r.repeat(2).take(25), r.concatenate(r.repeat()))]
    assert counts == [10, -1, -2, 4, 3, 4, 2, 3, 20, -1]
    assert len(r.batch(4)) == 3
    with pytest.raises(TypeError, match="infinite"):
        len(r.repeat())
    with pytest.raises(TypeError, match="unknown"):
        len(r.filter(lambda x: x > 1))


# --- sources ----------------------------------------------------------------------------------
def test_from_tensor_slices_and_from_tensors():
    assert values(D.from_tensor_slices(([[1, 2], [3, 4]], [5.0, 6.0]))) == [([1, 2], 5.0), ([3, 4], 6.0)]
    assert values(D.from_tensors(([1, 2], 3))) == [([1, 2], 3)]
    Point = collections.namedtuple("Point", "x y")
    element = next(iter(D.from_tensor_slices(Point([1, 2], [3, 4]))))
    assert isinstance(element, Point) and int(element.y) == 3
    with pytest.raises(ValueError, match="rank >= 1"):
        D.from_tensor_slices(5)
    with pytest.raises(tf.errors.InvalidArgumentError, match="same size"):
        D.from_tensor_slices(([1, 2], [1, 2, 3]))


def test_range_and_dtypes():
    assert values(D.range(5)) == [0, 1, 2, 3, 4]
    assert values(D.range(2, 11, 3)) == [2, 5, 8]
    assert values(D.range(5, 0, -2)) == [5, 3, 1]
    assert D.range(3, output_type=tf.int32).element_spec.dtype == tf.int32


def test_from_generator_with_signature_and_args():
    def gen(n):
        for i in range(int(n)):
            yield i, [float(i)] * i
    ds = D.from_generator(gen, args=(3,), output_signature=(tf.TensorSpec([], tf.int64),
                                                            tf.TensorSpec([None], tf.float32)))
    assert values(ds) == [(0, []), (1, [1.0]), (2, [2.0, 2.0])]
    assert values(ds) == values(ds)  # each iteration calls the generator again
    old = D.from_generator(lambda: iter([1, 2]), output_types=tf.int32, output_shapes=())
    assert old.element_spec == tf.TensorSpec([], tf.int32) and values(old) == [1, 2]


def test_zip_enumerate_concatenate():
    a, b = D.range(3), D.range(10, 14)
    assert values(D.zip(a, b)) == [(0, 10), (1, 11), (2, 12)]
    assert values(D.zip((a, (b, a)))) == [(0, (10, 0)), (1, (11, 1)), (2, (12, 2))]
    assert values(D.zip({"x": a, "y": b})) == [{"x": 0, "y": 10}, {"x": 1, "y": 11}, {"x": 2, "y": 12}]
    assert values(a.enumerate(start=5)) == [(5, 0), (6, 1), (7, 2)]
    assert values(a.concatenate(D.range(5, 7))) == [0, 1, 2, 5, 6]


def test_list_files(tmp_path):
    for name in ("b.txt", "a.txt", "c.csv"):
        (tmp_path / name).write_text("x")
    ds = D.list_files(str(tmp_path / "*.txt"), shuffle=False)
    assert [p.decode().rsplit("/", 1)[1] for p in ds.as_numpy_iterator()] == ["a.txt", "b.txt"]
    shuffled = D.list_files(str(tmp_path / "*"), seed=4)
    assert sorted(shuffled.as_numpy_iterator()) == sorted(D.list_files(str(tmp_path / "*"), shuffle=False)
                                                          .as_numpy_iterator())
    with pytest.raises(tf.errors.InvalidArgumentError, match="no files matched"):
        D.list_files(str(tmp_path / "*.none"))


def test_sample_and_choose_from_datasets():
    chosen = D.choose_from_datasets([D.range(10), D.range(100, 110)],
                                    D.from_tensor_slices(np.array([0, 1, 1, 0, 1], np.int64)))
    assert values(chosen) == [0, 100, 101, 1, 102]
    ones, twos = D.from_tensors(1).repeat(), D.from_tensors(2).repeat()
    sampled = values(D.sample_from_datasets([ones, twos], weights=[0.8, 0.2], seed=3).take(2000))
    assert 0.75 < sampled.count(1) / 2000 < 0.85
    assert sampled == values(D.sample_from_datasets([ones, twos], weights=[0.8, 0.2], seed=3).take(2000))
    # when one input runs out, the others continue (stop_on_empty_dataset=False)
    finite = D.sample_from_datasets([D.range(3), D.range(10, 13)], seed=1)
    assert sorted(values(finite)) == [0, 1, 2, 10, 11, 12]


# --- element-wise transformations ---------------------------------------------------------------
def test_map_spreads_tuples_and_keeps_dicts():
    ds = D.range(4).map(lambda x: (x, x * 2)).map(lambda a, b: a + b)
    assert values(ds) == [0, 3, 6, 9]
    ds = D.from_tensor_slices({"a": [1, 2]}).map(lambda d: {"a": d["a"], "b": tf.cast(d["a"], tf.float32) / 2})
    assert values(ds) == [{"a": 1, "b": 0.5}, {"a": 2, "b": 1.0}]
    assert values(D.range(2).map(lambda x: [x, x + 1])) == [(0, 1), (1, 2)]  # a returned list is a tuple


def test_map_is_traced_once():
    traces = []

    def f(x):
        traces.append(x)
        return x + 1
    ds = D.range(100).map(f)
    assert values(ds) == list(range(1, 101))
    assert len(traces) == 1 and isinstance(traces[0], tf.Tensor) and traces[0].shape == ()


def test_map_with_unknown_dimensions_runs_every_shape():
    gen = D.from_generator(lambda: ([1] * n for n in (1, 3, 2)), output_signature=tf.TensorSpec([None], tf.int32))
    assert values(gen.map(lambda v: tf.reduce_sum(v) * 2)) == [2, 6, 4]


def test_filter_take_skip_repeat_shard_take_while_unique():
    r = D.range(10)
    assert values(r.filter(lambda x: x % 3 == 0)) == [0, 3, 6, 9]
    assert values(r.skip(2).take(5)) == [2, 3, 4, 5, 6]
    assert values(r.take(-1)) == list(range(10)) and values(r.skip(-1)) == []
    assert values(D.range(3).repeat(3)) == [0, 1, 2] * 3
    assert values(D.range(3).repeat().take(7)) == [0, 1, 2, 0, 1, 2, 0]
    assert values(r.shard(3, 1)) == [1, 4, 7]
    assert values(r.take_while(lambda x: x < 4)) == [0, 1, 2, 3]
    assert values(D.from_tensor_slices([1, 2, 1, 3, 2]).unique()) == [1, 2, 3]


def test_scan_and_reduce():
    assert values(D.range(5).scan(tf.constant(0, tf.int64), lambda s, x: (s + x, s * 2))) == [0, 0, 2, 6, 12]
    assert int(D.range(5).reduce(tf.constant(0, tf.int64), lambda s, x: s + x)) == 10
    total, count = D.range(4).reduce((tf.constant(0, tf.int64), 0), lambda s, x: (s[0] + x, s[1] + 1))
    assert (int(total), int(count)) == (6, 4)
    assert int(D.from_tensors(7).get_single_element()) == 7
    with pytest.raises(tf.errors.InvalidArgumentError, match="more than one"):
        D.range(2).get_single_element()


def test_flat_map_and_window():
    assert values(D.range(4).flat_map(lambda x: D.range(x))) == [0, 0, 1, 0, 1, 2]
    windows = D.range(10).window(4, shift=3, stride=2).flat_map(lambda w: w.batch(4))
    assert values(windows) == [[0, 2, 4, 6], [3, 5, 7, 9], [6, 8], [9]]
    dropped = D.range(10).window(3, drop_remainder=True).flat_map(lambda w: w.batch(3))
    assert values(dropped) == [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
    pairs = D.zip(D.range(4), D.range(4).map(lambda x: -x)).window(2)
    assert values(pairs.flat_map(lambda a, b: D.zip(a.batch(2), b.batch(2)))) == [([0, 1], [0, -1]),
                                                                                 ([2, 3], [-2, -3])]


def test_interleave_order():
    ds = D.range(1, 6).interleave(lambda x: D.from_tensors(x).repeat(6), cycle_length=2, block_length=4)
    assert values(ds) == [1, 1, 1, 1, 2, 2, 2, 2, 1, 1, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 3, 3, 4, 4, 5, 5, 5, 5, 5, 5]
    parallel = D.range(1, 6).interleave(lambda x: D.from_tensors(x).repeat(6), cycle_length=2, block_length=4,
                                        num_parallel_calls=2)
    assert values(parallel) == values(ds)  # deterministic by default: the same order, read ahead in threads


def test_group_by_window_and_bucketing():
    ds = D.range(10).group_by_window(lambda x: x % 3, lambda k, w: w.batch(2), window_size=2)
    assert values(ds) == [[0, 3], [1, 4], [2, 5], [6, 9], [7], [8]]
    sized = D.range(8).group_by_window(lambda x: x % 2, lambda k, w: w.batch(4),
                                       window_size_func=lambda k: k + 1)
    assert values(sized) == [[0], [2], [1, 3], [4], [6], [5, 7]]
    lengths = D.from_generator(lambda: ([n] * n for n in (1, 5, 2, 6, 3)),
                               output_signature=tf.TensorSpec([None], tf.int32))
    buckets = lengths.bucket_by_sequence_length(lambda x: tf.shape(x)[0], [4], [2, 2])
    assert values(buckets) == [[[1, 0], [2, 2]], [[5, 5, 5, 5, 5, 0], [6, 6, 6, 6, 6, 6]], [[3, 3, 3]]]
    padded = lengths.bucket_by_sequence_length(lambda x: tf.shape(x)[0], [4, 8], [3, 3, 3],
                                               pad_to_bucket_boundary=True)
    assert [np.shape(b) for b in padded.as_numpy_iterator()] == [(3, 3), (2, 7)]


# --- batching ---------------------------------------------------------------------------------
def test_batch_and_drop_remainder():
    assert values(D.range(10).batch(3)) == [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]
    assert values(D.range(10).batch(3, drop_remainder=True)) == [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
    pairs = D.from_tensor_slices((np.arange(10).reshape(5, 2), np.arange(5.0, dtype=np.float32)))
    assert values(pairs.batch(2))[2] == ([[8, 9]], [4.0])
    # the gather path (rows of arrays, shuffled) and the stacking path agree
    for buffer_size in (7, 3):
        shuffled = D.from_tensor_slices(np.arange(7)).shuffle(buffer_size, seed=1, reshuffle_each_iteration=False)
        stacked = shuffled.map(lambda x: x)
        assert values(shuffled.batch(3)) == values(stacked.batch(3))


def test_unbatch_rebatch_padded_batch():
    assert values(D.range(10).batch(3).unbatch()) == list(range(10))
    assert values(D.range(10).batch(3).rebatch(4)) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    ds = D.range(1, 5).map(lambda x: tf.ones([3], tf.int64) * x)
    assert values(ds.padded_batch(2, padded_shapes=[5])) == [[[1, 1, 1, 0, 0], [2, 2, 2, 0, 0]],
                                                              [[3, 3, 3, 0, 0], [4, 4, 4, 0, 0]]]
    ragged = D.from_generator(lambda: ([n] * n for n in (1, 3, 2)), output_signature=tf.TensorSpec([None], tf.int32))
    assert values(ragged.padded_batch(3, padding_values=-1)) == [[[1, -1, -1], [3, 3, 3], [2, 2, -1]]]
    assert ragged.padded_batch(2).element_spec == tf.TensorSpec([None, None], tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError, match="smaller size"):
        list(ragged.padded_batch(3, padded_shapes=[2]))


_HAS_RAGGED = importlib.util.find_spec("neuroflow.framework.ragged_tensor") is not None


def test_ragged_batch_of_dense_elements_is_a_batch():
    assert values(D.range(5).ragged_batch(2)) == [[0, 1], [2, 3], [4]]
    assert D.range(5).ragged_batch(2).element_spec == tf.TensorSpec([None], tf.int64)


@pytest.mark.skipif(not _HAS_RAGGED, reason="needs tf.RaggedTensor (neuroflow.framework.ragged_tensor)")
def test_ragged_batch_makes_ragged_tensors():
    ragged = D.from_generator(lambda: (([n] * n, n) for n in (1, 3, 2)),
                              output_signature=(tf.TensorSpec([None], tf.int32), tf.TensorSpec([], tf.int32)))
    ds = ragged.ragged_batch(2)
    assert repr(ds) == ("<_BatchDataset element_spec=(RaggedTensorSpec(TensorShape([None, None]), tf.int32, 1, "
                        "tf.int64), TensorSpec(shape=(None,), dtype=tf.int32, name=None))>")
    batches = list(ds)
    assert isinstance(batches[0][0], tf.RaggedTensor)
    assert [b[0].to_list() for b in batches] == [[[1], [3, 3, 3]], [[2, 2]]]
    assert [b[1].numpy().tolist() for b in batches] == [[1, 3], [2]]


# --- shuffle ------------------------------------------------------------------------------------
def test_seeded_shuffle_is_reproducible_and_a_permutation():
    first = values(D.range(20).shuffle(5, seed=7))
    assert sorted(first) == list(range(20)) and first != list(range(20))
    assert values(D.range(20).shuffle(5, seed=7)) == first


def test_shuffle_buffer_only_mixes_nearby_elements():
    order = values(D.range(100).shuffle(4, seed=2))
    # with a buffer of 4, the element output at position i was read at most 3 places later
    assert all(v <= i + 3 for i, v in enumerate(order))


def test_reshuffle_each_iteration():
    ds = D.range(30).shuffle(30, seed=5)
    epochs = [values(ds) for _ in range(3)]
    assert epochs[0] != epochs[1] != epochs[2]
    again = D.range(30).shuffle(30, seed=5)
    assert [values(again) for _ in range(3)] == epochs  # the sequence of epochs is reproducible too
    fixed = D.range(30).shuffle(30, seed=5, reshuffle_each_iteration=False)
    assert values(fixed) == values(fixed)


def test_global_seed_makes_unseeded_shuffles_reproducible():
    tf.random.set_seed(11)
    a = [values(D.range(20).shuffle(20)), values(D.range(20).shuffle(20))]
    tf.random.set_seed(11)
    b = [values(D.range(20).shuffle(20)), values(D.range(20).shuffle(20))]
    tf.random.set_seed(None)
    assert a == b and a[0] != a[1]


# --- cache, options, experimental -------------------------------------------------------------
def test_cache_in_memory_runs_the_pipeline_once():
    calls = []

    def gen():
        for i in range(4):
            calls.append(i)
            yield i
    ds = D.from_generator(gen, output_signature=tf.TensorSpec([], tf.int64)).cache()
    for _ in ds.take(2):  # a partial pass stores nothing
        pass
    assert values(ds) == [0, 1, 2, 3] and values(ds) == [0, 1, 2, 3]
    assert calls == [0, 1, 0, 1, 2, 3]


def test_cache_in_a_file_is_reused(tmp_path):
    path = str(tmp_path / "cache" / "c")
    ds = D.from_tensor_slices((["a", "bc"], [[1.0, 2.0], [3.0, 4.0]])).cache(path)
    first = values(ds)
    assert first == [(b"a", [1.0, 2.0]), (b"bc", [3.0, 4.0])]
    again = D.from_tensor_slices((["zz", "zz"], [[0.0, 0.0], [0.0, 0.0]])).cache(path)
    assert values(again) == first  # read back from the file, not recomputed
    assert values(D.range(3).snapshot(str(tmp_path / "snap"))) == [0, 1, 2]


def test_apply_options_and_experimental():
    ds = D.range(10).apply(lambda d: d.filter(lambda x: x > 4))
    assert values(ds) == [5, 6, 7, 8, 9]
    options = tf.data.Options()
    options.deterministic = False
    assert ds.with_options(options).options().deterministic is False
    asserted = ds.apply(tf.data.experimental.assert_cardinality(5))
    assert len(asserted) == 5 and values(asserted) == [5, 6, 7, 8, 9]
    with pytest.raises(tf.errors.FailedPreconditionError, match="expected to contain 4"):
        list(ds.apply(tf.data.experimental.assert_cardinality(4)))
    assert int(tf.data.experimental.cardinality(D.range(3))) == 3
    failing = D.from_tensor_slices([0, 5, 1]).map(lambda i: tf.gather([10, 20], i))
    assert values(failing.apply(tf.data.experimental.ignore_errors())) == [10, 20]


# --- iteration --------------------------------------------------------------------------------
def test_iterators_and_numpy_iterator():
    it = iter(D.range(2))
    assert int(next(it)) == 0 and int(it.get_next()) == 1
    with pytest.raises(tf.errors.OutOfRangeError):
        it.get_next()
    element = next(D.from_tensors((np.float32(1.5), "s")).as_numpy_iterator())
    assert element == (np.float32(1.5), b"s") and isinstance(element[0], np.float32)


def test_iteration_inside_tf_function_unrolls_at_trace_time():
    @tf.function
    def total():
        t = tf.constant(0, tf.int64)
        for v in D.range(4):
            t += v
        return t
    assert int(total()) == 6
    graph = total.get_concrete_function().graph
    assert sum(op.type == "AddV2" for op in graph.get_operations()) == 4  # one add per element


# --- bad input --------------------------------------------------------------------------------
def test_generator_disagreeing_with_signature():
    spec = tf.TensorSpec([], tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"yielded an element of shape \(2,\) where an element "
                                                            r"of shape \(\) was expected"):
        list(D.from_generator(lambda: iter([1, [2, 3]]), output_signature=spec))
    with pytest.raises(tf.errors.InvalidArgumentError, match="could not be converted to the expected type"):
        list(D.from_generator(lambda: iter(["a"]), output_signature=spec))
    with pytest.raises(tf.errors.InvalidArgumentError, match="did not match the expected structure"):
        list(D.from_generator(lambda: iter([(1, 2)]), output_signature=(spec, spec, spec)))
    with pytest.raises(TypeError, match="output_signature"):
        D.from_generator(lambda: iter([1]))


def test_batch_of_ragged_elements_needs_padded_batch():
    ragged = D.from_generator(lambda: iter([[1], [2, 3]]), output_signature=tf.TensorSpec([None], tf.int32))
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Cannot batch tensors with different shapes in "
                                                            r"component 0. First element had shape \[1\] and "
                                                            r"element 1 had shape \[2\].*padded_batch"):
        list(ragged.batch(2))
    if not _HAS_RAGGED:
        with pytest.raises(NotImplementedError, match="padded_batch"):
            ragged.ragged_batch(2)


def test_zip_and_concatenate_of_mismatched_structures():
    with pytest.raises(TypeError, match="Inputs are expected to be \\(nested\\) structures of `tf.data.Dataset`"):
        D.zip(D.range(3), [1, 2])
    with pytest.raises(TypeError, match="Incompatible dataset elements"):
        D.range(3).concatenate(D.zip(D.range(3), D.range(3)))
    with pytest.raises(TypeError, match="Incompatible dataset elements"):
        D.range(3).concatenate(D.from_tensor_slices([1.0]))


def test_map_functions_have_tf_function_semantics():
    with pytest.raises(tf.errors.OperatorNotAllowedInGraphError, match="tf.cond"):
        D.range(3).map(lambda x: 1 if x > 1 else 0)
    with pytest.raises(ValueError, match="scalar"):
        D.range(3).filter(lambda x: x)
    with pytest.raises(tf.errors.InvalidArgumentError, match="`map` function failed.*out of bounds"):
        list(D.range(5).map(lambda x: tf.gather([1, 2], x)))
