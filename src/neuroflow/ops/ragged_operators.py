"""Python operators on `tf.RaggedTensor` (`+ - * / // % **`, comparisons, `& | ^ ~`, `-x`, `abs`).

They act elementwise on the flat values and keep the rows. The other operand is a scalar, a
dense tensor that broadcasts against the ragged tensor (its ragged dimensions of size 1, its
first dimension 1 or the number of rows), or a RaggedTensor with the same row partitions.
Every module that makes RaggedTensors (`tf.ragged`, `tf.strings`, `tf.data`, `tf.experimental`)
imports this one, so `import neuroflow` itself stays free of ragged code.

>>> import neuroflow as tf
>>> rt = tf.ragged.constant([[1.0, 2.0], [], [3.0]])
>>> print(rt * 2 + 1)
<tf.RaggedTensor [[3.0, 5.0], [], [7.0]]>
>>> print(rt + tf.constant([[10.0], [20.0], [30.0]]))
<tf.RaggedTensor [[11.0, 12.0], [], [33.0]]>
>>> print(rt > 1.5)
<tf.RaggedTensor [[False, True], [], [True]]>
"""
import operator

import numpy as np

from ..framework import errors
from ..framework.convert import convert_to_tensor, is_tensor_like
from ..framework.ragged_tensor import RaggedTensor
from .array_ops import reshape
from .indexing_ops import gather

__all__ = []


def _flat_operand(rt, other, op_name):
    """`other` as an operand of `rt.flat_values` for an elementwise op."""
    levels = list(rt._levels())
    if isinstance(other, RaggedTensor):
        others = list(other._levels())
        if len(others) != len(levels) or any(not np.array_equal(a._row_splits, b._row_splits)
                                             for a, b in zip(levels, others)):
            raise errors.InvalidArgumentError(
                None, op_name, f"{op_name}: RaggedTensors of shapes {rt.shape} and {other.shape} have different row "
                "partitions; elementwise ops need the same rows (compare rt.row_lengths()).")
        return other.flat_values
    rank = np.ndim(other) if not is_tensor_like(other) else other.shape.rank
    inner = rt.flat_values.shape.rank - 1
    if rank <= inner:  # broadcasts against the dense dimensions below the ragged ones
        return other
    dense = other if is_tensor_like(other) else convert_to_tensor(other, dtype=rt.dtype)
    shape = [1] * (rt.shape.rank - rank) + dense.shape.as_list()
    ragged_dims = shape[1:1 + len(levels)]
    if len(shape) != rt.shape.rank or any(d != 1 for d in ragged_dims) or shape[0] not in (1, rt._nrows()):
        raise errors.InvalidArgumentError(
            None, op_name, f"{op_name}: a dense operand of shape {dense.shape} does not broadcast against a "
            f"RaggedTensor of shape {rt.shape}: its ragged dimensions must have size 1 and its first "
            f"dimension 1 or {rt._nrows()}.")
    row = np.arange(len(rt.flat_values))  # the outermost row of each flat value
    for level in reversed(levels):
        row = level.value_rowids().numpy()[row]
    kept = reshape(dense, [shape[0]] + shape[1 + len(levels):])
    return gather(kept, np.zeros_like(row) if shape[0] == 1 else row)


def _binary(fn, name, reflected=False):
    def apply(self, other):
        flat = _flat_operand(self, other, name)
        return self.with_flat_values(fn(flat, self.flat_values) if reflected else fn(self.flat_values, flat))
    apply.__name__ = name
    return apply


def _unary(fn):
    return lambda self: self.with_flat_values(fn(self.flat_values))


_BINARY = {"add": operator.add, "sub": operator.sub, "mul": operator.mul, "truediv": operator.truediv,
           "floordiv": operator.floordiv, "mod": operator.mod, "pow": operator.pow, "and": operator.and_,
           "or": operator.or_, "xor": operator.xor}
for _name, _fn in _BINARY.items():
    setattr(RaggedTensor, f"__{_name}__", _binary(_fn, f"__{_name}__"))
    setattr(RaggedTensor, f"__r{_name}__", _binary(_fn, f"__r{_name}__", reflected=True))
for _name, _fn in {"lt": operator.lt, "le": operator.le, "gt": operator.gt, "ge": operator.ge}.items():
    setattr(RaggedTensor, f"__{_name}__", _binary(_fn, f"__{_name}__"))
for _name, _fn in {"neg": operator.neg, "pos": operator.pos, "abs": operator.abs, "invert": operator.invert}.items():
    setattr(RaggedTensor, f"__{_name}__", _unary(_fn))
