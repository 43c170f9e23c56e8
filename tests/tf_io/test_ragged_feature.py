"""tf.io.RaggedFeature: every partition kind, batched and single, checked against TensorFlow 2.21's output."""
import pytest

import neuroflow as tf

R = tf.io.RaggedFeature


def _example(features):
    return tf.train.Example(features=tf.train.Features(feature={
        k: tf.train.Feature(int64_list=tf.train.Int64List(value=v)) for k, v in features.items()})).SerializeToString()


BATCH = [_example({"v": [1, 2, 3, 4, 5, 6], "len": [2, 1, 3], "ids": [0, 0, 2, 2, 2, 2], "starts": [0, 4],
                   "limits": [3, 6]}),
         _example({"v": [7, 8], "len": [0, 2], "ids": [1, 1], "starts": [0], "limits": [2]})]
FEATURES = {"lens": R(tf.int64, "v", [R.RowLengths("len")]), "ids": R(tf.int64, "v", [R.ValueRowIds("ids")]),
            "starts": R(tf.int64, "v", [R.RowStarts("starts")]), "limits": R(tf.int64, "v", [R.RowLimits("limits")]),
            "uni": R(tf.int64, "v", [R.UniformRowLength(2)]), "flat": R(tf.int64, "v"),
            "missing": R(tf.int64, "nothere")}
# tf.io.parse_example(BATCH, FEATURES) in TensorFlow 2.21
EXPECTED = {"flat": [[1, 2, 3, 4, 5, 6], [7, 8]], "ids": [[[1, 2], [], [3, 4, 5, 6]], [[], [7, 8]]],
            "lens": [[[1, 2], [3], [4, 5, 6]], [[], [7, 8]]], "limits": [[[1, 2, 3], [4, 5, 6]], [[7, 8]]],
            "missing": [[], []], "starts": [[[1, 2, 3, 4], [5, 6]], [[7, 8]]],
            "uni": [[[1, 2], [3, 4], [5, 6]], [[7, 8]]]}


def test_parse_example_batched_and_single():
    out = tf.io.parse_example(BATCH, FEATURES)
    assert {k: v.to_list() for k, v in out.items()} == EXPECTED
    one = tf.io.parse_single_example(BATCH[0], FEATURES)
    flat = ("flat", "missing")            # no partitions: a 1-D tensor per example
    assert [one[k].numpy().tolist() for k in flat] == [EXPECTED[k][0] for k in flat]
    assert {k: v.to_list() for k, v in one.items() if k not in flat} == \
        {k: v[0] for k, v in EXPECTED.items() if k not in flat}


def test_two_partition_levels_and_bad_partitions():
    with pytest.raises(tf.errors.InvalidArgumentError, match="Key: s2"):   # "s2" is missing
        tf.io.parse_example(BATCH[:1], {"r": R(tf.int64, "v", [R.RowSplits("s2"), R.RowLengths("len")])})
    nested = _example({"v": [3, 1, 4, 1, 5, 9], "s1": [0, 2, 3, 3, 6], "s2": [0, 2, 3, 4]})
    parsed = tf.io.parse_single_example(nested, {"r": R(tf.int64, "v", [R.RowSplits("s2"), R.RowSplits("s1")])})
    assert parsed["r"].to_list() == [[[3, 1], [4]], [[]], [[1, 5, 9]]]
    with pytest.raises(tf.errors.InvalidArgumentError, match="not a multiple"):
        tf.io.parse_single_example(nested, {"r": R(tf.int64, "v", [R.UniformRowLength(4)])})
