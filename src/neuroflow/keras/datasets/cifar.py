"""What CIFAR-10 and CIFAR-100 share: reading one batch file of the "python version" archives.

Each batch is a pickled dict with byte-string keys: `b"data"` (uint8, (n, 3072), each row the
red, green and blue 32x32 planes) and the labels (`b"labels"`, or `b"fine_labels"` /
`b"coarse_labels"`). Pickles can run code, so they are read with `neuroflow.io.safe_pickle`,
which builds only NumPy arrays and builtin containers and refuses anything else.
"""
import numpy as np

from ...io import safe_pickle
from ..backend.config import image_data_format

__all__ = ["load_batch", "to_image_data_format"]


def load_batch(fpath, label_key="labels"):
    """`(data, labels)` of one CIFAR batch: uint8 (n, 3, 32, 32) images and the labels list.

    Raises:
        pickle.UnpicklingError: the file names any function or class other than NumPy's.
        ValueError: the file does not hold a CIFAR batch.
    """
    with open(fpath, "rb") as f:
        batch = safe_pickle.load(f, encoding="bytes")
    if not isinstance(batch, dict):
        raise ValueError(f"{fpath} is not a CIFAR batch (it holds a {type(batch).__name__}, not a dict). "
                         "Delete the cached archive so that it is downloaded again.")
    batch = {k.decode("utf8") if isinstance(k, bytes) else k: v for k, v in batch.items()}
    if "data" not in batch or label_key not in batch:
        raise ValueError(f"{fpath} is not a CIFAR batch: it lacks 'data' or {label_key!r} "
                         f"(keys: {sorted(batch)}).")
    data = np.asarray(batch["data"])
    if data.dtype != np.uint8 or data.ndim != 2 or data.shape[1] != 3 * 32 * 32:
        raise ValueError(f"{fpath}: 'data' must be uint8 of shape (n, 3072); found {data.dtype} {data.shape}.")
    return data.reshape(data.shape[0], 3, 32, 32), batch[label_key]


def to_image_data_format(x):
    """(n, 3, 32, 32) images in Keras' `image_data_format()` (NHWC for 'channels_last')."""
    return x.transpose(0, 2, 3, 1) if image_data_format() == "channels_last" else x
