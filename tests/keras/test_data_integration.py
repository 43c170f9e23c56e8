"""Keras over tf.data: fit/evaluate/predict on datasets, PyDataset workers, and the dataset utilities."""
import importlib.util
import os
import pathlib
import runpy
import sys
import threading

import numpy as np
import pytest

import neuroflow as tf
from neuroflow import keras

D = tf.data.Dataset


def _data(n=96, seed=0):
    rng = np.random.RandomState(seed)
    x = rng.rand(n, 6).astype("float32")
    y = (x.sum(1) > 3).astype("int32")
    return x, y


def _model(inputs=6):
    keras.utils.set_random_seed(3)
    model = keras.Sequential([keras.Input((inputs,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(2)])
    model.compile("adam", keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    return model


# --- fit / evaluate / predict --------------------------------------------------------------------
def test_fit_on_a_dataset_equals_fit_on_arrays():
    x, y = _data()
    on_arrays = _model()
    history_arrays = on_arrays.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=0)
    on_dataset = _model()
    history_dataset = on_dataset.fit(D.from_tensor_slices((x, y)).batch(16).prefetch(2), epochs=2, verbose=0)
    assert history_dataset.history == history_arrays.history
    for a, b in zip(on_arrays.get_weights(), on_dataset.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_fit_on_a_seeded_shuffled_dataset_equals_arrays_in_that_order():
    x, y = _data()
    order = np.concatenate([b.numpy() for b in D.range(len(x)).shuffle(len(x), seed=5,
                                                                         reshuffle_each_iteration=False).batch(96)])
    on_arrays = _model()
    on_arrays.fit(x[order], y[order], batch_size=32, shuffle=False, verbose=0)
    on_dataset = _model()
    ds = D.from_tensor_slices((x, y)).shuffle(len(x), seed=5, reshuffle_each_iteration=False).batch(32)
    on_dataset.fit(ds, verbose=0)
    for a, b in zip(on_arrays.get_weights(), on_dataset.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_sample_weights_and_dict_inputs():
    x, y = _data()
    weights = np.linspace(0.1, 1.0, len(x)).astype("float32")
    with_arrays = _model()
    with_arrays.fit(x, y, sample_weight=weights, batch_size=32, shuffle=False, verbose=0)
    with_dataset = _model()
    with_dataset.fit(D.from_tensor_slices((x, y, weights)).batch(32), verbose=0)
    for a, b in zip(with_arrays.get_weights(), with_dataset.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-6)

    left, right = keras.Input((2,), name="left"), keras.Input((4,), name="right")
    merged = keras.layers.Concatenate()([left, right])
    model = keras.Model({"left": left, "right": right}, keras.layers.Dense(2)(merged))
    model.compile("sgd", keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    ds = D.from_tensor_slices(({"left": x[:, :2], "right": x[:, 2:]}, y)).batch(32)
    history = model.fit(ds, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
    assert model.predict(ds, verbose=0).shape == (len(x), 2)


def test_steps_per_epoch_with_repeat_and_evaluate_predict():
    x, y = _data()
    model = _model()
    history = model.fit(D.from_tensor_slices((x, y)).batch(32).repeat(), steps_per_epoch=5, epochs=3, verbose=0)
    assert len(history.history["loss"]) == 3
    loss, accuracy = model.evaluate(D.from_tensor_slices((x, y)).batch(48), verbose=0)
    assert np.isfinite(loss) and 0 <= accuracy <= 1
    assert model.predict(D.from_tensor_slices(x).batch(40), verbose=0).shape == (len(x), 2)
    assert model.predict(D.from_tensor_slices((x, y)).batch(40), verbose=0).shape == (len(x), 2)  # y ignored


def test_unknown_cardinality_shows_keras_unknown_step_counter(capsys):
    x, y = _data()
    ds = D.from_tensor_slices((x, y)).filter(lambda a, b: True).batch(32)
    assert int(ds.cardinality()) == tf.data.UNKNOWN_CARDINALITY
    _model().fit(ds, epochs=1, verbose=1)
    out = capsys.readouterr().out
    assert "1/Unknown" in out and "3/3" in out  # counted live, then the total once known


def test_fit_over_a_dataset_that_learns():
    x, y = _data(512, seed=1)
    model = _model()
    model.compile(keras.optimizers.Adam(0.02), keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    ds = D.from_tensor_slices((x, y)).shuffle(512, seed=1).batch(32).prefetch(tf.data.AUTOTUNE)
    history = model.fit(ds, epochs=15, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0] * 0.8
    assert history.history["accuracy"][-1] > 0.8


# --- PyDataset ---------------------------------------------------------------------------------------
class _Batches(keras.utils.PyDataset):
    def __init__(self, x, y, **kwargs):
        super().__init__(**kwargs)
        self.x, self.y = x, y
        self.threads = set()

    def __len__(self):
        return len(self.x) // 16

    def __getitem__(self, index):
        self.threads.add(threading.current_thread().name)
        part = slice(index * 16, (index + 1) * 16)
        return self.x[part], self.y[part]


@pytest.mark.parametrize("options", [{}, {"workers": 3}, {"workers": 2, "use_multiprocessing": True}],
                         ids=["serial", "threads", "processes"])
def test_py_dataset_workers_deliver_batches_in_order(options):
    x, y = _data()
    reference = _model()
    reference.fit(x, y, batch_size=16, shuffle=False, verbose=0)
    model = _model()
    data = _Batches(x, y, max_queue_size=4, **options)
    model.fit(data, shuffle=False, verbose=0)
    for a, b in zip(reference.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(a, b)
    if options.get("workers", 1) > 1 and not options.get("use_multiprocessing"):
        assert any(name.startswith("PyDataset worker") for name in data.threads)
    assert not [t for t in threading.enumerate() if t.name.startswith("PyDataset worker")]
    assert keras.utils.Sequence is keras.utils.PyDataset


# --- dataset utilities -------------------------------------------------------------------------
needs_pillow = pytest.mark.skipif(importlib.util.find_spec("PIL") is None,
                                  reason="the image utilities need Pillow (pip install neuroflow[images])")


def _image_folder(root, counts=(("cat", 3), ("dog", 2))):
    for label, count in counts:
        os.makedirs(root / label, exist_ok=True)
        for i in range(count):
            pixels = np.full((10, 14, 3), 20.0 * i + (100 if label == "dog" else 0), "float32")
            keras.utils.save_img(str(root / label / f"{i}.png"), pixels, scale=False)
    (root / counts[0][0] / "notes.txt").write_text("not an image")


@needs_pillow
def test_image_dataset_from_directory(tmp_path, capsys):
    _image_folder(tmp_path)
    ds = keras.utils.image_dataset_from_directory(str(tmp_path), image_size=(5, 7), batch_size=2, shuffle=False)
    assert capsys.readouterr().out == "Found 5 files belonging to 2 classes.\n"
    assert ds.class_names == ["cat", "dog"]
    assert [os.path.relpath(p, tmp_path) for p in ds.file_paths] == ["cat/0.png", "cat/1.png", "cat/2.png",
                                                                      "dog/0.png", "dog/1.png"]
    assert ds.element_spec == (tf.TensorSpec([None, 5, 7, 3], tf.float32), tf.TensorSpec([None], tf.int32))
    images, labels = zip(*[(i.numpy(), l.numpy()) for i, l in ds])
    assert np.concatenate(labels).tolist() == [0, 0, 0, 1, 1]
    assert np.concatenate(images)[:, 0, 0, 0].tolist() == [0.0, 20.0, 40.0, 100.0, 120.0]

    gray = keras.utils.image_dataset_from_directory(str(tmp_path), image_size=(5, 7), color_mode="grayscale",
                                                    label_mode="categorical", batch_size=None, seed=1, verbose=False)
    image, label = next(iter(gray))
    assert image.shape == (5, 7, 1) and label.shape == (2,) and float(tf.reduce_sum(label)) == 1.0
    binary = keras.utils.image_dataset_from_directory(str(tmp_path), image_size=(4, 4), label_mode="binary",
                                                      seed=1, verbose=False)
    assert binary.element_spec[1] == tf.TensorSpec([None, 1], tf.float32)
    images_only = keras.utils.image_dataset_from_directory(str(tmp_path), labels=None, image_size=(4, 4),
                                                           seed=1, verbose=False)
    assert images_only.element_spec == tf.TensorSpec([None, 4, 4, 3], tf.float32)


@needs_pillow
def test_image_dataset_validation_split(tmp_path, capsys):
    _image_folder(tmp_path, (("a", 5), ("b", 5)))
    train, val = keras.utils.image_dataset_from_directory(str(tmp_path), image_size=(4, 4), validation_split=0.2,
                                                          subset="both", seed=7, batch_size=4)
    out = capsys.readouterr().out
    assert "Using 8 files for training." in out and "Using 2 files for validation." in out
    assert len(train.file_paths) == 8 and len(val.file_paths) == 2
    assert not set(train.file_paths) & set(val.file_paths)
    assert sum(len(l) for _, l in train) == 8
    with pytest.raises(ValueError, match="seed"):
        keras.utils.image_dataset_from_directory(str(tmp_path), validation_split=0.2, subset="training")


def test_image_dataset_errors(tmp_path):
    with pytest.raises(ValueError, match="Could not find directory"):
        keras.utils.image_dataset_from_directory(str(tmp_path / "missing"))
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="No images found"):
        keras.utils.image_dataset_from_directory(str(tmp_path / "empty"), verbose=False)
    with pytest.raises(ValueError, match="label_mode"):
        keras.utils.image_dataset_from_directory(str(tmp_path), label_mode="onehot")


@needs_pillow
def test_image_dataset_trains_a_model(tmp_path):
    _image_folder(tmp_path, (("dark", 6), ("light", 6)))
    ds = keras.utils.image_dataset_from_directory(str(tmp_path), image_size=(6, 6), batch_size=4, seed=2,
                                                  verbose=False)
    model = keras.Sequential([keras.Input((6, 6, 3)), keras.layers.Rescaling(1 / 255), keras.layers.Flatten(),
                              keras.layers.Dense(2)])
    model.compile("adam", keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    history = model.fit(ds, epochs=3, verbose=0)
    assert len(history.history["accuracy"]) == 3


def test_text_dataset_from_directory(tmp_path):
    for label, texts in (("neg", ["awful", "bad film"]), ("pos", ["good", "great one", "fine"])):
        (tmp_path / label).mkdir()
        for i, text in enumerate(texts):
            (tmp_path / label / f"{i}.txt").write_text(text)
    ds = keras.utils.text_dataset_from_directory(str(tmp_path), batch_size=8, shuffle=False, max_length=5,
                                                 verbose=False)
    texts, labels = next(iter(ds))
    assert texts.numpy().tolist() == [b"awful", b"bad f", b"good", b"great", b"fine"]
    assert labels.numpy().tolist() == [0, 0, 1, 1, 1] and ds.class_names == ["neg", "pos"]
    shuffled = keras.utils.text_dataset_from_directory(str(tmp_path), batch_size=2, seed=3, verbose=False)
    assert sorted(t for batch, _ in shuffled for t in batch.numpy().tolist()) == sorted(
        [b"awful", b"bad film", b"good", b"great one", b"fine"])


def test_timeseries_dataset_from_array():
    data, targets = np.arange(20), np.arange(20) * 10
    ds = keras.utils.timeseries_dataset_from_array(data, targets, sequence_length=4, sequence_stride=3,
                                                   sampling_rate=2, batch_size=2, start_index=1)
    batches = [(x.numpy().tolist(), y.numpy().tolist()) for x, y in ds]
    assert batches == [([[1, 3, 5, 7], [4, 6, 8, 10]], [10, 40]), ([[7, 9, 11, 13], [10, 12, 14, 16]], [70, 100]),
                       ([[13, 15, 17, 19]], [130])]
    windows = keras.utils.timeseries_dataset_from_array(data.astype("float32"), None, sequence_length=5,
                                                        batch_size=None)
    assert windows.element_spec == tf.TensorSpec([5], tf.float32) and len(list(windows)) == 16
    shuffled = keras.utils.timeseries_dataset_from_array(data, None, sequence_length=3, shuffle=True, seed=1,
                                                         batch_size=4)
    starts = sorted(int(w[0]) for batch in shuffled for w in batch.numpy())
    assert starts == list(range(18))


def test_split_dataset():
    x, y = np.arange(10), np.arange(10) * 2
    left, right = keras.utils.split_dataset((x, y), left_size=0.7)
    assert [tuple(map(int, e)) for e in left][-1] == (6, 12) and len(list(right)) == 3
    batched = D.from_tensor_slices(x).batch(4)
    left, right = keras.utils.split_dataset(batched, right_size=2, shuffle=True, seed=1)
    assert [len(b) for b in left] == [4, 4] and [len(b) for b in right] == [2]
    assert sorted(int(v) for b in list(left) + list(right) for v in b.numpy()) == list(range(10))
    with pytest.raises(ValueError, match="At least one"):
        keras.utils.split_dataset(x)


@needs_pillow
def test_image_files_round_trip(tmp_path):
    pixels = np.random.RandomState(0).randint(0, 255, (6, 5, 3)).astype("float32")
    path = str(tmp_path / "img.png")
    keras.utils.save_img(path, pixels, scale=False)
    loaded = keras.utils.img_to_array(keras.utils.load_img(path))
    np.testing.assert_array_equal(loaded, pixels)
    assert keras.utils.img_to_array(keras.utils.load_img(path, color_mode="grayscale")).shape == (6, 5, 1)
    assert keras.utils.load_img(path, target_size=(3, 2)).size == (2, 3)
    assert keras.utils.array_to_img(pixels).mode == "RGB"
    with pytest.raises(ValueError, match="rank 3"):
        keras.utils.array_to_img(pixels[0])


@needs_pillow
def test_example_data_pipeline_trains(capsys):
    runpy.run_path(str(pathlib.Path(__file__).resolve().parents[2] / "examples" / "data_pipeline.py"),
                   run_name="__main__")
    out = capsys.readouterr().out
    held_out = float(out.split("held-out accuracy: ")[1].split()[0])
    validation = float(out.split("validation accuracy: ")[1].split()[0])
    assert held_out > 0.8 and validation > 0.8


def test_missing_pillow_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "PIL", None)
    with pytest.raises(ImportError, match=r"neuroflow\[images\]"):
        keras.utils.array_to_img(np.zeros((2, 2, 3)))
