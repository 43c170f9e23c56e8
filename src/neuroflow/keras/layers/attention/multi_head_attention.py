"""`MultiHeadAttention`: scaled dot-product attention over several heads (Vaswani et al., 2017).

Its weights are Keras 3's: four `EinsumDense` sublayers named `query`, `key`, `value` and
`attention_output`, with kernels `(dim, heads, key_dim)` ... `(heads, value_dim, dim)`.

>>> import numpy as np
>>> from neuroflow import keras
>>> keras.backend.clear_session()  # layer names start afresh: 'lstm', not 'lstm_3'
>>> layer = keras.layers.MultiHeadAttention(num_heads=2, key_dim=4)
>>> x = np.ones((3, 5, 8), "float32")
>>> out, scores = layer(x, x, return_attention_scores=True)
>>> out.shape, scores.shape
(TensorShape([3, 5, 8]), TensorShape([3, 2, 5, 5]))
>>> [w.path for w in layer.weights][:2]
['multi_head_attention/query/kernel', 'multi_head_attention/query/bias']
"""
import math
import string

from ....ops.array_ops import expand_dims, transpose
from ....ops.contraction_ops import einsum
from ....ops.math_ops import cast, matmul, multiply
from ....ops.nn_ops import dropout
from ... import initializers, regularizers
from ..core.einsum_dense import WEIGHT_OPTIONS, EinsumDense
from ..input_spec import shape_of
from ..layer import Layer
from ..weight_options import set_weight_options, weight_options_config
from .attention_mask import call_masks, causal_mask, check_key_value, combined_mask, masked_softmax

__all__ = ["MultiHeadAttention"]


class MultiHeadAttention(Layer):
    """Multi-head attention: `softmax(Q K^T / sqrt(key_dim)) V` per head, projected back.

    Args:
        num_heads: the number of heads.
        key_dim: the size of each head for query and key.
        value_dim: the size of each head for value (default `key_dim`).
        dropout: the dropout rate on the attention probabilities.
        use_bias: whether the projections have biases.
        output_shape: the output's last dimension(s) (default: the query's last dimension).
        attention_axes: the axes attention runs over (default: all but batch, heads and features).
        kernel_initializer, bias_initializer, *_regularizer, *_constraint: for the projections.
        seed: the dropout seed.

    Call arguments:
        query `(B, T, dim)`, value `(B, S, dim)`, key `(B, S, dim)` (default: value);
        attention_mask: booleans `(B, T, S)`, True where a query may attend to a key;
        return_attention_scores: also return the attention probabilities `(B, heads, T, S)`;
        use_causal_mask: forbid attending to later positions (a decoder);
        training: whether dropout is active. Keras masks on query/value/key (from `Embedding(mask_zero=True)`)
        are combined into the attention mask.
    """

    def __init__(self, num_heads, key_dim, value_dim=None, dropout=0.0, use_bias=True, output_shape=None,
                 attention_axes=None, kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, seed=None, **kwargs):
        for name, value in (("num_heads", num_heads), ("key_dim", key_dim)):
            if not isinstance(value, int) or value <= 0:
                raise ValueError(f"Received an invalid value for argument `{name}`, expected a positive integer. "
                                 f"Received: {name}={value}")
        if value_dim is not None and (not isinstance(value_dim, int) or value_dim <= 0):
            raise ValueError("Received an invalid value for argument `value_dim`, expected a positive integer or "
                             f"`None`. Received: value_dim={value_dim}")
        for name in ("use_gate", "sliding_window", "flash_attention"):
            if kwargs.pop(name, None):
                raise NotImplementedError(f"MultiHeadAttention: `{name}` is not supported by neuroflow.")
        super().__init__(**kwargs)
        self.supports_masking = True
        self._num_heads, self._key_dim = num_heads, key_dim
        self._value_dim = value_dim or key_dim
        self._dropout, self._use_bias, self.seed = dropout, use_bias, seed
        if output_shape and isinstance(output_shape, int):
            output_shape = (output_shape,)
        self._output_shape = tuple(output_shape) if output_shape else None
        set_weight_options(self, "_", kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                           kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                           kernel_constraint=kernel_constraint, bias_constraint=bias_constraint)
        self._activity_regularizer = regularizers.get(activity_regularizer)
        if isinstance(attention_axes, int):
            attention_axes = (attention_axes,)
        elif attention_axes and not isinstance(attention_axes, (list, tuple)):
            raise ValueError(f"`attention_axes` must be an int, list, or tuple.Received: attention_axes={attention_axes}")
        self._attention_axes = tuple(attention_axes) if attention_axes else None
        self._inverse_sqrt_key_dim = 1.0 / math.sqrt(float(key_dim))

    num_heads = property(lambda self: self._num_heads)
    key_dim = property(lambda self: self._key_dim)
    value_dim = property(lambda self: self._value_dim)
    dropout = property(lambda self: self._dropout)
    use_bias = property(lambda self: self._use_bias)
    attention_axes = property(lambda self: self._attention_axes)

    def get_config(self):
        return {**super().get_config(), "num_heads": self._num_heads, "key_dim": self._key_dim,
                "value_dim": self._value_dim, "dropout": self._dropout, "use_bias": self._use_bias, "use_gate": False,
                "sliding_window": None,
                "output_shape": self._output_shape, "attention_axes": self._attention_axes,
                "activity_regularizer": regularizers.serialize(self._activity_regularizer),
                **weight_options_config(self, WEIGHT_OPTIONS, "_"), "seed": self.seed}

    # --- weights ----------------------------------------------------------------------------------
    def _dense(self, rank, bound_dims, output_shape, name):
        equation, bias_axes, output_rank = _build_proj_equation(rank - 1, bound_dims, len(output_shape))
        return EinsumDense(equation, output_shape=[None] * (output_rank - 1 - len(output_shape)) + list(output_shape),
                           bias_axes=bias_axes if self._use_bias else None, name=name,
                           kernel_initializer=initializers.get(initializers.serialize(self._kernel_initializer)),
                           bias_initializer=initializers.get(initializers.serialize(self._bias_initializer)),
                           kernel_regularizer=self._kernel_regularizer, bias_regularizer=self._bias_regularizer,
                           activity_regularizer=self._activity_regularizer, kernel_constraint=self._kernel_constraint,
                           bias_constraint=self._bias_constraint, dtype=self.dtype)

    def build(self, query_shape, value_shape=None, key_shape=None):
        if value_shape is None and isinstance(query_shape, (list, tuple)) and isinstance(query_shape[0], (list, tuple)):
            query_shape, value_shape, *rest = query_shape
            key_shape = rest[0] if rest else None
        value_shape = query_shape if value_shape is None else value_shape
        key_shape = value_shape if key_shape is None else key_shape
        check_key_value(self.name, value_shape, key_shape)
        query_shape, key_shape, value_shape = tuple(query_shape), tuple(key_shape), tuple(value_shape)
        heads = [self._num_heads]
        self._query_dense = self._dense(len(query_shape), 1, heads + [self._key_dim], "query")
        self._query_dense.build(query_shape)
        self._key_dense = self._dense(len(key_shape), 1, heads + [self._key_dim], "key")
        self._key_dense.build(key_shape)
        self._value_dense = self._dense(len(value_shape), 1, heads + [self._value_dim], "value")
        self._value_dense.build(value_shape)
        rank = len(query_shape) + 1  # the projected tensors: (..., heads, channels)
        if self._attention_axes is None:
            self._attention_axes = tuple(range(1, rank - 2))
        else:
            self._attention_axes = tuple(a if a >= 0 else (rank - 1) + a for a in self._attention_axes)
        self._dot_product_equation, self._combine_equation, scores_rank = _build_attention_equation(
            rank, self._attention_axes)
        self._norm_axes = tuple(range(scores_rank - len(self._attention_axes), scores_rank))
        output_shape = list(self._output_shape) if self._output_shape else [query_shape[-1]]
        self._output_dense = self._dense(len(query_shape), 2, output_shape, "attention_output")
        self._output_dense.build(tuple(query_shape[:-1]) + (self._num_heads, self._value_dim))

    query_dense = property(lambda self: self._query_dense)
    key_dense = property(lambda self: self._key_dense)
    value_dense = property(lambda self: self._value_dense)
    output_dense = property(lambda self: self._output_dense)

    def __call__(self, query, value=None, key=None, *args, **kwargs):
        if not self.built and value is not None:  # build from all three shapes, not just the query's
            self.build(tuple(shape_of(query)), tuple(shape_of(value)),
                       None if key is None else tuple(shape_of(key)))
        return super().__call__(query, value, key, *args, **kwargs)

    # --- the computation ---------------------------------------------------------------------------
    def _compute_attention(self, query, key, value, attention_mask=None, training=None):
        query = multiply(query, cast(self._inverse_sqrt_key_dim, query.dtype))
        simple = self._attention_axes == (1,) and query.ndim == 4  # (B, T, heads, dim): batched GEMMs
        if simple:
            scores = matmul(transpose(query, [0, 2, 1, 3]), transpose(key, [0, 2, 3, 1]))
        else:
            scores = einsum(self._dot_product_equation, key, query)
        if attention_mask is not None:
            for _ in range(scores.ndim - attention_mask.ndim):
                attention_mask = expand_dims(attention_mask, -len(self._attention_axes) * 2 - 1)
        scores = masked_softmax(scores, attention_mask, self._norm_axes)
        weights = dropout(scores, rate=self._dropout, seed=self.seed) if training and self._dropout > 0 else scores
        if simple:
            return transpose(matmul(weights, transpose(value, [0, 2, 1, 3])), [0, 2, 1, 3]), scores
        return einsum(self._combine_equation, weights, value), scores

    def call(self, query, value, key=None, query_mask=None, value_mask=None, key_mask=None, attention_mask=None,
             return_attention_scores=False, training=None, use_causal_mask=False):
        key, query_mask, attention_mask = call_masks(self.name, query, value, key, query_mask, value_mask, key_mask,
                                                     attention_mask, use_causal_mask)
        query = self._query_dense(query)
        key = self._key_dense(key)
        value = self._value_dense(value)
        output, scores = self._compute_attention(query, key, value, attention_mask, training)
        output = self._output_dense(output)
        if query_mask is not None:
            output._keras_mask = query_mask
        return (output, scores) if return_attention_scores else output

    def _compute_attention_mask(self, query, value, query_mask=None, value_mask=None, key_mask=None,
                                attention_mask=None, use_causal_mask=False):
        """The (B, T, S) boolean mask combining the Keras masks, the causal mask and `attention_mask`."""
        return combined_mask(self.name, query, value, query_mask, value_mask, key_mask, attention_mask,
                             use_causal_mask)

    def _compute_causal_mask(self, query, value=None):
        """(1, T, S) booleans, True on and below the diagonal."""
        return causal_mask(shape_of(query)[1], shape_of(query if value is None else value)[1])

    def compute_output_shape(self, query_shape, value_shape=None, key_shape=None):
        query_shape = tuple(query_shape)
        if value_shape is not None and key_shape is not None:
            check_key_value(self.name, value_shape, key_shape)
        return query_shape[:-1] + self._output_shape if self._output_shape else query_shape


def _letter(i):
    return string.ascii_lowercase[i]


def _build_attention_equation(rank, attn_axes):
    """Einsum equations of the query-key product and the weighted sum of values (Keras' construction)."""
    target = "".join(_letter(i) for i in range(rank))
    batch_dims = tuple(i for i in range(rank) if i not in attn_axes + (rank - 1,))
    offset, source = rank, ""
    for i in range(rank):
        if i in batch_dims or i == rank - 1:
            source += target[i]
        else:
            source += _letter(offset)
            offset += 1
    product = "".join([target[i] for i in batch_dims] + [target[i] for i in attn_axes] +
                      [source[i] for i in attn_axes])
    dot_product_equation = f"{source},{target}->{product}"
    scores_rank = len(product)
    combine_equation = f"{product},{source}->{target}"
    return dot_product_equation, combine_equation, scores_rank


def _build_proj_equation(free_dims, bound_dims, output_dims):
    """The einsum equation of a projection: `free_dims` kept, `bound_dims` contracted, `output_dims` made."""
    input_str = kernel_str = output_str = bias_axes = ""
    offset = 0
    for i in range(free_dims):
        input_str += _letter(i + offset)
        output_str += _letter(i + offset)
    offset += free_dims
    for i in range(bound_dims):
        input_str += _letter(i + offset)
        kernel_str += _letter(i + offset)
    offset += bound_dims
    for i in range(output_dims):
        kernel_str += _letter(i + offset)
        output_str += _letter(i + offset)
        bias_axes += _letter(i + offset)
    return f"{input_str},{kernel_str}->{output_str}", bias_axes, len(output_str)
