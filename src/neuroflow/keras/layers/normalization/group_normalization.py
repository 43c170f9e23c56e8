"""`GroupNormalization`: normalizes each example over groups of channels (and all spatial positions).

>>> import numpy as np
>>> from neuroflow import keras
>>> x = np.array([[1.0, 3.0, 10.0, 30.0]])
>>> keras.layers.GroupNormalization(groups=2, epsilon=0.0)(x).numpy()
array([[-1.,  1., -1.,  1.]], dtype=float32)
"""
from ....ops.array_ops import reshape
from ....ops.math_ops import cast
from ....ops.nn_ops import moments
from ....ops.unary_ops import rsqrt
from ..input_spec import InputSpec, shape_of
from ..layer import Layer
from .gamma_beta import add_gamma_beta, options_config, set_options

__all__ = ["GroupNormalization"]


class GroupNormalization(Layer):
    """Splits the channels on `axis` into `groups` and normalizes each group per example.

    `groups=1` is layer normalization over all axes; `groups=-1` (one channel per group) is
    instance normalization.

    Args:
        groups: the number of groups; it must divide the number of channels (default 32).
        axis: the channels axis (default -1).
        epsilon: added to the variance (default 1e-3).
        center, scale: learn the per-channel offset `beta` and scale `gamma`.
        beta_initializer, gamma_initializer, beta_regularizer, gamma_regularizer, beta_constraint,
            gamma_constraint: for the weights.
    """

    def __init__(self, groups=32, axis=-1, epsilon=1e-3, center=True, scale=True, beta_initializer="zeros",
                 gamma_initializer="ones", beta_regularizer=None, gamma_regularizer=None, beta_constraint=None,
                 gamma_constraint=None, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.autocast = False
        self.groups, self.axis, self.epsilon, self.center, self.scale = groups, axis, epsilon, center, scale
        set_options(self, locals())

    def build(self, input_shape):
        dim = input_shape[self.axis]
        if dim is None:
            raise ValueError(f"Axis {self.axis} of input tensor should have a defined dimension but the layer "
                             f"'{self.name}' received an input with shape {tuple(input_shape)}.")
        if self.groups == -1:
            self.groups = dim
        if dim < self.groups:
            raise ValueError(f"Layer '{self.name}': number of groups ({self.groups}) cannot be more than the number "
                             f"of channels ({dim}). Use groups <= {dim}.")
        if dim % self.groups:
            raise ValueError(f"Layer '{self.name}': number of groups ({self.groups}) must be a multiple of the number "
                             f"of channels ({dim}): each group takes channels / groups of them.")
        self.input_spec = InputSpec(ndim=len(input_shape), axes={self.axis: dim})
        add_gamma_beta(self, (dim,), scale=self.scale, center=self.center)

    def call(self, inputs):
        shape = list(shape_of(inputs))
        rank = len(shape)
        axis = self.axis % rank
        grouped_shape = [-1] + shape[1:axis] + [self.groups, shape[axis] // self.groups] + shape[axis + 1:]
        x = reshape(cast(inputs, "float32") if inputs.dtype.size < 4 else inputs, grouped_shape)
        reduce_axes = [a for a in range(1, rank + 1) if a != axis]
        mean, variance = moments(x, axes=reduce_axes, keepdims=True)
        inv = rsqrt(variance + self.epsilon)
        weight_shape = [1] * (rank + 1)
        weight_shape[axis], weight_shape[axis + 1] = self.groups, shape[axis] // self.groups
        if self.gamma is not None:
            inv = inv * cast(reshape(self.gamma, weight_shape), x.dtype)
        shift = -mean * inv
        if self.beta is not None:
            shift = shift + cast(reshape(self.beta, weight_shape), x.dtype)
        return cast(reshape(x * inv + shift, [-1] + shape[1:]), self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "groups": self.groups, "axis": self.axis, "epsilon": self.epsilon,
                "center": self.center, "scale": self.scale, **options_config(self)}
