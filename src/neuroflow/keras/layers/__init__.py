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
from .core.dropout import Dropout
from .core.embedding import Embedding
from .core.identity import Identity
from .core.lambda_layer import Lambda
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
from .serialization import deserialize, serialize
from . import symbolic_ops  # noqa: F401 - Python operators on KerasTensors

__all__ = ["Layer", "InputSpec", "KerasTensor", "Input", "InputLayer", "Activation", "Dense", "Dropout",
           "Embedding", "Identity", "Lambda", "Concatenate", "Dot", "Add", "Average", "Maximum", "Minimum",
           "Multiply", "Subtract", "Normalization", "Rescaling", "ActivityRegularization", "GaussianNoise",
           "Flatten", "Permute", "RepeatVector", "Reshape", "concatenate", "dot", "add", "average", "maximum",
           "minimum", "multiply", "subtract", "serialize", "deserialize"]
__all__ += ["CategoryEncoding", "Discretization", "Hashing", "IntegerLookup", "StringLookup", "TextVectorization"]
