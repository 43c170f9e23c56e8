"""`GRU` and `GRUCell`: gated recurrent units (Cho et al., 2014), Keras' gate order and bias layout.

Gates sit side by side as `[z, r, h]` (update, reset, candidate). With `reset_after=True`
(the default, cuDNN's convention) the reset gate multiplies the recurrent projection and the
bias is `(2, 3 * units)`: a row for the input projection and a row for the recurrent one.

>>> import numpy as np
>>> from neuroflow import keras
>>> gru = keras.layers.GRU(4)
>>> gru(np.random.random((32, 10, 8)).astype("float32")).shape
TensorShape([32, 4])
>>> [tuple(w.shape) for w in gru.weights]
[(8, 12), (4, 12), (2, 12)]
"""
from ....ops.array_ops import split, squeeze
from ....ops.math_ops import matmul
from ....ops.rnn_ops import gru_sequence
from .dropout_rnn_cell import _fused_name
from .recurrent_base import RecurrentCell, RecurrentLayer

__all__ = ["GRUCell", "GRU"]


class GRUCell(RecurrentCell):
    """One GRU step: `h = z * h_prev + (1 - z) * hh`, with `hh = activation(x W_h + r * (h_prev U_h))`.

    `reset_after=False` applies the reset gate before the recurrent product (`(r * h_prev) U_h`)
    and uses one `(3 * units,)` bias. Other arguments as `LSTMCell`.
    """

    gates = 3

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0, recurrent_dropout=0.0,
                 reset_after=True, seed=None, **kwargs):
        arguments = dict(locals())
        for name in ("self", "kwargs", "__class__", "reset_after"):
            arguments.pop(name, None)
        super().__init__(**arguments, **kwargs)
        self.reset_after = reset_after

    def build(self, input_shape):
        self._add_kernels(input_shape[-1])
        self._add_bias((2, 3 * self.units) if self.reset_after else (3 * self.units,))

    def call(self, inputs, states, training=False):
        h_tm1 = states[0] if isinstance(states, (list, tuple)) else states
        units = self.units
        input_bias = recurrent_bias = None
        if self.bias is not None:
            if self.reset_after:
                input_bias, recurrent_bias = (squeeze(b, 0) for b in split(self.bias, 2, axis=0))
            else:
                input_bias = self.bias
        dp_mask = self.get_dropout_mask(inputs) if training else None
        rec_mask = self.get_recurrent_dropout_mask(h_tm1) if training else None
        if self.implementation == 1:
            x = [inputs * dp_mask[k] if dp_mask is not None else inputs for k in range(3)]
            h = [h_tm1 * rec_mask[k] if rec_mask is not None else h_tm1 for k in range(3)]
        else:
            x = [inputs * dp_mask if dp_mask is not None else inputs] * 3
            h = [h_tm1] * 3
        kernels, recurrent = split(self.kernel, 3, axis=1), split(self.recurrent_kernel, 3, axis=1)
        x_z, x_r, x_h = (matmul(x[k], kernels[k]) for k in range(3))
        if input_bias is not None:
            x_z, x_r, x_h = (v + b for v, b in zip((x_z, x_r, x_h), split(input_bias, 3, axis=0)))
        rec_z, rec_r = matmul(h[0], recurrent[0]), matmul(h[1], recurrent[1])
        rec_biases = split(recurrent_bias, 3, axis=0) if recurrent_bias is not None else None
        if rec_biases is not None:
            rec_z, rec_r = rec_z + rec_biases[0], rec_r + rec_biases[1]
        z = self.recurrent_activation(x_z + rec_z)
        r = self.recurrent_activation(x_r + rec_r)
        if self.reset_after:
            rec_h = matmul(h[2], recurrent[2])
            if rec_biases is not None:
                rec_h = rec_h + rec_biases[2]
            rec_h = r * rec_h
        else:
            rec_h = matmul(r * h[2], recurrent[2])
        hh = self.activation(x_h + rec_h)
        h = z * h_tm1 + (1 - z) * hh
        return h, [h] if isinstance(states, (list, tuple)) else h

    def _fused_sequence(self, sequences, initial_state, mask, training, go_backwards, zero_output_for_mask):
        sequences = self._fused_inputs(GRUCell, sequences, training)
        if sequences is None:
            return None
        outputs, h = gru_sequence(
            sequences, self.kernel, self.recurrent_kernel, self.bias, initial_state[0], mask,
            activation=_fused_name(self.activation), recurrent_activation=_fused_name(self.recurrent_activation),
            go_backwards=go_backwards, zero_output_for_mask=zero_output_for_mask, reset_after=self.reset_after)
        return outputs, [h]

    def get_config(self):
        return {**super().get_config(), "reset_after": self.reset_after}


class GRU(RecurrentLayer):
    """Gated Recurrent Unit layer: runs a `GRUCell` over the time axis (as one fused op). Takes `GRUCell`'s arguments and `RNN`'s; with `return_state` returns `[output, h]`.
    """

    _CELL = GRUCell
    _CELL_NAME = "gru_cell"

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, seed=None, return_sequences=False, return_state=False, go_backwards=False,
                 stateful=False, unroll=False, reset_after=True, use_cudnn="auto", **kwargs):
        self._init_layer(locals())
