"""Text and categorical preprocessing layers against real Keras 3 outputs and hand-computed values.

tests/fixtures/text/reference.json was written by real Keras 3 / TensorFlow 2.21 with
tests/fixtures/text/make_reference.py (the side venv; not a test dependency).
"""
import json
import math
import os

import numpy as np
import pytest

import neuroflow as tf
from neuroflow import keras

from layer_test_helper import run_layer_test

_REF = json.load(open(os.path.join(os.path.dirname(__file__), "..", "fixtures", "text", "reference.json")))


def _kwargs(case):
    return {k: tuple(v) if isinstance(v, list) and k == "ngrams" else v for k, v in case["kwargs"].items()}


# --- TextVectorization ------------------------------------------------------------------------------
@pytest.mark.parametrize("case", _REF["text_vectorization"], ids=lambda c: str(c["kwargs"]))
def test_text_vectorization_matches_keras(case):
    layer = keras.layers.TextVectorization(**_kwargs(case))
    layer.adapt(_REF["corpus"])
    assert layer.get_vocabulary() == case["vocabulary"]
    assert layer.vocabulary_size() == case["vocabulary_size"]
    out = layer(tf.constant(_REF["query"]))
    np.testing.assert_allclose(out.numpy(), case["output"], rtol=1e-6)
    assert out.dtype == ("float32" if case["kwargs"].get("output_mode") == "tf_idf" else "int64")


def test_text_vectorization_hand_computed_vocabulary_and_tf_idf():
    docs = ["b a", "a c a", "a"]
    layer = keras.layers.TextVectorization(output_mode="tf_idf")
    layer.adapt(docs)
    # counts: a=4, b=1, c=1 -> a first; b and c tie and the larger token comes first
    assert layer.get_vocabulary() == ["[UNK]", "a", "c", "b"]
    idf = {t: math.log(1 + 3 / (1 + df)) for t, df in {"a": 3, "c": 1, "b": 1}.items()}
    oov = np.mean(np.float32([idf["a"], idf["c"], idf["b"]]))
    out = layer(["a a z c"]).numpy()[0]
    np.testing.assert_allclose(out, [oov, 2 * idf["a"], idf["c"], 0.0], rtol=1e-6)


def test_text_vectorization_split_none_each_element_is_a_document():
    layer = keras.layers.TextVectorization(split=None, standardize=None, output_mode="tf_idf")
    layer.adapt(np.array(["a", "a", "b"]))
    np.testing.assert_allclose(layer(np.array([["a"], ["b"]])).numpy(),
                               [[0, math.log(1 + 3 / 3), 0], [0, 0, math.log(1 + 3 / 2)]], rtol=1e-6)


def test_text_vectorization_adapt_from_batches_and_sequence_length():
    batches = (np.array(texts) for texts in [["one two"], ["two three three"]])
    layer = keras.layers.TextVectorization(output_sequence_length=3)
    layer.adapt(batches)
    assert layer.get_vocabulary() == ["", "[UNK]", "two", "three", "one"]  # a tie: the larger token first
    np.testing.assert_array_equal(layer(["one one one one", "nine three"]).numpy(), [[4, 4, 4], [1, 3, 0]])
    # without output_sequence_length the batch is padded to its longest row
    free = keras.layers.TextVectorization(vocabulary=["one", "two"])
    np.testing.assert_array_equal(free(["one", "two one two"]).numpy(), [[2, 0, 0], [3, 2, 3]])


def test_text_vectorization_custom_callables_split_none_and_ragged():
    def standardize(x):
        return tf.strings.regex_replace(x, "<br />", " ")

    layer = keras.layers.TextVectorization(standardize=standardize, split=lambda x: tf.strings.split(x, sep="|"),
                                           vocabulary=["a<b", "c"], ragged=True)
    out = layer(["a<b|c|<br />"])
    assert isinstance(out, tf.RaggedTensor) and out.to_list() == [[2, 3, 1]]
    tokens = keras.layers.TextVectorization(split=None, standardize=None, vocabulary=["x", "y"])
    np.testing.assert_array_equal(tokens(tf.constant([["y", "x", "q"]])).numpy(), [[3, 2, 1]])


def test_text_vectorization_set_vocabulary_and_config_round_trip():
    layer = keras.layers.TextVectorization(max_tokens=10, ngrams=2, output_mode="count")
    layer.set_vocabulary(["a", "b", "a b"])
    assert layer.get_vocabulary() == ["[UNK]", "a", "b", "a b"]
    assert layer.get_config()["vocabulary"] is None  # as in Keras: a set vocabulary is saved as an asset
    layer = keras.layers.TextVectorization(max_tokens=10, ngrams=2, output_mode="count", vocabulary=["a", "b", "a b"])
    config = layer.get_config()
    assert config["ngrams"] == 2 and config["vocabulary_size"] == 4
    revived = keras.layers.TextVectorization.from_config(config)
    np.testing.assert_array_equal(revived(["a b b"]).numpy(), layer(["a b b"]).numpy())
    np.testing.assert_array_equal(layer(["a b b"]).numpy(), [[1, 1, 2, 1]])  # "b b" is OOV


def test_text_vectorization_layer_test_and_functional_model():
    run_layer_test(keras.layers.TextVectorization,
                   {"vocabulary": ["the", "cat"], "output_sequence_length": 4},
                   input_data=tf.constant(["the cat", "a cat sat"]), input_dtype="string",
                   expected_output_shape=(2, 4), expected_output_dtype="int64",
                   expected_output=[[2, 3, 0, 0], [1, 3, 1, 0]])
    keras.utils.set_random_seed(0)
    vectorize = keras.layers.TextVectorization(vocabulary=["good", "bad"], output_mode="multi_hot")
    inputs = keras.Input(shape=(1,), dtype="string")
    outputs = keras.layers.Dense(1, activation="sigmoid")(
        keras.layers.Lambda(lambda t: tf.cast(t, "float32"))(vectorize(inputs)))
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(0.1), loss="binary_crossentropy")
    x = np.array([["good"], ["bad"], ["good good"], ["bad bad"]] * 8, dtype=object)
    y = np.array([1.0, 0.0, 1.0, 0.0] * 8, dtype="float32")
    history = model.fit(x, y, epochs=15, batch_size=8, verbose=0)  # compiled train step with a string input
    assert history.history["loss"][-1] < 0.5 * history.history["loss"][0]
    good, bad = model.predict(np.array([["good"], ["bad"]], dtype=object), verbose=0)[:, 0]
    assert good > 0.8 and bad < 0.2


def test_preprocessing_layers_inside_traced_functions():
    vectorize = keras.layers.TextVectorization(vocabulary=["a", "b"], output_sequence_length=3)
    lookup = keras.layers.StringLookup(vocabulary=["a", "b"])

    @tf.function(input_signature=[tf.TensorSpec([None], tf.string)])
    def both(x):
        return vectorize(x), lookup(x) * 2

    tokens, ids = both(tf.constant(["a b c", "b"]))
    np.testing.assert_array_equal(tokens.numpy(), [[2, 3, 1], [3, 0, 0]])
    np.testing.assert_array_equal(ids.numpy(), [0, 4])


def test_text_vectorization_errors():
    layer = keras.layers.TextVectorization()
    with pytest.raises(ValueError, match=r"before it has a vocabulary.*adapt"):
        layer(["hello world"])
    with pytest.raises(ValueError, match="standardize"):
        keras.layers.TextVectorization(standardize="upper")
    with pytest.raises(ValueError, match="output_sequence_length"):
        keras.layers.TextVectorization(output_mode="count", output_sequence_length=3)
    layer.adapt(["a b"])
    with pytest.raises(ValueError, match="last shape dimension must be 1"):
        layer(tf.constant([["a", "b"]]))
    with pytest.raises(ValueError, match="expects string inputs"):
        layer(tf.constant([1, 2]))
    with pytest.raises(ValueError, match="after setting a static vocabulary"):
        keras.layers.TextVectorization(vocabulary=["a"]).adapt(["a b"])


def test_text_vectorization_non_utf8_bytes_are_kept():
    layer = keras.layers.TextVectorization(standardize=None)
    layer.adapt(tf.constant([b"caf\xe9 ok", b"ok"]))
    assert layer.get_vocabulary() == ["", "[UNK]", "ok", "caf\ufffd"]
    np.testing.assert_array_equal(layer(tf.constant([b"caf\xe9"])).numpy(), [[3]])


# --- lookups -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("case", [c for c in _REF["string_lookup"] if "kwargs" in c], ids=lambda c: str(c["kwargs"]))
def test_string_lookup_matches_keras(case):
    layer = keras.layers.StringLookup(**case["kwargs"])
    layer.adapt([["a", "b", "c", "b"], ["c", "c", "d", "e"], ["f", "a", "b", "c"]])
    assert layer.get_vocabulary() == case["vocabulary"]
    query = case["query"]
    if all(len(row) == len(query[0]) for row in query):
        np.testing.assert_array_equal(layer(tf.constant(query)).numpy(), case["output"])
    else:
        assert layer(tf.ragged.constant(query)).to_list() == case["output"]


def test_string_lookup_invert_and_round_trip():
    inverse = keras.layers.StringLookup(vocabulary=["a", "b", "c"], invert=True, mask_token="")
    expected = [c for c in _REF["string_lookup"] if c.get("invert")][0]["output"]
    out = inverse(tf.constant([[0, 1, 2, 3, 4]]))
    assert [v.decode() for v in out.numpy().reshape(-1)] == expected
    forward = keras.layers.StringLookup(vocabulary=["x", "y"])
    back = keras.layers.StringLookup(vocabulary=forward.get_vocabulary(), invert=True)
    assert back(forward(["y", "x", "w"])).numpy().tolist() == [b"y", b"x", b"[UNK]"]


def test_string_lookup_one_hot_tf_idf_and_layer_test():
    run_layer_test(keras.layers.StringLookup, {"vocabulary": ["a", "b"], "output_mode": "one_hot"},
                   input_data=tf.constant(["b", "z", "a"]), input_dtype="string", expected_output_shape=(3, 3),
                   expected_output_dtype="int64", expected_output=[[0, 0, 1], [1, 0, 0], [0, 1, 0]])
    layer = keras.layers.StringLookup(vocabulary=["a", "b"], idf_weights=[0.5, 0.25], output_mode="tf_idf")
    np.testing.assert_allclose(layer([["a", "a", "b", "z"]]).numpy(), [[0.375, 1.0, 0.25]])


def test_lookup_errors():
    with pytest.raises(ValueError, match="no vocabulary"):
        keras.layers.StringLookup()(["a"])
    with pytest.raises(ValueError, match="repeated term"):
        keras.layers.StringLookup(vocabulary=["a", "a"])
    with pytest.raises(ValueError, match="reserved mask token"):
        keras.layers.StringLookup(vocabulary=["a", ""], mask_token="")
    with pytest.raises(tf.errors.InvalidArgumentError, match="num_oov_indices=0"):
        keras.layers.StringLookup(vocabulary=["a"], num_oov_indices=0)(["b"])
    with pytest.raises(ValueError, match="`invert` is true"):
        keras.layers.StringLookup(invert=True, output_mode="count")
    with pytest.raises(ValueError, match=r"StringLookup 'string_lookup\w*' expects string inputs.*int32"):
        keras.layers.StringLookup(vocabulary=["a"])([1, 2])
    with pytest.raises(ValueError, match="expects integer inputs"):
        keras.layers.IntegerLookup(vocabulary=[1])(["a"])
    with pytest.raises(ValueError, match="larger than the maximum"):
        keras.layers.StringLookup(vocabulary=["a", "b", "c"], max_tokens=3)


@pytest.mark.parametrize("case", _REF["integer_lookup"], ids=lambda c: str(c["kwargs"]))
def test_integer_lookup_matches_keras(case):
    layer = keras.layers.IntegerLookup(**case["kwargs"])
    layer.adapt(np.array([[12, 36, 1138, 42], [42, 36, 12, 12], [7, 7, 7, 36]]))
    assert layer.get_vocabulary() == case["vocabulary"]
    np.testing.assert_array_equal(layer(np.array(case["query"])).numpy(), case["output"])


@pytest.mark.parametrize("case", _REF["oov_hashing"], ids=lambda c: str(c["kwargs"]))
def test_oov_buckets_match_keras(case):
    layer = getattr(keras.layers, case["layer"])(**case["kwargs"])
    np.testing.assert_array_equal(layer(np.array(case["input"])).numpy(), case["output"])


def test_integer_lookup_invert_config_and_layer_test():
    layer = keras.layers.IntegerLookup(vocabulary=[12, 36, 1138, 42], invert=True)
    np.testing.assert_array_equal(layer(np.array([[1, 3, 4], [4, 0, 2]])).numpy(), [[12, 1138, 42], [42, -1, 36]])
    run_layer_test(keras.layers.IntegerLookup, {"vocabulary": [5, 9], "mask_token": 0},
                   input_data=np.array([[9, 0, 5, 7]]), input_dtype="int64", expected_output_shape=(1, 4),
                   expected_output_dtype="int64", expected_output=[[3, 0, 2, 1]])


# --- Hashing, CategoryEncoding, Discretization -------------------------------------------------------
@pytest.mark.parametrize("case", _REF["hashing"], ids=lambda c: str(c["kwargs"]))
def test_hashing_matches_keras(case):
    layer = keras.layers.Hashing(**case["kwargs"])
    data = np.array(case["input"]) if isinstance(case["input"][0], int) else tf.constant(case["input"])
    if case["kwargs"].get("output_mode") == "multi_hot":
        data = tf.constant([case["input"]])
    np.testing.assert_array_equal(layer(data).numpy(), case["output"])


def test_hashing_layer_test_and_errors():
    run_layer_test(keras.layers.Hashing, {"num_bins": 4, "output_mode": "count"},
                   input_data=tf.constant([["a", "a", "b"]]), input_dtype="string", expected_output_shape=(1, 4),
                   expected_output_dtype="float32")
    ragged = keras.layers.Hashing(num_bins=5)(tf.ragged.constant([["a", "b"], ["hello"]]))
    assert ragged.to_list() == [[4, 2], [1]]  # Keras' bins for these strings (see reference.json)
    with pytest.raises(ValueError, match="num_bins"):
        keras.layers.Hashing(num_bins=0)
    with pytest.raises(ValueError, match="salt"):
        keras.layers.Hashing(num_bins=2, salt="pepper")


def test_category_encoding():
    run_layer_test(keras.layers.CategoryEncoding, {"num_tokens": 4, "output_mode": "multi_hot"},
                   input_data=np.array([[0, 1], [0, 0], [1, 2], [3, 1]]), input_dtype="int32",
                   expected_output_shape=(4, 4),
                   expected_output=[[1, 1, 0, 0], [1, 0, 0, 0], [0, 1, 1, 0], [0, 1, 0, 1]])
    count = keras.layers.CategoryEncoding(num_tokens=3, output_mode="count")
    np.testing.assert_allclose(count([[0, 2, 2]], count_weights=[[0.5, 1.0, 2.0]]).numpy(), [[0.5, 0.0, 3.0]])
    one_hot = keras.layers.CategoryEncoding(num_tokens=3, output_mode="one_hot")
    assert one_hot([[1], [2]]).shape == (2, 3)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"0 <= values < num_tokens"):
        count([[3]])
    with pytest.raises(ValueError, match="num_tokens must be set"):
        keras.layers.CategoryEncoding()


@pytest.mark.parametrize("index", range(3))
def test_discretization_matches_keras(index):
    case = _REF["discretization"]["cases"][index]
    layer = keras.layers.Discretization(**case["kwargs"])
    layer.adapt(np.array(_REF["discretization"]["data"]).reshape(-1, 1))
    np.testing.assert_allclose(layer.bin_boundaries, case["bin_boundaries"], rtol=1e-6)
    np.testing.assert_array_equal(layer(np.array(case["query"])).numpy(), case["output"])


def test_discretization_layer_test_and_errors():
    run_layer_test(keras.layers.Discretization, {"bin_boundaries": [0.0, 1.0]},
                   input_data=np.array([[-1.0, 0.5, 2.0]], dtype="float32"), expected_output_shape=(1, 3),
                   expected_output_dtype="int32", expected_output=[[0, 1, 2]])
    layer = keras.layers.Discretization(num_bins=3)
    with pytest.raises(ValueError, match="adapt"):
        layer(np.zeros((1, 1)))
    with pytest.raises(ValueError, match="Both `num_bins` and `bin_boundaries`"):
        keras.layers.Discretization(num_bins=2, bin_boundaries=[0.0])
    batches = [np.arange(0.0, 50.0), np.arange(50.0, 100.0)]
    layer.adapt(iter(batches))
    np.testing.assert_allclose(layer.bin_boundaries, [33.0, 66.0], atol=1.0)


def test_saving_hooks_round_trip(tmp_path):
    """Keras' saving protocol: config + `save_assets` (vocabulary.txt) + `save_own_variables` (IDF weights)."""
    layer = keras.layers.TextVectorization(output_mode="tf_idf", max_tokens=6)
    layer.adapt(_REF["corpus"])
    store = {}
    layer.save_assets(str(tmp_path))
    layer.save_own_variables(store)
    assert (tmp_path / "vocabulary.txt").read_text().splitlines()[:3] == ["[UNK]", "the", "dog"]
    revived = keras.layers.TextVectorization.from_config(layer.get_config())
    revived.load_assets(str(tmp_path))
    revived.load_own_variables(store)
    assert revived.get_vocabulary() == layer.get_vocabulary()
    np.testing.assert_allclose(revived(_REF["query"]).numpy(), layer(_REF["query"]).numpy())
