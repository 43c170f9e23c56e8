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
from ..grouping import Reducer
from ..optional import Optional
from ..readers import CsvDataset, make_csv_dataset
from .functions import (Counter, RandomDataset, TFRecordWriter, assert_cardinality, at, bucket_by_sequence_length,
                        cardinality, choose_from_datasets, copy_to_device, dense_to_ragged_batch,
                        dense_to_sparse_batch, enumerate_dataset, from_list, get_next_as_optional, get_single_element, get_structure, group_by_reducer,
                        group_by_window, ignore_errors, load, map_and_batch, pad_to_cardinality, parallel_interleave,
                        prefetch_to_device, sample_from_datasets, save, scan, shuffle_and_repeat, snapshot,
                        take_while, unbatch, unique)

__all__ = ["AUTOTUNE", "INFINITE_CARDINALITY", "UNKNOWN_CARDINALITY", "CsvDataset", "make_csv_dataset", "Optional",
           "Counter", "assert_cardinality", "bucket_by_sequence_length", "cardinality", "choose_from_datasets",
           "copy_to_device", "dense_to_ragged_batch", "enumerate_dataset", "from_list", "get_next_as_optional",
           "get_structure", "group_by_window", "ignore_errors", "load", "map_and_batch", "parallel_interleave",
           "prefetch_to_device", "sample_from_datasets", "save", "scan", "shuffle_and_repeat", "take_while",
           "unbatch", "unique", "RandomDataset", "TFRecordWriter", "at", "get_single_element", "pad_to_cardinality",
           "snapshot", "Reducer", "group_by_reducer", "dense_to_sparse_batch"]
