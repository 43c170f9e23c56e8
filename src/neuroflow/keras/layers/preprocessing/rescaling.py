"""`Rescaling`: `inputs * scale + offset`, e.g. pixels from [0, 255] to [0, 1].

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> keras.layers.Rescaling(1 / 255)(tf.constant([[0, 255]], tf.uint8)).numpy()
array([[0., 1.]], dtype=float32)
>>> keras.layers.Rescaling(2.0, offset=-1.0)(tf.constant([0.0, 0.5])).numpy()
array([-1.,  0.], dtype=float32)
"""
from ....ops.math_ops import cast
from ..layer import Layer

__all__ = ["Rescaling"]


class Rescaling(Layer):
    """Scales and shifts inputs: `inputs * scale + offset`, in the layer's float dtype.

    Args:
        scale: the multiplier (a number, or one value per channel).
        offset: the value added after scaling (default 0).
    """

    def __init__(self, scale, offset=0.0, **kwargs):
        super().__init__(**kwargs)
        self.scale, self.offset = scale, offset
        self.supports_masking = True

    def call(self, inputs):
        x = cast(inputs, self.dtype)
        return x * cast(self.scale, self.dtype) + cast(self.offset, self.dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "scale": self.scale, "offset": self.offset}
