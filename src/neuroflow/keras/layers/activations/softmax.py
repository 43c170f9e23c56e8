"""`Softmax`: the softmax activation as a layer, with an optional mask of positions to leave out.

>>> import numpy as np
>>> from neuroflow import keras
>>> x = np.array([[1.0, 1.0, 5.0]])
>>> keras.layers.Softmax()(x, mask=np.array([[True, True, False]])).numpy()
array([[0.5, 0.5, 0. ]], dtype=float32)
"""
from ....ops.comparison_ops import greater
from ....ops.indexing_ops import where
from ....ops.math_ops import cast, exp
from ....ops.nn_ops import softmax
from ....ops.reduction_ops import reduce_logsumexp
from ....ops.registry import as_tensor
from ..input_spec import shape_of
from ..layer import Layer

__all__ = ["Softmax"]


class Softmax(Layer):
    """`exp(x) / sum(exp(x))` over `axis` (an int, or a list of axes normalized together).

    Called with `mask` (True, or > 0.5, where a position takes part), masked positions get
    probability 0 and the rest share all of it.

    Args:
        axis: the axis or axes to normalize over (default -1).
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis
        self.supports_masking = True

    def call(self, inputs, mask=None):
        if mask is not None:
            mask = as_tensor(mask)
            mask_shape, input_shape = shape_of(mask), shape_of(inputs)
            if len(mask_shape) > len(input_shape) or any(
                    m not in (1, i) for m, i in zip(mask_shape[::-1], input_shape[::-1])):
                raise ValueError(f"Layer '{self.name}' (Softmax): the `mask` must be broadcastable to `inputs`. "
                                 f"Received: inputs.shape={tuple(input_shape)}, mask.shape={tuple(mask_shape)}")
            if not mask.dtype.is_bool:
                mask = greater(mask, cast(0.5, mask.dtype))
            large_negative = -3e4 if inputs.dtype == "float16" else -1e9
            inputs = where(mask, inputs, cast(large_negative, inputs.dtype))
        if isinstance(self.axis, (tuple, list)) and len(self.axis) > 1:
            outputs = exp(inputs - reduce_logsumexp(inputs, axis=list(self.axis), keepdims=True))
        else:
            outputs = softmax(inputs, axis=self.axis[0] if isinstance(self.axis, (tuple, list)) else self.axis)
        return outputs if mask is None else where(mask, outputs, cast(0.0, outputs.dtype))

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}
