"""Where Keras leaves masked time steps out, against real Keras 3 numbers
(fixture written by tests/fixtures/make_keras_seq_reference.py)."""
import os

import numpy as np
import pytest

from neuroflow import keras

REF = np.load(os.path.join(os.path.dirname(__file__), "..", "fixtures", "keras_seq_reference.npz"))
IDS = REF["mask_ids"]


def test_global_pooling_1d_with_masks_as_keras():
    """GlobalAveragePooling1D averages over the unmasked steps; GlobalMaxPooling1D, which does not
    support masking in Keras, takes every step (and drops the mask)."""
    inputs = keras.Input((None,), dtype="int32")
    x = keras.layers.Embedding(10, 4, mask_zero=True)(inputs)
    average, maximum = keras.layers.GlobalAveragePooling1D()(x), keras.layers.GlobalMaxPooling1D()(x)
    model = keras.Model(inputs, [average, maximum])
    model.layers[1].set_weights([REF["pool_layer0_w0"]])
    ours = model(IDS)
    np.testing.assert_allclose(ours[0].numpy(), REF["masked_average"], rtol=1e-6)
    np.testing.assert_allclose(ours[1].numpy(), REF["masked_max"], rtol=1e-6)
    assert getattr(ours[0], "_keras_mask", None) is None and getattr(ours[1], "_keras_mask", None) is None


def test_softmax_leaves_masked_keys_out_as_keras():
    out = keras.layers.Softmax()(REF["scores"], mask=(IDS != 0)[:, None, :]).numpy()
    np.testing.assert_allclose(out, REF["masked_softmax"], rtol=1e-6, atol=1e-7)
    assert np.all(out[IDS[:, None, :].repeat(2, 1) == 0] == 0)


def _model(run_eagerly):
    model = keras.Sequential([keras.Input((None,), dtype="int32"), keras.layers.Embedding(10, 3, mask_zero=True),
                              keras.layers.LSTM(2, return_sequences=True), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"], run_eagerly=run_eagerly)
    model.set_weights([REF[f"loss_model_w{i}"] for i in range(6)])
    return model


@pytest.mark.parametrize("run_eagerly", [True, False])
def test_masked_steps_are_left_out_of_losses_metrics_and_gradients(run_eagerly):
    """evaluate()'s loss and metric, and a train step's update, as Keras computes them, eager or compiled."""
    key = "eager" if run_eagerly else "compiled"
    model = _model(run_eagerly)
    y = REF["loss_y"]
    result = model.evaluate(IDS, y, batch_size=3, return_dict=True, verbose=0)
    np.testing.assert_allclose(result["loss"], REF[f"{key}_loss"], rtol=1e-5)
    np.testing.assert_allclose(result["mae"], REF[f"{key}_mae"], rtol=1e-5)
    garbage = y.copy()
    garbage[IDS == 0] = 1e3  # labels at padded steps must not count
    assert model.evaluate(IDS, garbage, batch_size=3, return_dict=True, verbose=0) == result
    model.train_on_batch(IDS, garbage)
    for i, w in enumerate(model.get_weights()):
        np.testing.assert_allclose(w, REF[f"{key}_trained_w{i}"], rtol=1e-5, atol=1e-6)
