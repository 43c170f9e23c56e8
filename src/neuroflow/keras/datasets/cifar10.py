"""`cifar10.load_data()`: 60,000 32x32 colour images of 10 classes, as Keras serves them.

The archive `cifar-10-python.tar.gz` comes from its authors' site (checked against Keras'
sha256), is extracted safely into `~/.keras/datasets/cifar-10-batches-py-target/`, and its
pickled batches are read with the restricted unpickler (see `cifar.load_batch`).
Classes: airplane, automobile, bird, cat, deer, dog, frog, horse, ship, truck.

>>> from neuroflow.keras.datasets import cifar10
>>> cifar10.ORIGIN
'https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz'
"""
import os

import numpy as np

from ..utils.file_utils import get_file
from .cifar import load_batch, to_image_data_format

__all__ = ["load_data"]

ORIGIN = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
FILE_HASH = "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce"
DIRNAME = "cifar-10-batches-py-target"


def load_data():
    """Loads CIFAR-10: 50,000 training and 10,000 test images.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: uint8 images of shape (n, 32, 32, 3) (or
        (n, 3, 32, 32) under `image_data_format() == "channels_first"`) and uint8 labels 0-9
        of shape (n, 1).
    """
    path = os.path.join(get_file(fname=DIRNAME, origin=ORIGIN, extract=True, file_hash=FILE_HASH),
                        "cifar-10-batches-py")
    batches = [load_batch(os.path.join(path, f"data_batch_{i}")) for i in range(1, 6)]
    x_train = np.concatenate([x for x, _ in batches])
    y_train = np.concatenate([np.asarray(y, np.uint8) for _, y in batches]).reshape(-1, 1)
    x_test, y_test = load_batch(os.path.join(path, "test_batch"))
    y_test = np.asarray(y_test, np.uint8).reshape(-1, 1)
    return (to_image_data_format(x_train), y_train), (to_image_data_format(x_test), y_test)
