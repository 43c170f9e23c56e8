"""`ConvLSTM3D`: a 3-D convolutional LSTM (see `ConvLSTM`).

>>> import numpy as np
>>> from neuroflow import keras
>>> keras.layers.ConvLSTM3D(4, 3)(np.ones((2, 3, 4, 4, 4, 1), "float32")).shape
TensorShape([2, 2, 2, 2, 4])
"""
from .conv_lstm import ConvLSTM

__all__ = ["ConvLSTM3D"]


class ConvLSTM3D(ConvLSTM):
    """3-D convolutional LSTM over inputs `(batch, time, depth, rows, cols, channels)` (channels first with
    `data_format='channels_first'`). See `ConvLSTM` for the arguments.
    """

    _RANK = 3
