"""`BaseGlobalPooling`: the max or mean over all spatial positions, behind `Global*Pooling*D`.

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> keras.layers.GlobalAveragePooling2D()(tf.ones([2, 4, 5, 3])).shape
TensorShape([2, 3])
>>> keras.layers.GlobalMaxPooling2D(keepdims=True)(tf.ones([2, 4, 5, 3])).shape
TensorShape([2, 1, 1, 3])
"""
from ....ops.math_ops import cast
from ....ops.array_ops import expand_dims
from ....ops.reduction_ops import reduce_max, reduce_mean, reduce_sum
from ...utils.argument_validation import standardize_data_format
from ..input_spec import InputSpec
from ..layer import Layer

__all__ = ["BaseGlobalPooling"]


class BaseGlobalPooling(Layer):
    """Reduces every spatial axis: `(batch, *spatial, channels)` -> `(batch, channels)`.

    Args:
        pool_dimensions: the number of spatial dimensions (1, 2 or 3).
        pool_mode: 'max' or 'average'.
        data_format: 'channels_last' (default) or 'channels_first'.
        keepdims: keep the spatial axes with size 1.
    """

    def __init__(self, pool_dimensions, pool_mode, data_format=None, keepdims=False, **kwargs):
        super().__init__(**kwargs)
        self.pool_mode = pool_mode
        self.data_format = standardize_data_format(data_format)
        self.keepdims = keepdims
        self.input_spec = InputSpec(ndim=pool_dimensions + 2)
        self.supports_masking = pool_mode == "average" and pool_dimensions == 1

    def _spatial_axes(self, ndim):
        return list(range(1, ndim - 1)) if self.data_format == "channels_last" else list(range(2, ndim))

    def call(self, inputs, mask=None):
        axes = self._spatial_axes(len(inputs.shape))
        if self.pool_mode == "max":
            return reduce_max(inputs, axis=axes, keepdims=self.keepdims)
        if mask is None:
            return reduce_mean(inputs, axis=axes, keepdims=self.keepdims)
        weights = expand_dims(cast(mask, inputs.dtype), 2 if self.data_format == "channels_last" else 1)
        return reduce_sum(inputs * weights, axis=axes, keepdims=self.keepdims) / \
            reduce_sum(weights, axis=axes, keepdims=self.keepdims)

    def compute_mask(self, inputs, previous_mask):
        return None

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        spatial = len(input_shape) - 2
        if self.data_format == "channels_last":
            return (input_shape[0],) + (1,) * spatial * self.keepdims + (input_shape[-1],)
        return (input_shape[0], input_shape[1]) + (1,) * spatial * self.keepdims

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format, "keepdims": self.keepdims}
