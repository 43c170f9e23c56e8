"""`keras.datasets`: datasets that download once into the Keras cache.

>>> from neuroflow.keras import datasets
>>> datasets.mnist.ORIGIN
'https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz'
"""
from . import mnist
from . import imdb, reuters

__all__ = ["mnist"]
__all__ += ["imdb", "reuters"]
