"""`keras.datasets.imdb` / `reuters` through the real download-verify-cache path, on tiny files in the
real format (object arrays of lists) that the tests write; expected outputs come from real Keras 3
(tests/fixtures/text/make_reference.py ran Keras' loaders on the same tiny files).
"""
import hashlib
import importlib.util
import json
import os

import numpy as np
import pytest

from neuroflow.keras.datasets import imdb, reuters

_FIXTURES = os.path.join(os.path.dirname(__file__), "..", "fixtures", "text")
_REF = json.load(open(os.path.join(_FIXTURES, "reference.json")))["datasets"]


def _load_writer():
    spec = importlib.util.spec_from_file_location("word_npz", os.path.join(_FIXTURES, "word_npz.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write_npz


_write_npz = _load_writer()


def _sha256(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def _md5(path):
    return hashlib.md5(open(path, "rb").read()).hexdigest()


@pytest.fixture
def server(tmp_path, monkeypatch):
    """A folder standing in for Keras' origin (file:// URLs), and an empty KERAS_HOME."""
    origin = tmp_path / "origin"
    origin.mkdir()
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras_home"))
    for module in (imdb, reuters):
        monkeypatch.setattr(module, "ORIGIN_FOLDER", origin.as_uri() + "/")
    return origin


def _serve(server, monkeypatch, module, name, arrays):
    path = server / name
    _write_npz(path, arrays)
    monkeypatch.setattr(module, "FILE_HASH", _sha256(path))
    return path


def test_keras_origins_and_hashes():
    assert imdb.ORIGIN_FOLDER == reuters.ORIGIN_FOLDER == "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
    assert imdb.FILE_HASH == "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f"
    assert reuters.FILE_HASH == "d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916"
    assert len(reuters.get_label_names()) == 46 and reuters.get_label_names()[-1] == "lead"


@pytest.mark.parametrize("case", _REF["imdb"], ids=lambda c: str(c["kwargs"]))
def test_imdb_matches_keras(server, monkeypatch, case, capsys):
    _serve(server, monkeypatch, imdb, "imdb.npz", _REF["imdb_fixture"])
    (x_train, y_train), (x_test, y_test) = imdb.load_data(**case["kwargs"])
    assert x_train.dtype == object and [list(x) for x in x_train] == case["x_train"]
    assert [list(x) for x in x_test] == case["x_test"]
    assert y_train.tolist() == case["y_train"] and y_test.tolist() == case["y_test"]
    assert os.path.exists(os.path.join(os.environ["KERAS_HOME"], "datasets", "imdb.npz"))  # cached


@pytest.mark.parametrize("case", _REF["reuters"], ids=lambda c: str(c["kwargs"]))
def test_reuters_matches_keras(server, monkeypatch, case, capsys):
    _serve(server, monkeypatch, reuters, "reuters.npz", _REF["reuters_fixture"])
    (x_train, y_train), (x_test, y_test) = reuters.load_data(**case["kwargs"])
    assert [list(x) for x in x_train] == case["x_train"] and [list(x) for x in x_test] == case["x_test"]
    assert y_train.tolist() == case["y_train"] and y_test.tolist() == case["y_test"]


def test_word_index(server, monkeypatch, capsys):
    for module, name in ((imdb, "imdb_word_index.json"), (reuters, "reuters_word_index.json")):
        path = server / name
        path.write_text(json.dumps({"the": 1, "and": 2, "film": 19}))
        monkeypatch.setattr(module, "WORD_INDEX_HASH", _md5(path))
        assert module.get_word_index() == {"the": 1, "and": 2, "film": 19}


def test_maxlen_that_keeps_nothing(server, monkeypatch, capsys):
    _serve(server, monkeypatch, imdb, "imdb.npz", _REF["imdb_fixture"])
    with pytest.raises(ValueError, match="Increase maxlen"):
        imdb.load_data(maxlen=1)


class Payload:
    """Pickles as a call to os.getcwd: what a tampered dataset could smuggle in."""

    def __reduce__(self):
        return os.getcwd, ()


def test_a_pickled_object_of_another_class_is_refused(server, monkeypatch, capsys):
    path = server / "imdb.npz"
    evil = np.empty(2, dtype=object)
    evil[:] = [[1, 2], Payload()]
    np.savez(path, x_train=evil, y_train=np.array([0, 1]), x_test=evil, y_test=np.array([0, 1]))
    monkeypatch.setattr(imdb, "FILE_HASH", _sha256(path))
    with pytest.raises(ValueError, match=r"imdb\.npz holds data that is not a dataset.*refusing to load posix\.getcwd"):
        imdb.load_data()
    # the same file really does run code when unpickled without restriction
    with np.load(path, allow_pickle=True) as f:
        assert isinstance(f["x_train"][1], str)


def test_real_imdb_when_cached():
    cached = os.path.join(os.environ.get("KERAS_HOME") or os.path.expanduser("~/.keras"), "datasets", "imdb.npz")
    if not os.path.exists(cached):
        pytest.skip("the real imdb.npz is not in the Keras cache (no network in tests)")
    (x_train, y_train), (x_test, y_test) = imdb.load_data(num_words=10000)
    assert len(x_train) == len(x_test) == 25000 and max(max(x) for x in x_train) < 10000
    assert sorted(set(y_train.tolist())) == [0, 1]
