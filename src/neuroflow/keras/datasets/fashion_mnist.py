"""`fashion_mnist.load_data()`: Zalando's Fashion-MNIST, downloaded and cached as Keras does.

70,000 28x28 grayscale images of 10 clothing classes (0 T-shirt/top, 1 Trouser, 2 Pullover,
3 Dress, 4 Coat, 5 Sandal, 6 Shirt, 7 Sneaker, 8 Bag, 9 Ankle boot), a drop-in replacement
for MNIST. The four gzipped IDX files come from Keras' origin into
`~/.keras/datasets/fashion-mnist/` (Keras publishes no hashes for them); each file's IDX
header is checked (magic number, dimensions, length) before its data is used.

>>> from neuroflow.keras.datasets import fashion_mnist
>>> fashion_mnist.FILES[0]
'train-labels-idx1-ubyte.gz'
"""
import gzip
import os

import numpy as np

from ..utils.file_utils import get_file

__all__ = ["load_data"]

ORIGIN_FOLDER = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
FILES = ["train-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz",
         "t10k-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz"]
CACHE_SUBDIR = os.path.join("datasets", "fashion-mnist")


def read_idx(path, rank):
    """The uint8 array in the gzipped IDX file at `path`, checking its header.

    IDX: two zero bytes, a type byte (0x08 = uint8), the rank, then one big-endian uint32 per
    dimension, then the data.
    """
    with gzip.open(path, "rb") as f:
        data = f.read()
    header = 4 + 4 * rank
    if len(data) < header or data[:4] != bytes([0, 0, 8, rank]):
        raise ValueError(f"{path} is not a gzipped uint8 IDX file of rank {rank} (header "
                         f"{data[:4].hex()}). Delete it so that it is downloaded again.")
    shape = tuple(int(d) for d in np.frombuffer(data, ">u4", count=rank, offset=4))
    if len(data) - header != int(np.prod(shape)):
        raise ValueError(f"{path}: the IDX header announces shape {shape} ({int(np.prod(shape))} bytes) "
                         f"but {len(data) - header} bytes follow. Delete it so that it is downloaded again.")
    return np.frombuffer(data, np.uint8, offset=header).reshape(shape)


def load_data():
    """Loads Fashion-MNIST: 60,000 training and 10,000 test images.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: uint8 images of shape (n, 28, 28) with values
        0-255, and uint8 labels 0-9 of shape (n,).
    """
    paths = [get_file(name, origin=ORIGIN_FOLDER + name, cache_subdir=CACHE_SUBDIR) for name in FILES]
    y_train, x_train, y_test, x_test = (read_idx(path, rank) for path, rank in zip(paths, (1, 3, 1, 3)))
    return (x_train, y_train), (x_test, y_test)
