"""keras.datasets.mnist: Keras' cache-and-verify path, offline, from the local copy."""
import os
import shutil
import urllib.error
import urllib.request

import numpy as np
import pytest

from neuroflow.keras.datasets import mnist as mnist_module


@pytest.fixture
def offline(monkeypatch):
    def fail(url, filename, reporthook):
        raise urllib.error.URLError("[Errno -3] Temporary failure in name resolution")
    monkeypatch.setattr(urllib.request, "urlretrieve", fail)


def test_load_data_returns_keras_shapes_and_dtypes(mnist):
    (x_train, y_train), (x_test, y_test) = mnist
    assert x_train.shape == (60000, 28, 28) and y_train.shape == (60000,)
    assert x_test.shape == (10000, 28, 28) and y_test.shape == (10000,)
    assert {a.dtype for a in (x_train, y_train, x_test, y_test)} == {np.dtype("uint8")}
    assert x_train.max() == 255 and sorted(np.unique(y_test)) == list(range(10))


def test_cached_copy_with_the_official_arrays_is_used_offline(mnist, offline):
    # The local copy's file hash differs from Keras' published one, but its arrays are official.
    assert not mnist_module.validate_file(os.path.join(os.environ["KERAS_HOME"], "datasets", "mnist.npz"),
                                          mnist_module.FILE_HASH)
    (x_train, _), (_, y_test) = mnist_module.load_data()
    np.testing.assert_array_equal(x_train, mnist[0][0])
    np.testing.assert_array_equal(y_test, mnist[1][1])


def test_load_data_offline_with_an_empty_cache_raises_a_clear_error(tmp_path, monkeypatch, offline):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    with pytest.raises(OSError, match="URL fetch failure on "
                                      "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"):
        mnist_module.load_data()
    assert os.listdir(tmp_path / "datasets") == []


def test_a_cached_file_with_other_arrays_is_not_trusted(tmp_path, monkeypatch, offline, capsys):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    (tmp_path / "datasets").mkdir()
    shutil.copy(mnist_module.SAMPLE_PATH, tmp_path / "datasets" / "mnist.npz")  # real digits, not all of them
    with pytest.raises(OSError, match="URL fetch failure"):
        mnist_module.load_data()
    assert "we will re-download the data" in capsys.readouterr().out


def test_shipped_sample_is_real_mnist_with_attribution(mnist):
    (x_train, y_train), (x_test, y_test) = mnist_module.load_sample()
    (full_x, full_y), (full_x_test, full_y_test) = mnist
    assert x_train.shape == (6000, 28, 28) and x_test.shape == (1000, 28, 28)
    np.testing.assert_array_equal(x_train, full_x[:6000])
    np.testing.assert_array_equal(y_train, full_y[:6000])
    np.testing.assert_array_equal(x_test, full_x_test[:1000])
    np.testing.assert_array_equal(y_test, full_y_test[:1000])
    assert os.path.getsize(mnist_module.SAMPLE_PATH) < 2_000_000
    readme = open(os.path.join(os.path.dirname(mnist_module.SAMPLE_PATH), "README.md")).read()
    assert "LeCun" in readme and "CC BY-SA 3.0" in readme
