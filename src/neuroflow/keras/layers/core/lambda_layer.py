"""`Lambda`: wraps a function of tensors as a layer (for quick computations in a model).

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> double = keras.layers.Lambda(lambda x: x * 2.0)
>>> double(tf.constant([1.0, 2.0])).numpy()
array([2., 4.], dtype=float32)
>>> double(keras.Input(shape=(5,))).shape
(None, 5)
"""
import inspect

from ..layer import Layer

__all__ = ["Lambda"]


class Lambda(Layer):
    """A layer computing `function(inputs, **arguments)`. It has no weights.

    Args:
        function: the function of the input tensor(s).
        output_shape: the output shape without the batch axis (a tuple, or a function of the
            input shape); inferred by running the function when omitted.
        mask: an output mask, or a function `(inputs, mask) -> mask`.
        arguments: extra keyword arguments for `function`.
    """

    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super().__init__(**kwargs)
        if not callable(function):
            raise ValueError(f"Lambda: `function` must be callable. Received: function={function!r}")
        self.function, self.arguments = function, arguments or {}
        self._output_shape, self._mask = output_shape, mask
        self.supports_masking = mask is not None
        parameters = inspect.signature(function).parameters
        self._fn_takes = {name for name in ("mask", "training") if name in parameters}

    def call(self, inputs, mask=None, training=None):
        kwargs = dict(self.arguments)
        if "mask" in self._fn_takes:
            kwargs["mask"] = mask
        if "training" in self._fn_takes:
            kwargs["training"] = training
        return self.function(inputs, **kwargs)

    def compute_output_shape(self, input_shape):
        if self._output_shape is None:
            return super().compute_output_shape(input_shape)
        if callable(self._output_shape):
            return self._output_shape(input_shape)
        return (tuple(input_shape)[0],) + tuple(self._output_shape)

    def compute_mask(self, inputs, mask=None):
        return self._mask(inputs, mask) if callable(self._mask) else self._mask

    def get_config(self):
        return {**super().get_config(), "function": self.function, "output_shape": self._output_shape,
                "mask": self._mask, "arguments": self.arguments}
