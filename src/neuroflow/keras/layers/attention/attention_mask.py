"""The masks attention layers share: Keras masks, causal masks and a masked softmax.

A mask is True where a query position may attend to a key position. Masks from
`Embedding(mask_zero=True)` on the query `(B, T)` and on the value/key `(B, S)` combine with a
causal mask `(1, T, S)` and an explicit `attention_mask` `(B, T, S)` by logical AND.
"""
from ....ops.array_ops import expand_dims
from ....ops.comparison_ops import greater_equal, logical_and
from ....ops.creation_ops import range as arange
from ....ops.indexing_ops import where
from ....ops.math_ops import cast, exp
from ....ops.nn_ops import softmax
from ....ops.reduction_ops import reduce_logsumexp
from ..input_spec import shape_of

__all__ = ["call_masks", "keras_masks", "combined_mask", "causal_mask", "masked_softmax", "check_key_value"]


def call_masks(layer_name, query, value, key=None, query_mask=None, value_mask=None, key_mask=None,
               attention_mask=None, use_causal_mask=False):
    """What an attention layer's `call` needs: `(key, query_mask, attention_mask)`, the key defaulting to
    the value and the attention mask combining every mask given or carried by the inputs."""
    key = value if key is None else key
    query_mask, value_mask, key_mask = keras_masks(query, value, key, query_mask, value_mask, key_mask)
    check_key_value(layer_name, shape_of(value), shape_of(key))
    return key, query_mask, combined_mask(layer_name, query, value, query_mask, value_mask, key_mask,
                                          attention_mask, use_causal_mask)


def keras_masks(query, value, key, query_mask=None, value_mask=None, key_mask=None):
    """The query/value/key masks: those given, else the tensors' Keras masks (key's only if key is not value)."""
    query_mask = query_mask if query_mask is not None else getattr(query, "_keras_mask", None)
    value_mask = value_mask if value_mask is not None else getattr(value, "_keras_mask", None)
    if key is not value and key_mask is None:
        key_mask = getattr(key, "_keras_mask", None)
    return query_mask, value_mask, key_mask


def causal_mask(query_length, value_length):
    """(1, T, S) booleans, True on and below the diagonal: no attending to later positions."""
    rows = expand_dims(arange(query_length), -1)
    return expand_dims(greater_equal(rows, expand_dims(arange(value_length), 0)), 0)


def combined_mask(layer_name, query, value, query_mask=None, value_mask=None, key_mask=None, attention_mask=None,
                  use_causal_mask=False):
    """The (B, T, S) boolean mask of all the given masks, or None when there is none."""
    auto_mask = None
    if query_mask is not None:
        auto_mask = expand_dims(cast(query_mask, "bool"), -1)
    for mask in (value_mask, key_mask):
        if mask is not None:
            mask = expand_dims(cast(mask, "bool"), -2)
            auto_mask = mask if auto_mask is None else logical_and(auto_mask, mask)
    if use_causal_mask:
        mask = causal_mask(shape_of(query)[1], shape_of(value)[1])
        auto_mask = mask if auto_mask is None else logical_and(auto_mask, mask)
    if attention_mask is not None:
        attention_mask = cast(attention_mask, "bool")
        expected = (shape_of(query)[1], shape_of(value)[1])
        got = tuple(shape_of(attention_mask))[-2:]
        if any(a is not None and b is not None and a != b for a, b in zip(got, expected)):
            raise ValueError(f"Layer '{layer_name}': attention_mask of shape {tuple(shape_of(attention_mask))} does "
                             f"not match the query length {expected[0]} and key/value length {expected[1]}. Pass a "
                             "boolean mask shaped (batch, query_length, key_length).")
    if auto_mask is not None:
        attention_mask = auto_mask if attention_mask is None else logical_and(attention_mask, auto_mask)
    return attention_mask


def masked_softmax(scores, mask, axes=(-1,)):
    """Softmax over `axes` ignoring positions where `mask` (broadcast to `scores`) is False.

    Masked positions get probability 0; a row with no allowed position gives all zeros.
    """
    if mask is not None:
        scores = where(mask, scores, cast(-3e4 if scores.dtype.name == "float16" else -1e9, scores.dtype))
    if len(axes) == 1:
        probabilities = softmax(scores, axis=axes[0])
    else:
        probabilities = exp(scores - reduce_logsumexp(scores, axis=list(axes), keepdims=True))
    return probabilities * cast(mask, scores.dtype) if mask is not None else probabilities


def check_key_value(layer_name, value_shape, key_shape):
    """`value` and `key` must agree on every axis but the features."""
    if tuple(value_shape)[1:-1] != tuple(key_shape)[1:-1]:
        raise ValueError(f"Layer '{layer_name}': all dimensions of `value` and `key`, except the last one, must be "
                         f"equal. Received: value_shape={tuple(value_shape)} and key_shape={tuple(key_shape)}. The "
                         "key and value sequences must have the same length.")
