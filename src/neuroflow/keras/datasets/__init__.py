"""`keras.datasets`: datasets that download once into the Keras cache.

>>> from neuroflow.keras import datasets
>>> datasets.mnist.ORIGIN
'https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz'
"""
from . import mnist
from . import boston_housing, california_housing, cifar10, cifar100, fashion_mnist
from . import imdb, reuters

__all__ = ["mnist", "boston_housing", "california_housing", "cifar10", "cifar100", "fashion_mnist"]
__all__ += ["imdb", "reuters"]
