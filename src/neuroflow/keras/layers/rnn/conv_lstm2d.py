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
    `data_format='channels_first'`). See `ConvLSTM` for the arguments.
    """

    _RANK = 2
