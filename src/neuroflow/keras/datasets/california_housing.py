"""`california_housing.load_data()`: the California housing prices regression dataset (1990 census).

20,640 block groups with 8 features each (median income, house age, rooms, bedrooms,
population, occupancy, latitude, longitude); the target is the median house value in dollars.

>>> from neuroflow.keras.datasets import california_housing
>>> california_housing.load_data(version="medium")
Traceback (most recent call last):
...
ValueError: Argument `version` must be one of 'small', 'large'. Received: version=medium
"""
import numpy as np

from ..utils.file_utils import get_file
from .housing_split import check_test_split, shuffled_split

__all__ = ["load_data"]

ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/california_housing.npz"
FILE_HASH = "1a2e3a52e0398de6463aebe6f4a8da34fb21fbb6b934cf88c3425e766f2a1a6f"


def load_data(version="large", path="california_housing.npz", test_split=0.2, seed=113):
    """Loads the California housing dataset, shuffled with `seed` and split.

    Args:
        version: "large" (all 20,640 samples) or "small" (the first 600, for quick experiments).
        path: the file name in the Keras cache (`~/.keras/datasets/`).
        test_split: the fraction of the data held out for testing, in [0, 1).
        seed: the shuffling seed.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: features of shape (n, 8) and targets of shape
        (n,), floats as stored in Keras' file; 16,512 / 4,128 samples for "large", 480 / 120
        for "small".
    """
    check_test_split(test_split)
    if version not in ("small", "large"):
        raise ValueError(f"Argument `version` must be one of 'small', 'large'. Received: version={version}")
    with np.load(get_file(path, origin=ORIGIN, file_hash=FILE_HASH), allow_pickle=False) as f:
        x, y = f["x"], f["y"]
    if version == "small":
        x, y = x[:600], y[:600]
    return shuffled_split(x, y, test_split, seed)
