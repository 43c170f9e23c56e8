"""CTC loss and decoders against values written by real TensorFlow 2.21 (tests/fixtures/ctc)."""
import pathlib

import numpy as np

import neuroflow as tf
from neuroflow import keras

_REF = np.load(pathlib.Path(__file__).resolve().parent / "fixtures" / "ctc" / "reference.npz")


def test_loss_matches_tensorflow_with_blank_first_and_last():
    loss = tf.nn.ctc_loss(_REF["labels"], _REF["logits"], _REF["label_length"], _REF["logit_length"],
                          logits_time_major=False, blank_index=0)
    np.testing.assert_allclose(loss.numpy(), _REF["loss"], rtol=1e-5)
    time_major = np.transpose(_REF["logits"], (1, 0, 2))
    last = tf.nn.ctc_loss(_REF["labels_last"], time_major, _REF["label_length"], _REF["logit_length"])
    np.testing.assert_allclose(last.numpy(), _REF["loss_blank_last"], rtol=1e-5)


def test_gradient_matches_tensorflows_ctc_loss_op():
    logits = tf.Variable(np.transpose(_REF["logits"], (1, 0, 2)))
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.nn.ctc_loss(_REF["labels_last"], logits, _REF["label_length"], _REF["logit_length"]))
    np.testing.assert_allclose(tape.gradient(loss, logits).numpy(), _REF["grad_blank_last"], atol=1e-5)


def test_decoders_match_tensorflow():
    time_major = np.transpose(_REF["logits"], (1, 0, 2))
    (greedy,), scores = tf.nn.ctc_greedy_decoder(time_major, _REF["logit_length"], blank_index=0)
    width = _REF["greedy"].shape[1]
    np.testing.assert_array_equal(greedy.numpy()[:, :width], _REF["greedy"])
    assert (greedy.numpy()[:, width:] == -1).all()
    np.testing.assert_allclose(scores.numpy(), _REF["greedy_scores"], rtol=1e-5)
    beams, beam_scores = tf.nn.ctc_beam_search_decoder(_REF["peaked"], [6, 6], beam_width=10, top_paths=2)
    for k in range(2):
        want = _REF[f"beam{k}"]
        np.testing.assert_array_equal(beams[k].numpy()[:, :want.shape[1]], want)
    np.testing.assert_allclose(beam_scores.numpy(), _REF["beam_scores"], rtol=1e-4)


def test_keras_ops_ctc_loss_and_decode():
    loss = keras.ops.ctc_loss(_REF["labels"], _REF["logits"], _REF["label_length"], _REF["logit_length"])
    np.testing.assert_allclose(loss.numpy(), _REF["loss"], rtol=1e-5)
    decoded, scores = keras.ops.ctc_decode(_REF["logits"], _REF["logit_length"])
    assert decoded.shape == (1, 3, 7) and scores.shape == (3, 1)
    width = _REF["greedy"].shape[1]
    np.testing.assert_array_equal(decoded.numpy()[0, :, :width], _REF["greedy"])


def test_keras_beam_search_maps_classes_back_around_the_blank():
    peaked = _REF["peaked"]                                  # time-major, blank = last (3)
    batch_major = np.transpose(peaked, (1, 0, 2))
    moved = np.concatenate([batch_major[..., 3:], batch_major[..., :3]], axis=-1)   # blank first now
    decoded, _ = keras.ops.ctc_decode(moved, [6, 6], strategy="beam_search", beam_width=10, mask_index=0)
    want = _REF["beam0"]
    np.testing.assert_array_equal(decoded.numpy()[0, :, :want.shape[1]], np.where(want >= 0, want + 1, want))
