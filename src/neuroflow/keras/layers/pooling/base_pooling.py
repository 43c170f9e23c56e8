"""`BasePooling`: the windowed max/average pooling behind `MaxPooling*D` and `AveragePooling*D`.

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> x = tf.reshape(tf.range(9.0), [1, 3, 3, 1])
>>> keras.layers.MaxPooling2D(pool_size=(2, 2), strides=(1, 1), padding="same")(x)[0, :, :, 0].numpy()
array([[4., 5., 5.],
       [7., 8., 8.],
       [7., 8., 8.]], dtype=float32)
"""
from ....ops.pooling_ops import avg_pool, max_pool
from ...utils.argument_validation import standardize_data_format, standardize_padding, standardize_tuple
from ..convolutional.base_conv import output_spec_from_shape, tf_data_format
from ..input_spec import InputSpec
from ..layer import Layer

__all__ = ["BasePooling"]


class BasePooling(Layer):
    """Pools each `pool_size` window (moving by `strides`, default `pool_size`) to its max or mean.

    Args:
        pool_size: an int or `pool_dimensions` ints.
        strides: an int or `pool_dimensions` ints; None means `pool_size` (windows tile the input).
        pool_dimensions: the number of spatial dimensions (1, 2 or 3).
        pool_mode: 'max' or 'average'.
        padding: 'valid' or 'same' (an average over a window that overlaps the border counts
            only the input elements it covers).
        data_format: 'channels_last' (default) or 'channels_first'.
    """

    def __init__(self, pool_size, strides, pool_dimensions, pool_mode="max", padding="valid", data_format=None,
                 name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        self.pool_size = standardize_tuple(pool_size, pool_dimensions, "pool_size")
        self.strides = standardize_tuple(pool_size if strides is None else strides, pool_dimensions, "strides")
        if pool_mode not in ("max", "average"):
            raise ValueError(f"`pool_mode` must be either 'max' or 'average'. Received: {pool_mode}.")
        self.pool_mode = pool_mode
        self.padding = standardize_padding(padding)
        self.data_format = standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=pool_dimensions + 2)

    def call(self, inputs):
        pool = max_pool if self.pool_mode == "max" else avg_pool
        return pool(inputs, self.pool_size, self.strides, self.padding.upper(),
                    tf_data_format(self.data_format, len(self.pool_size)))

    compute_output_spec = output_spec_from_shape

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        spatial = input_shape[1:-1] if self.data_format == "channels_last" else input_shape[2:]
        out = []
        for n, k, s in zip(spatial, self.pool_size, self.strides):
            size = None if n is None else (n - 1) // s + 1 if self.padding == "same" else (n - k) // s + 1
            if size is not None and size < 1:
                raise ValueError(
                    f"Layer '{self.name}': computed output size would be negative: pool_size {self.pool_size} is "
                    f"larger than the input's spatial shape {tuple(spatial)} with padding='valid'. Received "
                    f"`inputs shape={input_shape}`. Use padding='same' or a smaller pool_size.")
            out.append(size)
        if self.data_format == "channels_last":
            return (input_shape[0],) + tuple(out) + (input_shape[-1],)
        return input_shape[:2] + tuple(out)

    def build(self, input_shape):
        self.compute_output_shape(input_shape)  # validates the sizes

    def get_config(self):
        return {**super().get_config(), "pool_size": self.pool_size, "padding": self.padding,
                "strides": self.strides, "data_format": self.data_format}
