"""`Model`: a layer that trains (`compile`, `fit`, `evaluate`, `predict`).

Build one functionally, `Model(inputs, outputs)`, or subclass it: layers assigned as
attributes in `__init__` are tracked, and `call` says how they connect.

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> keras.backend.clear_session()
>>> class TwoLayers(keras.Model):
...     def __init__(self):
...         super().__init__()
...         self.hidden = keras.layers.Dense(8, activation="relu")
...         self.out = keras.layers.Dense(1)
...     def call(self, inputs, training=None):
...         return self.out(self.hidden(inputs))
>>> model = TwoLayers()
>>> model(tf.ones([2, 3])).shape
TensorShape([2, 1])
>>> [layer.name for layer in model.layers], model.count_params()
(['dense', 'dense_1'], 41)
"""
import numpy as np

from ...ops.creation_ops import zeros
from ..layers import layer as layer_module
from ..layers.layer import Layer, _map_shapes
from ..trainers.trainer import Trainer

__all__ = ["Model"]

_functional_classes = {}


def _is_functional_init(args, kwargs):
    return len(args) == 2 or (len(args) == 1 and "outputs" in kwargs) or ("inputs" in kwargs and "outputs" in kwargs)


class Model(Trainer, Layer):
    """A trainable stack of layers. `Model(inputs, outputs)` builds a Functional model.

    Args:
        inputs, outputs: KerasTensors (or lists/dicts of them) for a Functional model.
        name: the model's name.
        trainable: whether its weights are trained.
    """

    def __new__(cls, *args, **kwargs):
        if cls is Model and _is_functional_init(args, kwargs):
            from .functional import Functional
            return Functional.__new__(Functional, *args, **kwargs)
        return super().__new__(cls, *args, **kwargs)

    def __init__(self, *args, **kwargs):
        if _is_functional_init(args, kwargs):
            from .functional import Functional
            if not isinstance(self, Functional):  # a subclass calling super().__init__(inputs, outputs)
                cls = type(self)
                if cls not in _functional_classes:
                    _functional_classes[cls] = type(cls.__name__, (cls, Functional), {"__module__": cls.__module__})
                self.__class__ = _functional_classes[cls]
            Functional.__init__(self, *args, **kwargs)
            return
        Trainer.__init__(self)
        Layer.__init__(self, *args, **kwargs)

    @property
    def layers(self):
        """The model's layers (for a subclassed model: those assigned as attributes)."""
        return self._sublayers()

    def get_layer(self, name=None, index=None):
        """The layer called `name`, or at position `index` of `layers`."""
        if index is not None and name is not None:
            raise ValueError(f"Provide only a layer name or a layer index. Received: index={index}, name={name}.")
        if index is not None:
            if not -len(self.layers) <= index < len(self.layers):
                raise ValueError(f"Was asked to retrieve layer at index {index} but model only has "
                                 f"{len(self.layers)} layers.")
            return self.layers[index]
        if name is not None:
            for layer in self.layers:
                if layer.name == name:
                    return layer
            raise ValueError(f"No such layer: {name}. Existing layers are: {[l.name for l in self.layers]}.")
        raise ValueError("Provide either a layer name or layer index at `get_layer`.")

    def summary(self, line_length=None, positions=None, print_fn=None, expand_nested=False, show_trainable=False,
                layer_range=None):
        """Prints the model's layers, their output shapes and parameter counts as Keras does."""
        from .summary import print_summary
        print_summary(self, line_length=line_length, positions=positions, print_fn=print_fn,
                      expand_nested=expand_nested, show_trainable=show_trainable, layer_range=layer_range)

    def build(self, input_shape=None):
        """Builds a subclassed model's layers by running `call` once on zeros of `input_shape`."""
        if input_shape is None or all(layer.built for layer in self._flatten_layers(include_self=False)):
            return
        inputs = _map_shapes(lambda s: zeros([1 if d is None else d for d in s]), input_shape)
        context = layer_module._context
        saved, context.probing = context.probing, True
        try:
            with np.errstate(all="ignore"):
                self.call(inputs)
        except Exception as error:
            raise ValueError(
                f"Model '{self.name}' could not be built by calling it on zeros of shape {input_shape}: "
                f"{error}. Call the model on a batch of real data instead, e.g. model(x[:1]).") from error
        finally:
            context.probing = saved

    # --- saving ----------------------------------------------------------------------------
    def save(self, filepath, overwrite=True, zipped=None, **kwargs):
        """Saves the model (config, weights, optimizer state) as a `.keras` zip (or a legacy `.h5`)."""
        from ..saving import saving_api
        return saving_api.save_model(self, filepath, overwrite=overwrite, zipped=zipped, **kwargs)

    def export(self, filepath, format="tf_saved_model", verbose=True, input_signature=None, **kwargs):
        """Writes the model for serving outside Keras: `format="tf_saved_model"` (a SavedModel TensorFlow
        loads and serves), "tfjs" (a TF.js Layers folder) or "onnx"."""
        from ..export import export_model
        return export_model(self, filepath, format=format, verbose=verbose, input_signature=input_signature, **kwargs)

    def save_weights(self, filepath, overwrite=True, max_shard_size=None):
        """Saves the weights (and the optimizer's state) to a `.weights.h5` file."""
        from ..saving import saving_api
        return saving_api.save_weights(self, filepath, overwrite=overwrite, max_shard_size=max_shard_size)

    def load_weights(self, filepath, skip_mismatch=False, **kwargs):
        """Loads weights from a `.weights.h5`, `.keras` or legacy `.h5` file (all or nothing)."""
        from ..saving import saving_api
        return saving_api.load_weights(self, filepath, skip_mismatch=skip_mismatch, **kwargs)

    def to_json(self, **kwargs):
        """The model's config as a JSON string (`keras.models.model_from_json` rebuilds it, without weights)."""
        import json
        from ..saving.serialization_lib import serialize_keras_object
        return json.dumps(serialize_keras_object(self), **kwargs)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """A model from `get_config()`'s dict (a Functional graph config rebuilds the graph)."""
        from .functional import Functional
        if cls is Model and all(key in config for key in ("layers", "input_layers", "output_layers")):
            return Functional.from_config(config, custom_objects=custom_objects)
        return cls(**config)
