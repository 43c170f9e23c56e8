"""`reuters.load_data()`: 11,228 Reuters newswires as lists of word indices, labelled by one of 46 topics.

The file is Keras' own (`reuters.npz` from Keras' origin, checked against its sha256); the
newswires are shuffled, shifted, filtered and split exactly as `keras.datasets.reuters` does.

>>> from neuroflow.keras.datasets import reuters
>>> len(reuters.get_label_names()), reuters.get_label_names()[:3]
(46, ('cocoa', 'grain', 'veg-oil'))
"""
import numpy as np

from ..utils.file_utils import get_file
from .word_sequences import as_objects, limit_vocabulary, load_sequences, load_word_index, offset_words, \
    remove_long_seq

__all__ = ["load_data", "get_word_index", "get_label_names"]

ORIGIN_FOLDER = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
FILE_HASH = "d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916"
WORD_INDEX_HASH = "4d44cc38712099c9e383dc6e5f11a921"
LABEL_NAMES = (
    "cocoa", "grain", "veg-oil", "earn", "acq", "wheat", "copper", "housing", "money-supply", "coffee", "sugar",
    "trade", "reserves", "ship", "cotton", "carcass", "crude", "nat-gas", "cpi", "money-fx", "interest", "gnp",
    "meal-feed", "alum", "oilseed", "gold", "tin", "strategic-metal", "livestock", "retail", "ipi", "iron-steel",
    "rubber", "heat", "jobs", "lei", "bop", "zinc", "orange", "pet-chem", "dlr", "gas", "silver", "wpi", "hog",
    "lead")


def load_data(path="reuters.npz", num_words=None, skip_top=0, maxlen=None, test_split=0.2, seed=113, start_char=1,
              oov_char=2, index_from=3):
    """Loads the Reuters newswire topic dataset.

    Args: as `imdb.load_data`, plus `test_split`, the fraction of newswires held out for testing.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: object arrays of lists of ints, and topic labels 0-45.
    """
    local = get_file(fname=path, origin=ORIGIN_FOLDER + "reuters.npz", file_hash=FILE_HASH)
    xs, labels = load_sequences(local, ["x", "y"])
    order = np.arange(len(xs))
    np.random.RandomState(seed).shuffle(order)
    xs, labels = offset_words(xs[order], start_char, index_from), labels[order]
    if maxlen:
        xs, labels = remove_long_seq(maxlen, xs, labels)
    xs = limit_vocabulary(xs, num_words, skip_top, oov_char)
    split = int(len(xs) * (1 - test_split))
    return (as_objects(xs[:split]), np.array(labels[:split])), (as_objects(xs[split:]), np.array(labels[split:]))


def get_word_index(path="reuters_word_index.json"):
    """The `{word: index}` dictionary of the Reuters dataset (add `index_from` to match `load_data`)."""
    return load_word_index(path, ORIGIN_FOLDER + "reuters_word_index.json", WORD_INDEX_HASH)


def get_label_names():
    """The 46 topic names, in label order."""
    return LABEL_NAMES
