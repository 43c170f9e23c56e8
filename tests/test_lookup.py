"""tf.lookup tables: eager, inside tf.function, and in compat.v1 graphs with tables_initializer."""
import numpy as np
import pytest

import neuroflow as tf


def test_static_hash_table_eager_any_shape():
    table = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(["a", "b", "c"], [1.5, 2.5, 3.5]),
                                      default_value=0.0)
    out = table.lookup(tf.constant([["c", "x"], ["a", "a"]]))
    assert out.dtype == tf.float32
    np.testing.assert_array_equal(out.numpy(), [[3.5, 0.0], [1.5, 1.5]])
    assert int(table.size()) == 3
    keys, values = table.export()
    assert sorted(zip(keys.numpy().tolist(), values.numpy().tolist())) == [(b"a", 1.5), (b"b", 2.5), (b"c", 3.5)]
    with pytest.raises(TypeError, match="keys must be string"):
        table.lookup(tf.constant([1]))
    with pytest.raises(tf.errors.FailedPreconditionError, match="same key"):
        tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(["a", "a"], [1, 2]), -1)


def test_lookup_inside_tf_function():
    table = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer([3, 1, 2], [30, 10, 20]), -1)

    @tf.function(input_signature=[tf.TensorSpec([None], tf.int32)])
    def f(x):
        return table.lookup(x) * 2
    np.testing.assert_array_equal(f(tf.constant([1, 2, 9])).numpy(), [20, 40, -2])
    np.testing.assert_array_equal(f(tf.constant([3])).numpy(), [60])


def test_compat_v1_graph_needs_tables_initializer():
    with tf.Graph().as_default():
        with tf.compat.v1.Session() as sess:
            init = tf.compat.v1.lookup.KeyValueTensorInitializer(["a", "b"], [1, 2])
            table = tf.compat.v1.lookup.StaticHashTable(init, default_value=-1)
            found = table.lookup(tf.constant(["a", "c"]))
            with pytest.raises(tf.errors.FailedPreconditionError, match="not initialized"):
                sess.run(found)
            tf.compat.v1.tables_initializer().run()
            assert found.eval().tolist() == [1, -1]
    assert tf.compat.v1.tables_initializer() is None   # eagerly tables are filled at creation


def test_vocabulary_table_oov_buckets_match_tensorflow(tmp_path):
    # ids of out-of-vocabulary keys measured with TensorFlow 2.21 (Fingerprint64 buckets)
    ids = tf.lookup.KeyValueTensorInitializer(["a", "b"], tf.constant([0, 1], tf.int64))
    vocab = tf.lookup.StaticVocabularyTable(ids, num_oov_buckets=3)
    assert vocab.lookup(tf.constant(["b", "zzz", "hello", "x"])).numpy().tolist() == [1, 2, 3, 4]
    assert int(vocab.size()) == 5
    ints = tf.lookup.KeyValueTensorInitializer(tf.constant([5, 7], tf.int64), tf.constant([0, 1], tf.int64))
    vocab = tf.lookup.StaticVocabularyTable(ints, num_oov_buckets=5)
    assert vocab.lookup(tf.constant([7, 3, 12345], tf.int64)).numpy().tolist() == [1, 3, 5]
    path = tmp_path / "vocab.txt"
    path.write_text("cat\ndog\nbird\n")
    init = tf.lookup.TextFileInitializer(str(path), tf.string, tf.lookup.TextFileIndex.WHOLE_LINE,
                                         tf.int64, tf.lookup.TextFileIndex.LINE_NUMBER)
    table = tf.lookup.StaticHashTable(init, -1)
    assert table.lookup(tf.constant(["bird", "cat", "cow"])).numpy().tolist() == [2, 0, -1]
