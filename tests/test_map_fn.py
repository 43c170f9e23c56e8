"""tf.map_fn, tf.scan, tf.foldl and tf.foldr (expected values as TensorFlow prints them in its docs)."""
import numpy as np
import pytest

import neuroflow as tf


def test_map_fn_structures_and_signatures():
    assert tf.map_fn(tf.strings.length, tf.constant(["hello", "moon"]), fn_output_signature=tf.int32
                     ).numpy().tolist() == [5, 4]
    joined = tf.map_fn(tf.strings.join, [tf.constant(["The", "A"]), tf.constant(["Dog", "Cat"])],
                       fn_output_signature=tf.string)
    assert joined.numpy().tolist() == [b"TheDog", b"ACat"]
    pairs = tf.map_fn(lambda x: (x, -x), np.array([1, 2, 3]), fn_output_signature=(tf.int64, tf.int64))
    assert [p.numpy().tolist() for p in pairs] == [[1, 2, 3], [-1, -2, -3]]
    product = tf.map_fn(lambda x: x[0] * x[1], (np.array([1, 2, 3]), np.array([-1, 1, -1])),
                        fn_output_signature=tf.int64)
    assert product.dtype == tf.int64 and product.numpy().tolist() == [-1, 2, -3]


def test_map_fn_ragged_and_sparse():
    rt = tf.ragged.constant([[1, 2, 3], [], [4, 5], [6]])
    assert tf.map_fn(tf.reduce_sum, rt, fn_output_signature=tf.int32).numpy().tolist() == [6, 0, 9, 6]
    ragged = tf.map_fn(tf.range, tf.constant([3, 5, 0, 2]),
                       fn_output_signature=tf.RaggedTensorSpec(shape=[None], dtype=tf.int32))
    assert ragged.to_list() == [[0, 1, 2], [0, 1, 2, 3, 4], [], [0, 1]]
    st = tf.sparse.SparseTensor([[0, 0], [2, 0], [2, 1]], [2, 3, 4], [4, 4])
    assert tf.map_fn(tf.sparse.reduce_sum, st, fn_output_signature=tf.int32).numpy().tolist() == [2, 0, 7, 0]
    eyes = tf.map_fn(tf.sparse.eye, tf.constant([2, 3]), fn_output_signature=tf.SparseTensorSpec(None, tf.float32))
    np.testing.assert_array_equal(tf.sparse.to_dense(eyes).numpy(),
                                  [[[1, 0, 0], [0, 1, 0], [0, 0, 0]], [[1, 0, 0], [0, 1, 0], [0, 0, 1]]])


def test_scan_and_folds():
    assert tf.scan(lambda a, x: a + x, tf.constant([1, 2, 3]), reverse=True).numpy().tolist() == [6, 5, 3]
    assert tf.scan(lambda a, x: a * x, tf.constant([1, 2, 3]), initializer=tf.constant(2)).numpy().tolist() == \
        [2, 4, 12]
    assert int(tf.foldr(lambda a, x: a * 10 + x, tf.constant([1, 2, 3]))) == 321
    with pytest.raises(ValueError, match="same first dimension"):
        tf.map_fn(lambda x: x, (tf.ones([2]), tf.ones([3])))


def test_map_fn_is_differentiable():
    x = tf.constant([1.0, 2.0, 3.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(tf.map_fn(lambda v: v * v, x))
    assert tape.gradient(y, x).numpy().tolist() == [2.0, 4.0, 6.0]
