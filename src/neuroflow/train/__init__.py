"""`tf.train`: TensorFlow's training-related formats; here the `Example` protocol buffers.

>>> import neuroflow as tf
>>> tf.train.Feature(float_list=tf.train.FloatList(value=[0.5])).WhichOneof("kind")
'float_list'
"""
from .example_proto import (BytesList, Example, Feature, FeatureList, FeatureLists, Features,
                            FloatList, Int64List, SequenceExample)
