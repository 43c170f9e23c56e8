"""`StackedRNNCells`: several recurrent cells run as one, each feeding the next at every step.

>>> import numpy as np
>>> from neuroflow import keras
>>> cells = keras.layers.StackedRNNCells([keras.layers.LSTMCell(4), keras.layers.GRUCell(3)])
>>> keras.layers.RNN(cells)(np.ones((2, 5, 6), "float32")).shape
TensorShape([2, 3])
"""
from ....framework import nest
from ....ops.creation_ops import zeros
from .. import serialization
from ..layer import Layer

__all__ = ["StackedRNNCells"]


class StackedRNNCells(Layer):
    """Wraps a list of cells into one cell: the state is the list of the cells' states.

    Args:
        cells: the cells, first to last.
    """

    def __init__(self, cells, **kwargs):
        super().__init__(**kwargs)
        for cell in cells:
            if not hasattr(cell, "call"):
                raise ValueError(f"All cells must have a `call` method. Received cell without a `call` method: {cell}")
            if not hasattr(cell, "state_size"):
                raise ValueError(f"All cells must have a `state_size` attribute. Received cell without a "
                                 f"`state_size`: {cell}")
        self.cells = list(cells)
        self._zero_initial_state = all(getattr(c, "_zero_initial_state", False) for c in self.cells)

    @property
    def state_size(self):
        return [c.state_size for c in self.cells]

    @property
    def output_size(self):
        last = self.cells[-1]
        if getattr(last, "output_size", None) is not None:
            return last.output_size
        return last.state_size[0] if isinstance(last.state_size, (list, tuple)) else last.state_size

    def get_initial_state(self, batch_size=None):
        states = []
        for cell in self.cells:
            get = getattr(cell, "get_initial_state", None)
            if get is not None:
                states.append(get(batch_size=batch_size))
            else:
                states.append(nest.map_structure(lambda size: zeros((batch_size, size), self.dtype),
                                                 cell.state_size))
        return states

    def call(self, inputs, states, training=False, **kwargs):
        new_states = []
        for cell, state in zip(self.cells, states):
            is_list = nest.is_nested(state)
            state = list(state) if is_list else [state]
            if getattr(cell, "_call_has_training_arg", False):
                kwargs["training"] = training
            else:
                kwargs.pop("training", None)
            inputs, state = cell(inputs, state, **kwargs)
            if len(state) == 1 and not is_list:
                state = state[0]
            new_states.append(state)
        return inputs, new_states

    def build(self, input_shape):
        for cell in self.cells:
            if isinstance(cell, Layer) and not cell.built:
                cell.build(input_shape)
            output_dim = getattr(cell, "output_size", None)
            if output_dim is None:
                output_dim = cell.state_size[0] if isinstance(cell.state_size, (list, tuple)) else cell.state_size
            input_shape = (input_shape[0], output_dim)

    def get_config(self):
        return {**super().get_config(), "cells": [serialization.serialize(cell) for cell in self.cells]}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        cells = [serialization.deserialize(c, custom_objects) for c in config.pop("cells")]
        return cls(cells, **config)
