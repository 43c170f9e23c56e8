"""`RepeatVector`: repeats each input vector `n` times, `(batch, features)` to `(batch, n, features)`.

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> keras.layers.RepeatVector(3)(tf.constant([[1.0, 2.0]])).numpy()
array([[[1., 2.],
        [1., 2.],
        [1., 2.]]], dtype=float32)
"""
from ....ops.array_ops import broadcast_to, expand_dims
from ..input_spec import InputSpec, shape_of
from ..layer import Layer

__all__ = ["RepeatVector"]


class RepeatVector(Layer):
    """Repeats the input `n` times along a new axis 1."""

    def __init__(self, n, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(n, int) or isinstance(n, bool):
            raise TypeError(f"Expected an integer value for `n`, got {type(n)}.")
        self.n = n
        self.input_spec = InputSpec(ndim=2)

    def call(self, inputs):
        batch, features = shape_of(inputs)
        return broadcast_to(expand_dims(inputs, 1), (batch, self.n, features))

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.n, input_shape[1])

    def get_config(self):
        return {**super().get_config(), "n": self.n}
