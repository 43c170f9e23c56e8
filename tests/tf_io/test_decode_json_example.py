"""tf.io.decode_json_example: TensorFlow's exact bytes, any shape, errors, and parse_example on the result."""
import numpy as np
import pytest

import neuroflow as tf

JSON = ('{"features": {"feature": {"a": {"int64List": {"value": ["1", "3"]}}, '
        '"b": {"floatList": {"value": [1.5, -2]}}, "c": {"bytesList": {"value": ["aGk="]}}}}}')
# produced by TensorFlow 2.21's tf.io.decode_json_example(JSON)
TF_BYTES = (b"\n-\n\x0b\n\x01a\x12\x06\x1a\x04\x08\x01\x08\x03\n\x11\n\x01b\x12\x0c\x12\n\r\x00\x00\xc0?\r"
            b"\x00\x00\x00\xc0\n\x0b\n\x01c\x12\x06\n\x04\n\x02hi")


def test_bytes_match_tensorflow_and_parse():
    assert tf.io.decode_json_example(JSON).numpy() == TF_BYTES
    batch = tf.io.decode_json_example([[JSON, JSON]] * 3)
    assert batch.shape.as_list() == [3, 2]
    parsed = tf.io.parse_example(tf.reshape(batch, [-1]), {
        "a": tf.io.FixedLenFeature([2], tf.int64), "b": tf.io.FixedLenFeature([2], tf.float32),
        "c": tf.io.FixedLenFeature([], tf.string)})
    np.testing.assert_array_equal(parsed["a"].numpy(), [[1, 3]] * 6)
    np.testing.assert_array_equal(parsed["b"].numpy(), [[1.5, -2.0]] * 6)
    assert parsed["c"].numpy().tolist() == [b"hi"] * 6


def test_invalid_json_is_an_invalid_argument():
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"entry \[1\]"):
        tf.io.decode_json_example([JSON, '{"nope": 1}'])
