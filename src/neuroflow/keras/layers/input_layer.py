"""`Input` and `InputLayer`: where a Functional or Sequential model's data enters.

>>> from neuroflow import keras
>>> x = keras.Input(shape=(28, 28), name="image")
>>> x
<KerasTensor shape=(None, 28, 28), dtype=float32, sparse=False, ragged=False, name=image>
>>> layer = x._keras_history[0]
>>> layer.name, layer.batch_shape
('image', (None, 28, 28))
"""
from ...framework.dtypes import as_dtype
from ..backend import floatx
from .keras_tensor import KerasTensor
from .layer import Layer
from .node import Node

__all__ = ["Input", "InputLayer", "standardize_shape"]


def standardize_shape(shape):
    """`shape` (a list, tuple or TensorShape of ints and Nones) as a tuple; raises ValueError otherwise."""
    if shape is None:
        raise ValueError("Undefined shapes are not supported. Pass a tuple such as shape=(784,).")
    if hasattr(shape, "as_list"):
        shape = shape.as_list()
    if isinstance(shape, int) or not hasattr(shape, "__iter__"):
        raise ValueError(f"Cannot convert '{shape}' to a shape: a shape is a tuple of ints, e.g. ({shape},).")
    dims = []
    for d in shape:
        if d is not None and (not hasattr(d, "__index__") or int(d) < 0):
            raise ValueError(f"Cannot convert '{tuple(shape)}' to a shape: every dimension must be a "
                             f"non-negative int or None. Found: {d!r}")
        dims.append(None if d is None else int(d))
    return tuple(dims)


class InputLayer(Layer):
    """The layer behind `keras.Input`: it has no weights and outputs its symbolic input.

    Args:
        shape: the shape of one sample (without the batch axis).
        batch_size: the fixed batch size, if any.
        dtype: the input's dtype (default `keras.backend.floatx()`).
        batch_shape: the shape including the batch axis (instead of `shape`/`batch_size`).
        input_tensor: an existing KerasTensor to use as the input.
        name: the layer's name (default 'input_layer', made unique).
    """

    def __init__(self, shape=None, batch_size=None, dtype=None, sparse=None, batch_shape=None,
                 input_tensor=None, optional=False, name=None, ragged=None, **kwargs):
        if ragged:
            raise ValueError("InputLayer: `ragged=True` inputs are not supported; pass dense (padded) inputs.")
        shape = kwargs.pop("input_shape", shape)
        batch_shape = kwargs.pop("batch_input_shape", batch_shape)
        super().__init__(name=name, **kwargs)
        if shape is not None and batch_shape is not None:
            raise ValueError("You cannot pass both `shape` and `batch_shape` at the same time. Pass `shape` "
                             "for one sample, or `batch_shape` including the batch axis.")
        if batch_size is not None and batch_shape is not None:
            raise ValueError("You cannot pass both `batch_size` and `batch_shape` at the same time.")
        if input_tensor is not None:
            if not isinstance(input_tensor, KerasTensor):
                raise ValueError(f"Argument `input_tensor` must be a KerasTensor. Received: {input_tensor!r}")
            batch_shape, dtype = input_tensor.shape, input_tensor.dtype
        elif shape is not None:
            batch_shape = (batch_size,) + standardize_shape(shape)
        elif batch_shape is None:
            raise ValueError("You must pass a `shape` argument, e.g. keras.Input(shape=(784,)).")
        self.batch_shape = standardize_shape(batch_shape)
        self._dtype = as_dtype(dtype or floatx())
        self.sparse, self.optional = bool(sparse), optional
        if input_tensor is None:
            input_tensor = KerasTensor(self.batch_shape, dtype=self._dtype, sparse=self.sparse, name=name)
        Node(self, outputs=input_tensor)
        self.built = True

    @property
    def output(self):
        return self._inbound_nodes[0].outputs

    def get_config(self):
        return {"batch_shape": self.batch_shape, "dtype": self.dtype, "sparse": self.sparse, "ragged": False,
                "name": self.name, "optional": self.optional}


def Input(shape=None, batch_size=None, dtype=None, sparse=None, batch_shape=None, name=None, tensor=None,
          optional=False):
    """A symbolic input for a Functional model: a KerasTensor of shape `(batch_size,) + shape`.

    Args:
        shape: the shape of one sample, e.g. `(784,)` (unknown sizes as None).
        batch_size: the fixed batch size, if any (default: unknown).
        dtype: the dtype of the data (default 'float32').
        batch_shape: the full shape including the batch axis, instead of `shape`.
        name: the input's name (also the key for dict data).

    Returns:
        A `KerasTensor`.

    >>> from neuroflow import keras
    >>> keras.Input(shape=(3,), dtype="int32").shape
    (None, 3)
    """
    layer = InputLayer(shape=shape, batch_size=batch_size, dtype=dtype, sparse=sparse, batch_shape=batch_shape,
                       name=name, input_tensor=tensor, optional=optional)
    return layer.output
