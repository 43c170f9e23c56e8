"""`TimeDistributed`: applies a layer to every time step (axis 1) of its input.

>>> import numpy as np
>>> from neuroflow import keras
>>> layer = keras.layers.TimeDistributed(keras.layers.Dense(8))
>>> layer(np.ones((32, 10, 16), "float32")).shape
TensorShape([32, 10, 8])
"""
from ....ops.array_ops import concat, reshape, shape
from ..core.wrapper import Wrapper
from ..input_spec import shape_of

__all__ = ["TimeDistributed"]


class TimeDistributed(Wrapper):
    """Applies `layer` to each slice `inputs[:, t]`, with the same weights for every step.

    The steps run as one call on a `(batch * timesteps, ...)` reshape of the input.

    Args:
        layer: the layer to apply.
    """

    def __init__(self, layer, **kwargs):
        if not hasattr(layer, "build") or not hasattr(layer, "call"):
            raise ValueError(f"Please initialize `TimeDistributed` layer with a `keras.layers.Layer` instance. "
                             f"Received: {layer}")
        super().__init__(layer, **kwargs)
        self.supports_masking = True

    def _child_input_shape(self, input_shape):
        if not isinstance(input_shape, (tuple, list)) or len(input_shape) < 3:
            raise ValueError("`TimeDistributed` Layer should be passed an `input_shape` with at least 3 dimensions, "
                             f"received: {input_shape}. Its input is (batch, timesteps, ...).")
        return (input_shape[0], *input_shape[2:])

    def compute_output_shape(self, input_shape):
        child = self.layer.compute_output_shape(self._child_input_shape(input_shape))
        return (child[0], input_shape[1], *child[1:])

    def build(self, input_shape):
        super().build(self._child_input_shape(input_shape))

    def call(self, inputs, training=None, mask=None):
        input_shape = tuple(shape_of(inputs))
        if len(input_shape) < 3:
            raise ValueError(f"TimeDistributed '{self.name}' expects inputs of rank >= 3 (batch, timesteps, ...); "
                             f"received shape {input_shape}.")
        if mask is not None:
            mask_shape = tuple(shape_of(mask))
            if len(mask_shape) < 2 or any(a is not None and b is not None and a != b
                                          for a, b in zip(mask_shape[:2], input_shape[:2])):
                raise ValueError(
                    f"The `mask` passed to the `TimeDistributed` layer has a shape {mask_shape} that is incompatible "
                    f"with the input shape {input_shape}. The first two dimensions of the mask (batch size and "
                    f"timesteps) must match the input's first two dimensions. Expected mask shape prefix: "
                    f"({input_shape[0]}, {input_shape[1]}).")
        kwargs = {}
        if self.layer._call_has_training_arg and training is not None:
            kwargs["training"] = training
        if self.layer._call_has_mask_arg and mask is not None:
            kwargs["mask"] = reshape(mask, [-1, *tuple(shape_of(mask))[2:]])
        flat = reshape(inputs, [-1, *input_shape[2:]])
        outputs = self.layer.call(flat, **kwargs)
        inner = tuple(shape_of(outputs))[1:]
        if None not in input_shape[:2] and None not in inner:
            return reshape(outputs, [*input_shape[:2], *inner])
        return reshape(outputs, concat([shape(inputs)[:2], shape(outputs)[1:]], axis=0))
