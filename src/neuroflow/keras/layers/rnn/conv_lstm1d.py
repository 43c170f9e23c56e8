"""`ConvLSTM1D`: a 1-D convolutional LSTM (see `ConvLSTM`).

>>> import numpy as np
>>> from neuroflow import keras
>>> keras.layers.ConvLSTM1D(4, 3)(np.ones((2, 5, 8, 3), "float32")).shape
TensorShape([2, 6, 4])
"""
from .conv_lstm import ConvLSTM

__all__ = ["ConvLSTM1D"]


class ConvLSTM1D(ConvLSTM):
    """1-D convolutional LSTM over inputs `(batch, time, width, channels)` (channels first with
    `data_format='channels_first'`). See `ConvLSTM` for the arguments.
    """

    _RANK = 1
