"""`PReLU`: a leaky ReLU whose negative slopes `alpha` are learned (per position, or shared over axes).

>>> import numpy as np
>>> from neuroflow import keras
>>> layer = keras.layers.PReLU(alpha_initializer=keras.initializers.Constant(0.25))
>>> layer(np.array([[-4.0, 2.0]])).numpy()
array([[-1.,  2.]], dtype=float32)
"""
from ....ops.nn_ops import relu
from ... import constraints, initializers, regularizers
from ..input_spec import InputSpec
from ..layer import Layer

__all__ = ["PReLU"]


class PReLU(Layer):
    """`x` for positive inputs, `alpha * x` otherwise, with `alpha` a weight.

    Args:
        alpha_initializer: the initializer of `alpha` (default zeros).
        alpha_regularizer, alpha_constraint: for `alpha`.
        shared_axes: axes (counting the batch as 0) along which one slope is shared, e.g. [1, 2]
            for one slope per channel of `(batch, height, width, channels)` images.
    """

    def __init__(self, alpha_initializer="Zeros", alpha_regularizer=None, alpha_constraint=None, shared_axes=None,
                 **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.alpha_constraint = constraints.get(alpha_constraint)
        self.shared_axes = None if shared_axes is None else \
            list(shared_axes) if isinstance(shared_axes, (list, tuple)) else [shared_axes]

    def build(self, input_shape):
        shape = list(input_shape[1:])
        for axis in self.shared_axes or ():
            if not 1 <= axis < len(input_shape):
                raise ValueError(f"Layer '{self.name}' (PReLU): shared axis {axis} is out of range for inputs of "
                                 f"shape {tuple(input_shape)}; use axes from 1 to {len(input_shape) - 1}.")
            shape[axis - 1] = 1
        self.alpha = self.add_weight(shape=shape, name="alpha", initializer=self.alpha_initializer,
                                     regularizer=self.alpha_regularizer, constraint=self.alpha_constraint)
        axes = {i: input_shape[i] for i in range(1, len(input_shape)) if i not in (self.shared_axes or ())}
        self.input_spec = InputSpec(ndim=len(input_shape), axes=axes)

    def call(self, inputs):
        return relu(inputs) - self.alpha * relu(-inputs)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "alpha_initializer": initializers.serialize(self.alpha_initializer),
                "alpha_regularizer": regularizers.serialize(self.alpha_regularizer),
                "alpha_constraint": constraints.serialize(self.alpha_constraint), "shared_axes": self.shared_axes}
