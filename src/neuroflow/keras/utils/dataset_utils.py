"""Dataset helpers shared by the `*_dataset_from_directory` utilities, and `split_dataset`.

>>> import numpy as np
>>> from neuroflow.keras import utils
>>> left, right = utils.split_dataset(np.arange(10), left_size=0.8)
>>> [int(v) for v in right]
[8, 9]
"""
import os
import random

import numpy as np

from ... import data as tf_data
from ...data.dataset import AUTOTUNE
from ...data.parallel import python_map
from ...framework import dtypes
from ...graph.tensor_spec import TensorSpec

__all__ = ["split_dataset", "index_directory", "get_training_or_validation_split", "check_validation_split_arg",
           "labels_to_arrays", "load_files_dataset", "check_label_args", "directory_datasets"]


# --- split_dataset ---------------------------------------------------------------------------
def split_dataset(dataset, left_size=None, right_size=None, shuffle=False, seed=None):
    """Splits a dataset (arrays, a tuple/list of arrays, or a tf.data.Dataset) into two datasets.

    Args:
        dataset: the samples; a batched `tf.data.Dataset` is split by sample and re-batched.
        left_size, right_size: a fraction in (0, 1) or a number of samples; the other side
            gets the rest when one is None.
        shuffle: shuffle the samples first (with `seed`).

    Returns:
        `(left, right)` datasets.
    """
    if left_size is None and right_size is None:
        raise ValueError("At least one of the `left_size` or `right_size` must be specified. "
                         "Received: left_size=None and right_size=None")
    if isinstance(dataset, tf_data.Dataset):
        batch_size = getattr(dataset, "_batch_size", None)  # a batched dataset is split by sample
        samples = list((dataset.unbatch() if batch_size else dataset).as_numpy_iterator())
    elif isinstance(dataset, (tuple, list)):
        batch_size = None
        samples = list(zip(*dataset)) if isinstance(dataset, tuple) else list(dataset)
    elif isinstance(dataset, np.ndarray):
        batch_size, samples = None, list(dataset)
    else:
        raise TypeError(f"The `dataset` argument must be either a `tf.data.Dataset` object, or a list/tuple of "
                        f"arrays. Received: dataset={dataset} of type {type(dataset)}")
    if not samples:
        raise ValueError("Received an empty dataset. Argument `dataset` must be a non-empty list/tuple of "
                         "`numpy.ndarray` objects or `tf.data.Dataset` objects.")
    if shuffle:
        random.Random(random.randint(0, int(1e6)) if seed is None else seed).shuffle(samples)
    left, right = _split_sizes(left_size, right_size, len(samples))
    parts = []
    for part in (samples[:left], samples[-right:]):
        columns = tuple(np.stack(c) for c in zip(*part)) if isinstance(part[0], tuple) else np.stack(part)
        ds = tf_data.Dataset.from_tensor_slices(columns)
        parts.append((ds.batch(batch_size) if batch_size else ds).prefetch(AUTOTUNE))
    return tuple(parts)


def _split_sizes(left_size, right_size, total):
    """Keras' rules for `left_size` / `right_size` as sample counts."""
    for name, size in (("left_size", left_size), ("right_size", right_size)):
        if size is not None and type(size) not in (int, float):
            raise TypeError(f"Invalid `{name}` Type. Expected: int or float or None, Received: "
                            f"type({name})={type(size)}.")
        if type(size) is int and not 0 < size < total or type(size) is float and not 0 < size < 1:
            raise ValueError(f"`{name}` should be either a positive integer smaller than {total}, or a float "
                             f"within the range `[0, 1]`. Received: {name}={size}")
    if type(left_size) is float and type(right_size) is float and left_size + right_size > 1:
        raise ValueError("The sum of `left_size` and `right_size` is greater than 1. It must be less than or "
                         "equal to 1.")
    left = round(left_size * total) if type(left_size) is float else left_size
    right = round(right_size * total) if type(right_size) is float else right_size
    left = total - right if left is None else left
    right = total - left if right is None else right
    if left + right > total:
        raise ValueError(f"The sum of `left_size` and `right_size` should be smaller than the {total}. "
                         f"Received: left_size + right_size = {left + right}and total_length = {total}")
    for split, side in ((left, "left"), (right, "right")):
        if split == 0:
            raise ValueError(f"With `dataset` of length={total}, `left_size`={left} and `right_size`={right}."
                             f"Resulting {side} side dataset split will be empty. Adjust any of the "
                             "aforementioned parameters")
    return int(left), int(right)


# --- directories of files --------------------------------------------------------------------
def index_directory(directory, labels, formats, class_names=None, shuffle=True, seed=None, follow_links=False,
                    verbose=True):
    """`(file_paths, labels, class_names)` for the files under `directory` (Keras' order and messages).

    With `labels="inferred"` each subfolder is a class (alphanumeric order unless
    `class_names` gives it); files are sorted, then shuffled with `seed` when `shuffle`.
    """
    if not os.path.isdir(directory):
        raise ValueError(f"Could not find directory {directory}. Check the path, or create it with one "
                         "subfolder per class.")
    if labels == "inferred":
        subdirs = [d for d in sorted(os.listdir(directory))
                   if os.path.isdir(os.path.join(directory, d)) and not d.startswith(".")]
        if class_names is not None:
            if not set(class_names).issubset(subdirs):
                raise ValueError(f"The `class_names` passed did not match the names of the subdirectories of the "
                                 f"target directory. Expected: {subdirs} (or a subset of it), but received: "
                                 f"class_names={class_names}")
            subdirs = list(class_names)
    else:
        if class_names is not None:
            raise ValueError("When `labels=None` (no labels), argument `class_names` cannot be specified."
                             if labels is None else "When argument `labels` is specified, argument "
                             "`class_names` cannot be specified (the `class_names` will be the sorted list of "
                             "labels).")
        subdirs = [""]
    filenames, inferred = [], []
    for index, subdir in enumerate(subdirs):
        root_dir = os.path.join(directory, subdir)
        walk = sorted(os.walk(root_dir, followlinks=follow_links), key=lambda entry: entry[0])
        for root, _, files in walk:
            for name in sorted(files):
                if name.lower().endswith(formats):
                    filenames.append(os.path.join(subdir, os.path.relpath(os.path.join(root, name), root_dir)))
                    inferred.append(index)
    if labels == "inferred":
        labels = np.asarray(inferred, dtype="int32")
        class_names = subdirs
    elif labels is None:
        class_names = None
    else:
        if len(labels) != len(filenames):
            raise ValueError(f"Expected the lengths of `labels` to match the number of files in the target "
                             f"directory. len(labels) is {len(labels)} while we found {len(filenames)} files in "
                             f"directory {directory}.")
        class_names = [str(label) for label in sorted(set(labels))]
    if verbose:
        print(f"Found {len(filenames)} files." if labels is None else
              f"Found {len(filenames)} files belonging to {len(class_names)} classes.")
    paths = [os.path.join(directory, f) for f in filenames]
    if shuffle:
        seed = np.random.randint(1e6) if seed is None else seed
        np.random.RandomState(seed).shuffle(paths)
        if labels is not None:
            labels = np.asarray(labels)
            np.random.RandomState(seed).shuffle(labels)
    return paths, labels, class_names


def check_validation_split_arg(validation_split, subset, shuffle, seed):
    if validation_split and not 0 < validation_split < 1:
        raise ValueError(f"`validation_split` must be between 0 and 1, received: {validation_split}")
    if (validation_split or subset) and not (validation_split and subset):
        raise ValueError("If `subset` is set, `validation_split` must be set, and inversely.")
    if subset not in ("training", "validation", "both", None):
        raise ValueError(f'`subset` must be either "training", "validation" or "both", received: {subset}')
    if validation_split and shuffle and seed is None:
        raise ValueError("If using `validation_split` and shuffling the data, you must provide a `seed` argument, "
                         "to make sure that there is no overlap between the training and validation subset.")


def get_training_or_validation_split(samples, labels, validation_split, subset):
    """The training (first) or validation (last `validation_split`) part of `samples` and `labels`."""
    if not validation_split:
        return samples, labels
    count = int(validation_split * len(samples))
    if subset == "training":
        print(f"Using {len(samples) - count} files for training.")
        part = slice(None, -count)
    elif subset == "validation":
        print(f"Using {count} files for validation.")
        part = slice(-count, None)
    else:
        raise ValueError(f'`subset` must be either "training" or "validation", received: {subset}')
    return samples[part], None if labels is None else labels[part]


def labels_to_arrays(labels, label_mode, num_classes):
    """Labels as Keras delivers them: int32, float32 of shape (n, 1) (binary) or one-hot (categorical)."""
    labels = np.asarray(labels)
    if label_mode == "binary":
        return labels.astype("float32").reshape(-1, 1)
    if label_mode == "categorical":
        return np.eye(num_classes, dtype="float32")[labels.astype("int64")]
    return labels.astype("int32")


def check_label_args(labels, label_mode, class_names, what):
    """Keras' checks of `labels`/`label_mode`/`class_names`; returns `(labels, label_mode)`, both None
    when the dataset has no labels."""
    if labels not in ("inferred", None):
        if not isinstance(labels, (list, tuple)):
            raise ValueError(f"`labels` argument should be a list/tuple of integer labels, of the same size as the "
                             f"number of {what} in the target directory. If you wish to infer the labels from the "
                             'subdirectory names in the target directory, pass `labels="inferred"`. If you wish '
                             f"to get a dataset that only contains {what} (no labels), pass `labels=None`. "
                             f"Received: labels={labels}")
        if class_names:
            raise ValueError(f'You can only pass `class_names` if `labels="inferred"`. Received: labels={labels}, '
                             f"and class_names={class_names}")
    if label_mode not in {"int", "categorical", "binary", None}:
        raise ValueError('`label_mode` argument must be one of "int", "categorical", "binary", or None. '
                         f"Received: label_mode={label_mode}")
    if labels is None or label_mode is None:
        return None, None
    return labels, label_mode


def directory_datasets(directory, labels, label_mode, class_names, formats, load, output_spec, batch_size,
                       shuffle, seed, validation_split, subset, follow_links, verbose, what):
    """The dataset (or `[training, validation]` for `subset="both"`) of `load(path)` for the files of
    `directory`, labelled, shuffled, split, batched and prefetched as Keras' `*_dataset_from_directory` do."""
    check_validation_split_arg(validation_split, subset, shuffle, seed)
    seed = np.random.randint(1e6) if seed is None else seed
    paths, labels, class_names = index_directory(directory, labels, formats, class_names, shuffle, seed,
                                                 follow_links, verbose)
    if label_mode == "binary" and len(class_names) != 2:
        raise ValueError(f'When passing `label_mode="binary"`, there must be exactly 2 class_names. Received: '
                         f"class_names={class_names}")
    num_classes = len(class_names) if class_names else 0
    datasets = []
    for part in ("training", "validation") if subset == "both" else (subset,):
        part_paths, part_labels = get_training_or_validation_split(paths, labels, validation_split, part)
        if not part_paths:
            raise ValueError(f"No {'' if part is None else part + ' '}{what} found in directory {directory}. "
                             f"Allowed formats: {formats}")
        arrays = None if part_labels is None else labels_to_arrays(part_labels, label_mode, num_classes)
        ds = load_files_dataset(part_paths, arrays, load, output_spec, shuffle and part != "validation",
                                None if batch_size is None else batch_size * 8, seed)
        if batch_size is not None:
            ds = ds.batch(batch_size)
        ds = ds.prefetch(AUTOTUNE)
        ds.class_names, ds.file_paths = class_names, part_paths
        datasets.append(ds)
    return datasets[0] if len(datasets) == 1 else datasets


def load_files_dataset(paths, labels, load, output_spec, shuffle, shuffle_buffer_size, seed):
    """`(contents, label)` (or contents) elements: `load(path) -> array` runs on a thread pool.

    Shuffling happens on the paths, before loading, as in Keras.
    """
    ds = tf_data.Dataset.from_tensor_slices(np.asarray([os.fsencode(p) for p in paths], dtype=object))
    if labels is not None:
        ds = tf_data.Dataset.zip((ds, tf_data.Dataset.from_tensor_slices(labels)))
    if shuffle:
        ds = ds.shuffle(buffer_size=shuffle_buffer_size or 1024, seed=seed)

    def run(flat):
        return (load(os.fsdecode(flat[0][()])),) + tuple(flat[1:])
    spec = output_spec if labels is None else (output_spec, TensorSpec(labels.shape[1:], dtypes.as_dtype(labels.dtype)))
    return python_map(ds, run, spec)
