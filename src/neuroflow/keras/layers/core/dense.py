"""`Dense`: the fully connected layer, `activation(inputs @ kernel + bias)`.

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> layer = keras.layers.Dense(3, activation="relu", kernel_initializer="ones", name="dense")
>>> layer(tf.constant([[1.0, -2.0]])).numpy()
array([[0., 0., 0.]], dtype=float32)
>>> [w.path for w in layer.weights]
['dense/kernel', 'dense/bias']
"""
from ....ops.math_ops import cast, matmul
from ... import activations, constraints, initializers, regularizers
from ..input_spec import InputSpec
from ..layer import Layer

__all__ = ["Dense"]


class Dense(Layer):
    """A densely connected layer: `output = activation(inputs @ kernel + bias)`.

    It acts on the last axis of its input: `(batch, ..., input_dim)` becomes `(batch, ..., units)`.

    Args:
        units: the number of output features.
        activation: an activation function or its name (default: none, i.e. linear).
        use_bias: whether to add a bias vector.
        kernel_initializer, bias_initializer: initializers (default 'glorot_uniform', 'zeros').
        kernel_regularizer, bias_regularizer, activity_regularizer: penalties added to `losses`.
        kernel_constraint, bias_constraint: functions applied after each optimizer update.
    """

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None, lora_rank=None,
                 **kwargs):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        if not isinstance(units, int) or isinstance(units, bool) or units <= 0:
            raise ValueError("Received an invalid value for `units`, expected a positive integer. "
                             f"Received: units={units!r}. Pass the number of output features, e.g. Dense(64).")
        if lora_rank is not None:
            raise NotImplementedError("Dense: LoRA (`lora_rank`) is not supported by neuroflow.")
        self.units = units
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(min_ndim=2)
        self.supports_masking = True

    def build(self, input_shape):
        input_dim = input_shape[-1]
        if input_dim is None:
            raise ValueError(f"The last dimension of the inputs to a Dense layer should be defined. Found None. "
                             f"Full input shape received: {tuple(input_shape)}. Give the Input a known "
                             "number of features, e.g. keras.Input(shape=(784,)).")
        self.kernel = self.add_weight(shape=(input_dim, self.units), initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer, constraint=self.kernel_constraint,
                                      name="kernel")
        self.bias = self.add_weight(shape=(self.units,), initializer=self.bias_initializer,
                                    regularizer=self.bias_regularizer, constraint=self.bias_constraint,
                                    name="bias") if self.use_bias else None
        self.input_spec = InputSpec(min_ndim=2, axes={-1: input_dim})

    def call(self, inputs, training=None):
        if not inputs.dtype.is_floating:   # Keras' type promotion: int inputs @ a float kernel -> float
            inputs = cast(inputs, self.kernel.dtype)
        x = matmul(inputs, self.kernel)
        if self.bias is not None:
            x = x + self.bias
        return self.activation(x)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)[:-1] + (self.units,)

    def get_config(self):
        return {**super().get_config(), "units": self.units,
                "activation": activations.serialize(self.activation), "use_bias": self.use_bias,
                "kernel_initializer": initializers.serialize(self.kernel_initializer),
                "bias_initializer": initializers.serialize(self.bias_initializer),
                "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
                "bias_regularizer": regularizers.serialize(self.bias_regularizer),
                "kernel_constraint": constraints.serialize(self.kernel_constraint),
                "bias_constraint": constraints.serialize(self.bias_constraint),
                "quantization_config": None}  # Keras 3's key (neuroflow has no quantized layers)
