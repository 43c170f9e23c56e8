"""Python operators on KerasTensors (`x + y`, `2 * x`, `-x`, `x @ w`, `x[:, 0]`): each becomes a layer call.

Functional models often compute with operators, e.g. a residual connection. Each operator
applies a small layer (an `Operation`) to the KerasTensors, so the model records it like
any other layer call.

>>> from neuroflow import keras
>>> keras.backend.clear_session()
>>> x = keras.Input(shape=(4,))
>>> y = keras.layers.Dense(4)(x) + x
>>> y.shape, y._keras_history[0].name
((None, 4), 'add')
>>> keras.Model(x, 2.0 * y[:, :2]).output_shape
(None, 2)
"""
import operator

from .keras_tensor import KerasTensor
from .layer import Layer

__all__ = ["Operation"]


class Operation(Layer):
    """A layer computing `fn(*inputs)` with no weights; Python operators on KerasTensors make them."""

    def __init__(self, fn, **kwargs):
        super().__init__(autocast=False, **kwargs)
        self.fn = fn

    def call(self, *args):
        return self.fn(*args)

    def get_config(self):
        return {**super().get_config(), "fn": self.fn}


def _operation_class(name):
    return type(name, (Operation,), {"__module__": __name__, "__doc__": f"The `{name}` operation on tensors."})


def _binary(cls, fn):
    def apply(self, other):
        return cls(fn)(self, other)

    def reflected(self, other):
        return cls(lambda x, y: fn(y, x))(self, other)
    return apply, reflected


_BINARY = {"add": ("Add", operator.add), "sub": ("Subtract", operator.sub), "mul": ("Multiply", operator.mul),
           "truediv": ("TrueDivide", operator.truediv), "floordiv": ("FloorDivide", operator.floordiv),
           "mod": ("Mod", operator.mod), "pow": ("Power", operator.pow), "matmul": ("Matmul", operator.matmul)}

for _name, (_class_name, _fn) in _BINARY.items():
    _forward, _backward = _binary(_operation_class(_class_name), _fn)
    setattr(KerasTensor, f"__{_name}__", _forward)
    setattr(KerasTensor, f"__r{_name}__", _backward)

_Negative, _Absolute, _GetItem = map(_operation_class, ("Negative", "Absolute", "GetItem"))
KerasTensor.__neg__ = lambda self: _Negative(operator.neg)(self)
KerasTensor.__abs__ = lambda self: _Absolute(operator.abs)(self)
KerasTensor.__getitem__ = lambda self, key: _GetItem(lambda x: x[key])(self)
