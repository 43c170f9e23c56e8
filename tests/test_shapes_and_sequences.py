"""Tensor.set_shape, tf.ensure_shape (eager and traced) and tf.reverse_sequence."""
import numpy as np
import pytest

import neuroflow as tf


def test_eager_set_shape_is_a_shape_assertion():
    t = tf.constant([[1, 2, 3]])
    t.set_shape([1, 3])
    t.set_shape([None, None])
    with pytest.raises(ValueError, match=r"Tensor's shape \(1, 3\) is not compatible with supplied shape \[1, 5\]"):
        t.set_shape([1, 5])
    with pytest.raises(ValueError):
        t.set_shape([3])


def test_ensure_shape_merges_static_shape_and_checks_at_run_time():
    shapes = []

    @tf.function(input_signature=[tf.TensorSpec([None, None])])
    def f(x):
        y = tf.ensure_shape(x, [None, 3])
        shapes.append((x.shape, y.shape))
        return y * 2.0

    np.testing.assert_array_equal(f(tf.ones([2, 3])).numpy(), np.full((2, 3), 2.0))
    assert shapes == [(tf.TensorShape([None, None]), tf.TensorShape([None, 3]))]
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Shape of tensor x \[2,4\] is not compatible "
                                                             r"with expected shape \[\?,3\]"):
        f(tf.ones([2, 4]))
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.ensure_shape(tf.ones([2]), [3])

    @tf.function(input_signature=[tf.TensorSpec([None, 2])])
    def g(x):
        return tf.ensure_shape(x, [None, 3])
    with pytest.raises(ValueError, match="not compatible"):   # known while tracing
        g.get_concrete_function()


def test_reverse_sequence_matches_a_loop():
    rng = np.random.default_rng(0)
    x = rng.integers(0, 9, size=(3, 5, 4)).astype(np.int32)
    lengths = np.array([2, 0, 4, 3], np.int64)
    expected = x.copy()
    for b, n in enumerate(lengths):                 # batch_axis=2, seq_axis=1
        expected[:, :n, b] = x[:, :n, b][:, ::-1]
    got = tf.reverse_sequence(x, lengths, seq_axis=1, batch_axis=2).numpy()
    np.testing.assert_array_equal(got, expected)
    np.testing.assert_array_equal(
        tf.compat.v1.reverse_sequence(x, lengths, seq_dim=1, batch_dim=2).numpy(), expected)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"len\(seq_lengths\) != input.dims\(0\)"):
        tf.reverse_sequence(x, [1, 2], seq_axis=1, batch_axis=0)
    with pytest.raises(tf.errors.InvalidArgumentError, match="must be in"):
        tf.reverse_sequence(x, [6, 1, 1], seq_axis=1, batch_axis=0)


def test_parse_tensor_in_a_traced_function_has_unknown_rank_until_set_shape():
    seen = []

    @tf.function(input_signature=[tf.TensorSpec([], tf.string)])
    def parse(s):
        t = tf.io.parse_tensor(s, out_type=tf.float32)
        seen.append(t.shape)
        t.set_shape([None, None])
        seen.append(t.shape)
        return t * 2.0
    out = parse(tf.io.serialize_tensor(tf.ones([5, 3])))
    assert seen == [tf.TensorShape(None), tf.TensorShape([None, None])]
    np.testing.assert_array_equal(out.numpy(), np.full((5, 3), 2.0))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Type mismatch"):
        parse(tf.io.serialize_tensor(tf.ones([2], tf.int32)))


def test_read_and_decode_png_in_a_traced_function(tmp_path):
    image = tf.cast(tf.random.uniform([4, 6, 3], maxval=255, dtype=tf.int32), tf.uint8)
    path = tmp_path / "x.png"
    path.write_bytes(tf.image.encode_png(image).numpy())
    shapes = []

    @tf.function(input_signature=[tf.TensorSpec([], tf.string)])
    def load(name):
        decoded = tf.image.decode_png(tf.io.read_file(name), channels=3)
        shapes.append(decoded.shape)
        decoded.set_shape([4, 6, 3])
        shapes.append(decoded.shape)
        return decoded
    np.testing.assert_array_equal(load(tf.constant(str(path))).numpy(), image.numpy())
    assert shapes == [tf.TensorShape([None, None, 3]), tf.TensorShape([4, 6, 3])]
