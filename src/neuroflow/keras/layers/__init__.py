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
from .convolutional.conv1d import Conv1D
from .convolutional.conv2d import Conv2D
from .convolutional.conv3d import Conv3D
from .convolutional.conv1d_transpose import Conv1DTranspose
from .convolutional.conv2d_transpose import Conv2DTranspose
from .convolutional.conv3d_transpose import Conv3DTranspose
from .convolutional.depthwise_conv1d import DepthwiseConv1D
from .convolutional.depthwise_conv2d import DepthwiseConv2D
from .convolutional.separable_conv1d import SeparableConv1D
from .convolutional.separable_conv2d import SeparableConv2D
from .normalization.batch_normalization import BatchNormalization
from .pooling.average_pooling1d import AveragePooling1D
from .pooling.average_pooling2d import AveragePooling2D
from .pooling.average_pooling3d import AveragePooling3D
from .pooling.global_average_pooling1d import GlobalAveragePooling1D
from .pooling.global_average_pooling2d import GlobalAveragePooling2D
from .pooling.global_average_pooling3d import GlobalAveragePooling3D
from .pooling.global_max_pooling1d import GlobalMaxPooling1D
from .pooling.global_max_pooling2d import GlobalMaxPooling2D
from .pooling.global_max_pooling3d import GlobalMaxPooling3D
from .pooling.max_pooling1d import MaxPooling1D
from .pooling.max_pooling2d import MaxPooling2D
from .pooling.max_pooling3d import MaxPooling3D
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
from .rnn.conv_lstm1d import ConvLSTM1D
from .rnn.conv_lstm2d import ConvLSTM2D
from .rnn.conv_lstm3d import ConvLSTM3D
from .rnn.gru import GRU, GRUCell
from .rnn.lstm import LSTM, LSTMCell
from .rnn.rnn import RNN
from .rnn.simple_rnn import SimpleRNN, SimpleRNNCell
from .rnn.stacked_rnn_cells import StackedRNNCells
from .rnn.time_distributed import TimeDistributed
from .serialization import deserialize, serialize
from . import symbolic_ops  # noqa: F401 - Python operators on KerasTensors

# Keras' other names for the convolution and pooling layers
Convolution1D = Conv1D
Convolution2D = Conv2D
Convolution3D = Conv3D
Convolution2DTranspose = Conv2DTranspose
Convolution3DTranspose = Conv3DTranspose
SeparableConvolution1D = SeparableConv1D
SeparableConvolution2D = SeparableConv2D
MaxPool1D = MaxPooling1D
MaxPool2D = MaxPooling2D
MaxPool3D = MaxPooling3D
AvgPool1D = AveragePooling1D
AvgPool2D = AveragePooling2D
AvgPool3D = AveragePooling3D
GlobalAvgPool1D = GlobalAveragePooling1D
GlobalAvgPool2D = GlobalAveragePooling2D
GlobalAvgPool3D = GlobalAveragePooling3D
GlobalMaxPool1D = GlobalMaxPooling1D
GlobalMaxPool2D = GlobalMaxPooling2D
GlobalMaxPool3D = GlobalMaxPooling3D

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
__all__ += ["Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose", "DepthwiseConv1D",
            "DepthwiseConv2D", "SeparableConv1D", "SeparableConv2D", "BatchNormalization", "AveragePooling1D",
            "AveragePooling2D", "AveragePooling3D", "GlobalAveragePooling1D", "GlobalAveragePooling2D",
            "GlobalAveragePooling3D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D", "MaxPooling1D",
            "MaxPooling2D", "MaxPooling3D", "Convolution1D", "Convolution2D", "Convolution3D", "Convolution2DTranspose",
            "Convolution3DTranspose", "SeparableConvolution1D", "SeparableConvolution2D", "MaxPool1D", "MaxPool2D",
            "MaxPool3D", "AvgPool1D", "AvgPool2D", "AvgPool3D", "GlobalAvgPool1D", "GlobalAvgPool2D", "GlobalAvgPool3D",
            "GlobalMaxPool1D", "GlobalMaxPool2D", "GlobalMaxPool3D"]
__all__ += ["Masking", "Wrapper", "Bidirectional", "GRU", "GRUCell", "LSTM", "LSTMCell", "RNN", "SimpleRNN",
            "SimpleRNNCell", "StackedRNNCells", "TimeDistributed", "EinsumDense", "AdditiveAttention", "Attention",
            "MultiHeadAttention", "GroupQueryAttention"]
__all__ += ["ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D"]
__all__ += ["CategoryEncoding", "Discretization", "Hashing", "IntegerLookup", "StringLookup", "TextVectorization"]
