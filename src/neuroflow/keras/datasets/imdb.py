"""`imdb.load_data()`: 50,000 IMDB movie reviews as lists of word indices, labelled by sentiment.

The file is Keras' own (`imdb.npz` from Keras' origin, checked against its sha256); reviews
come out shuffled, shifted and filtered exactly as `keras.datasets.imdb` does.

>>> from neuroflow.keras.datasets import imdb
>>> imdb.ORIGIN_FOLDER + imdb.FILE_NAME
'https://storage.googleapis.com/tensorflow/tf-keras-datasets/imdb.npz'
"""
import numpy as np

from ..utils.file_utils import get_file
from .word_sequences import as_objects, limit_vocabulary, load_sequences, load_word_index, offset_words, \
    remove_long_seq

__all__ = ["load_data", "get_word_index"]

ORIGIN_FOLDER = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
FILE_NAME = "imdb.npz"
FILE_HASH = "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f"
WORD_INDEX_HASH = "bfafd718b763782e994055a2d397834f"


def load_data(path="imdb.npz", num_words=None, skip_top=0, maxlen=None, seed=113, start_char=1, oov_char=2,
              index_from=3, **kwargs):
    """Loads the IMDB sentiment dataset: 25,000 training and 25,000 test reviews.

    Words are indexed by frequency (index `i + index_from` is the i-th most frequent word).

    Args:
        path: the file name in the cache (`~/.keras/datasets/` or `$KERAS_HOME/datasets/`).
        num_words: keep the `num_words` most frequent words (indices below it); others become `oov_char`.
        skip_top: also replace the `skip_top` most frequent indices by `oov_char`.
        maxlen: drop reviews of `maxlen` words or more.
        seed: the shuffling seed.
        start_char: the index that starts each review (None: no start marker).
        oov_char: the index of removed words (None: drop them).
        index_from: the offset added to every word index.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: object arrays of lists of ints, and int labels (0/1).
    """
    if kwargs:
        raise TypeError(f"Unrecognized keyword arguments: {sorted(kwargs)}.")
    local = get_file(fname=path, origin=ORIGIN_FOLDER + FILE_NAME, file_hash=FILE_HASH)
    x_train, labels_train, x_test, labels_test = load_sequences(local, ["x_train", "y_train", "x_test", "y_test"])
    rng = np.random.RandomState(seed)
    order = np.arange(len(x_train))
    rng.shuffle(order)
    x_train, labels_train = x_train[order], labels_train[order]
    order = np.arange(len(x_test))
    rng.shuffle(order)
    x_test, labels_test = x_test[order], labels_test[order]
    x_train = offset_words(x_train, start_char, index_from)
    x_test = offset_words(x_test, start_char, index_from)
    if maxlen:
        x_train, labels_train = remove_long_seq(maxlen, x_train, labels_train)
        x_test, labels_test = remove_long_seq(maxlen, x_test, labels_test)
        if not x_train or not x_test:
            raise ValueError(f"After filtering for sequences shorter than maxlen={maxlen}, no sequence was kept. "
                             "Increase maxlen.")
    xs = limit_vocabulary(x_train + x_test, num_words, skip_top, oov_char)
    labels = np.concatenate([labels_train, labels_test])
    split = len(x_train)
    return (as_objects(xs[:split]), labels[:split]), (as_objects(xs[split:]), labels[split:])


def get_word_index(path="imdb_word_index.json"):
    """The `{word: index}` dictionary of the IMDB dataset (add `index_from` to match `load_data`)."""
    return load_word_index(path, ORIGIN_FOLDER + "imdb_word_index.json", WORD_INDEX_HASH)
