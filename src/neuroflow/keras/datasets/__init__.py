"""`keras.datasets`: datasets that download once into the Keras cache.

>>> from neuroflow.keras import datasets
>>> datasets.mnist.ORIGIN
'https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz'
"""
from . import imdb, mnist, reuters

__all__ = ["imdb", "mnist", "reuters"]
