"""`keras.preprocessing`: Keras' older home of the sequence helpers (`keras.preprocessing.sequence`).

>>> from neuroflow import keras
>>> keras.preprocessing.sequence.pad_sequences([[1], [2, 3]]).tolist()
[[0, 1], [2, 3]]
"""
from . import sequence

__all__ = ["sequence"]
