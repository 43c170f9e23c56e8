"""f-strings of tensors show their values (TensorFlow's EagerTensor.__format__); tf.constant of a graph tensor."""
import pytest

import neuroflow as tf


def test_format_shows_the_numpy_value():
    a, b, s = tf.constant(2), tf.constant([1.5, 2.0]), tf.constant("hi")
    assert f"{a}|{b}|{s}|{a:4d}|{a:.2f}" == "2|[1.5 2. ]|b'hi'|   2|2.00"
    assert f"{b!r}".startswith("<tf.Tensor: shape=(2,)")
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None], name="x")
        assert f"{x}" == 'Tensor("x:0", shape=(None,), dtype=float32)'


def test_constant_of_a_symbolic_tensor_is_a_type_error():
    with tf.Graph().as_default():
        x = tf.compat.v1.placeholder(tf.float32, [None, None])
        with pytest.raises(TypeError, match="non-tensor"):
            tf.constant(x)
    assert tf.constant(tf.constant([1, 2])).numpy().tolist() == [1, 2]
