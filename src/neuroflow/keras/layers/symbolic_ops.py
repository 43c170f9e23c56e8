"""Python operators on KerasTensors (`x + y`, `2 * x`, `-x`, `x @ w`, `x[:, 0]`, `x > 0`): each records an operation.

As in Keras 3, an operator on a KerasTensor applies an `Operation` (`Add`, `Multiply`,
`GetItem`, ...) that a functional model records like a layer call. Operations hold no
weights, compute with `keras.ops` (Keras' dtype promotion), and serialize by name as Keras
writes them (`{"module": "keras.src.ops.numpy", "class_name": "Add", "config": {"name": "add"}}`),
so a model using operators saves, loads and moves to and from Keras with no code stored.
`model.layers` lists only the layers; `model.operations` lists the operations too.

>>> from neuroflow import keras
>>> keras.backend.clear_session()
>>> x = keras.Input(shape=(4,))
>>> y = keras.layers.Dense(4)(x) + x
>>> y.shape, y._keras_history[0].name
((None, 4), 'add')
>>> model = keras.Model(x, 2.0 * y[:, :2])
>>> [op.name for op in model.operations], [layer.name for layer in model.layers]
(['input_layer', 'dense', 'add', 'get_item', 'multiply'], ['input_layer', 'dense'])
>>> model.get_config()["layers"][-1]["inbound_nodes"][0]["args"][0]  # `2.0 * t` is Multiply(2.0, t), as in Keras
2.0
"""
from ..ops import numpy as knp
from .keras_tensor import KerasTensor
from .layer import Layer


class Operation(Layer):
    """A weightless computation on tensors, recorded in functional models (Keras' `keras.Operation`).

    Each subclass computes one `keras.ops` function; its config is its name (and the
    function's own arguments, e.g. `Round`'s `decimals`).
    """

    def __init__(self, name=None, **kwargs):
        super().__init__(name=name, autocast=False, **kwargs)
        self.built = True

    def _convert_inputs(self, inputs):
        return inputs  # the keras.ops function converts and promotes its operands itself

    def get_config(self):
        return {"name": self.name}


def _operation_class(name, function, doc):
    def call(self, *args):
        return function(*args)
    return type(name, (Operation,), {"__module__": __name__, "__doc__": doc, "call": call})


def _get_item(x, key):
    return knp.get_item(x, tuple(key) if isinstance(key, list) else key)  # JSON turns a tuple key into a list


# Keras' operation classes for Python's operators (keras/src/backend/common/keras_tensor.py): operator ->
# (class, the keras.ops function it computes).
_BINARY = {"add": ("Add", "add"), "sub": ("Subtract", "subtract"), "mul": ("Multiply", "multiply"),
           "matmul": ("Matmul", "matmul"), "truediv": ("TrueDivide", "true_divide"),
           "floordiv": ("FloorDivide", "floor_divide"), "mod": ("Mod", "mod"), "pow": ("Power", "power"),
           "and": ("LogicalAnd", "logical_and"), "or": ("LogicalOr", "logical_or"), "xor": ("LogicalXor", "logical_xor")}
_COMPARISONS = {"lt": ("Less", "less"), "le": ("LessEqual", "less_equal"), "gt": ("Greater", "greater"),
                "ge": ("GreaterEqual", "greater_equal"), "ne": ("NotEqual", "not_equal")}
_UNARY = {"neg": ("Negative", "negative"), "abs": ("Absolute", "absolute"), "invert": ("LogicalNot", "logical_not")}

OPERATIONS = {name: _operation_class(name, getattr(knp, function), f"`keras.ops.{function}` as an operation.")
              for name, function in [*_BINARY.values(), *_COMPARISONS.values(), *_UNARY.values(),
                                     ("Divide", "divide")]}  # Divide: what Keras' `__div__` records
OPERATIONS["GetItem"] = _operation_class("GetItem", _get_item, "`x[key]` as an operation (`keras.ops.get_item`).")


class Round(Operation):
    """`keras.ops.round(x, decimals)` as an operation (what `round(x, ndigits)` records)."""

    def __init__(self, decimals=0, name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        self.decimals = decimals

    def call(self, x):
        return knp.round(x, self.decimals)

    def get_config(self):
        return {**super().get_config(), "decimals": self.decimals}


OPERATIONS["Round"] = Round
globals().update(OPERATIONS)
__all__ = ["Operation", *OPERATIONS]


def _binary_operators(cls):
    def apply(self, other):
        return cls()(self, other)

    def reflected(self, other):
        return cls()(other, self)
    return apply, reflected


for _operator, (_name, _) in _BINARY.items():
    _apply, _reflected = _binary_operators(OPERATIONS[_name])
    setattr(KerasTensor, f"__{_operator}__", _apply)
    setattr(KerasTensor, f"__r{_operator}__", _reflected)
for _operator, (_name, _) in _COMPARISONS.items():
    setattr(KerasTensor, f"__{_operator}__", _binary_operators(OPERATIONS[_name])[0])
for _operator, (_name, _) in _UNARY.items():
    setattr(KerasTensor, f"__{_operator}__", (lambda cls: lambda self: cls()(self))(OPERATIONS[_name]))
KerasTensor.__getitem__ = lambda self, key: OPERATIONS["GetItem"]()(self, key)
KerasTensor.__round__ = lambda self, ndigits=None: Round(ndigits or 0)(self)
