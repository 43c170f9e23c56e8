"""keras.datasets loaders (fashion_mnist, cifar10, cifar100, boston/california housing) and
get_file(extract=True)'s safety, through the real loaders on small files in the real formats,
written here. Never the network: origins are pointed at local files (file:// URLs) whose hashes
stand in for Keras' published ones."""
import gzip
import hashlib
import io
import os
import pathlib
import pickle
import tarfile
import urllib.error
import urllib.request
import zipfile

import numpy as np
import pytest

from neuroflow import keras
from neuroflow.keras.datasets import (boston_housing, california_housing, cifar10, cifar100,
                                      fashion_mnist)
from neuroflow.keras.utils import get_file


@pytest.fixture(autouse=True)
def offline(monkeypatch, tmp_path):
    """No network, and a fresh, empty Keras cache for each test."""
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras_home"))
    real = urllib.request.urlretrieve

    def local_only(url, filename, reporthook=None):
        if not url.startswith("file://"):
            raise urllib.error.URLError("tests run offline")
        return real(url, filename, reporthook)
    monkeypatch.setattr(urllib.request, "urlretrieve", local_only)


def _serve(monkeypatch, module, path):
    """Points `module`'s origin at the local `path` and its hash at that file's sha256."""
    monkeypatch.setattr(module, "ORIGIN", path.as_uri())
    monkeypatch.setattr(module, "FILE_HASH", hashlib.sha256(path.read_bytes()).hexdigest())


def _tar_gz(path, members):
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def _cifar_pickle(images, **labels):
    # As in the real archives: a protocol-2 pickle of a dict with byte-string keys.
    batch = {b"batch_label": b"testing batch", b"data": images.reshape(len(images), -1),
             b"filenames": [b"img%d.png" % i for i in range(len(images))]}
    batch.update({key.encode(): value for key, value in labels.items()})
    return pickle.dumps(batch, protocol=2)


def _images(n, seed):
    return np.random.default_rng(seed).integers(0, 256, (n, 3, 32, 32), dtype=np.uint8)


# --- fashion_mnist ------------------------------------------------------------------------------
def _idx_gz(path, array):
    header = bytes([0, 0, 8, array.ndim]) + np.array(array.shape, ">u4").tobytes()
    with gzip.open(path, "wb") as f:
        f.write(header + array.astype(np.uint8).tobytes())


def _keras_home():
    return pathlib.Path(os.environ["KERAS_HOME"])


def test_fashion_mnist_reads_cached_idx_files():
    folder = _keras_home() / "datasets" / "fashion-mnist"
    folder.mkdir(parents=True)
    rng = np.random.default_rng(0)
    x_train, x_test = (rng.integers(0, 256, (n, 28, 28), dtype=np.uint8) for n in (5, 3))
    y_train, y_test = np.array([9, 0, 0, 3, 1], np.uint8), np.array([2, 7, 5], np.uint8)
    for name, array in zip(fashion_mnist.FILES, (y_train, x_train, y_test, x_test)):
        _idx_gz(folder / name, array)
    (a, b), (c, d) = fashion_mnist.load_data()
    for got, want in ((a, x_train), (b, y_train), (c, x_test), (d, y_test)):
        assert got.dtype == np.uint8 and got.shape == want.shape
        np.testing.assert_array_equal(got, want)
    truncated = b"\x00\x00\x08\x03" + np.array([5, 28, 28], ">u4").tobytes() + bytes(100)
    (folder / fashion_mnist.FILES[1]).write_bytes(gzip.compress(truncated))
    with pytest.raises(ValueError, match="IDX header announces shape"):
        fashion_mnist.load_data()


def test_fashion_mnist_offline_names_the_origin():
    with pytest.raises(OSError, match="URL fetch failure on https://storage.googleapis.com/tensorflow/"
                                      "tf-keras-datasets/train-labels-idx1-ubyte.gz"):
        fashion_mnist.load_data()


# --- cifar10 / cifar100 -------------------------------------------------------------------------
def _cifar10_archive(tmp_path, test_batch=None):
    members = {f"cifar-10-batches-py/data_batch_{i}": _cifar_pickle(_images(2, i), labels=[i, 9 - i])
               for i in range(1, 6)}
    members["cifar-10-batches-py/test_batch"] = test_batch or _cifar_pickle(_images(3, 0), labels=[4, 5, 6])
    members["cifar-10-batches-py/batches.meta"] = pickle.dumps({b"label_names": [b"airplane"]}, protocol=2)
    return _tar_gz(tmp_path / "cifar-10-python.tar.gz", members)


def test_cifar10_downloads_extracts_and_loads(tmp_path, monkeypatch):
    _serve(monkeypatch, cifar10, _cifar10_archive(tmp_path))
    (x_train, y_train), (x_test, y_test) = cifar10.load_data()
    assert x_train.shape == (10, 32, 32, 3) and x_test.shape == (3, 32, 32, 3)
    assert y_train.shape == (10, 1) and y_test.shape == (3, 1)
    assert {a.dtype for a in (x_train, y_train, x_test, y_test)} == {np.dtype(np.uint8)}
    assert y_train[:, 0].tolist() == [1, 8, 2, 7, 3, 6, 4, 5, 5, 4]
    np.testing.assert_array_equal(x_train[2:4], _images(2, 2).transpose(0, 2, 3, 1))  # NCHW -> NHWC
    assert os.path.isdir(_keras_home() / "datasets" / "cifar-10-batches-py-target" / "cifar-10-batches-py")
    # Cached and extracted now: a second load needs neither the origin nor a new extraction.
    monkeypatch.setattr(cifar10, "ORIGIN", "https://www.cs.toronto.edu/unreachable.tar.gz")
    np.testing.assert_array_equal(cifar10.load_data()[1][0], x_test)
    keras.backend.set_image_data_format("channels_first")
    try:
        assert cifar10.load_data()[0][0].shape == (10, 3, 32, 32)
    finally:
        keras.backend.set_image_data_format("channels_last")


def test_cifar100_label_modes(tmp_path, monkeypatch):
    train = _cifar_pickle(_images(4, 1), fine_labels=[10, 99, 0, 42], coarse_labels=[1, 19, 0, 7])
    test = _cifar_pickle(_images(2, 2), fine_labels=[5, 6], coarse_labels=[3, 4])
    archive = _tar_gz(tmp_path / "cifar-100-python.tar.gz",
                      {"cifar-100-python/train": train, "cifar-100-python/test": test})
    _serve(monkeypatch, cifar100, archive)
    (x_train, y_train), (x_test, y_test) = cifar100.load_data()
    assert x_train.shape == (4, 32, 32, 3) and x_train.dtype == np.uint8
    assert y_train.shape == (4, 1) and y_train[:, 0].tolist() == [10, 99, 0, 42]
    assert y_test[:, 0].tolist() == [5, 6]
    (_, y_train), (_, y_test) = cifar100.load_data(label_mode="coarse")
    assert y_train[:, 0].tolist() == [1, 19, 0, 7] and y_test[:, 0].tolist() == [3, 4]


class _Exploit:
    def __reduce__(self):
        return os.system, ("touch pwned",)


def test_cifar_refuses_a_pickle_that_would_call_os_system(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    evil = pickle.dumps({b"data": _Exploit(), b"labels": [0]}, protocol=2)
    _serve(monkeypatch, cifar10, _cifar10_archive(tmp_path, test_batch=evil))
    with pytest.raises(pickle.UnpicklingError, match=r"refusing to load (posix|os)\.system"):
        cifar10.load_data()
    assert not (tmp_path / "pwned").exists()


def test_cifar_rejects_a_file_that_is_not_a_batch(tmp_path, monkeypatch):
    not_a_batch = pickle.dumps({b"data": np.zeros((2, 5), np.uint8), b"labels": [0, 1]}, protocol=2)
    _serve(monkeypatch, cifar10, _cifar10_archive(tmp_path, test_batch=not_a_batch))
    with pytest.raises(ValueError, match=r"'data' must be uint8 of shape \(n, 3072\)"):
        cifar10.load_data()


def test_a_download_with_the_wrong_hash_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(cifar10, "ORIGIN", _cifar10_archive(tmp_path).as_uri())  # Keras' real hash kept
    with pytest.raises(ValueError, match="Incomplete or corrupted file detected"):
        cifar10.load_data()


# --- housing ------------------------------------------------------------------------------------
def test_boston_housing_split_matches_keras(tmp_path, monkeypatch):
    source = tmp_path / "boston_housing.npz"
    np.savez(source, x=np.arange(130, dtype=np.float64).reshape(10, 13), y=np.arange(10.0))
    _serve(monkeypatch, boston_housing, source)
    # Expected orders computed with Keras 3.15's own boston_housing.load_data on this file.
    (x_train, y_train), (x_test, y_test) = boston_housing.load_data()
    assert y_train.tolist() == [9, 3, 6, 1, 0, 7, 4, 8] and y_test.tolist() == [2, 5]
    assert x_train.shape == (8, 13) and x_train.dtype == np.float64
    np.testing.assert_array_equal(x_train[:, 0], y_train * 13)  # rows stay with their targets
    (_, y_train), (_, y_test) = boston_housing.load_data(test_split=0.3, seed=7)
    assert y_train.tolist() == [8, 5, 0, 2, 1, 9, 7] and y_test.tolist() == [3, 6, 4]
    with pytest.raises(ValueError, match="Invalid `test_split` argument: 1"):
        boston_housing.load_data(test_split=1)


def test_california_housing_versions(tmp_path, monkeypatch):
    source = tmp_path / "california_housing.npz"
    np.savez(source, x=np.arange(5600, dtype=np.float32).reshape(700, 8), y=np.arange(700, dtype=np.float32))
    _serve(monkeypatch, california_housing, source)
    (x_train, y_train), (x_test, y_test) = california_housing.load_data(version="small")
    assert x_train.shape == (480, 8) and x_test.shape == (120, 8) and y_train.dtype == np.float32
    assert y_train[:5].tolist() == [568, 505, 59, 71, 298] and y_test[:5].tolist() == [163, 161, 301, 538, 226]
    (x_train, _), (x_test, _) = california_housing.load_data(test_split=0.5)
    assert len(x_train) == len(x_test) == 350


# --- get_file(extract=True) safety --------------------------------------------------------------
def _tar_with(tmp_path, *infos):
    path = tmp_path / "evil.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        tar.addfile(tarfile.TarInfo("ok/fine.txt"), io.BytesIO(b""))
        for info in infos:
            tar.addfile(info, io.BytesIO(b"x" * info.size) if info.isfile() else None)
    return path


def _member(name, kind=tarfile.REGTYPE, linkname="", size=1):
    info = tarfile.TarInfo(name)
    info.type, info.linkname, info.size = kind, linkname, size if kind == tarfile.REGTYPE else 0
    return info


@pytest.mark.parametrize("member,reason", [
    (_member("../escaped.txt"), "climbs out with '..'"),
    (_member("ok/../../escaped.txt"), "climbs out with '..'"),
    (_member("/tmp/neuroflow-absolute.txt"), "absolute path"),
    (_member("ok/link", tarfile.SYMTYPE, "../../escaped.txt"), "points outside the target folder"),
    (_member("ok/abs", tarfile.SYMTYPE, "/etc/passwd"), "points outside the target folder"),
    (_member("ok/hard", tarfile.LNKTYPE, "../outside.txt"), "points outside the target folder"),
    (_member("ok/dev", tarfile.CHRTYPE), "device, FIFO"),
])
def test_get_file_refuses_tar_members_escaping_the_folder(tmp_path, member, reason):
    archive = _tar_with(tmp_path, member)
    cache = tmp_path / "cache"
    with pytest.raises(ValueError, match=f"refusing to extract .*evil.tar.gz: .*{reason}"):
        get_file("evil.tar.gz", origin=archive.as_uri(), extract=True, cache_dir=str(cache))
    assert sorted(os.listdir(cache / "datasets")) == ["evil.tar.gz"]  # nothing extracted, no leftovers
    assert not (tmp_path / "escaped.txt").exists() and not os.path.exists("/tmp/neuroflow-absolute.txt")


def test_get_file_refuses_zip_members_escaping_the_folder(tmp_path):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("ok.txt", b"fine")
        zf.writestr("../../escaped.txt", b"bad")
    with pytest.raises(ValueError, match="member '../../escaped.txt' would be written outside"):
        get_file("evil.zip", origin=archive.as_uri(), extract=True, cache_dir=str(tmp_path / "c"))
    assert os.listdir(tmp_path / "c" / "datasets") == ["evil.zip"]


def test_get_file_extracts_zip_with_links_inside_and_keras_layout(tmp_path):
    archive = tmp_path / "good.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("pack/a.txt", b"alpha")
        zf.writestr("pack/b.txt", b"beta")
    out = get_file(origin=archive.as_uri(), extract=True, cache_dir=str(tmp_path / "c"))
    assert out == str(tmp_path / "c" / "datasets" / "good.zip")  # Keras: no fname -> <name>, <name>_archive
    assert open(os.path.join(out, "pack", "a.txt")).read() == "alpha"
    assert open(os.path.join(out, "pack", "b.txt")).read() == "beta"
    tar = tmp_path / "linked.tar.gz"
    with tarfile.open(tar, "w:gz") as t:
        t.addfile(_member("d/real.txt", size=3), io.BytesIO(b"abc"))
        t.addfile(_member("d/alias.txt", tarfile.SYMTYPE, "real.txt"))
    out = get_file("linked.tar.gz", origin=tar.as_uri(), extract=True, cache_dir=str(tmp_path / "c"))
    assert open(os.path.join(out, "d", "alias.txt")).read() == "abc"
