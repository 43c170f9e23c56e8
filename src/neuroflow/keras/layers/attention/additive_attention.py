"""`AdditiveAttention`: Bahdanau-style attention, scores `sum(scale * tanh(query + key))`.

>>> import numpy as np
>>> from neuroflow import keras
>>> layer = keras.layers.AdditiveAttention()
>>> layer([np.ones((2, 3, 4), "float32"), np.ones((2, 5, 4), "float32")]).shape
TensorShape([2, 3, 4])
>>> [tuple(w.shape) for w in layer.weights]
[(4,)]
"""
from ....ops.array_ops import expand_dims
from ....ops.unary_ops import tanh
from ....ops.reduction_ops import reduce_sum
from .attention import Attention

__all__ = ["AdditiveAttention"]


class AdditiveAttention(Attention):
    """Additive attention; `use_scale=True` (default) learns a `scale` vector over the features.

    Args:
        use_scale: learn the `(dim,)` scale.
        dropout: dropout rate on the attention weights.

    Call arguments: as `Attention`.
    """

    def __init__(self, use_scale=True, dropout=0.0, **kwargs):
        super().__init__(use_scale=use_scale, dropout=dropout, **kwargs)

    def build(self, input_shape):
        self._validate_inputs(input_shape)
        if self.use_scale:
            self.scale = self.add_weight(name="scale", shape=(tuple(input_shape[0])[-1],), initializer="glorot_uniform")

    def _calculate_scores(self, query, key):
        scale = self.scale if self.use_scale else 1.0
        return reduce_sum(scale * tanh(expand_dims(query, -2) + expand_dims(key, -3)), axis=-1)

    def get_config(self):
        config = super().get_config()
        del config["score_mode"]
        return config
