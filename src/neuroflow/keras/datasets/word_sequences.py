"""What `imdb` and `reuters` share: reading their `.npz` of word-index lists safely, and Keras'
transformations of those lists (`start_char`, `index_from`, `maxlen`, `num_words`, `skip_top`).

The files store each text as a Python list inside a NumPy object array, which NumPy can only
save as a pickle. They are read with `neuroflow.io.safe_pickle`, which rebuilds NumPy arrays,
lists and numbers and refuses anything else, instead of `np.load(allow_pickle=True)`.
"""
import json
import pickle

import numpy as np

from ...io import safe_pickle
from ..utils.file_utils import get_file

__all__ = ["load_sequences", "offset_words", "remove_long_seq", "limit_vocabulary", "load_word_index", "as_objects"]


def load_sequences(path, names):
    """The arrays `names` of the `.npz` at `path`; a file holding anything but arrays, lists and
    numbers raises ValueError naming the file."""
    try:
        arrays = safe_pickle.load_npz(path)
    except pickle.UnpicklingError as error:
        raise ValueError(f"{path} holds data that is not a dataset of word indices ({error})") from None
    missing = [n for n in names if n not in arrays]
    if missing:
        raise ValueError(f"{path} has no array {missing[0]!r}: it is not the expected dataset file. "
                         "Delete it and download it again.")
    for name in names:
        if arrays[name].dtype == object and not all(isinstance(x, (list, np.ndarray)) for x in arrays[name]):
            raise ValueError(f"{path}: array {name!r} must hold one list of word indices per text.")
    return [arrays[n] for n in names]


def offset_words(xs, start_char, index_from):
    """Each sequence's indices shifted by `index_from`, after a `start_char` when it is not None."""
    if start_char is not None:
        return [[start_char] + [w + index_from for w in x] for x in xs]
    if index_from:
        return [[w + index_from for w in x] for x in xs]
    return [list(x) for x in xs]


def remove_long_seq(maxlen, seqs, labels):
    """The sequences shorter than `maxlen` (strictly, as Keras) and their labels."""
    kept = [(x, y) for x, y in zip(seqs, labels) if len(x) < maxlen]
    return [x for x, _ in kept], [y for _, y in kept]


def limit_vocabulary(xs, num_words, skip_top, oov_char):
    """Words outside `[skip_top, num_words)` become `oov_char` (or are dropped when it is None)."""
    if not num_words:
        num_words = max((max(x) for x in xs if len(x)), default=0)
    if oov_char is not None:
        return [[w if skip_top <= w < num_words else oov_char for w in x] for x in xs]
    return [[w for w in x if skip_top <= w < num_words] for x in xs]


def as_objects(seqs):
    """A 1-D object array of lists, as Keras returns the sequences."""
    out = np.empty(len(seqs), dtype=object)
    out[:] = seqs
    return out


def load_word_index(path, origin, file_hash):
    """The `{word: index}` dict of a dataset's word-index JSON file (downloaded once, verified)."""
    with open(get_file(fname=path, origin=origin, file_hash=file_hash), encoding="utf-8") as f:
        index = json.load(f)
    if not isinstance(index, dict) or not all(isinstance(v, int) for v in index.values()):
        raise ValueError(f"{path} is not a word index (a JSON object of word -> integer).")
    return index
