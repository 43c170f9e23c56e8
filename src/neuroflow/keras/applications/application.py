"""The steps every `keras.applications` constructor shares, around its own layer graph.

A constructor checks its arguments (`check_arguments`), makes its image input
(`image_input`), builds its body, adds either its classifier or the optional global
`pooling` (`pool`), and hands the result to `finish`, which makes the Functional model and
loads `weights`: Keras' published ImageNet file (fetched once through `get_file` into
`~/.keras/models/` and hash-checked) or a file path.

>>> from neuroflow import keras
>>> from neuroflow.keras.applications import application
>>> inputs = application.image_input(None, None, default_size=224, min_size=32,
...                                  include_top=False, weights=None)
>>> inputs.shape
(None, None, None, 3)
"""
import os
from collections import namedtuple

from .. import layers
from ..layers.keras_tensor import is_keras_tensor
from ..models import Model
from ..utils.file_utils import get_file
from . import imagenet_utils

__all__ = ["WeightsFile", "published", "kernels_file", "check_arguments", "image_input", "pool", "classifier",
           "finish", "fetch"]

KERAS_APPLICATIONS = "https://storage.googleapis.com/tensorflow/keras-applications/"


class WeightsFile(namedtuple("WeightsFile", ["fname", "origin", "file_hash"])):
    """One of Keras' published weight files: its name, its URL and its md5/sha256 hash (or None)."""


def published(base_url, stem, include_top, hashes=None, notop="_notop"):
    """The published file `<stem>.h5` (with the top) or `<stem><notop>.h5` under `base_url`.

    `hashes` is Keras' (with top, without top) pair, or None where Keras checks no hash.
    """
    fname = f"{stem}{'' if include_top else notop}.h5"
    return WeightsFile(fname, base_url + fname, None if hashes is None else hashes[0 if include_top else 1])


def kernels_file(folder, family, include_top, hashes):
    """Keras' `<family>_weights_tf_dim_ordering_tf_kernels[_notop].h5` in `keras-applications/<folder>/`."""
    return published(f"{KERAS_APPLICATIONS}{folder}/", f"{family}_weights_tf_dim_ordering_tf_kernels", include_top,
                     hashes)


def check_arguments(weights, include_top, classes, classifier_activation=None):
    """The `weights`/`classes` checks every constructor starts with."""
    if not (weights in {"imagenet", None} or os.path.exists(os.fspath(weights))):
        raise ValueError("The `weights` argument should be either `None` (random initialization), 'imagenet' "
                         "(pre-training on ImageNet), or the path to the weights file to be loaded.  "
                         f"Received: weights={weights}")
    if weights == "imagenet" and include_top and classes != 1000:
        raise ValueError("If using `weights='imagenet'` with `include_top=True`, `classes` should be 1000.  "
                         f"Received classes={classes}")
    if include_top:
        imagenet_utils.validate_activation(classifier_activation, weights)


def image_input(input_shape, input_tensor, *, default_size, min_size, include_top, weights):
    """The model's image input: a new `Input` of the checked shape, or `input_tensor` itself."""
    shape = imagenet_utils.obtain_input_shape(input_shape, default_size=default_size, min_size=min_size,
                                              data_format="channels_last", require_flatten=include_top,
                                              weights=weights)
    if input_tensor is None:
        return layers.Input(shape=shape)
    if is_keras_tensor(input_tensor):
        return input_tensor
    return layers.Input(tensor=input_tensor, shape=shape)


def pool(x, pooling, names=(None, None)):
    """`include_top=False`'s optional global pooling: "avg", "max" or None (keep the feature map)."""
    if pooling == "avg":
        return layers.GlobalAveragePooling2D(name=names[0])(x)
    if pooling == "max":
        return layers.GlobalMaxPooling2D(name=names[1])(x)
    return x


def classifier(x, include_top, pooling, classes, classifier_activation, *, pool_name="avg_pool",
               pooling_names=(None, None), dropout_rate=0.0, **dense_kwargs):
    """The top: global average pooling (`pool_name`), Dropout "top_dropout" (if `dropout_rate`) and Dense
    "predictions"; or, without the top, the optional global `pooling` (named `pooling_names`)."""
    if not include_top:
        return pool(x, pooling, pooling_names)
    x = layers.GlobalAveragePooling2D(name=pool_name)(x)
    if dropout_rate > 0:
        x = layers.Dropout(dropout_rate, name="top_dropout")(x)
    return layers.Dense(classes, activation=classifier_activation, name="predictions", **dense_kwargs)(x)


def source_inputs(tensor):
    """The `Input` tensors a KerasTensor was computed from (the tensor itself when it is one)."""
    layer, node_index, _ = tensor._keras_history
    node = layer._inbound_nodes[node_index]
    if not node.input_tensors:
        return [tensor]
    found = []
    for parent in node.input_tensors:
        found.extend(t for t in source_inputs(parent) if all(t is not f for f in found))
    return found


def finish(img_input, input_tensor, outputs, name, weights, weights_file=None):
    """Makes the model from `img_input` (or `input_tensor`'s sources) and loads `weights`.

    Args:
        weights_file: the `WeightsFile` that `weights="imagenet"` stands for, or None when Keras
            publishes no file for this configuration (then "imagenet" loads nothing, as in Keras).
    """
    inputs = img_input if input_tensor is None else source_inputs(img_input)
    if isinstance(inputs, list) and len(inputs) == 1:
        inputs = inputs[0]
    model = Model(inputs, outputs, name=name)
    if weights == "imagenet" and weights_file is not None:
        model.load_weights(fetch(weights_file))
    elif weights not in (None, "imagenet"):
        model.load_weights(weights)
    return model


def fetch(weights_file):
    """The local path of a published weight file, downloading it into `~/.keras/models` if needed.

    Offline, with nothing cached, the error says which file to put where.
    """
    return get_file(weights_file.fname, weights_file.origin, cache_subdir="models",
                    file_hash=weights_file.file_hash)
