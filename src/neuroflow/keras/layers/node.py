"""`Node`: one call of a layer on KerasTensors, the edge list Functional models are made of.

Each KerasTensor remembers the node that produced it (`_keras_history`), so walking
back from a model's outputs finds every layer call between them and its inputs.
"""
from ...framework import nest
from .keras_tensor import KerasTensor

__all__ = ["Node"]


class Node:
    """Records `outputs = layer(*call_args, **call_kwargs)` made on KerasTensors.

    Attributes:
        layer: the layer that was called.
        call_args, call_kwargs: the call's arguments, KerasTensors included.
        outputs: the KerasTensor(s) the call returned (a nested structure).
        input_tensors: the KerasTensors among the arguments, in order.
        output_tensors: the flat list of output KerasTensors.
    """

    def __init__(self, layer, call_args=(), call_kwargs=None, outputs=None):
        self.layer = layer
        self.call_args, self.call_kwargs = tuple(call_args), dict(call_kwargs or {})
        self.input_tensors = [x for x in nest.flatten([self.call_args, self.call_kwargs])
                              if isinstance(x, KerasTensor)]
        self.outputs = outputs
        self.output_tensors = nest.flatten(outputs)
        index = len(layer._inbound_nodes)
        for i, tensor in enumerate(self.output_tensors):
            tensor._keras_history = (layer, index, i)
        layer._inbound_nodes.append(self)

    @property
    def parent_nodes(self):
        """The nodes that produced this node's inputs."""
        return [t._keras_history[0]._inbound_nodes[t._keras_history[1]] for t in self.input_tensors]

    def arguments(self, values):
        """The call's (args, kwargs) with each KerasTensor replaced by `values[id(tensor)]`."""
        def fill(x):
            return values[id(x)] if isinstance(x, KerasTensor) else x
        return nest.map_structure(fill, self.call_args), nest.map_structure(fill, self.call_kwargs)
