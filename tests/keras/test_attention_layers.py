"""Attention layers: Keras 3 weights and outputs, masks, causal masks, errors."""
import os

import numpy as np
import pytest

import neuroflow as tf
from neuroflow import keras
from layer_test_helper import run_layer_test

FIXTURE = os.path.join(os.path.dirname(__file__), "..", "fixtures", "keras_rnn_reference.npz")


def _softmax(v):
    e = np.exp(v - v.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def test_multi_head_attention_matches_real_keras():
    ref = np.load(FIXTURE)
    layer = keras.layers.MultiHeadAttention(num_heads=2, key_dim=3)
    x, value = ref["x"], ref["mha_value"]
    layer.build(x.shape, value.shape)
    assert [w.path.split("/", 1)[1] for w in layer.weights] == [str(p).split("/", 1)[1] for p in ref["mha_paths"]]
    layer.set_weights([ref[f"mha_w{i}"] for i in range(len(layer.weights))])
    out, scores = layer(x, value, return_attention_scores=True)
    np.testing.assert_allclose(out.numpy(), ref["mha_outputs"], atol=1e-5)
    np.testing.assert_allclose(scores.numpy(), ref["mha_scores"], atol=1e-6)
    causal_value = x[:, :, :4] @ np.eye(4, 5, dtype="float32")
    np.testing.assert_allclose(layer(x, causal_value, use_causal_mask=True).numpy(), ref["mha_causal_outputs"],
                               atol=1e-5)


def test_multi_head_attention_equations_and_masks():
    rng = np.random.default_rng(0)
    q, v = rng.standard_normal((2, 4, 6)).astype("float32"), rng.standard_normal((2, 3, 6)).astype("float32")
    layer = keras.layers.MultiHeadAttention(num_heads=2, key_dim=5, value_dim=4, use_bias=False)
    mask = np.array([[[1, 1, 0]] * 4, [[1, 0, 0]] * 4], bool)
    out, scores = layer(q, v, attention_mask=mask, return_attention_scores=True)
    wq, wk, wv, wo = (w.numpy() for w in layer.weights)
    qh, kh, vh = np.einsum("btd,dhk->bthk", q, wq), np.einsum("bsd,dhk->bshk", v, wk), np.einsum("bsd,dhk->bshk", v, wv)
    logits = np.einsum("bthk,bshk->bhts", qh, kh) / np.sqrt(5)
    probs = _softmax(np.where(mask[:, None], logits, -1e9))
    expected = np.einsum("bthv,hvd->btd", np.einsum("bhts,bshv->bthv", probs, vh), wo)
    np.testing.assert_allclose(scores.numpy(), probs, atol=1e-6)
    np.testing.assert_allclose(out.numpy(), expected, atol=1e-5)
    # Keras masks from Embedding(mask_zero=True) become the attention mask
    ids = np.array([[3, 4, 0]])
    embedded = keras.layers.Embedding(6, 6, mask_zero=True)(ids)
    attention = keras.layers.MultiHeadAttention(1, 2)
    _, auto = attention(embedded, embedded, return_attention_scores=True)
    assert np.all(auto.numpy()[0, 0, :2, 2] == 0) and np.all(auto.numpy()[0, 0, 2] == 0)


def test_multi_head_attention_contract_and_training():
    layer = keras.layers.MultiHeadAttention(num_heads=2, key_dim=3, dropout=0.1, output_shape=7)
    config = layer.get_config()
    assert keras.layers.deserialize(keras.layers.serialize(layer)).get_config() == config
    query, value = keras.Input((5, 6)), keras.Input((3, 4))
    assert layer(query, value).shape == (None, 5, 7)
    assert [tuple(w.shape) for w in layer.weights] == [(6, 2, 3), (2, 3), (4, 2, 3), (2, 3), (4, 2, 3), (2, 3),
                                                       (2, 3, 7), (7,)]
    keras.utils.set_random_seed(0)
    inputs = keras.Input((5, 6))
    outputs = keras.layers.MultiHeadAttention(2, 3, dropout=0.1)(inputs, inputs)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    x = np.random.default_rng(0).standard_normal((8, 5, 6)).astype("float32")
    losses = model.fit(x, x, epochs=30, verbose=0).history["loss"]
    assert np.mean(losses[-5:]) < 0.7 * np.mean(losses[:5])


def test_einsum_dense_and_dot_attention_layers():
    run_layer_test(keras.layers.EinsumDense, {"equation": "abc,cd->abd", "output_shape": (None, 3), "bias_axes": "d"},
                   input_shape=(2, 4, 5), expected_output_shape=(2, 4, 3), expected_num_trainable_weights=2)
    rng = np.random.default_rng(1)
    q, v = rng.standard_normal((2, 3, 4)).astype("float32"), rng.standard_normal((2, 5, 4)).astype("float32")
    v_mask = np.array([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]], bool)
    out = keras.layers.Attention()([q, v], mask=[None, v_mask])
    probs = _softmax(np.where(v_mask[:, None], q @ v.transpose(0, 2, 1), -1e9))
    np.testing.assert_allclose(out.numpy(), probs @ v, atol=1e-5)
    additive = keras.layers.AdditiveAttention()
    out = additive([q, v])
    scale = additive.weights[0].numpy()
    scores = (scale * np.tanh(q[:, :, None] + v[:, None])).sum(-1)
    np.testing.assert_allclose(out.numpy(), _softmax(scores) @ v, atol=1e-5)
    causal = keras.layers.Attention()([q, q], use_causal_mask=True, return_attention_scores=True)[1].numpy()
    assert np.all(np.triu(causal[0], 1) == 0)


def test_mismatched_key_and_value_lengths_name_the_layer():
    layer = keras.layers.MultiHeadAttention(2, 2, name="mha")
    x = tf.ones([1, 4, 3])
    with pytest.raises(ValueError, match="'mha'.*value_shape=\\(1, 4, 3\\) and key_shape=\\(1, 5, 3\\)"):
        layer(x, x, key=tf.ones([1, 5, 3]))
    with pytest.raises(ValueError, match="attention_mask of shape \\(1, 4, 2\\)"):
        keras.layers.MultiHeadAttention(1, 2)(x, x, attention_mask=np.ones((1, 4, 2), bool))


def test_group_query_attention_matches_real_keras():
    ref = np.load(FIXTURE)
    layer = keras.layers.GroupQueryAttention(head_dim=3, num_query_heads=4, num_key_value_heads=2)
    x, value = ref["x"], ref["mha_value"]
    layer.build(x.shape, value.shape)
    layer.set_weights([ref[f"gqa_w{i}"] for i in range(len(layer.weights))])
    out, scores = layer(x, value, return_attention_scores=True)
    np.testing.assert_allclose(out.numpy(), ref["gqa_outputs"], atol=1e-5)
    np.testing.assert_allclose(scores.numpy(), ref["gqa_scores"], atol=1e-6)
    assert keras.layers.serialize(layer)["class_name"] == "GroupQueryAttention"  # as Keras writes it
    causal = layer(x, x[:, :, :4] @ np.ones((4, 5), "float32"), use_causal_mask=True, return_attention_scores=True)[1]
    assert np.all(np.triu(causal.numpy()[0, 0], 1) == 0)
    with pytest.raises(ValueError, match="divisible"):
        keras.layers.GroupQueryAttention(2, 3, 2)
