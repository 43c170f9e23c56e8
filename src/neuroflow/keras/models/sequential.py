"""`Sequential`: a plain stack of layers, each feeding the next.

Give the input shape with `keras.Input` (or `input_shape=` on the first layer) and the
model is built at once; otherwise it is built on its first call, from the data's shape.

>>> from neuroflow import keras
>>> model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(8, activation="relu")])
>>> model.add(keras.layers.Dense(1))
>>> model.output_shape, len(model.weights)
((None, 1), 4)
>>> lazy = keras.Sequential([keras.layers.Dense(2)])
>>> lazy.built
False
>>> import numpy as np
>>> lazy(np.ones((3, 5))).shape, lazy.built
(TensorShape([3, 2]), True)
"""
from ..layers import serialization
from ..layers.input_layer import InputLayer, standardize_shape
from ..layers.keras_tensor import KerasTensor
from ..layers.layer import Layer
from .functional import Functional
from .model import Model

__all__ = ["Sequential"]


class Sequential(Model):
    """A linear stack of layers.

    Args:
        layers: the layers, in order (a `keras.Input` may come first).
        trainable: whether the weights are trained.
        name: the model's name (default 'sequential', made unique).
    """

    _UNTRACKED = frozenset({"_functional"})

    def __init__(self, layers=None, trainable=True, name=None):
        super().__init__(trainable=trainable, name=name)
        self._functional = None
        self._layers = []
        for layer in layers or []:
            self.add(layer, rebuild=False)
        if layers:
            self._maybe_rebuild()

    def add(self, layer, rebuild=True):
        """Appends a layer (or a `keras.Input`) to the stack."""
        if isinstance(layer, KerasTensor) and isinstance(layer._keras_history[0], InputLayer):
            layer = layer._keras_history[0]
        if not isinstance(layer, Layer):
            raise ValueError("Only instances of `keras.Layer` can be added to a Sequential model. "
                             f"Received: {layer!r} (of type {type(layer)})")
        if any(existing.name == layer.name for existing in self._layers):
            raise ValueError("All layers added to a Sequential model should have unique names. Name "
                             f"'{layer.name}' is already the name of a layer in this model. Update the `name` "
                             "argument to pass a unique name.")
        if isinstance(layer, InputLayer) and self._layers:
            where = ("already been configured to use input shape " + str(self._layers[0].batch_shape)
                     if isinstance(self._layers[0], InputLayer) else "layers already")
            raise ValueError(f"Sequential model '{self.name}' has {where}. An Input can only be the first "
                             "layer: create a new Sequential model to use a different input.")
        if not self._layers and layer._input_shape_arg is not None and not isinstance(layer, InputLayer):
            self._layers = [InputLayer(shape=layer._input_shape_arg)]
        self._layers = self._layers + [layer]  # a new list: layer caches notice the change
        if rebuild:
            self._maybe_rebuild()
        else:
            self.built, self._functional = False, None

    def pop(self, rebuild=True):
        """Removes and returns the last layer."""
        if not self.layers:
            raise IndexError(f"Sequential model '{self.name}' has no layers to pop.")
        layer = self._layers[-1]
        self._layers = self._layers[:-1]
        self.built, self._functional = False, None
        if rebuild:
            self._maybe_rebuild()
        return layer

    def _maybe_rebuild(self):
        self.built, self._functional = False, None
        if len(self._layers) > 1 and isinstance(self._layers[0], InputLayer):
            self.build(self._layers[0].batch_shape)

    def build(self, input_shape=None):
        """Connects the layers into a graph for inputs of `input_shape` (the batch axis is ignored)."""
        if not self._layers:
            raise ValueError(f"Sequential model '{self.name}' cannot be built because it has no layers. "
                             "Call `model.add(layer)`.")
        if not isinstance(self._layers[0], InputLayer):
            if input_shape is None:
                raise ValueError("You must provide an `input_shape` argument, e.g. model.build((None, 784)).")
            self._layers = [InputLayer(batch_shape=(None,) + standardize_shape(input_shape)[1:])] + self._layers
        inputs = outputs = self._layers[0].output
        for layer in self._layers[1:]:
            outputs = layer(outputs)
        self._functional = Functional(inputs=inputs, outputs=outputs)

    def call(self, inputs, training=None, mask=None):
        return self._functional.call(inputs, training=training, mask=mask)

    def _convert_inputs(self, inputs):
        if self._functional is None:
            return super()._convert_inputs(inputs)
        return self._functional._convert_inputs(inputs)

    @property
    def input_spec(self):
        return None if self._functional is None else self._functional.input_spec

    @input_spec.setter
    def input_spec(self, value):
        self._input_spec = value

    @property
    def layers(self):
        """The layers, without the InputLayer."""
        return [layer for layer in self._layers if not isinstance(layer, InputLayer)]

    def _graph(self, attribute):
        if self._functional is None:
            raise AttributeError(f"Sequential model '{self.name}' has no defined {attribute} yet: give it an "
                                 "input shape (keras.Input first) or call it on data.")
        return getattr(self._functional, attribute)

    inputs = property(lambda self: self._graph("inputs"))
    outputs = property(lambda self: self._graph("outputs"))
    input = property(lambda self: self._graph("input"))
    output = property(lambda self: self._graph("output"))
    input_shape = property(lambda self: self._graph("input_shape"))
    output_shape = property(lambda self: self._graph("output_shape"))

    def get_config(self):
        config = {"name": self.name, "trainable": self.trainable, "dtype": self.dtype,
                  "layers": [serialization.serialize(layer) for layer in self._layers]}
        if self._functional is not None:
            config["build_input_shape"] = self._layers[0].batch_shape
        return config

    @classmethod
    def from_config(cls, config, custom_objects=None):
        model = cls(name=config.get("name"), trainable=config.get("trainable", True))
        for layer_config in config["layers"]:
            model.add(serialization.deserialize(layer_config, custom_objects), rebuild=False)
        if model._layers:
            model._maybe_rebuild()
        if not model.built and config.get("build_input_shape"):
            model.build(tuple(config["build_input_shape"]))
        return model
