"""`cifar100.load_data(label_mode)`: 60,000 32x32 colour images of 100 classes (20 superclasses).

The archive `cifar-100-python.tar.gz` comes from its authors' site (checked against Keras'
sha256), is extracted safely into `~/.keras/datasets/cifar-100-python-target/`, and its
pickled `train` / `test` files are read with the restricted unpickler.

>>> from neuroflow.keras.datasets import cifar100
>>> cifar100.load_data(label_mode="medium")
Traceback (most recent call last):
...
ValueError: `label_mode` must be one of `"fine"`, `"coarse"`. Received: label_mode=medium.
"""
import os

import numpy as np

from ..utils.file_utils import get_file
from .cifar import load_batch, to_image_data_format

__all__ = ["load_data"]

ORIGIN = "https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz"
FILE_HASH = "85cd44d02ba6437773c5bbd22e183051d648de2e7d6b014e1ef29b855ba677a7"
DIRNAME = "cifar-100-python-target"


def load_data(label_mode="fine"):
    """Loads CIFAR-100: 50,000 training and 10,000 test images.

    Args:
        label_mode: "fine" (100 classes) or "coarse" (20 superclasses).

    Returns:
        `(x_train, y_train), (x_test, y_test)`: uint8 images of shape (n, 32, 32, 3) (or
        channels first, per `image_data_format()`) and int64 labels of shape (n, 1), as Keras
        returns them.
    """
    if label_mode not in ("fine", "coarse"):
        raise ValueError('`label_mode` must be one of `"fine"`, `"coarse"`. '
                         f"Received: label_mode={label_mode}.")
    path = os.path.join(get_file(fname=DIRNAME, origin=ORIGIN, extract=True, file_hash=FILE_HASH),
                        "cifar-100-python")
    x_train, y_train = load_batch(os.path.join(path, "train"), label_key=f"{label_mode}_labels")
    x_test, y_test = load_batch(os.path.join(path, "test"), label_key=f"{label_mode}_labels")
    return ((to_image_data_format(x_train), np.reshape(y_train, (len(y_train), 1))),
            (to_image_data_format(x_test), np.reshape(y_test, (len(y_test), 1))))
