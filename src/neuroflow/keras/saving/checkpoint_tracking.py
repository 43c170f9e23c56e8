"""How Keras objects appear in a `tf.train.Checkpoint`: the names Keras 3 uses on TensorFlow.

A checkpoint matches objects by the names on the path to each variable, so neuroflow's
Keras layers and optimizers name their children exactly as Keras 3 does when TensorFlow
tracks them. A layer's children are its attributes holding variables, layers or lists/dicts
of them, in assignment order; weights Keras keeps behind a property are renamed (`Dense`'s
`kernel` is `_kernel`). A functional model saves its layers as `_operations/<i>` (the
`InputLayer` first), a `Sequential` its functional model as `_functional`, a compiled model its
`optimizer`. An optimizer saves `_iterations`, `_learning_rate`, `_variables` (all its
variables in creation order: restoring matches slots through it) and `_trainable_variables`
(the variables it updates).

>>> from neuroflow import keras
>>> layer = keras.layers.Dense(2)
>>> layer.build((None, 3))
>>> [name for name, _ in layer_children(layer)]
['_kernel', 'bias']
"""
import functools

from ...train.trackable import attribute_children

__all__ = ["layer_children", "optimizer_children"]

# Layer attributes that are bookkeeping, not state Keras tracks under their own name.
_SKIPPED = frozenset({"_trainable_weights", "_non_trainable_weights", "_layers", "_flat_cache",
                      "_inbound_nodes", "_losses", "_cached_metrics", "_loss_tracker", "_compile_loss",
                      "_compile_metrics", "history"})
# Attributes a layer keeps out of its sublayers but Keras checkpoints (Sequential's functional model).
_CHECKPOINTED = frozenset({"_functional"})
# Weights Keras 3 stores under a private attribute behind a public property, by layer class.
_PRIVATE_WEIGHTS = {"Dense": {"kernel": "_kernel"}, "EinsumDense": {"kernel": "_kernel"},
                    "BaseConv": {"kernel": "_kernel"}, "Conv": {"kernel": "_kernel"},
                    "Conv1D": {"kernel": "_kernel"}, "Conv2D": {"kernel": "_kernel"},
                    "Conv3D": {"kernel": "_kernel"}, "Embedding": {"embeddings": "_embeddings"}}


@functools.cache
def _naming(layer_class):
    """The attributes `layer_class` leaves out of checkpoints, and its renamed weights."""
    rename = {}
    for cls in reversed(layer_class.__mro__):
        rename.update(_PRIVATE_WEIGHTS.get(cls.__name__, {}))
    return _SKIPPED | (layer_class._UNTRACKED - _CHECKPOINTED), rename


def layer_children(layer):
    """`(name, value)` pairs a checkpoint records for the Keras layer or model `layer`."""
    return attribute_children(layer, *_naming(type(layer)))


def optimizer_children(optimizer):
    """`(name, value)` pairs a checkpoint records for the Keras optimizer `optimizer`."""
    return attribute_children(optimizer)
