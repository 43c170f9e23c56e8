"""keras.utils: to_categorical, normalize, set_random_seed, get_file, Progbar, PyDataset."""
import hashlib
import io
import os
import re
import tarfile
import urllib.error
import urllib.request

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import neuroflow as tf
from neuroflow.keras import utils
from neuroflow.keras.utils import file_utils, progbar as progbar_module

ANSI = re.compile(r"\x1b\[[0-9;]*m")


# --- to_categorical / normalize ----------------------------------------------------------------
@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 9), min_size=1, max_size=20), st.integers(10, 12))
def test_to_categorical_is_one_hot_of_the_labels(labels, num_classes):
    one_hot = utils.to_categorical(labels, num_classes)
    assert one_hot.shape == (len(labels), num_classes)
    assert one_hot.dtype == np.float64
    np.testing.assert_array_equal(one_hot.argmax(axis=1), labels)
    np.testing.assert_array_equal(one_hot.sum(axis=1), 1.0)


def test_to_categorical_infers_classes_and_drops_a_trailing_axis_of_one():
    assert utils.to_categorical(np.array([[1], [3]])).shape == (2, 4)
    assert utils.to_categorical(np.zeros((2, 3), "int32"), 2).shape == (2, 3, 2)


def test_to_categorical_rejects_labels_out_of_range():
    with pytest.raises(ValueError, match=r"label 5 is out of range for num_classes=3"):
        utils.to_categorical([0, 5], num_classes=3)
    with pytest.raises(ValueError, match="integer class labels"):
        utils.to_categorical([0.5, 1.0])


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(st.floats(-100, 100), min_size=3, max_size=3), min_size=1, max_size=6))
def test_normalize_gives_unit_rows_or_zero_rows(rows):
    x = np.array(rows)
    out = utils.normalize(x)
    norms = np.linalg.norm(out, axis=-1)
    zero = np.linalg.norm(x, axis=-1) == 0
    np.testing.assert_allclose(norms[~zero], 1.0, rtol=1e-6)
    np.testing.assert_array_equal(out[zero], x[zero])  # zero-norm rows are left as they are


def test_normalize_keeps_tensors_as_tensors_and_float32():
    out = utils.normalize(tf.constant([[3.0, 4.0]]), order=1)
    assert isinstance(out, tf.Tensor) and out.dtype == tf.float32
    np.testing.assert_allclose(out.numpy(), [[3 / 7, 4 / 7]], rtol=1e-6)


# --- set_random_seed -----------------------------------------------------------------------------
def test_set_random_seed_makes_python_numpy_and_tf_random_repeat():
    import random

    def draw():
        return random.random(), np.random.rand(3).tolist(), tf.random.uniform([3]).numpy().tolist()
    utils.set_random_seed(123)
    first = draw()
    utils.set_random_seed(123)
    assert draw() == first
    utils.set_random_seed(124)
    assert draw() != first


def test_set_random_seed_requires_an_integer():
    with pytest.raises(ValueError, match="Expected `seed` argument to be an integer"):
        utils.set_random_seed(1.5)


# --- get_file ---------------------------------------------------------------------------------
@pytest.fixture
def source(tmp_path):
    path = tmp_path / "source" / "data.bin"
    path.parent.mkdir()
    path.write_bytes(b"neuroflow" * 100)
    return path


def _sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_get_file_downloads_into_keras_home_and_verifies(source, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "home"))
    path = utils.get_file(origin=source.as_uri(), file_hash=_sha256(source))
    assert path == str(tmp_path / "home" / "datasets" / "data.bin")
    assert open(path, "rb").read() == source.read_bytes()
    assert "Downloading data from " + source.as_uri() in capsys.readouterr().out
    # Cached now: a second call does not download.
    source.unlink()
    assert utils.get_file(origin="file:///nonexistent/data.bin", fname="data.bin",
                          file_hash=hashlib.md5(b"neuroflow" * 100).hexdigest()) == path


def test_get_file_rejects_a_corrupted_download_and_leaves_no_file(source, tmp_path):
    with pytest.raises(ValueError, match="Incomplete or corrupted file detected"):
        utils.get_file(origin=source.as_uri(), file_hash="0" * 64, cache_dir=str(tmp_path / "c"))
    assert os.listdir(tmp_path / "c" / "datasets") == []


def test_get_file_interrupted_download_leaves_no_partial_file(source, tmp_path, monkeypatch):
    def broken(url, filename, reporthook):
        with open(filename, "wb") as f:
            f.write(b"half")
        raise urllib.error.URLError("connection reset")
    monkeypatch.setattr(urllib.request, "urlretrieve", broken)
    with pytest.raises(OSError, match="URL fetch failure"):
        utils.get_file(origin=source.as_uri(), cache_dir=str(tmp_path / "c"))
    assert os.listdir(tmp_path / "c" / "datasets") == []


def test_get_file_offline_with_empty_cache_says_what_to_do(tmp_path, monkeypatch):
    def offline(url, filename, reporthook):
        raise urllib.error.URLError("[Errno -3] Temporary failure in name resolution")
    monkeypatch.setattr(urllib.request, "urlretrieve", offline)
    with pytest.raises(OSError) as info:
        utils.get_file(origin="https://example.com/x.npz", cache_dir=str(tmp_path))
    message = str(info.value)
    assert "https://example.com/x.npz" in message and "name resolution" in message
    assert "KERAS_HOME" in message and str(tmp_path / "datasets" / "x.npz") in message


def test_get_file_redownloads_a_cached_file_with_the_wrong_hash(source, tmp_path, capsys):
    cached = tmp_path / "datasets" / "data.bin"
    cached.parent.mkdir()
    cached.write_bytes(b"stale")
    path = utils.get_file(origin=source.as_uri(), file_hash=_sha256(source), cache_dir=str(tmp_path))
    assert open(path, "rb").read() == source.read_bytes()
    assert "file hash does not match the original value" in capsys.readouterr().out


def test_get_file_extracts_tar_archives(tmp_path):
    archive = tmp_path / "pack.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("pack/hello.txt")
        info.size = 5
        tar.addfile(info, io.BytesIO(b"hello"))
    out = utils.get_file(fname="pack.tar.gz", origin=archive.as_uri(), extract=True, cache_dir=str(tmp_path / "c"))
    assert out == str(tmp_path / "c" / "datasets" / "pack_extracted")
    assert open(os.path.join(out, "pack", "hello.txt")).read() == "hello"


def test_get_file_argument_errors():
    with pytest.raises(ValueError, match='specify the "origin"'):
        utils.get_file("x")
    with pytest.raises(ValueError, match="Paths are no longer accepted"):
        utils.get_file(fname="a/b.npz", origin="https://example.com/b.npz")


def test_cache_path_follows_keras_home(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    assert file_utils.cache_path("m.npz") == str(tmp_path / "datasets" / "m.npz")


# --- Progbar ------------------------------------------------------------------------------------
class _Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = _Clock()
    monkeypatch.setattr(progbar_module.time, "time", fake)
    return fake


def test_progbar_final_line_matches_keras(clock, capsys):
    bar = utils.Progbar(1875)
    for step in range(1, 1876):
        clock.now += 0.0012
        bar.update(step, [("accuracy", 0.91), ("loss", 0.29)], finalize=step == 1875)
    out = capsys.readouterr().out
    final = ANSI.sub("", out.split("\r")[-1])
    assert final == "1875/1875 ━━━━━━━━━━━━━━━━━━━━ 2s 1ms/step - accuracy: 0.9100 - loss: 0.2900\n"
    # Keras' colours: bold counts, a green done part.
    assert "\x1b[1m1875/1875\x1b[0m \x1b[32m" + "━" * 20 + "\x1b[0m" in out


def test_progbar_live_update_shows_eta_averages_and_redraws_in_place(clock, capsys):
    bar = utils.Progbar(10, interval=0)
    clock.now += 0.5
    bar.update(1, [("loss", 1.0)])
    clock.now += 0.25
    bar.update(2, [("loss", 0.5)])
    out = capsys.readouterr().out
    lines = [ANSI.sub("", part).replace("\b", "") for part in out.split("\r")[1:]]
    assert lines[0].startswith(" 1/10 ━━") and "4s 500ms/step - loss: 1.0000" in lines[0]
    assert lines[1] == " 2/10 ━━━━" + "━" * 16 + " 2s 250ms/step - loss: 0.7500"
    assert "\n" not in out


def test_progbar_verbose_2_prints_one_line_at_the_end(clock, capsys):
    bar = utils.Progbar(3, verbose=2)
    for step in (1, 2, 3):
        clock.now += 2.0
        bar.update(step, [("loss", 0.0001), ("mae", 2.0)])
    assert capsys.readouterr().out == "3/3 - 6s - 2s/step - loss: 1.0000e-04 - mae: 2.0000\n"


def test_progbar_unknown_target_and_time_units(clock, capsys):
    bar = utils.Progbar(None, interval=0)
    clock.now += 0.0000123
    bar.update(1)
    assert "      1/Unknown" in capsys.readouterr().out
    assert progbar_module._format_time(0.0000123, "step") == " 12us/step"
    assert progbar_module._format_time(3.2, "epoch") == " 3s/epoch"


def test_progbar_stateful_metrics_are_shown_as_given(clock, capsys):
    bar = utils.Progbar(2, verbose=2, stateful_metrics=["acc"])
    bar.update(1, [("acc", 0.2)])
    bar.update(2, [("acc", 0.4)])
    assert capsys.readouterr().out.endswith("acc: 0.4000\n")


# --- PyDataset ------------------------------------------------------------------------------------
def test_pydataset_requires_len_and_getitem():
    data = utils.PyDataset()
    assert data.num_batches is None and data.workers == 1
    with pytest.raises(NotImplementedError, match="__getitem__"):
        data[0]
