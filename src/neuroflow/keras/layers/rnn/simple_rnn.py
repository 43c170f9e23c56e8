"""`SimpleRNN` and `SimpleRNNCell`: the fully connected recurrence `h = activation(x W + h U + b)`.

>>> import numpy as np
>>> from neuroflow import keras
>>> keras.backend.clear_session()  # layer names start afresh: 'lstm', not 'lstm_3'
>>> layer = keras.layers.SimpleRNN(4, return_sequences=True, return_state=True)
>>> outputs, state = layer(np.ones((2, 10, 3), "float32"))
>>> outputs.shape, state.shape
(TensorShape([2, 10, 4]), TensorShape([2, 4]))
>>> [w.path for w in layer.weights]
['simple_rnn/simple_rnn_cell/kernel', 'simple_rnn/simple_rnn_cell/recurrent_kernel', 'simple_rnn/simple_rnn_cell/bias']
"""
from ....ops.math_ops import matmul
from ....ops.rnn_ops import simple_rnn_sequence
from .dropout_rnn_cell import _fused_name
from .recurrent_base import RecurrentCell, RecurrentLayer

__all__ = ["SimpleRNNCell", "SimpleRNN"]


class SimpleRNNCell(RecurrentCell):
    """One step of `SimpleRNN`: `output = new_state = activation(x @ kernel + h @ recurrent_kernel + bias)`.

    Args:
        units: the size of the state and output.
        activation: default 'tanh'.
        use_bias, kernel_initializer ('glorot_uniform'), recurrent_initializer ('orthogonal'),
        bias_initializer ('zeros'), *_regularizer, *_constraint: as in `Dense`.
        dropout, recurrent_dropout: fractions of the input / state units to drop while training.
        seed: the dropout seed.
    """

    def __init__(self, units, activation="tanh", use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros", kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, seed=None,
                 **kwargs):
        super().__init__(units, activation, None, use_bias, kernel_initializer, recurrent_initializer,
                         bias_initializer, kernel_regularizer, recurrent_regularizer, bias_regularizer,
                         kernel_constraint, recurrent_constraint, bias_constraint, dropout, recurrent_dropout, seed,
                         **kwargs)

    def build(self, input_shape):
        self._add_kernels(input_shape[-1])
        self._add_bias((self.units,))

    def call(self, sequence, states, training=False):
        prev_output = states[0] if isinstance(states, (list, tuple)) else states
        dp_mask = self.get_dropout_mask(sequence)
        rec_dp_mask = self.get_recurrent_dropout_mask(prev_output)
        if training and dp_mask is not None:
            sequence = sequence * dp_mask
        h = matmul(sequence, self.kernel)
        if self.bias is not None:
            h = h + self.bias
        if training and rec_dp_mask is not None:
            prev_output = prev_output * rec_dp_mask
        output = self.activation(h + matmul(prev_output, self.recurrent_kernel))
        return output, [output] if isinstance(states, (list, tuple)) else output

    def _fused_sequence(self, sequences, initial_state, mask, training, go_backwards, zero_output_for_mask):
        sequences = self._fused_inputs(SimpleRNNCell, sequences, training)
        if sequences is None:
            return None
        outputs, state = simple_rnn_sequence(
            sequences, self.kernel, self.recurrent_kernel, self.bias, initial_state[0], mask,
            activation=_fused_name(self.activation), go_backwards=go_backwards,
            zero_output_for_mask=zero_output_for_mask)
        return outputs, [state]


class SimpleRNN(RecurrentLayer):
    """A fully connected RNN whose output is fed back as the next step's state.

    Takes `SimpleRNNCell`'s arguments and `RNN`'s (`return_sequences`, `return_state`,
    `go_backwards`, `stateful`, `unroll`), plus `activity_regularizer`.
    """

    _CELL = SimpleRNNCell
    _CELL_NAME = "simple_rnn_cell"

    def __init__(self, units, activation="tanh", use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros", kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0, recurrent_dropout=0.0,
                 return_sequences=False, return_state=False, go_backwards=False, stateful=False, unroll=False,
                 seed=None, **kwargs):
        self._init_layer(locals())

    def get_config(self):
        config = super().get_config()
        del config["seed"]  # as Keras' SimpleRNN (its cell keeps the seed)
        return config
