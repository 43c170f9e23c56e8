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
from .preprocessing.category_encoding import CategoryEncoding
from .preprocessing.discretization import Discretization
from .preprocessing.hashing import Hashing
from .preprocessing.integer_lookup import IntegerLookup
from .preprocessing.string_lookup import StringLookup
from .preprocessing.text_vectorization import TextVectorization
from .regularization.activity_regularization import ActivityRegularization
from .regularization.gaussian_noise import GaussianNoise
from .reshaping.flatten import Flatten
from .reshaping.permute import Permute
from .reshaping.repeat_vector import RepeatVector
from .reshaping.reshape import Reshape
from .activations.elu import ELU
from .activations.leaky_relu import LeakyReLU
from .activations.prelu import PReLU
from .activations.relu import ReLU
from .activations.softmax import Softmax
from .normalization.group_normalization import GroupNormalization
from .normalization.layer_normalization import LayerNormalization
from .normalization.unit_normalization import UnitNormalization
from .preprocessing.center_crop import CenterCrop
from .preprocessing.random_brightness import RandomBrightness
from .preprocessing.random_contrast import RandomContrast
from .preprocessing.random_crop import RandomCrop
from .preprocessing.random_flip import RandomFlip
from .preprocessing.random_rotation import RandomRotation
from .preprocessing.random_translation import RandomTranslation
from .preprocessing.random_zoom import RandomZoom
from .preprocessing.resizing import Resizing
from .regularization.alpha_dropout import AlphaDropout
from .regularization.gaussian_dropout import GaussianDropout
from .regularization.spatial_dropout import SpatialDropout1D, SpatialDropout2D, SpatialDropout3D
from .reshaping.cropping import Cropping1D, Cropping2D, Cropping3D
from .reshaping.up_sampling import UpSampling1D, UpSampling2D, UpSampling3D
from .reshaping.zero_padding import ZeroPadding1D, ZeroPadding2D, ZeroPadding3D
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
__all__ += ["ELU", "LeakyReLU", "PReLU", "ReLU", "Softmax", "GroupNormalization", "LayerNormalization",
            "UnitNormalization", "CenterCrop", "RandomBrightness", "RandomContrast", "RandomCrop", "RandomFlip",
            "RandomRotation", "RandomTranslation", "RandomZoom", "Resizing", "AlphaDropout", "GaussianDropout",
            "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "Cropping1D", "Cropping2D", "Cropping3D",
            "UpSampling1D", "UpSampling2D", "UpSampling3D", "ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D"]
__all__ += ["Masking", "Wrapper", "Bidirectional", "GRU", "GRUCell", "LSTM", "LSTMCell", "RNN", "SimpleRNN",
            "SimpleRNNCell", "StackedRNNCells", "TimeDistributed", "EinsumDense", "AdditiveAttention", "Attention",
            "MultiHeadAttention", "GroupQueryAttention"]
__all__ += ["CategoryEncoding", "Discretization", "Hashing", "IntegerLookup", "StringLookup", "TextVectorization"]
