"""`RNN`: runs a recurrent cell over the time axis of a sequence.

A cell computes one step, `output, new_states = cell(x_t, states)`. Keras' own cells
(`SimpleRNNCell`, `LSTMCell`, `GRUCell`) run a whole sequence as one fused op
(ops/rnn_ops.py); any other cell, or recurrent dropout while training, runs step by step.

>>> import numpy as np
>>> import neuroflow as tf
>>> from neuroflow import keras
>>> class MinimalRNNCell(keras.layers.Layer):
...     def __init__(self, units, **kwargs):
...         super().__init__(**kwargs)
...         self.units = self.state_size = units
...     def build(self, input_shape):
...         self.kernel = self.add_weight(shape=(input_shape[-1], self.units), initializer="ones")
...     def call(self, inputs, states):
...         output = tf.matmul(inputs, self.kernel) + states[0]
...         return output, [output]
>>> layer = keras.layers.RNN(MinimalRNNCell(2), return_sequences=True)
>>> layer(np.ones((1, 3, 1), "float32")).numpy()[0]
array([[1., 1.],
       [2., 2.],
       [3., 3.]], dtype=float32)
"""
import numpy as np

from ....framework import nest
from ....framework.tensor import Tensor
from ....ops.array_ops import reshape, shape, stack, tile, unstack
from ....ops.creation_ops import zeros, zeros_like
from ....ops.indexing_ops import where
from ....ops.math_ops import cast
from ... import backend
from .. import serialization
from ..input_spec import shape_of
from ..layer import Layer
from .dropout_rnn_cell import DropoutRNNCell
from .stacked_rnn_cells import StackedRNNCells

__all__ = ["RNN"]


class RNN(Layer):
    """Base class for recurrent layers: `cell` applied along the time axis.

    Args:
        cell: an RNN cell (a layer with `call(inputs, states)` and `state_size`), or a list of
            cells, stacked with `StackedRNNCells`.
        return_sequences: return the output of every step (batch, time, units), not just the last.
        return_state: also return the final states, after the output.
        go_backwards: read the sequence from its end (the outputs come in that reversed order).
        stateful: each batch starts from the previous batch's final states (fixed batch size;
            `reset_states()` zeroes them).
        unroll: accepted for compatibility; the loop runs the same either way.
        zero_output_for_mask: masked steps output zeros instead of the previous output.

    Call arguments:
        sequences: `(batch, timesteps, features)`.
        initial_state: a tensor or list of tensors, one per state (default zeros).
        mask: `(batch, timesteps)` booleans, False for steps to skip (default: the input's mask).
        training: whether dropout is active.
    """

    def __init__(self, cell, return_sequences=False, return_state=False, go_backwards=False, stateful=False,
                 unroll=False, zero_output_for_mask=False, **kwargs):
        if isinstance(cell, (list, tuple)):
            cell = StackedRNNCells(cell)
        if not hasattr(cell, "call"):
            raise ValueError(f"Argument `cell` should have a `call` method. Received: cell={cell}")
        state_size = getattr(cell, "state_size", None)
        if not isinstance(state_size, (list, tuple, int)):
            raise ValueError("The RNN cell should have a `state_size` attribute (single integer or list of "
                             f"integers, one integer per RNN state). Received: cell={cell}")
        super().__init__(**kwargs)
        self.zero_output_for_mask = zero_output_for_mask
        self.cell = cell
        self.return_sequences, self.return_state = return_sequences, return_state
        self.go_backwards, self.stateful, self.unroll = go_backwards, stateful, unroll
        self.supports_masking = True
        self.states = None
        self._expected_batch_size = None
        self.single_state = isinstance(state_size, int)
        self.state_size = [state_size] if self.single_state else list(state_size)

    # --- shapes and masks -----------------------------------------------------------------
    _sequence_layout = (3, "(batch, timesteps, features)")  # (least ndim, the axes) of the inputs

    def _check_inputs(self, inputs):
        shape = tuple(shape_of(inputs)) if not isinstance(inputs, (list, tuple)) else None
        ndim, layout = self._sequence_layout
        if shape is not None and len(shape) < ndim:  # more axes: a user cell's inputs (the input_spec decides)
            raise ValueError(
                f"Input 0 of layer \"{self.name}\" is incompatible with the layer: expected ndim={ndim}, found "
                f"ndim={len(shape)}. Full shape received: {shape}. This layer takes {layout}"
                + ("; for one feature per step add an axis, e.g. `tf.expand_dims(x, -1)`." if len(shape) == ndim - 1
                   else "."))
        if shape is not None and self.unroll and shape[1] is None:
            raise ValueError("Cannot unroll a RNN if the time dimension is undefined. \n- If using a Sequential model, "
                             "specify the time dimension by passing an `Input()` as your first layer.\n- If using "
                             "the functional API, specify the time dimension by passing a `shape` or `batch_shape` "
                             f"argument to your `Input()`. (Layer '{self.name}', inputs of shape {shape}.)")
        super()._check_inputs(inputs)

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        batch, length = sequences_shape[0], sequences_shape[1]
        states = [(batch, s) if isinstance(s, int) else [(batch, d) for d in s] for s in self.state_size]
        size = getattr(self.cell, "output_size", None) or self.state_size[0]
        output = (batch, length, size) if self.return_sequences else (batch, size)
        return (output, *states) if self.return_state else output

    def _state_shapes(self, sequences_shape):
        """The shape of each (flattened) state for inputs of `sequences_shape`: `(batch, size)` here;
        a layer whose states are feature maps (ConvLSTM) overrides it."""
        return [(sequences_shape[0], size) for size in nest.flatten(self.state_size)]

    def compute_mask(self, _, mask):
        mask = nest.flatten(mask)[0] if mask is not None else None
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask] + [None for _ in self.state_size]
        return output_mask

    # --- weights and states ---------------------------------------------------------------------
    def build(self, sequences_shape, initial_state_shape=None):
        step_input_shape = (sequences_shape[0],) + tuple(sequences_shape[2:])
        if isinstance(self.cell, Layer) and not self.cell.built:
            self.cell.build(step_input_shape)
        if self.stateful:
            if self.states is not None:
                self.reset_state()
            else:
                if sequences_shape[0] is None:
                    raise ValueError(
                        f"Layer '{self.name}': when using `stateful=True` in a RNN, the batch size must be static. "
                        f"Found dynamic batch size: sequence.shape={tuple(sequences_shape)}. Give the Input a "
                        "batch size, e.g. keras.Input(shape=..., batch_size=32).")
                self._create_state_variables(sequences_shape)

    def _create_state_variables(self, sequences_shape):
        """The stateful layer's states: variables kept out of `weights`, as Keras does (weight files
        hold the same arrays with or without `stateful`)."""
        with self._name_scope():
            states = [backend.Variable(initializer="zeros", shape=shape, dtype=self.dtype, trainable=False,
                                       name="rnn_state") for shape in self._state_shapes(sequences_shape)]
        self.__dict__["states"] = states  # not through __setattr__, which would track them as weights
        self._expected_batch_size = sequences_shape[0]

    def get_initial_state(self, batch_size):
        """The states a sequence starts from: the cell's `get_initial_state`, else zeros."""
        get = getattr(self.cell, "get_initial_state", None)
        if get is None:
            return nest.map_structure(lambda size: zeros((batch_size, size), self.dtype), self.state_size)
        states = get(batch_size=batch_size)
        return list(states) if nest.is_nested(states) else [states]

    def _initial_state(self, sequences):
        batch = sequences.shape[0]
        if batch is not None or getattr(self.cell, "_zero_initial_state", False):
            return self.get_initial_state(batch) if batch is not None else \
                nest.map_structure(lambda size: tile(zeros_like(sequences[:, 0, :1]), [1, size]), self.state_size)
        return self.get_initial_state(shape(sequences)[0])

    def reset_state(self):
        """Zeroes the states of a stateful layer."""
        if self.states is not None:
            for v in self.states:
                v.assign(zeros_like(v))

    reset_states = reset_state

    # --- the loop ---------------------------------------------------------------------------
    def inner_loop(self, sequences, initial_state, mask, training=False):
        """`(last_output, outputs, final_states)`: the fused op for Keras' cells, else a step loop."""
        fused = getattr(self.cell, "_fused_sequence", None)
        if fused is not None:
            result = fused(sequences, initial_state, mask, training, self.go_backwards, self.zero_output_for_mask)
            if result is not None:
                outputs, states = result
                return outputs[:, -1], outputs, states
        return self._step_loop(sequences, initial_state, mask, training)

    def _step_loop(self, sequences, initial_state, mask, training, step=None):
        """The loop one step at a time: `step(x_t, states)` (default: the cell) at each time step."""
        steps = sequences.shape[1]
        if steps is None:
            raise ValueError(f"Layer '{self.name}': the step-by-step loop of a custom cell needs a known number of "
                             f"timesteps; got inputs of shape {tuple(sequences.shape)}. Give the Input a fixed "
                             "sequence length, e.g. keras.Input(shape=(100, 8)).")
        if step is None:
            kwargs = {"training": training} if getattr(self.cell, "_call_has_training_arg", False) else {}

            def step(x_t, states):
                return self.cell(x_t, states, **kwargs)
        inputs = unstack(sequences, axis=1)
        masks = unstack(cast(mask, "bool"), axis=1) if mask is not None else None
        if self.go_backwards:
            inputs = inputs[::-1]
            masks = masks[::-1] if masks is not None else None
        states = initial_state
        outputs, previous = [], None
        for t, x_t in enumerate(inputs):
            output, new_states = step(x_t, states)
            new_states = list(new_states) if nest.is_nested(new_states) else [new_states]
            if masks is not None:
                if previous is None or self.zero_output_for_mask:
                    previous = zeros_like(output)
                output = where(_per_example(masks[t], output), output, previous)
                new_states = nest.pack_sequence_as(new_states, [
                    where(_per_example(masks[t], new), new, old)
                    for new, old in zip(nest.flatten(new_states), nest.flatten(states))])
            states, previous = new_states, output
            outputs.append(output)
        return outputs[-1], stack(outputs, axis=1), states

    def call(self, sequences, initial_state=None, mask=None, training=False):
        batch = sequences.shape[0]
        if initial_state is None:
            if self.stateful:
                if self._expected_batch_size is not None and batch is not None and batch != self._expected_batch_size:
                    raise ValueError(
                        f"Layer '{self.name}': if an RNN is stateful, the batch size of the input sequences must be "
                        f"the same as the batch size of the initial state.\n- Expected batch size: "
                        f"{self._expected_batch_size}\n- Received batch size: {batch}\nFeed batches of "
                        f"{self._expected_batch_size} samples (fit(..., batch_size={self._expected_batch_size}, "
                        "shuffle=False)), or build a new layer for another batch size.")
                initial_state = list(self.states)
            else:
                initial_state = self._initial_state(sequences)
        else:
            initial_state = self._checked_initial_state(initial_state, sequences)
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        if mask is not None and tuple(shape_of(mask))[:2] != tuple(shape_of(sequences))[:2]:
            raise ValueError(
                f"Layer '{self.name}': the mask must have shape (batch, timesteps) = {tuple(shape_of(sequences))[:2]}, "
                f"matching the inputs of shape {tuple(shape_of(sequences))}; received a mask of shape "
                f"{tuple(shape_of(mask))}. Pass one boolean per time step (True = use the step).")
        last_output, outputs, states = self.inner_loop(sequences, initial_state, mask, training=bool(training))
        for cell in _dropout_cells(self.cell):
            cell.reset_dropout_mask()
            cell.reset_recurrent_dropout_mask()
        if self.stateful:
            for variable, state in zip(self.states, nest.flatten(states)):
                variable.assign(state)
        output = outputs if self.return_sequences else last_output
        if self.return_state:
            return (output, *states)
        return output

    def _checked_initial_state(self, initial_state, sequences):
        states = list(initial_state) if isinstance(initial_state, (list, tuple)) else [initial_state]
        expected = nest.flatten(self.state_size)
        flat = nest.flatten(states)
        if len(flat) != len(expected):
            raise ValueError(
                f"Layer '{self.name}' expects {len(expected)} initial state tensor(s) (state sizes {expected}), but it "
                f"received {len(flat)}. Pass `initial_state` as a list of {len(expected)} tensors, each shaped "
                "(batch, state_size)" + (" ([h, c] for an LSTM)." if len(expected) == 2 else "."))
        batch = shape_of(sequences)[0]
        for i, (state, wanted) in enumerate(zip(flat, self._state_shapes(tuple(shape_of(sequences))))):
            shape = tuple(shape_of(state))
            if len(shape) != len(wanted) or shape[1:] != tuple(wanted[1:]) or \
                    (batch is not None and shape[0] not in (None, batch)):
                raise ValueError(
                    f"Layer '{self.name}': initial state {i} has shape {shape}, but the layer expects "
                    f"{tuple(wanted)} for inputs of shape {tuple(shape_of(sequences))}. "
                    "Pass states shaped (batch_size, units)" + (" ((batch_size, *feature map shape) for ConvLSTM)."
                                                                 if len(wanted) > 2 else "."))
        dtype = self.cell.dtype if isinstance(self.cell, Layer) else self.dtype
        flat = [cast(s, dtype) if isinstance(s, np.ndarray) or isinstance(s, Tensor) and s.dtype.name != dtype else s
                for s in flat]
        return nest.pack_sequence_as(states, flat)

    def get_config(self):
        return {**super().get_config(), "return_sequences": self.return_sequences,
                "return_state": self.return_state, "go_backwards": self.go_backwards, "stateful": self.stateful,
                "unroll": self.unroll, "zero_output_for_mask": self.zero_output_for_mask,
                "cell": serialization.serialize(self.cell)}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        cell = serialization.deserialize(config.pop("cell"), custom_objects)
        return cls(cell, **config)


def _dropout_cells(cell):
    if isinstance(cell, DropoutRNNCell):
        return [cell]
    if isinstance(cell, StackedRNNCells):
        return [c for inner in cell.cells for c in _dropout_cells(inner)]
    return []


def _per_example(step_mask, like):
    """A step's `(batch,)` mask shaped to broadcast against `like` (an output or state of any rank)."""
    return reshape(step_mask, (-1,) + (1,) * (len(like.shape) - 1))
