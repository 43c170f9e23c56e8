"""`keras.utils`: progress bar, data helpers, seeding, downloads.

>>> from neuroflow.keras import utils
>>> utils.to_categorical([1], 2).tolist()
[[0.0, 1.0]]
"""
from .file_utils import get_file
from .numerical_utils import normalize, to_categorical
from .progbar import Progbar
from .py_dataset import PyDataset, Sequence
from .rng_utils import set_random_seed
from .sequence_utils import pad_sequences

__all__ = ["get_file", "normalize", "to_categorical", "Progbar", "PyDataset", "Sequence", "set_random_seed"]
__all__ += ["pad_sequences"]
