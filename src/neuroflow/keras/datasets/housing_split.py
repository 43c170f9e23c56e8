"""The seeded shuffle-and-split Keras applies to its housing regression datasets."""
import numpy as np

__all__ = ["check_test_split", "shuffled_split"]


def check_test_split(test_split):
    if not 0 <= test_split < 1:
        raise ValueError(f"Invalid `test_split` argument: {test_split}. "
                         "It must be between 0 and 1 (exclusive of 1).")


def shuffled_split(x, y, test_split, seed):
    """`(x_train, y_train), (x_test, y_test)`: rows shuffled with `RandomState(seed)`, the first
    `int(n * (1 - test_split))` for training, as Keras does (so the same seed gives Keras' split)."""
    indices = np.arange(len(x))
    np.random.RandomState(seed).shuffle(indices)
    x, y = x[indices], y[indices]
    cut = int(len(x) * (1 - test_split))
    return (x[:cut], y[:cut]), (x[cut:], y[cut:])
