"""`tf.data.experimental`: the names from TensorFlow's experimental namespace that users still call.

>>> import neuroflow as tf
>>> ds = tf.data.Dataset.range(10).filter(lambda x: x > 4)
>>> int(tf.data.experimental.cardinality(ds)) == tf.data.experimental.UNKNOWN_CARDINALITY
True
>>> ds = ds.apply(tf.data.experimental.assert_cardinality(5))
>>> len(ds)
5
"""
from ..dataset import AUTOTUNE, INFINITE as INFINITE_CARDINALITY, UNKNOWN as UNKNOWN_CARDINALITY
from ..readers import CsvDataset, make_csv_dataset
from .functions import assert_cardinality, cardinality, choose_from_datasets, ignore_errors, sample_from_datasets

__all__ = ["AUTOTUNE", "INFINITE_CARDINALITY", "UNKNOWN_CARDINALITY", "CsvDataset", "make_csv_dataset",
           "assert_cardinality", "cardinality", "choose_from_datasets", "ignore_errors", "sample_from_datasets"]
