"""String tensors, `tf.strings` and `tf.RaggedTensor`: printed exactly as TensorFlow prints them.

tests/fixtures/text/strings_reference.json holds expressions and TensorFlow 2.21's printed results
(written by tests/fixtures/text/make_strings_reference.py with real TensorFlow).
"""
import json
import os

import numpy as np
import pytest

import neuroflow as tf

_REF = json.load(open(os.path.join(os.path.dirname(__file__), "fixtures", "text", "strings_reference.json")))


@pytest.mark.parametrize("case", _REF, ids=lambda c: c["expression"][:60])
def test_prints_as_tensorflow(case):
    assert str(eval(case["expression"])) == case["printed"]


def test_string_tensors_are_object_arrays_of_bytes():
    t = tf.constant(["a", "é"])
    assert t.dtype == tf.string and t.numpy().dtype == object
    assert t.numpy().tolist() == [b"a", "é".encode()]
    assert tf.constant(np.array(["x", "y"])).numpy().tolist() == [b"x", b"y"]
    assert tf.constant(["a\x00", "\x00"]).numpy().tolist() == [b"a\x00", b"\x00"]  # NumPy's 'U' would drop them
    assert tf.constant(["a\x00"], dtype=tf.string).numpy().tolist() == [b"a\x00"]
    with pytest.raises(TypeError, match="dtype string"):
        tf.constant(np.array([1, "a"], dtype=object), dtype=tf.string)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Less"):
        tf.less(tf.constant(["a"]), tf.constant(["b"]))


def test_string_ops_inside_tf_function():
    @tf.function
    def clean(x):
        return tf.strings.length(tf.strings.regex_replace(tf.strings.lower(x), "[aeiou]", ""))

    np.testing.assert_array_equal(clean(tf.constant(["HELLO", "xyz"])).numpy(), [3, 3])

    @tf.function(input_signature=[tf.TensorSpec([None], tf.string)])  # traced on empty-string stand-ins
    def parse(x):
        return tf.strings.to_number(tf.strings.regex_replace(x, "[$,]", ""), tf.float64) * 2

    np.testing.assert_array_equal(parse(tf.constant(["$1,000", "2.5"])).numpy(), [2000.0, 5.0])

    @tf.function(input_signature=[tf.TensorSpec([None], tf.string)])
    def middle(x):  # tracing runs on stand-ins, which carry no text to validate
        return tf.strings.substr(x, 1, 2), tf.strings.to_hash_bucket_fast(x, 1000)

    parts, buckets = middle(tf.constant(["hello", "abc"]))
    assert parts.numpy().tolist() == [b"el", b"bc"] and buckets.numpy().tolist() == [296, 385]  # TensorFlow's buckets

    @tf.function(input_signature=[tf.TensorSpec([None], tf.string)])
    def words(x):
        return tf.strings.split(x)

    with pytest.raises(tf.errors.UnimplementedError, match="RaggedTensor"):
        words(tf.constant(["a b"]))


def test_ragged_tensor_structure_and_conversion():
    rt = tf.ragged.constant([[1, 2], [], [3, 4, 5]])
    assert isinstance(rt, tf.RaggedTensor) and rt.ragged_rank == 1 and rt.dtype == tf.int32
    assert len(rt) == 3 and [r.numpy().tolist() for r in rt] == [[1, 2], [], [3, 4, 5]]
    assert rt[-1].numpy().tolist() == [3, 4, 5] and rt[2, 1].numpy() == 4
    assert rt.to_tensor(shape=[2, 2]).numpy().tolist() == [[1, 2], [0, 0]]
    assert rt.with_flat_values(rt.flat_values * 10).to_list() == [[10, 20], [], [30, 40, 50]]
    nested = tf.ragged.constant([[[1], [2, 3]], [[4]]])
    assert nested.row_lengths(axis=2).to_list() == [[1, 2], [1]]
    assert nested.to_tensor().numpy().tolist() == [[[1, 0], [2, 3]], [[4, 0], [0, 0]]]


def test_ragged_errors():
    with pytest.raises(ValueError, match="private"):
        tf.RaggedTensor([1], [0, 1])
    with pytest.raises(ValueError, match="row_splits"):
        tf.RaggedTensor.from_row_splits([1, 2], [0, 3])
    with pytest.raises(ValueError, match="non-negative"):
        tf.RaggedTensor.from_row_lengths([1, 2], [3, -1])
    with pytest.raises(ValueError, match="same nesting depth"):
        tf.ragged.constant([[1, 2], 3])
    with pytest.raises(IndexError, match="out of range"):
        tf.ragged.constant([[1]])[5]


def test_string_op_errors():
    with pytest.raises(tf.errors.InvalidArgumentError, match="could not correctly convert string: x"):
        tf.strings.to_number(["1", "x"])
    with pytest.raises(tf.errors.InvalidArgumentError, match="pos 9 out of range"):
        tf.strings.substr("abc", 9, 1)
    with pytest.raises(TypeError, match="string tensor"):
        tf.strings.lower(tf.constant([1, 2]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Invalid pattern"):
        tf.strings.regex_replace(["a"], "(", "")
    with pytest.raises(ValueError, match="num_buckets"):
        tf.strings.to_hash_bucket_fast(["a"], 0)
    with pytest.raises(ValueError, match="ngram_width"):
        tf.strings.ngrams(tf.constant(["a"]), 0)


def test_unicode_decode_errors_modes():
    assert tf.strings.unicode_decode([b"a\xffb"], "UTF-8", errors="ignore").to_list() == [[97, 98]]
    assert tf.strings.unicode_decode([b"a\xff"], "UTF-8", replacement_char=63).to_list() == [[97, 63]]
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.strings.unicode_decode([b"a\xff"], "UTF-8", errors="strict")


def test_array_ops_on_strings():
    t = tf.constant(["a", "b", "a"])
    assert tf.zeros_like(t).numpy().tolist() == [b"", b"", b""]
    assert tf.zeros([2], tf.string).numpy().tolist() == [b"", b""]
    with pytest.raises(tf.errors.InvalidArgumentError, match="no 'one'"):
        tf.ones_like(t)
    assert tf.unique(t).y.numpy().tolist() == [b"a", b"b"]
    assert (t + "!").numpy().tolist() == [b"a!", b"b!", b"a!"]
    assert tf.gather(tf.reshape(t, [3, 1]), [2, 0]).numpy().tolist() == [[b"a"], [b"a"]]
    with pytest.raises(tf.errors.UnimplementedError, match="string"):
        tf.cast(tf.constant([1]), tf.string)


# --- properties ------------------------------------------------------------------------------------
from hypothesis import given, settings, strategies as st  # noqa: E402

_rows = st.lists(st.lists(st.integers(-100, 100), max_size=6), max_size=6)


@settings(max_examples=60, deadline=None)
@given(_rows, st.integers(0, 8), st.integers(0, 8))
def test_ragged_round_trips_and_dense_padding(rows, nrows, width):
    rt = tf.RaggedTensor.from_row_lengths(np.array([v for r in rows for v in r], dtype=np.int32),
                                          [len(r) for r in rows])
    assert rt.to_list() == rows
    assert tf.ragged.constant(rows, dtype=tf.int32).to_list() == rows if rows else True
    assert tf.RaggedTensor.from_row_splits(rt.values, rt.row_splits).to_list() == rows
    assert tf.RaggedTensor.from_value_rowids(rt.values, rt.value_rowids(), nrows=len(rows)).to_list() == rows
    dense = rt.to_tensor(default_value=-1, shape=[nrows, width]).numpy()
    expected = np.full((nrows, width), -1)
    for i, row in enumerate(rows[:nrows]):
        expected[i, :min(len(row), width)] = row[:width]
    np.testing.assert_array_equal(dense, expected)


@settings(max_examples=60, deadline=None)
@given(_rows, st.one_of(st.none(), st.integers(0, 8)), st.sampled_from(["pre", "post"]),
       st.sampled_from(["pre", "post"]))
def test_pad_sequences_properties(rows, maxlen, padding, truncating):
    from neuroflow.keras.utils import pad_sequences
    out = pad_sequences(rows, maxlen=maxlen, padding=padding, truncating=truncating, value=-999)
    width = max((len(r) for r in rows), default=0) if maxlen is None else maxlen
    assert out.shape == (len(rows), width) and out.dtype == np.int32
    for row, padded in zip(rows, out.tolist()):
        kept = (row[-width:] if truncating == "pre" else row[:width]) if width else []
        fill = [-999] * (width - len(kept))
        assert padded == (fill + kept if padding == "pre" else kept + fill)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(max_size=12), min_size=1, max_size=5))
def test_string_ops_agree_with_python_text(texts):
    t = tf.constant(texts)
    encoded = [s.encode("utf-8") for s in texts]
    assert tf.strings.length(t).numpy().tolist() == [len(b) for b in encoded]
    assert tf.strings.length(t, unit="UTF8_CHAR").numpy().tolist() == [len(s) for s in texts]
    assert tf.strings.unicode_decode(t, "UTF-8").to_list() == [[ord(c) for c in s] for s in texts]
    assert tf.strings.unicode_encode(tf.strings.unicode_decode(t, "UTF-8"), "UTF-8").numpy().tolist() == encoded
    assert tf.strings.reduce_join(t, separator="|").numpy() == b"|".join(encoded)
    assert tf.strings.split(t).to_list() == [b.split() for b in encoded]


# --- unicode_script, unicode_transcode, unsorted_segment_join (values printed by TensorFlow 2.21) ----
def test_unicode_script_codes_are_icus():
    codes = tf.strings.unicode_script([888, -1, 0x110000, 0xD800, 65, 0x4E00, 0x3042, 1, 0x0416, 0x0301])
    assert codes.dtype == tf.int32
    assert codes.numpy().tolist() == [103, -1, -1, 103, 25, 17, 20, 0, 8, 1]
    assert tf.strings.unicode_script(tf.constant([[65]])).shape.as_list() == [1, 1]
    ragged = tf.strings.unicode_script(tf.strings.unicode_decode(["aЖ", "字"], "UTF-8"))
    assert ragged.to_list() == [[25, 8], [17]]
    with pytest.raises(tf.errors.InvalidArgumentError, match="int32"):
        tf.strings.unicode_script(tf.constant([65], tf.int64))
    assert tf.function(lambda x: tf.strings.unicode_script(x))(tf.constant([65, 32])).numpy().tolist() == [25, 0]


def test_unicode_transcode_encodings_and_error_modes():
    t = tf.strings.unicode_transcode
    assert t(["Hello", "2.x"], "UTF-8", "UTF-16-BE").numpy().tolist() == [
        b"\x00H\x00e\x00l\x00l\x00o", b"\x002\x00.\x00x"]
    assert t([b"a\xffb"], "UTF-8", "UTF-16-BE").numpy().tolist() == [b"\x00a\xff\xfd\x00b"]
    assert t([b"a\xffb"], "UTF-8", "UTF-8", errors="ignore").numpy().tolist() == [b"ab"]
    assert t([b"a\xffb"], "UTF-8", "UTF-8", replacement_char=63).numpy().tolist() == [b"a?b"]
    assert t([b"a\x01b"], "UTF-8", "UTF-8", replace_control_characters=True).numpy().tolist() == [b"a\xef\xbf\xbdb"]
    assert t([b"\xe9"], "ISO-8859-1", "UTF-8").numpy().tolist() == [b"\xc3\xa9"]
    assert t([b"\xe9", b"A"], "US ASCII", "UTF-8").numpy().tolist() == [b"\xef\xbf\xbd", b"A"]
    assert t([b"\xfe\xff\x00A", b"\xff\xfeA\x00", b"\x00A"], "UTF-16", "UTF-8").numpy().tolist() == [b"A"] * 3
    assert t([b"\x00\xd8"], "UTF-16-LE", "UTF-8").numpy().tolist() == [b"\xef\xbf\xbd"]
    assert t(["A"], "UTF-8", "UTF-32-BE").numpy().tolist() == [b"\x00\x00\x00A"]
    assert t("A", "UTF-8", "UTF-16-BE").numpy() == b"\x00A"
    assert t(tf.ragged.constant([["é"], []]), "UTF-8", "UTF-16-BE").to_list() == [[b"\x00\xe9"], []]
    with pytest.raises(tf.errors.InvalidArgumentError, match="Invalid formatting"):
        t([b"a\xffb"], "UTF-8", "UTF-8", errors="strict")
    with pytest.raises(tf.errors.InvalidArgumentError, match="output_encoding"):
        t(["A"], "UTF-8", "UTF-16-LE")
    with pytest.raises(tf.errors.InvalidArgumentError, match="converter for input encoding: BOGUS"):
        t(["A"], "BOGUS", "UTF-8")
    with pytest.raises(tf.errors.InvalidArgumentError, match="'errors'"):
        t(["A"], "UTF-8", "UTF-8", errors="x")


def test_unsorted_segment_join():
    join = tf.strings.unsorted_segment_join
    assert join(["this", "a", "test", "is"], [0, 1, 1, 0], 2, " ").numpy().tolist() == [b"this is", b"a test"]
    grid = [["Y", "q", "c"], ["Y", "6", "6"], ["p", "G", "a"]]
    assert join(grid, [1, 0, 1], 2, separator=":").numpy().tolist() == [[b"Y", b"6", b"6"], [b"Y:p", b"q:G", b"c:a"]]
    assert join([["a", "b"], ["c", "d"]], [[0, 1], [1, 1]], 2, separator="-").numpy().tolist() == [b"a", b"b-c-d"]
    assert join(["a"], [0], 3).numpy().tolist() == [b"a", b"", b""]
    with pytest.raises(tf.errors.InvalidArgumentError, match="negative"):
        join(["a", "b", "c"], [0, -1, 2], 3)
    with pytest.raises(tf.errors.InvalidArgumentError, match="prefix"):
        join(["a", "b"], [0], 2)
    with pytest.raises(tf.errors.InvalidArgumentError, match="rank 0"):
        join("a", 0, 2)
