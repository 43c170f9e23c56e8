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

from ...data.dataset import AUTOTUNE
from ...framework import dtypes
from ...graph.tensor_spec import TensorSpec
from .dataset_utils import (check_validation_split_arg, get_training_or_validation_split, index_directory,
                            labels_to_arrays, load_files_dataset)

__all__ = ["text_dataset_from_directory"]


def text_dataset_from_directory(directory, labels="inferred", label_mode="int", class_names=None, batch_size=32,
                                max_length=None, shuffle=True, seed=None, validation_split=None, subset=None,
                                follow_links=False, verbose=True):
    """A `tf.data.Dataset` of `(texts, labels)` batches from `directory/<class>/*.txt`.

    Texts are scalar strings (the whole file, cut to `max_length` bytes when given); the
    other arguments work as in `image_dataset_from_directory`.
    """
    if labels not in ("inferred", None):
        if not isinstance(labels, (list, tuple)):
            raise ValueError("`labels` argument should be a list/tuple of integer labels, of the same size as the "
                             'number of text files in the target directory. If you wish to infer the labels from '
                             'the subdirectory names in the target directory, pass `labels="inferred"`. If you '
                             "wish to get a dataset that only contains text samples (no labels), pass "
                             f"`labels=None`. Received: labels={labels}")
        if class_names:
            raise ValueError(f'You can only pass `class_names` if `labels="inferred"`. Received: labels={labels}, '
                             f"and class_names={class_names}")
    if label_mode not in {"int", "categorical", "binary", None}:
        raise ValueError('`label_mode` argument must be one of "int", "categorical", "binary", or None. '
                         f"Received: label_mode={label_mode}")
    if labels is None or label_mode is None:
        labels, label_mode = None, None
    check_validation_split_arg(validation_split, subset, shuffle, seed)
    seed = np.random.randint(1e6) if seed is None else seed
    paths, labels, class_names = index_directory(directory, labels, (".txt",), class_names, shuffle, seed,
                                                 follow_links, verbose)
    if label_mode == "binary" and len(class_names) != 2:
        raise ValueError(f'When passing `label_mode="binary"`, there must be exactly 2 class_names. Received: '
                         f"class_names={class_names}")

    def read(path):
        with open(path, "rb") as f:
            text = f.read() if max_length is None else f.read(max_length)
        return np.asarray(text, dtype=object)

    num_classes = len(class_names) if class_names else 0
    subsets = ("training", "validation") if subset == "both" else (subset,)
    datasets = []
    for part in subsets:
        part_paths, part_labels = get_training_or_validation_split(paths, labels, validation_split, part)
        if not part_paths:
            raise ValueError(f"No {'' if part is None else part + ' '}text files found in directory {directory}. "
                             "Allowed format: .txt")
        arrays = None if part_labels is None else labels_to_arrays(part_labels, label_mode, num_classes)
        ds = load_files_dataset(part_paths, arrays, read, TensorSpec([], dtypes.string),
                                shuffle and part != "validation", None if batch_size is None else batch_size * 8,
                                seed)
        if batch_size is not None:
            ds = ds.batch(batch_size)
        ds = ds.prefetch(AUTOTUNE)
        ds.class_names, ds.file_paths = class_names, part_paths
        datasets.append(ds)
    return datasets[0] if len(datasets) == 1 else datasets
