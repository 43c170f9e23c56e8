"""`clone_model`: a new model with the same structure and freshly initialized weights.

>>> from neuroflow import keras
>>> model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(2)])
>>> twin = keras.models.clone_model(model)
>>> twin.output_shape, twin.layers[0] is model.layers[0]
((None, 2), False)
"""
from ...framework import nest
from ..layers.input_layer import Input, InputLayer
from .functional import Functional
from .sequential import Sequential

__all__ = ["clone_model"]


def _clone_layer(layer):
    return type(layer).from_config(layer.get_config())


def clone_model(model, input_tensors=None, clone_function=None, call_function=None, recursive=False, **kwargs):
    """Clones a Sequential, Functional or subclassed model (new layers; weights are not copied).

    Args:
        model: the model to clone.
        input_tensors: KerasTensors to build the clone on (default: new `keras.Input`s like the model's).
        clone_function: `layer -> new layer` (default: rebuild each layer from its config).
        call_function: `(layer, *args, **kwargs) -> outputs`, how each cloned layer is called.
        recursive: also clone the layers inside nested Sequential/Functional models.

    Returns:
        The new model.
    """
    if kwargs:
        raise ValueError(f"Unrecognized keyword arguments passed to clone_model: {kwargs}")
    clone_function = clone_function or _clone_layer
    if recursive:
        inner = clone_function

        def clone_function(layer):
            if isinstance(layer, (Sequential, Functional)):
                return clone_model(layer, clone_function=inner, call_function=call_function, recursive=True)
            return inner(layer)
    if isinstance(model, Sequential):
        return _clone_sequential(model, input_tensors, clone_function)
    if isinstance(model, Functional):
        return _clone_functional(model, input_tensors, clone_function, call_function)
    if input_tensors is not None or clone_function is not _clone_layer:
        raise ValueError("Arguments `clone_function` and `input_tensors` are only supported for Sequential and "
                         f"Functional models. Received model of type '{type(model).__name__}'.")
    return type(model).from_config(model.get_config())


def _clone_sequential(model, input_tensors, clone_function):
    layers = [clone_function(layer) for layer in model.layers]
    first = model._layers[0] if model._layers else None
    if input_tensors is not None:
        tensors = nest.flatten(input_tensors)
        if len(tensors) != 1:
            raise ValueError(f"A Sequential model takes one input; received {len(tensors)} input tensors.")
        layers.insert(0, InputLayer(input_tensor=tensors[0]))
    elif isinstance(first, InputLayer):
        layers.insert(0, InputLayer(batch_shape=first.batch_shape, dtype=first.dtype, name=first.name))
    return Sequential(layers, name=model.name, trainable=model.trainable)


def _clone_functional(model, input_tensors, clone_function, call_function):
    if input_tensors is None:
        new_inputs = [Input(batch_shape=x.shape, dtype=x.dtype, name=x._keras_history[0].name)
                      for x in model._inputs]
    else:
        new_inputs = nest.flatten(input_tensors)
        if len(new_inputs) != len(model._inputs):
            raise ValueError(f"Model '{model.name}' has {len(model._inputs)} inputs, but {len(new_inputs)} "
                             "input tensors were given to clone it.")
    values = dict(zip(map(id, model._inputs), new_inputs))
    clones = {}
    for node in model._nodes:
        layer = clones.get(id(node.layer))
        if layer is None:
            layer = clones[id(node.layer)] = clone_function(node.layer)
        args, kwargs = node.arguments(values)
        outputs = call_function(layer, *args, **kwargs) if call_function else layer(*args, **kwargs)
        values.update(zip(map(id, node.output_tensors), nest.flatten(outputs)))
    inputs = nest.pack_sequence_as(model._inputs_struct, new_inputs) if nest.is_nested(model._inputs_struct) \
        else new_inputs[0]
    outputs = nest.pack_sequence_as(model._outputs_struct, [values[id(x)] for x in model._outputs]) \
        if nest.is_nested(model._outputs_struct) else values[id(model._outputs_struct)]
    return Functional(inputs, outputs, name=model.name, trainable=model.trainable)
