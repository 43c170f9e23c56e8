"""`CategoryEncoding`: integer category ids to one-hot, multi-hot or count vectors.

>>> from neuroflow import keras
>>> keras.layers.CategoryEncoding(num_tokens=4, output_mode="one_hot")([3, 2, 0, 1]).numpy()
array([[0., 0., 0., 1.],
       [0., 0., 1., 0.],
       [1., 0., 0., 0.],
       [0., 1., 0., 0.]], dtype=float32)
>>> keras.layers.CategoryEncoding(num_tokens=4, output_mode="count")([[0, 1, 1], [3, 3, 2]]).numpy()
array([[1., 2., 0., 0.],
       [0., 0., 1., 2.]], dtype=float32)
"""
import numpy as np

from ....framework import errors
from ...utils.numerical_utils import encode_categorical_inputs
from .data_layer import DataLayer

__all__ = ["CategoryEncoding"]


class CategoryEncoding(DataLayer):
    """Encodes integer features in `[0, num_tokens)`.

    Args:
        num_tokens: the number of categories (the output's last dimension).
        output_mode: `"multi_hot"` (default: which ids occur in each sample, the last axis),
            `"one_hot"` (each id its own vector) or `"count"` (occurrences; weighted by
            `count_weights` when given at call time).
        sparse: must be False (neuroflow returns dense tensors).
    """

    def __init__(self, num_tokens=None, output_mode="multi_hot", sparse=False, **kwargs):
        super().__init__(**kwargs)
        if output_mode == "binary":
            output_mode = "multi_hot"
        if output_mode not in ("count", "one_hot", "multi_hot"):
            raise ValueError(f"Unknown arg for output_mode: {output_mode}")
        if num_tokens is None:
            raise ValueError("num_tokens must be set to use this layer. If the number of tokens is not known "
                             "beforehand, use the IntegerLookup layer instead.")
        if num_tokens < 1:
            raise ValueError(f"`num_tokens` must be >= 1. Received: num_tokens={num_tokens}.")
        if sparse:
            raise ValueError("CategoryEncoding: `sparse=True` is not supported by neuroflow; use sparse=False.")
        self.num_tokens, self.output_mode, self.sparse = num_tokens, output_mode, sparse

    def _encode(self, indices, count_weights=None):
        indices = np.asarray(indices)
        if indices.dtype.kind not in "iu":
            if indices.dtype.kind != "f" or np.any(indices != np.round(indices)):
                raise ValueError(f"CategoryEncoding '{self.name}' expects integer category ids, received "
                                 f"dtype {indices.dtype}.")
            indices = indices.astype(np.int64)
        if indices.size and (indices.min() < 0 or indices.max() >= self.num_tokens):
            raise errors.InvalidArgumentError(
                None, "CategoryEncoding",
                f"CategoryEncoding '{self.name}': input values must be in the range 0 <= values < num_tokens with "
                f"num_tokens={self.num_tokens}; received values in [{indices.min()}, {indices.max()}]. Increase "
                "`num_tokens` or map the ids with IntegerLookup first.")
        return encode_categorical_inputs(indices, self.output_mode, self.num_tokens, dtype=self.dtype,
                                         count_weights=count_weights, layer="CategoryEncoding")

    def call(self, inputs, count_weights=None):
        if count_weights is not None:
            if self.output_mode != "count":
                raise ValueError("`count_weights` is not used when `output_mode` is not `'count'`. "
                                 f"Received `count_weights={count_weights}`.")
            weights = np.asarray(count_weights, dtype=self.dtype)
            return self._run(lambda x: self._encode(x, weights), inputs)
        return self._run(self._encode, inputs)

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        if not input_shape:
            return (self.num_tokens,)
        if self.output_mode == "one_hot" and (input_shape[-1] != 1 or len(input_shape) == 1):
            return input_shape + (self.num_tokens,)
        return input_shape[:-1] + (self.num_tokens,)

    def get_config(self):
        return {**super().get_config(), "num_tokens": self.num_tokens, "output_mode": self.output_mode,
                "sparse": self.sparse}
