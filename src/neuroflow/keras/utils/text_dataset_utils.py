"""`text_dataset_from_directory`: a folder of class subfolders of `.txt` files as a labelled dataset.

>>> import os, tempfile
>>> from neuroflow.keras import utils
>>> root = tempfile.mkdtemp()
>>> for label, text in (("neg", "bad"), ("pos", "good")):
...     os.makedirs(os.path.join(root, label))
...     _ = open(os.path.join(root, label, "a.txt"), "w").write(text)
>>> ds = utils.text_dataset_from_directory(root, batch_size=2, shuffle=False)
Found 2 files belonging to 2 classes.
>>> texts, labels = next(iter(ds))
>>> texts.numpy().tolist(), labels.numpy().tolist()
([b'bad', b'good'], [0, 1])
"""
import numpy as np

from ...framework import dtypes
from ...graph.tensor_spec import TensorSpec
from .dataset_utils import check_label_args, directory_datasets

__all__ = ["text_dataset_from_directory"]


def text_dataset_from_directory(directory, labels="inferred", label_mode="int", class_names=None, batch_size=32,
                                max_length=None, shuffle=True, seed=None, validation_split=None, subset=None,
                                follow_links=False, verbose=True):
    """A `tf.data.Dataset` of `(texts, labels)` batches from `directory/<class>/*.txt`.

    Texts are scalar strings (the whole file, cut to `max_length` bytes when given); the
    other arguments work as in `image_dataset_from_directory`.
    """
    labels, label_mode = check_label_args(labels, label_mode, class_names, "text files")

    def read(path):
        with open(path, "rb") as f:
            text = f.read() if max_length is None else f.read(max_length)
        return np.asarray(text, dtype=object)

    return directory_datasets(directory, labels, label_mode, class_names, (".txt",), read,
                              TensorSpec([], dtypes.string), batch_size, shuffle, seed, validation_split, subset,
                              follow_links, verbose, "text files")
