"""`tf.lookup`: immutable lookup tables and their initializers (re-exports).

>>> import neuroflow as tf
>>> table = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer([1, 2], [10.0, 20.0]), -1.0)
>>> table.lookup(tf.constant([2, 5])).numpy()
array([20., -1.], dtype=float32)
"""
from .tables import (KeyValueTensorInitializer, TextFileInitializer, TextFileIndex, StaticHashTable,
                     StaticVocabularyTable)

__all__ = ["KeyValueTensorInitializer", "TextFileInitializer", "TextFileIndex", "StaticHashTable",
           "StaticVocabularyTable"]
