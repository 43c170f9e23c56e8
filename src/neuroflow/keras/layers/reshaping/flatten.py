"""`Flatten`: flattens each sample to a vector, keeping the batch axis.

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> keras.layers.Flatten()(tf.ones([2, 28, 28])).shape
TensorShape([2, 784])
>>> keras.layers.Flatten().compute_output_shape((None, 3, None))
(None, None)
"""
import math

from ....ops.array_ops import reshape, transpose
from ..input_spec import InputSpec, shape_of
from ..layer import Layer

__all__ = ["Flatten"]


class Flatten(Layer):
    """Reshapes `(batch, d1, d2, ...)` to `(batch, d1 * d2 * ...)`.

    Args:
        data_format: 'channels_last' (default) or 'channels_first'; with 'channels_first'
            the channels axis is moved last first, so the element order matches channels_last models.
    """

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        from ...backend import image_data_format
        self.data_format = data_format or image_data_format()
        if self.data_format not in ("channels_last", "channels_first"):
            raise ValueError("The `data_format` argument must be one of {'channels_first', 'channels_last'}. "
                             f"Received: data_format={data_format!r}")
        self.input_spec = InputSpec(min_ndim=1)
        self.supports_masking = True

    def call(self, inputs):
        shape = shape_of(inputs)
        if self.data_format == "channels_first" and len(shape) > 2:
            inputs = transpose(inputs, (0, *range(2, len(shape)), 1))
        rest = tuple(inputs.shape)[1:]
        if None not in rest and math.prod(rest):   # any batch size (also one unknown while tracing)
            return reshape(inputs, (-1, math.prod(rest)))
        return reshape(inputs, (shape[0], -1 if len(shape) > 1 else 1))

    def compute_output_shape(self, input_shape):
        rest = tuple(input_shape)[1:]
        return (input_shape[0], None if None in rest else math.prod(rest))

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format}
