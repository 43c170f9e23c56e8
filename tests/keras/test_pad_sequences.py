"""`keras.utils.pad_sequences`: Keras' defaults and results (reference values from real Keras 3) and corner cases."""
import json
import os

import numpy as np
import pytest

from neuroflow import keras

_REF = json.load(open(os.path.join(os.path.dirname(__file__), "..", "fixtures", "text", "reference.json")))


@pytest.mark.parametrize("case", _REF["pad_sequences"]["cases"], ids=lambda c: str(c["kwargs"]))
def test_matches_keras(case):
    out = keras.utils.pad_sequences(_REF["pad_sequences"]["sequences"], **case["kwargs"])
    assert str(out.dtype) == case["dtype"]
    np.testing.assert_array_equal(out, case["output"])


def test_defaults_pre_pad_pre_truncate_int32():
    out = keras.utils.pad_sequences([[1, 2, 3, 4], [5]], maxlen=2)
    assert out.dtype == np.int32
    np.testing.assert_array_equal(out, [[3, 4], [0, 5]])
    # int32 truncates float values, as Keras does
    np.testing.assert_array_equal(keras.utils.pad_sequences([[1.7]]), [[1]])
    assert keras.preprocessing.sequence.pad_sequences is keras.utils.pad_sequences


def test_corner_cases():
    assert keras.utils.pad_sequences([]).shape == (0, 0)
    assert keras.utils.pad_sequences([[], []]).shape == (2, 0)
    np.testing.assert_array_equal(keras.utils.pad_sequences([[1, 2]], maxlen=0), np.zeros((1, 0)))
    np.testing.assert_array_equal(keras.utils.pad_sequences([np.array([1, 2]), (3,)]), [[1, 2], [0, 3]])
    vectors = keras.utils.pad_sequences([[[1, 1], [2, 2]], [[3, 3]]], padding="post")
    assert vectors.shape == (2, 2, 2) and vectors[1, 1].tolist() == [0, 0]
    words = keras.utils.pad_sequences([["a"], ["b", "c"]], dtype=object, value="<pad>")
    assert words.tolist() == [["<pad>", "a"], ["b", "c"]]
    assert keras.utils.pad_sequences([["ab"]], maxlen=2, dtype="<U2", value="").tolist() == [["", "ab"]]


def test_bad_input():
    with pytest.raises(ValueError, match="must be iterable"):
        keras.utils.pad_sequences(5)
    with pytest.raises(ValueError, match="non-iterable"):
        keras.utils.pad_sequences([1, 2])
    with pytest.raises(ValueError, match="dtype=object"):
        keras.utils.pad_sequences([["a"]], value="x")
    with pytest.raises(ValueError, match='Padding type "middle"'):
        keras.utils.pad_sequences([[1]], padding="middle")
    with pytest.raises(ValueError, match='Truncating type "x"'):
        keras.utils.pad_sequences([[1]], truncating="x")
    with pytest.raises(ValueError, match="different from expected shape"):
        keras.utils.pad_sequences([[[1, 2]], [[1, 2, 3]]])
