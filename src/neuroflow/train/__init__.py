"""`tf.train`: TensorFlow's training-related formats: the `Example` protocol buffers and checkpoints.

>>> import neuroflow as tf
>>> tf.train.Feature(float_list=tf.train.FloatList(value=[0.5])).WhichOneof("kind")
'float_list'
"""
from .example_proto import (BytesList, Example, Feature, FeatureList, FeatureLists, Features,
                            FloatList, Int64List, SequenceExample)
from .checkpoint import Checkpoint, CheckpointOptions
from .checkpoint_management import CheckpointManager, get_checkpoint_state, latest_checkpoint
from .checkpoint_utils import list_variables, load_checkpoint, load_variable
from .checkpoint_view import CheckpointView
from .trackable_view import TrackableView
