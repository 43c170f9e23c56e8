"""Seeds for the random transformations (`shuffle`, `sample_from_datasets`, `list_files`).

TensorFlow's rules: an explicit `seed` gives the same order every time the dataset is
built (within the global seed of `tf.random.set_seed`); with only a global seed, each new
random dataset takes the next seed of the global stream (so a program is reproducible);
with neither, every run differs.

>>> import numpy as np
>>> from neuroflow.data.seeds import dataset_entropy, rng_for
>>> a, b = dataset_entropy(7), dataset_entropy(7)
>>> a == b
True
>>> int(rng_for(a, 0).integers(100)) == int(rng_for(b, 0).integers(100))
True
"""
import numpy as np

from ..ops import random_ops

__all__ = ["dataset_entropy", "rng_for"]


def dataset_entropy(seed):
    """Entropy (a list of ints) fixing a dataset's random choices, or None for fresh ones each run."""
    if seed is not None:
        seed = int(seed.numpy() if hasattr(seed, "numpy") else seed)
        global_seed = random_ops._Seeds.global_seed
        return [random_ops._DEFAULT_GLOBAL_SEED if global_seed is None else global_seed, 1, seed % 2 ** 63]
    if random_ops._Seeds.global_seed is None:
        return None
    drawn = random_ops._generator_for(None).uniform([2], None, None, dtype="int64").numpy()
    return [int(v) % 2 ** 63 for v in drawn]


def rng_for(entropy, epoch):
    """The NumPy generator for one iteration (`epoch`) of a dataset with `entropy`."""
    if entropy is None:
        return np.random.default_rng()
    return np.random.default_rng(entropy + [int(epoch)])
