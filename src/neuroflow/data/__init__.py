"""`tf.data`: input pipelines.

>>> import neuroflow as tf
>>> ds = tf.data.Dataset.from_tensor_slices(([1.0, 2.0, 3.0], [0, 1, 0])).shuffle(3, seed=1).batch(2)
>>> ds.element_spec
(TensorSpec(shape=(None,), dtype=tf.float32, name=None), TensorSpec(shape=(None,), dtype=tf.int32, name=None))
>>> tf.data.AUTOTUNE
-1
"""
from . import experimental
from .dataset import AUTOTUNE, INFINITE as INFINITE_CARDINALITY, UNKNOWN as UNKNOWN_CARDINALITY
from .dataset import Dataset, DatasetV2, NumpyIterator
from .iterator import Iterator, IteratorSpec
from .options import Options
from .readers import FixedLengthRecordDataset, TextLineDataset, TFRecordDataset
from .structure import DatasetSpec

__all__ = ["AUTOTUNE", "INFINITE_CARDINALITY", "UNKNOWN_CARDINALITY", "Dataset", "DatasetV2", "DatasetSpec",
           "Iterator", "IteratorSpec", "NumpyIterator", "Options", "FixedLengthRecordDataset", "TextLineDataset", "TFRecordDataset",
           "experimental"]
