"""keras.callbacks.TensorBoard: Keras 3's layout, read back with TensorBoard's loaders."""
import os

import numpy as np
import pytest

from tb_reading import accumulator, decode_png, plugin, values

import neuroflow as tf
from neuroflow import keras


def _data(n=96, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.random((n, 6)).astype(np.float32)
    return x, (x.sum(axis=1) > 3).astype(np.int32)


def _model():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(8, activation="relu"),
                              keras.layers.Dense(2, activation="softmax")], name="mlp")
    model.compile(keras.optimizers.Adam(0.01), "sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def test_epoch_scalars_in_train_and_validation_runs(tmp_path):
    x, y = _data()
    model = _model()
    history = model.fit(x, y, epochs=3, batch_size=16, verbose=0, validation_split=0.25,
                        callbacks=[keras.callbacks.TensorBoard(tmp_path)])
    assert sorted(os.listdir(tmp_path)) == ["train", "validation"]
    train, validation = str(tmp_path / "train"), str(tmp_path / "validation")
    for tag, key in (("epoch_loss", "loss"), ("epoch_accuracy", "accuracy")):
        written = values(train, tag)
        assert [s for s, _ in written] == [0, 1, 2]
        np.testing.assert_allclose([float(v) for _, v in written], history.history[key], rtol=1e-6)
        np.testing.assert_allclose([float(v) for _, v in values(validation, tag)], history.history["val_" + key],
                                   rtol=1e-6)
        assert plugin(train, tag) == "scalars"
    np.testing.assert_allclose([float(v) for _, v in values(train, "epoch_learning_rate")], [0.01] * 3, rtol=1e-6)
    assert [s for s, _ in values(validation, "evaluation_loss_vs_iterations")] == [5, 10, 15]
    assert not any(tag.startswith("batch_") for tag in accumulator(train).Tags()["tensors"])


def test_batch_logging_every_n_batches_with_steps_per_second(tmp_path):
    x, y = _data()
    model = _model()
    model.fit(x, y, epochs=2, batch_size=16, verbose=0, validation_split=0.25,
              callbacks=[keras.callbacks.TensorBoard(tmp_path, update_freq=4, write_steps_per_second=True)])
    train = str(tmp_path / "train")
    assert [s for s, _ in values(train, "batch_loss")] == [4, 8]  # 5 batches per epoch
    assert [s for s, _ in values(train, "batch_accuracy")] == [4, 8]
    assert [s for s, _ in values(str(tmp_path / "validation"), "epoch_loss")] == [0, 1]
    assert all(float(v) > 0 for _, v in values(train, "batch_steps_per_second"))
    assert all(float(v) > 0 for _, v in values(train, "epoch_steps_per_second"))
    # Epoch records do not depend on whether the epoch's last batch was a logged one.
    assert [s for s, _ in values(train, "epoch_loss")] == [0, 1]
    with pytest.raises(ValueError, match="update_freq"):
        keras.callbacks.TensorBoard(tmp_path, update_freq="sometimes")


def test_summaries_inside_the_model_follow_update_freq(tmp_path):
    class Probe(keras.layers.Layer):
        def call(self, inputs):
            tf.summary.scalar("mean_activation", tf.reduce_mean(inputs))
            return inputs

    x, y = _data(64)
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(4), Probe(), keras.layers.Dense(2)])
    model.compile("sgd", keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    model.fit(x, y, epochs=1, batch_size=8, verbose=0, callbacks=[keras.callbacks.TensorBoard(tmp_path, update_freq=2)])
    # Batch 1 runs eagerly, the others in the compiled step: both record at the batches update_freq picks.
    tags = accumulator(str(tmp_path / "train")).Tags()["tensors"]
    tag = next(t for t in tags if t.endswith("mean_activation"))
    assert [s for s, _ in values(str(tmp_path / "train"), tag)] == [2, 4, 6, 8]


def test_weight_histograms_images_and_graph(tmp_path):
    x, y = _data()
    model = _model()
    model.fit(x, y, epochs=2, batch_size=16, verbose=0,
              callbacks=[keras.callbacks.TensorBoard(tmp_path, histogram_freq=1, write_images=True)])
    train = str(tmp_path / "train")
    dense = model.layers[0]
    kernel_tag = f"{dense.kernel.path}/histogram"
    assert kernel_tag == f"mlp/{dense.name}/kernel/histogram"
    written = values(train, kernel_tag)
    assert [s for s, _ in written] == [0, 1]
    assert written[-1][1].shape == (30, 3) and written[-1][1][:, 2].sum() == 6 * 8
    kernel = dense.kernel.numpy()
    np.testing.assert_allclose(written[-1][1][[0, -1], [0, 1]], [kernel.min(), kernel.max()], rtol=1e-6)
    assert plugin(train, kernel_tag) == "histograms"
    (_, image), *_ = values(train, f"{dense.kernel.path}/image")
    assert decode_png(image[2])[:3] == (6, 8, 1)  # the kernel, wider than tall
    (_, bias_image), *_ = values(train, f"{dense.bias.path}/image")
    assert decode_png(bias_image[2])[:3] == (8, 1, 1)  # a bias is a column, as in Keras
    graph_def = accumulator(train).Graph()
    names = {n.name for n in graph_def.node}
    assert f"mlp/{dense.name}/MatMul" in names
    assert any(name.startswith("gradient_tape/") for name in names)
    assert any(name.startswith("adam/") for name in names)


def test_no_graph_when_running_eagerly_and_profile_batch_trace(tmp_path):
    x, y = _data()
    model = _model()
    model.compile("sgd", "sparse_categorical_crossentropy", run_eagerly=True)
    model.fit(x, y, epochs=1, batch_size=16, verbose=0, callbacks=[keras.callbacks.TensorBoard(tmp_path / "eager")])
    assert not accumulator(str(tmp_path / "eager" / "train")).Tags()["graph"]
    model = _model()
    model.fit(x, y, epochs=1, batch_size=16, verbose=0,
              callbacks=[keras.callbacks.TensorBoard(tmp_path / "traced", profile_batch=(2, 3), write_graph=False)])
    train = str(tmp_path / "traced" / "train")
    assert [s for s, _ in values(train, "batch_3")] == [3]
    assert plugin(train, "batch_3") == "graph_run_metadata_graph"
    assert not accumulator(train).Tags()["graph"]
    for bad in (-1, (3, 2), "a,b", (1, 2, 3)):
        with pytest.raises(ValueError, match="profile_batch"):
            keras.callbacks.TensorBoard(tmp_path, profile_batch=bad)


def test_evaluate_alone_and_a_reused_callback(tmp_path):
    x, y = _data()
    model = _model()
    callback = keras.callbacks.TensorBoard(tmp_path)
    for _ in range(2):  # a second fit starts new event files, epochs count from 0 again (as in Keras)
        model.fit(x, y, epochs=1, batch_size=32, verbose=0, callbacks=[callback])
    assert [s for s, _ in values(str(tmp_path / "train"), "epoch_loss")] == [0, 0]
    model.evaluate(x, y, verbose=0, callbacks=[callback])  # flushed at once: no train end follows
    assert [s for s, _ in values(str(tmp_path / "validation"), "evaluation_accuracy_vs_iterations")] == [6]


def test_log_dir_that_cannot_be_created(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    x, y = _data(16)
    model = _model()
    with pytest.raises(tf.errors.FailedPreconditionError):
        model.fit(x, y, epochs=1, verbose=0, callbacks=[keras.callbacks.TensorBoard(blocker / "logs")])
