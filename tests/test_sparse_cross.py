"""tf.sparse.cross / cross_hashed against values TensorFlow 2.21 gives for the same inputs."""
import pytest

import neuroflow as tf


def _inputs():
    a = tf.sparse.SparseTensor(indices=[[0, 0], [0, 1], [1, 0]], values=["a", "b", "c"], dense_shape=[3, 2])
    b = tf.constant([["d", "e"], ["f", "g"], ["h", "i"]])
    c = tf.sparse.SparseTensor(indices=[[0, 0], [2, 0]], values=tf.constant([7, 8], tf.int64), dense_shape=[3, 1])
    return a, b, c


def test_cross_orders_sparse_first_and_skips_empty_rows():
    a, b, c = _inputs()
    out = tf.sparse.cross([a, b, c])
    assert out.indices.numpy().tolist() == [[0, 0], [0, 1], [0, 2], [0, 3]]
    assert out.values.numpy().tolist() == [b"a_X_7_X_d", b"a_X_7_X_e", b"b_X_7_X_d", b"b_X_7_X_e"]
    assert out.dense_shape.numpy().tolist() == [3, 4]
    out = tf.sparse.cross([b, a])
    assert out.values.numpy().tolist() == [b"a_X_d", b"a_X_e", b"b_X_d", b"b_X_e", b"c_X_f", b"c_X_g"]
    with pytest.raises(ValueError, match="same batch size"):
        tf.sparse.cross([b, tf.constant([["x"]])])


def test_cross_hashed_matches_tensorflow():
    a, b, _ = _inputs()
    assert tf.sparse.cross_hashed([a, b], num_buckets=100).values.numpy().tolist() == [82, 17, 54, 61, 68, 89]
    assert tf.sparse.cross_hashed([a, b]).values.numpy().tolist() == [
        1584069791037555375, 3927666362714511010, 2292520902626215647, 4171697120956746554,
        4546572711251652368, 857586637149637889]
