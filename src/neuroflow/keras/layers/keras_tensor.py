"""`KerasTensor`: a symbolic placeholder (shape and dtype, no values) for building Functional models.

`keras.Input` returns one; calling a layer on KerasTensors records the call (a `Node`)
and returns new KerasTensors with the inferred output shape, so a graph of layers can be
built before any data exists.

>>> from neuroflow import keras
>>> x = keras.Input(shape=(784,))
>>> x.shape, x.dtype
((None, 784), 'float32')
>>> keras.layers.Dense(10)(x).shape
(None, 10)
"""
from ...framework.dtypes import as_dtype
from ..backend.naming import unique_name

__all__ = ["KerasTensor", "is_keras_tensor"]


class KerasTensor:
    """A symbolic tensor: a shape (a tuple, `None` for unknown sizes) and a dtype name.

    Python operators on KerasTensors (`x + y`, `x[:, 0]`) are installed by `symbolic_ops`.

    Args:
        shape: the shape, including the batch axis.
        dtype: the dtype (a name such as 'float32' or a `tf.DType`).
        name: a unique name (defaults to 'keras_tensor', 'keras_tensor_1', ...).
    """

    __array_ufunc__ = None  # NumPy defers to our reflected operators (`np.float32(2) * x`)

    def __init__(self, shape, dtype="float32", sparse=False, name=None):
        self.shape = tuple(None if d is None else int(d) for d in shape)
        self.dtype = as_dtype(dtype).name
        self.sparse = bool(sparse)
        self.name = name or unique_name("keras_tensor")
        self._keras_history = None  # (layer, node_index, tensor_index), set by the Node that makes it

    @property
    def ndim(self):
        return len(self.shape)

    def __repr__(self):
        return (f"<KerasTensor shape={self.shape}, dtype={self.dtype}, sparse={self.sparse}, "
                f"ragged=False, name={self.name}>")

    def __array__(self, dtype=None, copy=None):
        raise TypeError(
            f"A KerasTensor cannot be used as input to a TensorFlow function. A KerasTensor is a symbolic "
            f"placeholder for a shape and dtype, used when constructing Keras Functional models. You can "
            f"only use it as input to a Keras layer. Wrap other computations in a layer, e.g. "
            f"`keras.layers.Lambda(lambda t: tf.nn.relu(t))(x)`. Received: {self!r}")

    def __bool__(self):
        raise TypeError("A symbolic KerasTensor cannot be used as a Python bool: its value is unknown "
                        "until the model runs on data.")

    def __len__(self):
        raise TypeError("A symbolic KerasTensor has no length: use `x.shape[0]` instead.")


def is_keras_tensor(x):
    """True when `x` is a symbolic KerasTensor (from `keras.Input` or a layer called on one)."""
    return isinstance(x, KerasTensor)
