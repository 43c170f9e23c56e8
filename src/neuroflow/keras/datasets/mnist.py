"""`mnist.load_data()`: the MNIST digits, downloaded, verified and cached as Keras does.

The file comes from Keras' origin and is checked against Keras' published sha256.
One addition: a cached `mnist.npz` whose *file* hash differs (the same arrays written
by another tool, e.g. the local copy the tests use) is still accepted when each of its
four arrays matches the sha256 of the official MNIST arrays below, so equal data is
never downloaded again; any other mismatch re-downloads, as in Keras.

>>> from neuroflow.keras.datasets import mnist
>>> (x_train, y_train), (x_test, y_test) = mnist.load_sample()
>>> x_train.dtype, x_train.shape[1:], y_test.dtype
(dtype('uint8'), (28, 28), dtype('uint8'))
"""
import hashlib
import os

import numpy as np

from ..utils.file_utils import cache_path, get_file, validate_file

__all__ = ["load_data", "load_sample"]

ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz"
FILE_HASH = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"
# sha256 of `array.tobytes()` for the official MNIST arrays (identical to the IDX files).
ARRAY_HASHES = {
    "x_train": "741c988805d008ac6e4c904b69001ba184c24b2c540a4ef403f4c71b676cf757",
    "y_train": "1feba77c54802fa5339a11837ea4b2866434b83314ec45192930f1df69120c13",
    "x_test": "6d87418db22cc8025d05968bec9bd5c3932904b23485740db143a061a2c9d161",
    "y_test": "ddeff807876a9661a1110d45c266c86239a3a1b7d37da0c3716a7a683c852ff5",
}
SAMPLE_PATH = os.path.join(os.path.dirname(__file__), "mnist_sample.npz")


def _read(path):
    with np.load(path, allow_pickle=False) as f:
        return {name: f[name] for name in ARRAY_HASHES}


def _split(arrays):
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])


def _official(arrays):
    return all(hashlib.sha256(arrays[name].tobytes()).hexdigest() == digest
               for name, digest in ARRAY_HASHES.items())


def load_data(path="mnist.npz"):
    """Loads the MNIST dataset: 60,000 training and 10,000 test images of handwritten digits.

    Args:
        path: the file name in the cache (`~/.keras/datasets/`, or `$KERAS_HOME/datasets/`).

    Returns:
        `(x_train, y_train), (x_test, y_test)`: uint8 images of shape (n, 28, 28) with
        values 0-255, and uint8 labels 0-9 of shape (n,).

    Raises:
        OSError: when the file is neither cached nor downloadable (offline).
    """
    cached = cache_path(path)
    if os.path.exists(cached) and not validate_file(cached, FILE_HASH):
        try:
            arrays = _read(cached)
        except (OSError, ValueError, KeyError):
            arrays = None
        if arrays is not None and _official(arrays):
            return _split(arrays)
    return _split(_read(get_file(fname=path, origin=ORIGIN, file_hash=FILE_HASH)))


def load_sample():
    """A small real-MNIST sample shipped with neuroflow, for use offline.

    The first 6,000 training and 1,000 test digits of MNIST (Y. LeCun, C. Cortes,
    C. J. C. Burges; CC BY-SA 3.0), in `load_data()`'s format.
    """
    return _split(_read(SAMPLE_PATH))
