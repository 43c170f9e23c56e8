"""`Attention`: dot-product (Luong-style) attention over `[query, value, key]`.

>>> import numpy as np
>>> from neuroflow import keras
>>> query, value = np.ones((2, 3, 4), "float32"), np.ones((2, 5, 4), "float32")
>>> keras.layers.Attention()([query, value]).shape
TensorShape([2, 3, 4])
"""
from ....ops.array_ops import expand_dims, transpose
from ....ops.comparison_ops import logical_and, logical_not
from ....ops.indexing_ops import where
from ....ops.math_ops import cast, matmul
from ....ops.unary_ops import tanh
from ....ops.nn_ops import dropout, softmax
from ....ops.reduction_ops import reduce_sum
from ..input_spec import shape_of
from ..layer import Layer
from .attention_mask import causal_mask

__all__ = ["Attention"]


class Attention(Layer):
    """`softmax(query @ key^T) @ value`, optionally scaled by a learned scalar.

    Args:
        use_scale: learn a scalar `scale` multiplying the scores.
        score_mode: 'dot' (`query @ key^T`) or 'concat' (`sum(tanh(query + key))`, with a learned scalar).
        dropout: dropout rate on the attention weights.
        seed: the dropout seed.

    Call arguments:
        inputs: `[query (B, Tq, dim), value (B, Tv, dim)]` or `[query, value, key]`;
        mask: `[query_mask (B, Tq), value_mask (B, Tv)]` (default: the inputs' Keras masks);
        return_attention_scores, training, use_causal_mask.
    """

    def __init__(self, use_scale=False, score_mode="dot", dropout=0.0, seed=None, **kwargs):
        super().__init__(**kwargs)
        if score_mode not in ("dot", "concat"):
            raise ValueError("Invalid value for argument score_mode. Expected one of {'dot', 'concat'}. "
                             f"Received: score_mode={score_mode}")
        self.use_scale, self.score_mode, self.dropout, self.seed = use_scale, score_mode, dropout, seed
        self.supports_masking = True
        self.scale = self.concat_score_weight = None

    def build(self, input_shape):
        self._validate_inputs(input_shape)
        if self.use_scale:
            self.scale = self.add_weight(name="scale", shape=(), initializer="ones")
        if self.score_mode == "concat":
            self.concat_score_weight = self.add_weight(name="concat_score_weight", shape=(), initializer="ones")

    def _calculate_scores(self, query, key):
        if self.score_mode == "dot":
            scores = matmul(query, transpose(key, [*range(key.ndim - 2), key.ndim - 1, key.ndim - 2]))
            return scores * self.scale if self.scale is not None else scores
        pairs = expand_dims(query, -2) + expand_dims(key, -3)
        if self.scale is not None:
            pairs = self.scale * pairs
        return self.concat_score_weight * reduce_sum(tanh(pairs), axis=-1)

    def _apply_scores(self, scores, value, scores_mask=None, training=False):
        if scores_mask is not None:
            padding = logical_not(scores_mask)
            if padding.ndim == 2:
                padding = expand_dims(padding, -2)
            scores = where(padding, scores - (65504.0 if scores.dtype.name == "float16" else 1.0e9), scores)
        weights = softmax(scores, axis=-1)
        if training and self.dropout > 0:
            weights = dropout(weights, rate=self.dropout, seed=self.seed)
        return matmul(weights, value), weights

    def _calculate_score_mask(self, scores, v_mask, use_causal_mask):
        if not use_causal_mask:
            return v_mask
        causal = causal_mask(shape_of(scores)[-2], shape_of(scores)[-1])
        return causal if v_mask is None else logical_and(expand_dims(v_mask, -2), causal)

    def call(self, inputs, mask=None, training=False, return_attention_scores=False, use_causal_mask=False):
        self._validate_inputs(inputs, mask)
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        q_mask = mask[0] if mask else None
        v_mask = cast(mask[1], "bool") if mask and mask[1] is not None else None
        scores = self._calculate_scores(query, key)
        output, weights = self._apply_scores(scores, value, self._calculate_score_mask(scores, v_mask, use_causal_mask),
                                             training)
        if q_mask is not None:
            output = where(expand_dims(cast(q_mask, "bool"), -1), output, 0.0)
        return (output, weights) if return_attention_scores else output

    def compute_mask(self, inputs, mask=None):
        if mask is None or mask[0] is None:
            return None
        return mask[0]

    def compute_output_shape(self, input_shape):
        return (*tuple(input_shape[0])[:-1], tuple(input_shape[1])[-1])

    def _validate_inputs(self, inputs, mask=None):
        name = type(self).__name__
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(f"{name} layer must be called on a list of inputs, namely [query, value] or "
                             f"[query, value, key]. Received: inputs={inputs}.")
        if not 2 <= len(inputs) <= 3:
            raise ValueError(f"{name} layer accepts inputs list of length 2 or 3, namely [query, value] or "
                             f"[query, value, key]. Received length: {len(inputs)}.")
        value, key = inputs[1], inputs[2] if len(inputs) > 2 else inputs[1]
        value_shape, key_shape = (tuple(x) if isinstance(x, (tuple, list)) else tuple(shape_of(x)) for x in (value, key))
        if len(value_shape) >= 2 and len(key_shape) >= 2 and None not in (value_shape[-2], key_shape[-2]) \
                and value_shape[-2] != key_shape[-2]:
            raise ValueError(f"{name} layer '{self.name}': `value` and `key` must have the same length (axis -2). "
                             f"Received: value shape {value_shape}, key shape {key_shape}. Pass a key per value.")
        if mask is not None:
            if not isinstance(mask, (list, tuple)) or not 2 <= len(mask) <= 3:
                raise ValueError(f"{name} layer mask must be a list of length 2, namely [query_mask, value_mask]. "
                                 f"Received: mask={mask}.")

    def get_config(self):
        return {**super().get_config(), "use_scale": self.use_scale, "score_mode": self.score_mode,
                "dropout": self.dropout, "seed": self.seed}
