"""`keras.layers`: the building blocks of Keras models.

>>> from neuroflow import keras
>>> layer = keras.layers.Dense(4, activation="relu")
>>> layer.units, keras.layers.serialize(layer)["class_name"]
(4, 'Dense')
"""
from .layer import Layer
from .input_spec import InputSpec
from .keras_tensor import KerasTensor
from .input_layer import Input, InputLayer
from .core.activation import Activation
from .core.dense import Dense
from .core.einsum_dense import EinsumDense
from .core.dropout import Dropout
from .core.embedding import Embedding
from .core.identity import Identity
from .core.lambda_layer import Lambda
from .core.masking import Masking
from .core.wrapper import Wrapper
from .merging.concatenate import Concatenate, concatenate
from .merging.dot import Dot, dot
from .merging.elementwise import (Add, Average, Maximum, Minimum, Multiply, Subtract, add, average, maximum,
                                  minimum, multiply, subtract)
from .preprocessing.normalization import Normalization
from .preprocessing.rescaling import Rescaling
from .regularization.activity_regularization import ActivityRegularization
from .regularization.gaussian_noise import GaussianNoise
from .reshaping.flatten import Flatten
from .reshaping.permute import Permute
from .reshaping.repeat_vector import RepeatVector
from .reshaping.reshape import Reshape
from .attention.additive_attention import AdditiveAttention
from .attention.attention import Attention
from .attention.grouped_query_attention import GroupQueryAttention
from .attention.multi_head_attention import MultiHeadAttention
from .rnn.bidirectional import Bidirectional
from .rnn.gru import GRU, GRUCell
from .rnn.lstm import LSTM, LSTMCell
from .rnn.rnn import RNN
from .rnn.simple_rnn import SimpleRNN, SimpleRNNCell
from .rnn.stacked_rnn_cells import StackedRNNCells
from .rnn.time_distributed import TimeDistributed
from .serialization import deserialize, serialize
from . import symbolic_ops  # noqa: F401 - Python operators on KerasTensors

__all__ = ["Layer", "InputSpec", "KerasTensor", "Input", "InputLayer", "Activation", "Dense", "Dropout",
           "Embedding", "Identity", "Lambda", "Concatenate", "Dot", "Add", "Average", "Maximum", "Minimum",
           "Multiply", "Subtract", "Normalization", "Rescaling", "ActivityRegularization", "GaussianNoise",
           "Flatten", "Permute", "RepeatVector", "Reshape", "concatenate", "dot", "add", "average", "maximum",
           "minimum", "multiply", "subtract", "serialize", "deserialize"]
__all__ += ["Masking", "Wrapper", "Bidirectional", "GRU", "GRUCell", "LSTM", "LSTMCell", "RNN", "SimpleRNN",
            "SimpleRNNCell", "StackedRNNCells", "TimeDistributed", "EinsumDense", "AdditiveAttention", "Attention",
            "MultiHeadAttention", "GroupQueryAttention"]
