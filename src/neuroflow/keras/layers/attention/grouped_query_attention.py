"""`GroupQueryAttention`: attention where groups of query heads share one key/value head (Ainslie et al., 2023).

Its weights are Keras 3's: `EinsumDense` sublayers `query` `(dim, query_heads, head_dim)`,
`key` and `value` `(dim, key_value_heads, head_dim)`, `attention_output` `(query_heads, head_dim, dim)`.

>>> import numpy as np
>>> from neuroflow import keras
>>> layer = keras.layers.GroupQueryAttention(head_dim=4, num_query_heads=4, num_key_value_heads=2)
>>> x = np.ones((3, 5, 8), "float32")
>>> layer(x, x).shape
TensorShape([3, 5, 8])
>>> [tuple(w.shape) for w in layer.weights][::2]
[(8, 4, 4), (8, 2, 4), (8, 2, 4), (4, 4, 8)]
"""
import math

from ....ops.array_ops import expand_dims, repeat, transpose
from ....ops.math_ops import matmul
from ....ops.nn_ops import dropout
from ... import initializers, regularizers
from ..core.einsum_dense import WEIGHT_OPTIONS, EinsumDense
from ..input_spec import shape_of
from ..layer import Layer
from ..weight_options import set_weight_options, weight_options_config
from .attention_mask import call_masks, masked_softmax

__all__ = ["GroupQueryAttention"]


class GroupQueryAttention(Layer):
    """Grouped-query attention: `num_query_heads` query heads over `num_key_value_heads` key/value heads.

    Args:
        head_dim: the size of each head.
        num_query_heads: the number of query heads.
        num_key_value_heads: the number of key/value heads; divides `num_query_heads`.
        dropout: dropout rate on the attention probabilities.
        use_bias: whether the projections have biases.
        kernel_initializer, bias_initializer, *_regularizer, *_constraint: for the projections.
        seed: the dropout seed.

    Call arguments: as `MultiHeadAttention` (query, value, key, masks, `attention_mask`,
    `return_attention_scores`, `training`, `use_causal_mask`).
    """

    def __init__(self, head_dim, num_query_heads, num_key_value_heads, dropout=0.0, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros", kernel_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 seed=None, **kwargs):
        for name in ("use_gate", "sliding_window", "flash_attention"):
            if kwargs.pop(name, None):
                raise NotImplementedError(f"GroupQueryAttention: `{name}` is not supported by neuroflow.")
        super().__init__(**kwargs)
        if num_query_heads % num_key_value_heads != 0:
            raise ValueError("`num_query_heads` must be divisible by `num_key_value_heads`. Received: "
                             f"num_query_heads={num_query_heads}, num_key_value_heads={num_key_value_heads}.")
        self.supports_masking = True
        self.head_dim, self.num_query_heads, self.num_key_value_heads = head_dim, num_query_heads, num_key_value_heads
        self.num_repeats = num_query_heads // num_key_value_heads
        self.dropout, self.use_bias, self.seed = dropout, use_bias, seed
        set_weight_options(self, kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                           kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                           kernel_constraint=kernel_constraint, bias_constraint=bias_constraint)
        self._projection_regularizer = regularizers.get(activity_regularizer)
        self._inverse_sqrt_head_dim = 1.0 / math.sqrt(float(head_dim))

    def _dense(self, equation, output_shape, bias_axes, name):
        return EinsumDense(equation, output_shape=output_shape, bias_axes=bias_axes if self.use_bias else None,
                           name=name, kernel_initializer=initializers.get(initializers.serialize(self.kernel_initializer)),
                           bias_initializer=initializers.get(initializers.serialize(self.bias_initializer)),
                           kernel_regularizer=self.kernel_regularizer, bias_regularizer=self.bias_regularizer,
                           activity_regularizer=self._projection_regularizer, kernel_constraint=self.kernel_constraint,
                           bias_constraint=self.bias_constraint, dtype=self.dtype)

    def build(self, query_shape, value_shape=None, key_shape=None):
        value_shape = query_shape if value_shape is None else value_shape
        key_shape = value_shape if key_shape is None else key_shape
        self.feature_dim = query_shape[-1]
        self._query_dense = self._dense("bqm,muh->bquh", (None, self.num_query_heads, self.head_dim), "uh", "query")
        self._query_dense.build(tuple(query_shape))
        self._key_dense = self._dense("bkm,mvh->bkvh", (None, self.num_key_value_heads, self.head_dim), "vh", "key")
        self._key_dense.build(tuple(key_shape))
        self._value_dense = self._dense("bkm,mvh->bkvh", (None, self.num_key_value_heads, self.head_dim), "vh",
                                        "value")
        self._value_dense.build(tuple(value_shape))
        self._output_dense = self._dense("bquh,uhm->bqm", (None, self.feature_dim), "m", "attention_output")
        self._output_dense.build((None, None, self.num_query_heads, self.head_dim))

    def __call__(self, query, value=None, key=None, *args, **kwargs):
        if not self.built and value is not None:  # build from all three shapes, not just the query's
            self.build(tuple(shape_of(query)), tuple(shape_of(value)), None if key is None else tuple(shape_of(key)))
        return super().__call__(query, value, key, *args, **kwargs)

    def call(self, query, value, key=None, query_mask=None, value_mask=None, key_mask=None, attention_mask=None,
             return_attention_scores=False, training=None, use_causal_mask=False):
        key, query_mask, attention_mask = call_masks(self.name, query, value, key, query_mask, value_mask, key_mask,
                                                     attention_mask, use_causal_mask)
        query = self._query_dense(query)
        key = repeat(self._key_dense(key), self.num_repeats, axis=2)        # (B, S, query heads, head_dim)
        value = repeat(self._value_dense(value), self.num_repeats, axis=2)
        scores = matmul(transpose(query, [0, 2, 1, 3]) * self._inverse_sqrt_head_dim, transpose(key, [0, 2, 3, 1]))
        scores = masked_softmax(scores, expand_dims(attention_mask, 1) if attention_mask is not None else None)
        weights = dropout(scores, rate=self.dropout, seed=self.seed) if training and self.dropout > 0 else scores
        output = transpose(matmul(weights, transpose(value, [0, 2, 1, 3])), [0, 2, 1, 3])  # (B, T, heads, dim)
        output = self._output_dense(output)
        if query_mask is not None:
            output._keras_mask = query_mask
        return (output, scores) if return_attention_scores else output

    def compute_output_shape(self, query_shape, value_shape=None, key_shape=None):
        return tuple(query_shape)

    def get_config(self):
        return {**super().get_config(), "head_dim": self.head_dim, "num_query_heads": self.num_query_heads,
                "num_key_value_heads": self.num_key_value_heads, "use_bias": self.use_bias, "dropout": self.dropout,
                "use_gate": False, "sliding_window": None,
                "activity_regularizer": regularizers.serialize(self._projection_regularizer),
                **weight_options_config(self, WEIGHT_OPTIONS), "seed": self.seed}
