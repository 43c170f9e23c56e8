"""`SpatialDropout1D/2D/3D`: dropout of whole feature maps (channels) rather than single values.

>>> import numpy as np
>>> from neuroflow import keras
>>> out = keras.layers.SpatialDropout2D(0.5, seed=1)(np.ones((1, 2, 2, 8)), training=True).numpy()
>>> all(len(set(out[0, ..., c].ravel().tolist())) == 1 for c in range(8))   # each channel kept or dropped whole
True
"""
from ....ops.nn_ops import dropout
from ...utils.argument_validation import standardize_data_format
from ..core.dropout import Dropout
from ..input_spec import InputSpec, shape_of

__all__ = ["SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D"]


class _SpatialDropout(Dropout):
    _RANK = None

    def __init__(self, rate, data_format=None, seed=None, name=None, dtype=None):
        super().__init__(rate, seed=seed, name=name, dtype=dtype)
        self.data_format = standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=self._RANK + 2)

    def call(self, inputs, training=False):
        if training and self.rate > 0:
            shape = shape_of(inputs)
            channels_first = self.data_format == "channels_first"
            noise_shape = [shape[0]] + [1] * (self._RANK + 1)
            noise_shape[1 if channels_first else -1] = shape[1 if channels_first else -1]
            return dropout(inputs, rate=self.rate, noise_shape=noise_shape, seed=self.seed)
        return inputs

    def get_config(self):
        return {"rate": self.rate, "seed": self.seed, "name": self.name, "dtype": self.dtype,
                "data_format": self.data_format}


class SpatialDropout1D(_SpatialDropout):
    """Drops whole feature channels of `(batch, steps, channels)` inputs with probability `rate` while training.

    Args:
        rate: the fraction of channels to drop, in [0, 1].
        seed: a seed for the mask.
    """
    _RANK = 1

    def __init__(self, rate, seed=None, name=None, dtype=None):
        super().__init__(rate, seed=seed, name=name, dtype=dtype)

    def get_config(self):
        config = super().get_config()
        del config["data_format"]
        return config


class SpatialDropout2D(_SpatialDropout):
    """Drops whole feature maps of `(batch, height, width, channels)` images with probability `rate` while training.

    Args:
        rate: the fraction of channels to drop, in [0, 1].
        data_format: "channels_last" (default) or "channels_first".
        seed: a seed for the mask.
    """
    _RANK = 2


class SpatialDropout3D(_SpatialDropout):
    """Drops whole feature volumes of `(batch, dim1, dim2, dim3, channels)` inputs with probability `rate`.

    Args:
        rate: the fraction of channels to drop, in [0, 1].
        data_format: "channels_last" (default) or "channels_first".
        seed: a seed for the mask.
    """
    _RANK = 3
