"""`LSTM` and `LSTMCell`: long short-term memory (Hochreiter & Schmidhuber, 1997), Keras' gate order.

The kernels hold the gates side by side as `[i, f, c, o]` (input, forget, cell, output):
`kernel` is `(features, 4 * units)`, `recurrent_kernel` `(units, 4 * units)`, `bias` `(4 * units,)`.

>>> import numpy as np
>>> from neuroflow import keras
>>> lstm = keras.layers.LSTM(4, return_sequences=True, return_state=True)
>>> whole_sequence, h, c = lstm(np.random.random((32, 10, 8)).astype("float32"))
>>> whole_sequence.shape, h.shape, c.shape
(TensorShape([32, 10, 4]), TensorShape([32, 4]), TensorShape([32, 4]))
>>> [tuple(w.shape) for w in lstm.weights]
[(8, 16), (4, 16), (16,)]
"""
from ....ops.array_ops import concat, split
from ....ops.creation_ops import ones
from ....ops.math_ops import matmul
from ....ops.rnn_ops import lstm_sequence
from .dropout_rnn_cell import _fused_name
from .recurrent_base import RecurrentCell, RecurrentLayer

__all__ = ["LSTMCell", "LSTM", "unit_forget_bias_initializer"]


def unit_forget_bias_initializer(bias_initializer, units):
    """The `[i, f, c, o]` bias initializer of `unit_forget_bias=True`: the forget gate's part starts at 1."""
    def initializer(shape, dtype=None):
        return concat([bias_initializer((units,), dtype=dtype), ones((units,), dtype or "float32"),
                       bias_initializer((2 * units,), dtype=dtype)], axis=0)
    return initializer


class LSTMCell(RecurrentCell):
    """One LSTM step: `c = f * c_prev + i * activation(z_c)`, `h = o * activation(c)`.

    The gates i, f, o use `recurrent_activation` (default 'sigmoid'); `activation` defaults to 'tanh'.
    `unit_forget_bias=True` (default) starts the forget gate's bias at 1. The state is `[h, c]`.
    Other arguments as `SimpleRNNCell`.
    """

    gates = 4

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, seed=None, **kwargs):
        arguments = dict(locals())
        for name in ("self", "kwargs", "__class__", "unit_forget_bias"):
            arguments.pop(name, None)
        super().__init__(**arguments, **kwargs)
        self.unit_forget_bias = unit_forget_bias
        self.state_size = [units, units]

    def build(self, input_shape):
        self._add_kernels(input_shape[-1])
        initializer = unit_forget_bias_initializer(self.bias_initializer, self.units) if self.unit_forget_bias \
            else self.bias_initializer
        self._add_bias((4 * self.units,), initializer)

    def call(self, inputs, states, training=False):
        h_tm1, c_tm1 = states[0], states[1]
        dp_mask = self.get_dropout_mask(inputs) if training else None
        if self.implementation == 1:
            x = [inputs * dp_mask[k] if dp_mask is not None else inputs for k in range(4)]
            kernels = split(self.kernel, 4, axis=1)
            z = [matmul(x[k], kernels[k]) for k in range(4)]
            if self.bias is not None:
                z = [z_k + b_k for z_k, b_k in zip(z, split(self.bias, 4, axis=0))]
            rec_mask = self.get_recurrent_dropout_mask(h_tm1) if training else None
            h = [h_tm1 * rec_mask[k] if rec_mask is not None else h_tm1 for k in range(4)]
            recurrent = split(self.recurrent_kernel, 4, axis=1)
            z = [z_k + matmul(h_k, r_k) for z_k, h_k, r_k in zip(z, h, recurrent)]
        else:
            if dp_mask is not None:
                inputs = inputs * dp_mask
            z = matmul(inputs, self.kernel) + matmul(h_tm1, self.recurrent_kernel)
            if self.bias is not None:
                z = z + self.bias
            z = split(z, 4, axis=1)
        i, f, o = (self.recurrent_activation(z[k]) for k in (0, 1, 3))
        c = f * c_tm1 + i * self.activation(z[2])
        h = o * self.activation(c)
        return h, [h, c]

    def _fused_sequence(self, sequences, initial_state, mask, training, go_backwards, zero_output_for_mask):
        sequences = self._fused_inputs(LSTMCell, sequences, training)
        if sequences is None:
            return None
        outputs, h, c = lstm_sequence(
            sequences, self.kernel, self.recurrent_kernel, self.bias, initial_state, mask,
            activation=_fused_name(self.activation), recurrent_activation=_fused_name(self.recurrent_activation),
            go_backwards=go_backwards, zero_output_for_mask=zero_output_for_mask)
        return outputs, [h, c]

    def get_config(self):
        return {**super().get_config(), "unit_forget_bias": self.unit_forget_bias}


class LSTM(RecurrentLayer):
    """Long Short-Term Memory layer: runs an `LSTMCell` over the time axis (as one fused op).

    Takes `LSTMCell`'s arguments and `RNN`'s (`return_sequences`, `return_state`, `go_backwards`,
    `stateful`, `unroll`), plus `activity_regularizer` and `use_cudnn` (accepted; no GPU kernel here).
    With `return_state`, returns `[output, h, c]`.
    """

    _CELL = LSTMCell
    _CELL_NAME = "lstm_cell"

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, recurrent_constraint=None, bias_constraint=None,
                 dropout=0.0, recurrent_dropout=0.0, seed=None, return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, unroll=False, use_cudnn="auto", **kwargs):
        self._init_layer(locals())
