"""`LayerNormalization`: normalizes each example over its feature axes, then scales and shifts.

>>> import numpy as np
>>> from neuroflow import keras
>>> keras.layers.LayerNormalization(epsilon=0.0)(np.array([[1.0, 3.0]])).numpy()
array([[-1.,  1.]], dtype=float32)
"""
import warnings

from ....ops.array_ops import reshape
from ....ops.math_ops import cast
from ....ops.nn_ops import moments
from ....ops.unary_ops import rsqrt
from ..input_spec import shape_of
from ..layer import Layer
from .gamma_beta import add_gamma_beta, options_config, set_options

__all__ = ["LayerNormalization", "axis_argument"]


def axis_argument(axis):
    """An `axis` argument as Keras keeps it: an int stays, a list/tuple becomes a list; else a TypeError."""
    if isinstance(axis, (list, tuple)):
        return list(axis)
    if isinstance(axis, int):
        return axis
    raise TypeError(f"Expected an int or a list/tuple of ints for the argument 'axis', but received: {axis!r}")


class LayerNormalization(Layer):
    """`gamma * (x - mean) / sqrt(variance + epsilon) + beta`, with statistics per example over `axis`.

    Args:
        axis: the axis or axes to normalize over (default -1, the features).
        epsilon: added to the variance (default 1e-3).
        center: learn the offset `beta` (default True).
        scale: learn the scale `gamma` (default True).
        rms_scaling: (deprecated in Keras 3) divide by sqrt(variance + epsilon) without centring,
            scaled by `gamma` only, as Keras does.
        beta_initializer, gamma_initializer, beta_regularizer, gamma_regularizer, beta_constraint,
            gamma_constraint: for the weights.
    """

    def __init__(self, axis=-1, epsilon=1e-3, center=True, scale=True, beta_initializer="zeros",
                 gamma_initializer="ones", beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                 gamma_constraint=None, **kwargs):
        rms_scaling = kwargs.pop("rms_scaling", False)
        if rms_scaling:
            warnings.warn("You passed `rms_scaling=True`, which is deprecated. This argument incorrectly scales the "
                          "input by the variance, not the root mean square.", UserWarning, stacklevel=2)
        super().__init__(**kwargs)
        self.axis = axis_argument(axis)
        self.epsilon, self.center, self.scale, self.rms_scaling = epsilon, center, scale, rms_scaling
        set_options(self, locals())
        self.supports_masking = True
        self.autocast = False

    def build(self, input_shape):
        rank = len(input_shape)
        axes = self.axis if isinstance(self.axis, list) else [self.axis]
        for axis in axes:
            if not -rank <= axis < rank:
                raise ValueError(f"Layer '{self.name}' (LayerNormalization): axis {axis} is out of bounds for input "
                                 f"shape {tuple(input_shape)}. Received: axis={self.axis}")
        self.axis = sorted(axes)
        shape = tuple(input_shape[axis] for axis in self.axis)
        add_gamma_beta(self, shape, scale=self.scale or self.rms_scaling, center=self.center and not self.rms_scaling)

    def call(self, inputs):
        x = cast(inputs, "float32") if inputs.dtype.size < 4 else inputs
        shape = shape_of(x)
        axes = [axis % len(shape) for axis in self.axis]
        weight_shape = [d if i in axes else 1 for i, d in enumerate(shape)]
        mean, variance = moments(x, axes=axes, keepdims=True)
        inv = rsqrt(variance + self.epsilon)
        if self.gamma is not None:
            inv = inv * cast(reshape(self.gamma, weight_shape), x.dtype)
        if self.rms_scaling:  # Keras' deprecated variant: no centring, no offset
            return cast(x * inv, self.compute_dtype)
        shift = -mean * inv
        if self.beta is not None:
            shift = shift + cast(reshape(self.beta, weight_shape), x.dtype)
        return cast(x * inv + shift, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis, "epsilon": self.epsilon, "center": self.center,
                "scale": self.scale, "rms_scaling": self.rms_scaling, **options_config(self)}
