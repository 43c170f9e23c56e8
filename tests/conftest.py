"""Shared test fixtures.

Every test runs with `KERAS_HOME` pointing at a fresh temporary directory, so nothing
reads or writes the user's `~/.keras`. When the project's local MNIST copy exists
(`../shared/data/mnist.npz` beside the repository, or `$NEUROFLOW_SHARED_DATA/mnist.npz`),
it is linked into that cache as `datasets/mnist.npz`, so `keras.datasets.mnist.load_data()`
runs its real cache-and-verify path offline. Tests that need it use the `mnist` fixture,
which skips (saying why) when the file is absent.
"""
import os
import pathlib

# One BLAS thread per test process: the suite runs on small matrices on shared 2-core
# machines, where OpenBLAS's default threading makes steps many times slower. It only
# takes effect when set before NumPy loads; export OPENBLAS_NUM_THREADS to override.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import pytest  # noqa: E402

_ROOT = pathlib.Path(__file__).resolve().parents[1]


def _shared_mnist():
    candidates = [pathlib.Path(os.environ["NEUROFLOW_SHARED_DATA"]) / "mnist.npz"] \
        if "NEUROFLOW_SHARED_DATA" in os.environ else []
    candidates.append(_ROOT.parent / "shared" / "data" / "mnist.npz")
    return next((p for p in candidates if p.is_file()), None)


SHARED_MNIST = _shared_mnist()


@pytest.fixture(scope="session", autouse=True)
def keras_home(tmp_path_factory):
    """A private Keras cache directory for the whole test session (with MNIST when available)."""
    home = tmp_path_factory.mktemp("keras_home")
    if SHARED_MNIST is not None:
        (home / "datasets").mkdir()
        (home / "datasets" / "mnist.npz").symlink_to(SHARED_MNIST)
    saved = os.environ.get("KERAS_HOME")
    os.environ["KERAS_HOME"] = str(home)
    yield home
    if saved is None:
        del os.environ["KERAS_HOME"]
    else:
        os.environ["KERAS_HOME"] = saved


@pytest.fixture(scope="session")
def mnist(keras_home):
    """`keras.datasets.mnist.load_data()` from the local copy; skips when there is none."""
    if SHARED_MNIST is None:
        pytest.skip("the local MNIST copy (../shared/data/mnist.npz) is not available; "
                    "set NEUROFLOW_SHARED_DATA to the directory that holds it")
    from neuroflow.keras.datasets import mnist as mnist_module
    return mnist_module.load_data()

# Reference files and the scripts that wrote them with real TensorFlow/Keras (in a side
# environment) live under fixtures/: they are data, not tests, and must not be imported.
collect_ignore_glob = ["fixtures/*"]
