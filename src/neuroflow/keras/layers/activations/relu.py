"""`ReLU`: the rectified linear unit as a layer, with a ceiling, a leak and a threshold.

>>> import numpy as np
>>> from neuroflow import keras
>>> keras.layers.ReLU(max_value=6.0, negative_slope=0.1, threshold=1.0)(np.array([-1.0, 0.5, 3.0, 9.0])).numpy()
array([-0.2 , -0.05,  3.  ,  6.  ], dtype=float32)
"""
from ... import activations
from ..layer import Layer

__all__ = ["ReLU"]


class ReLU(Layer):
    """`min(x, max_value)` for `x > threshold`, else `negative_slope * (x - threshold)`.

    Args:
        max_value: the output's ceiling (None: none); must be >= 0.
        negative_slope: the slope below the threshold (default 0); must be >= 0.
        threshold: inputs at or below it are zeroed or leak (default 0).
    """

    def __init__(self, max_value=None, negative_slope=0.0, threshold=0.0, **kwargs):
        super().__init__(**kwargs)
        for name, value, allow_none in (("max_value", max_value, True), ("negative_slope", negative_slope, False),
                                        ("threshold", threshold, False)):
            if value is None and allow_none:
                continue
            if value is None or value < 0:
                raise ValueError(f"ReLU: `{name}` of a ReLU layer cannot be a negative value or None. "
                                 f"Received: {name}={value}")
        self.max_value, self.negative_slope, self.threshold = max_value, negative_slope, threshold
        self.supports_masking = True

    def call(self, inputs):
        return activations.relu(inputs, negative_slope=self.negative_slope, max_value=self.max_value,
                                threshold=self.threshold)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "max_value": self.max_value, "negative_slope": self.negative_slope,
                "threshold": self.threshold}
