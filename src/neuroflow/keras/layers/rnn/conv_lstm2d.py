"""`ConvLSTM2D`: a 2-D convolutional LSTM (see `ConvLSTM`).

>>> import numpy as np
>>> from neuroflow import keras
>>> keras.layers.ConvLSTM2D(4, 3)(np.ones((2, 5, 8, 8, 3), "float32")).shape
TensorShape([2, 6, 6, 4])
"""
from .conv_lstm import ConvLSTM

__all__ = ["ConvLSTM2D"]


class ConvLSTM2D(ConvLSTM):
    """2-D convolutional LSTM over inputs `(batch, time, rows, cols, channels)` (channels first with
    `data_format='channels_first'`). Arguments as `ConvLSTMCell` (without `rank`), plus
    `activity_regularizer`, `return_sequences`, `return_state`, `go_backwards` and `stateful`.
    """

    _RANK = 2

    def __init__(self, filters, kernel_size, strides=1, padding="valid", data_format=None, dilation_rate=1,
                 activation="tanh", recurrent_activation="sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, recurrent_constraint=None, bias_constraint=None,
                 dropout=0.0, recurrent_dropout=0.0, seed=None, return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, **kwargs):
        self._init_layer(locals())
