"""`ConvLSTMCell` and `ConvLSTM`: an LSTM whose input and recurrent transformations are convolutions.

The base of `ConvLSTM1D`, `ConvLSTM2D` and `ConvLSTM3D`. The weights are Keras' exactly: `kernel`
`(*kernel_size, channels, 4 * filters)`, `recurrent_kernel` `(*kernel_size, filters, 4 * filters)`
and `bias` `(4 * filters,)`, the gates side by side in the order `[i, f, c, o]`. The layer convolves
the inputs of all time steps at once (time folded into the batch), then runs one recurrent
convolution (stride 1, 'same' padding) per step.

>>> import numpy as np
>>> from neuroflow import keras
>>> layer = keras.layers.ConvLSTM1D(3, 2, padding="same", return_sequences=True, name="clstm")
>>> layer(np.ones((2, 4, 5, 1), "float32")).shape
TensorShape([2, 4, 5, 3])
>>> [(w.path, tuple(w.shape)) for w in layer.weights]
[('clstm/conv_lstm_cell/kernel', (2, 1, 12)), ('clstm/conv_lstm_cell/recurrent_kernel', (2, 3, 12)), ('clstm/conv_lstm_cell/bias', (12,))]
"""
import math

from ....ops.array_ops import concat, expand_dims, reshape, split, tile
from ....ops.conv_ops import convolution
from ....ops.creation_ops import zeros, zeros_like
from ... import activations
from ..convolutional.base_conv import channels_of, conv_output_shape, set_window, tf_data_format, window_config
from ..input_spec import InputSpec
from ..layer import Layer
from ..weight_options import set_weight_options, weight_options_config
from .dropout_rnn_cell import DropoutRNNCell
from .lstm import unit_forget_bias_initializer
from .recurrent_base import _WEIGHT_ARGS, RecurrentLayer

__all__ = ["ConvLSTMCell", "ConvLSTM"]


class ConvLSTMCell(Layer, DropoutRNNCell):
    """One ConvLSTM step on `rank`-D feature maps: `LSTMCell`'s equations with convolutions for products.

    Args:
        rank: the number of spatial dimensions (1, 2 or 3).
        filters: the number of output channels (of the state `h` and carry `c`).
        kernel_size, strides, padding ('valid' or 'same'), data_format, dilation_rate: the input
            convolution's window, as in `Conv2D`; the recurrent convolution has the same kernel size,
            stride 1 and 'same' padding.
        activation, recurrent_activation, use_bias, initializers, regularizers, constraints,
            unit_forget_bias, dropout, recurrent_dropout, seed: as `LSTMCell` (dropout masks are
            per gate and per input position, the same at every step).
    """

    def __init__(self, rank, filters, kernel_size, strides=1, padding="valid", data_format=None, dilation_rate=1,
                 activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, seed=None, **kwargs):
        super().__init__(**kwargs)
        if rank not in (1, 2, 3):
            raise ValueError(f"Rank {rank} convolutions are not currently implemented. Received: rank={rank}")
        if not isinstance(filters, int) or isinstance(filters, bool) or filters <= 0:
            raise ValueError(f"Invalid value for argument `filters`: expected a positive integer, received "
                             f"filters={filters!r}.")
        set_window(self, rank, kernel_size, strides, dilation_rate, padding, data_format)
        self.filters = filters
        self.activation = activations.get(activation)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.use_bias, self.unit_forget_bias = use_bias, unit_forget_bias
        arguments = locals()
        set_weight_options(self, **{name: arguments[name] for name in _WEIGHT_ARGS})
        self.dropout = min(1.0, max(0.0, float(dropout)))
        self.recurrent_dropout = min(1.0, max(0.0, float(recurrent_dropout)))
        self.seed = seed
        self.dropout_mask_count = 4
        self.input_spec = InputSpec(ndim=rank + 2)
        self.state_size = [filters, filters]  # per position; the states are feature maps (see `state_shape`)
        self._channel_axis = -1 if self.data_format == "channels_last" else 1
        self._format = tf_data_format(self.data_format, rank)

    def build(self, input_shape, states_shape=None):
        _, channels = channels_of(self, input_shape)
        spatial = input_shape[1:-1] if self.data_format == "channels_last" else input_shape[2:]
        if None in tuple(spatial):
            raise ValueError(f"Layer '{self.name}': ConvLSTM layers only support static input shapes for the "
                             f"spatial dimensions. Received input_shape={tuple(input_shape)}. Give the Input its "
                             "spatial sizes, e.g. keras.Input((time, 32, 32, 3)).")
        self.input_dim, self.spatial_dims = channels, tuple(spatial)
        self.input_spec = InputSpec(ndim=self.rank + 2, shape=(None,) + tuple(input_shape[1:]))
        self.kernel = self.add_weight(shape=self.kernel_size + (channels, 4 * self.filters), name="kernel",
                                      initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight(
            shape=self.kernel_size + (self.filters, 4 * self.filters), name="recurrent_kernel",
            initializer=self.recurrent_initializer, regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint)
        self.bias = None
        if self.use_bias:
            initializer = unit_forget_bias_initializer(self.bias_initializer, self.filters) \
                if self.unit_forget_bias else self.bias_initializer
            self.bias = self.add_weight(shape=(4 * self.filters,), name="bias", initializer=initializer,
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint)

    def state_shape(self, input_shape):
        """The shape of `h` (and `c`) for one step's `input_shape` `(batch, *spatial, channels)`."""
        return conv_output_shape(self, input_shape, self.filters)

    def compute_output_shape(self, inputs_shape, states_shape=None):
        shape = self.state_shape(inputs_shape)
        return shape, [shape, shape]

    def get_initial_state(self, batch_size=None):
        step = (batch_size,) + self.spatial_dims + (self.input_dim,) if self.data_format == "channels_last" \
            else (batch_size, self.input_dim) + self.spatial_dims
        shape = self.state_shape(step)
        return [zeros(shape, self.dtype), zeros(shape, self.dtype)]

    # --- the equations ----------------------------------------------------------------------------
    def _gate_convolutions(self, inputs, kernel, strides, padding, dilations):
        """The four gates' pre-activations side by side: one convolution with the whole kernel, or
        (`inputs` a list of four, dropout masks applied) one per gate with its quarter of the kernel."""
        if not isinstance(inputs, list):
            return convolution(inputs, kernel, strides, padding, self._format, dilations)
        kernels = split(kernel, 4, axis=-1)
        return concat([convolution(x, k, strides, padding, self._format, dilations)
                       for x, k in zip(inputs, kernels)], axis=self._channel_axis)

    def input_transform(self, inputs, dropout_masks=None):
        """`conv(inputs, kernel) + bias`, all gates, for a batch of steps `(n, *spatial, channels)`."""
        if dropout_masks is not None:
            inputs = [inputs * m for m in dropout_masks]
        z = self._gate_convolutions(inputs, self.kernel, self.strides, self.padding.upper(), self.dilation_rate)
        if self.bias is None:
            return z
        if self.data_format == "channels_last":
            return z + self.bias
        return z + reshape(self.bias, (1, -1) + (1,) * self.rank)

    def recurrent_step(self, z_inputs, states, training=False):
        """One step from the input transform `z_inputs`: `(h, [h, c])`."""
        h_tm1, c_tm1 = states[0], states[1]
        masks = self.get_recurrent_dropout_mask(h_tm1) if training and 0.0 < self.recurrent_dropout < 1.0 \
            else None
        recurrent = [h_tm1 * m for m in masks] if masks is not None else h_tm1
        z = z_inputs + self._gate_convolutions(recurrent, self.recurrent_kernel, 1, "SAME", 1)
        z_i, z_f, z_c, z_o = split(z, 4, axis=self._channel_axis)
        i, f, o = self.recurrent_activation(z_i), self.recurrent_activation(z_f), self.recurrent_activation(z_o)
        c = f * c_tm1 + i * self.activation(z_c)
        h = o * self.activation(c)
        return h, [h, c]

    def _input_dropout_masks(self, step_inputs, training):
        return self.get_dropout_mask(step_inputs) if training and 0.0 < self.dropout < 1.0 else None

    def call(self, inputs, states, training=False):
        z = self.input_transform(inputs, self._input_dropout_masks(inputs, training))
        return self.recurrent_step(z, states, training)

    def get_config(self):
        config = {"rank": self.rank, "filters": self.filters, **window_config(self),
                  "activation": activations.serialize(self.activation),
                  "recurrent_activation": activations.serialize(self.recurrent_activation),
                  "use_bias": self.use_bias, **weight_options_config(self, _WEIGHT_ARGS[:3]),
                  "unit_forget_bias": self.unit_forget_bias, **weight_options_config(self, _WEIGHT_ARGS[3:]),
                  "dropout": self.dropout, "recurrent_dropout": self.recurrent_dropout, "seed": self.seed}
        return {**super().get_config(), **config}


class ConvLSTM(RecurrentLayer):
    """The N-D convolutional LSTM layer: runs a `ConvLSTMCell` over the time axis.

    Inputs are `(batch, time, *spatial, channels)` (or `(batch, time, channels, *spatial)` with
    `data_format='channels_first'`); the output is the last `h`, or every step's with
    `return_sequences`, and `return_state` adds `[h, c]`. Arguments as `ConvLSTMCell` (without
    `rank`, which the subclasses fix), plus `activity_regularizer`, `return_sequences`,
    `return_state`, `go_backwards` and `stateful`.
    """

    _CELL = ConvLSTMCell
    _CELL_NAME = "conv_lstm_cell"
    _RANK = None  # set by ConvLSTM1D/2D/3D

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None, dilation_rate=1,
                 activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, recurrent_constraint=None, bias_constraint=None,
                 dropout=0.0, recurrent_dropout=0.0, seed=None, return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, **kwargs):
        if self._RANK is None:
            raise TypeError("ConvLSTM is the base of ConvLSTM1D, ConvLSTM2D and ConvLSTM3D: use one of those.")
        self._init_layer(locals())

    @property
    def _sequence_layout(self):
        spatial = ", ".join(("width",) if self._RANK == 1 else ("rows", "cols") if self._RANK == 2
                            else ("depth", "rows", "cols"))
        return self._RANK + 3, f"(batch, time, {spatial}, channels)"

    def _init_layer(self, arguments):
        super()._init_layer({**arguments, "rank": self._RANK})
        self.input_spec = InputSpec(ndim=self._RANK + 3)

    def _step_shape(self, sequences_shape):
        return (sequences_shape[0],) + tuple(sequences_shape[2:])

    def _state_shapes(self, sequences_shape):
        shape = self.cell.state_shape(self._step_shape(sequences_shape))
        return [shape, shape]

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        state = self.cell.state_shape(self._step_shape(sequences_shape))
        output = (state[0], sequences_shape[1]) + tuple(state[1:]) if self.return_sequences else state
        return (output, state, state) if self.return_state else output

    def _initial_state(self, sequences):
        if sequences.shape[0] is not None:
            return self.get_initial_state(sequences.shape[0])
        shape = self._state_shapes(tuple(sequences.shape))[0]
        steps = reshape(sequences, (-1, math.prod(sequences.shape[1:])))  # zeros with the (unknown) batch size
        state = reshape(tile(zeros_like(steps[:, :1]), [1, math.prod(shape[1:])]), (-1,) + tuple(shape[1:]))
        return [state, state]

    def inner_loop(self, sequences, initial_state, mask, training=False):
        """All steps' input convolutions as one (time folded into the batch), then the recurrence."""
        cell = self.cell
        if type(cell).call is not ConvLSTMCell.call:
            return super().inner_loop(sequences, initial_state, mask, training)
        steps = sequences.shape[1]
        if steps is None:
            raise ValueError(f"Layer '{self.name}' needs a known number of time steps; got inputs of shape "
                             f"{tuple(sequences.shape)}. Give the Input a fixed sequence length, e.g. "
                             "keras.Input((10, 32, 32, 3)).")
        step_shape = tuple(sequences.shape[2:])
        masks = cell._input_dropout_masks(sequences[:, 0], training)
        if masks is not None:
            masks = [reshape(tile(expand_dims(m, 1), [1, steps] + [1] * len(step_shape)), (-1,) + step_shape)
                     for m in masks]
        z = cell.input_transform(reshape(sequences, (-1,) + step_shape), masks)
        z = reshape(z, (-1, steps) + tuple(z.shape[1:]))
        return self._step_loop(z, initial_state, mask, training,
                               step=lambda z_t, states: cell.recurrent_step(z_t, states, training))

    def get_config(self):
        config = super().get_config()
        del config["rank"]  # the class fixes it; Keras writes no `rank`
        return config
