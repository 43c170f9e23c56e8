"""The restricted unpickler builds NumPy data and refuses everything else."""
import io
import os
import pickle
import zipfile

import numpy as np
import pytest

from neuroflow.io import safe_pickle


class _Exploit:
    def __reduce__(self):
        return (os.system, ("echo pwned > /dev/null",))


def test_cifar_like_batch_round_trips():
    batch = {b"batch_label": b"training batch 1 of 5", b"labels": [6, 9, 9],
             b"data": np.arange(3 * 12, dtype=np.uint8).reshape(3, 12), b"filenames": [b"a.png"]}
    for protocol in (2, 4):
        loaded = safe_pickle.loads(pickle.dumps(batch, protocol=protocol), encoding="bytes")
        assert loaded.keys() == batch.keys()
        np.testing.assert_array_equal(loaded[b"data"], batch[b"data"])
        assert loaded[b"labels"] == [6, 9, 9]


def test_numpy_scalars_and_object_arrays_load():
    obj = np.empty(2, dtype=object)
    obj[0], obj[1] = [1, 2], [np.int64(3)]
    loaded = safe_pickle.loads(pickle.dumps(obj))
    assert loaded.tolist() == [[1, 2], [3]]


def test_pickle_calling_os_system_is_refused():
    with pytest.raises(pickle.UnpicklingError, match=r"refusing to load posix\.system"):
        safe_pickle.loads(pickle.dumps(_Exploit()))


def test_npz_with_a_foreign_object_is_refused(tmp_path):
    path = tmp_path / "imdb.npz"
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {"descr": "|O", "fortran_order": False, "shape": (1,)})
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("x_train.npy", np.lib.format.magic(1, 0) + header.getvalue()[8:] + pickle.dumps(_Exploit()))
    with pytest.raises(pickle.UnpicklingError, match="refusing to load"):
        safe_pickle.load_npz(path)


def test_npz_plain_and_object_arrays(tmp_path):
    path = tmp_path / "d.npz"
    seqs = np.empty(3, dtype=object)
    seqs[:] = [[1, 14, 22], [1, 5], []]
    np.savez_compressed(path, x=seqs, y=np.array([1, 0, 1], np.int64), f=np.asfortranarray(np.eye(2)))
    arrays = safe_pickle.load_npz(path)
    assert arrays["x"].tolist() == [[1, 14, 22], [1, 5], []]
    assert arrays["y"].dtype == np.int64 and arrays["y"].tolist() == [1, 0, 1]
    np.testing.assert_array_equal(arrays["f"], np.eye(2))


def test_truncated_and_non_zip_files_give_clear_errors(tmp_path):
    path = tmp_path / "t.npz"
    np.savez(path, y=np.arange(100))
    data = path.read_bytes()
    with zipfile.ZipFile(path) as archive:
        member = archive.read("y.npy")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("y.npy", member[:-40])
    with pytest.raises(ValueError, match="truncated"):
        safe_pickle.load_npz(path)
    path.write_bytes(data[:30])
    with pytest.raises(ValueError, match="not a valid .npz"):
        safe_pickle.load_npz(path)
