"""`Embedding`: maps integer ids to dense vectors, the rows of a trainable table.

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> layer = keras.layers.Embedding(input_dim=10, output_dim=3)
>>> layer(tf.constant([[1, 2, 4]])).shape
TensorShape([1, 3, 3])
>>> masked = keras.layers.Embedding(10, 3, mask_zero=True)
>>> masked.compute_mask(tf.constant([[0, 5]]), None).numpy()
array([[False,  True]])
"""
import warnings

from ....ops.comparison_ops import not_equal
from ....ops.indexing_ops import gather
from ....ops.math_ops import cast
from ... import constraints, initializers, regularizers
from ..layer import Layer

__all__ = ["Embedding"]


class Embedding(Layer):
    """Turns non-negative integer ids into vectors: `output[..., :] = embeddings[id]`.

    Args:
        input_dim: the vocabulary size (ids range over 0 .. input_dim - 1).
        output_dim: the size of each vector.
        embeddings_initializer: the table's initializer (default 'uniform').
        embeddings_regularizer, embeddings_constraint: a penalty and a constraint on the table.
        mask_zero: treat id 0 as padding and emit a mask for the layers that follow.
        weights: an initial table (a list holding one array of shape (input_dim, output_dim)).
    """

    def __init__(self, input_dim, output_dim, embeddings_initializer="uniform", embeddings_regularizer=None,
                 embeddings_constraint=None, mask_zero=False, weights=None, lora_rank=None, **kwargs):
        if kwargs.pop("input_length", None) is not None:
            warnings.warn("Argument `input_length` is deprecated. Just remove it.", stacklevel=2)
        super().__init__(**kwargs)
        for arg, value in (("input_dim", input_dim), ("output_dim", output_dim)):
            if not isinstance(value, int) or value <= 0:
                raise ValueError(f"Embedding: `{arg}` must be a positive integer. Received: {arg}={value!r}.")
        if lora_rank is not None:
            raise NotImplementedError("Embedding: LoRA (`lora_rank`) is not supported by neuroflow.")
        self.input_dim, self.output_dim = input_dim, output_dim
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = constraints.get(embeddings_constraint)
        self.mask_zero = self.supports_masking = mask_zero
        if weights is not None:
            self.build()
            self.set_weights(weights if isinstance(weights, list) else [weights])

    def build(self, input_shape=None):
        self.embeddings = self.add_weight(shape=(self.input_dim, self.output_dim),
                                          initializer=self.embeddings_initializer, name="embeddings",
                                          regularizer=self.embeddings_regularizer,
                                          constraint=self.embeddings_constraint)

    def call(self, inputs):
        if not inputs.dtype.is_integer:
            inputs = cast(inputs, "int32")
        return gather(self.embeddings, inputs)

    def compute_mask(self, inputs, previous_mask=None):
        return not_equal(inputs, 0) if self.mask_zero else None

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.output_dim,)

    def get_config(self):
        return {**super().get_config(), "input_dim": self.input_dim, "output_dim": self.output_dim,
                "embeddings_initializer": initializers.serialize(self.embeddings_initializer),
                "embeddings_regularizer": regularizers.serialize(self.embeddings_regularizer),
                "embeddings_constraint": constraints.serialize(self.embeddings_constraint),
                "mask_zero": self.mask_zero, "quantization_config": None,
                "activity_regularizer": regularizers.serialize(self.activity_regularizer)}
