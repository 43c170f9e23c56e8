"""`boston_housing.load_data()`: the Boston housing prices regression dataset, as Keras serves it.

506 Boston suburbs in the 1970s, 13 features each; the target is the median home value in
thousands of dollars. (The dataset has known ethical problems — a feature built on a
racial-composition assumption — Keras keeps it for compatibility, and so do we.)

>>> from neuroflow.keras.datasets import boston_housing
>>> boston_housing.load_data(test_split=1.0)
Traceback (most recent call last):
...
ValueError: Invalid `test_split` argument: 1.0. It must be between 0 and 1 (exclusive of 1).
"""
import numpy as np

from ..utils.file_utils import get_file
from .housing_split import check_test_split, shuffled_split

__all__ = ["load_data"]

ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/boston_housing.npz"
FILE_HASH = "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5"


def load_data(path="boston_housing.npz", test_split=0.2, seed=113):
    """Loads the Boston housing dataset, shuffled with `seed` and split.

    Args:
        path: the file name in the Keras cache (`~/.keras/datasets/`).
        test_split: the fraction of the data held out for testing, in [0, 1).
        seed: the shuffling seed.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: features of shape (n, 13) and targets of shape
        (n,), floats as stored in Keras' file; 404 training and 102 test samples by default.
    """
    check_test_split(test_split)
    with np.load(get_file(path, origin=ORIGIN, file_hash=FILE_HASH), allow_pickle=False) as f:
        x, y = f["x"], f["y"]
    return shuffled_split(x, y, test_split, seed)
