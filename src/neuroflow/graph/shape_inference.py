"""Static shapes of graph tensors, with None for dimensions known only when the graph runs.

While a graph is built, each op runs its forward on its inputs' stand-in arrays, which gives
the output's dtype and, where every input shape is known, its shape. Where some input
dimension is unknown (a `TensorSpec([None, 2])` argument, or a tensor computed from one), the
inputs also carry a second stand-in (`alt`) whose unknown dimensions have other sizes; the op
runs again on those, and the output dimensions on which both runs agree are known, the others
None. This is every op's static shape rule, from its forward alone, in one place.

Some ops' output shapes depend on their input *values* (`DATA_DEPENDENT`): the number of
True elements `tf.where` finds, the distinct values `tf.unique` keeps, the bins `tf.math.bincount`
needs. Their value-dependent dimensions are always unknown, however the trace was fed, so the
compiled program never relies on the sizes seen while tracing.

>>> import neuroflow as tf
>>> @tf.function(input_signature=[tf.TensorSpec([None, 2])])
... def f(x):
...     mask = tf.boolean_mask(x, x[:, 0] > 0)
...     print(x.shape, (x * 2.0).shape, tf.reduce_sum(x, axis=1).shape, mask.shape)
...     return mask
>>> f(tf.constant([[1.0, 2.0], [-1.0, 0.0], [3.0, 4.0]])).numpy()
(None, 2) (None, 2) (None,) (None, 2)
array([[1., 2.],
       [3., 4.]], dtype=float32)
"""
import numpy as np

from .. import backend
from ..framework import errors
from ..framework.tensor_shape import TensorShape
from .symbolic import SymbolicTensor, stand_in

__all__ = ["infer", "forward", "widened", "DATA_DEPENDENT"]

_ALL = "all"


def _shaped_by_operand(position):
    """Ops whose output shape is the value of input `position` (a shape computed in the graph): known
    where that value follows unknown dimensions (`tf.shape(x)`), unknown where it is data."""
    def rule(attrs, inputs):
        if len(inputs) <= position or _alt(inputs[position]) is not None or _is_constant(inputs[position]):
            return ((),)
        return ((_ALL,),)
    return rule


def _is_constant(x):
    """Whether `x` is a Const node's output (its value is known while tracing)."""
    node = getattr(x, "_node", None)
    return node is not None and node.op.name == "Const"


# op name -> (attrs, inputs) -> per output, the axes whose size depends on the input values
# (("all",): every axis; None: the rank too). Ops of higher layers (tf.io's decoders) add theirs.
DATA_DEPENDENT = {
    "Where": lambda attrs, inputs: ((0,),),
    "Unique": lambda attrs, inputs: ((0,), (), (0,)),
    "Bincount": lambda attrs, inputs: ((-1,),) if attrs.get("length") is None else ((),),
    "Range": lambda attrs, inputs: ((0,),),
    "Reshape": _shaped_by_operand(1),
    "BroadcastTo": _shaped_by_operand(1),
    "Fill": _shaped_by_operand(0),
    "Tile": _shaped_by_operand(1),
    "RandomUniform": _shaped_by_operand(0),
    "RandomUniformInt": _shaped_by_operand(0),
    "RandomStandardNormal": _shaped_by_operand(0),
    "TruncatedNormal": _shaped_by_operand(0),
    "StatefulRandom": _shaped_by_operand(0),
    "StatelessRandom": _shaped_by_operand(1),
}


def forward(op, values, attrs):
    """Runs `op.forward` on stand-in arrays (warnings about zeros silenced); (arrays, single)."""
    xp = backend.array_module(values[0]) if values else backend.current_module()
    try:
        with np.errstate(all="ignore"):
            out = op.forward(xp, *values, **attrs)
    except errors.OpError:
        raise
    except (ValueError, TypeError, IndexError, ArithmeticError, np.linalg.LinAlgError) as error:
        described = ", ".join(f"{np.dtype(v.dtype).name}{tuple(v.shape)}" for v in values)
        raise errors.InvalidArgumentError(
            None, op.name,
            f"{op.name}: {str(error).rstrip('.')}. Received inputs: {described or 'none'}. "
            f"Check the shapes and dtypes of the arguments. [Op:{op.name}]") from None
    single = type(out) is not tuple
    if single:
        out = (out,)
    return tuple(o if hasattr(o, "dtype") and hasattr(o, "shape") else np.asarray(o) for o in out), single


def widened(value, shape):
    """A stand-in like `value` whose dimensions unknown in `shape` are one larger (the second stand-in)."""
    dims = tuple(d + 1 if s is None else d for d, s in zip(value.shape, shape.as_list()))
    return stand_in(dims, _dtype_of(value), backend.array_module(value))


def _dtype_of(array):
    from ..framework import dtypes
    return dtypes.from_numpy(array.dtype)


# Ops whose input 1 holds indices checked against the data only when the op runs.
_INDEXED = {"GatherV2", "GatherNd", "ResourceGather", "TensorScatterUpdate", "TensorScatterAdd",
            "TensorScatterSub", "TensorScatterMax", "TensorScatterMin"}


def _alt(x):
    return getattr(x, "_alt", None)


def _guessed(values, inputs):
    """Static shapes when only one run worked: sizes that some unknown input dimension had are
    unknown, the others come from known dimensions (a broadcast against a known size fixes it)."""
    unknown = set()
    for x in inputs:
        if _alt(x) is not None:
            unknown.update(d for d, s in zip(x._value.shape, x._shape.as_list()) if s is None)
    return [TensorShape([None if d in unknown else d for d in v.shape]) for v in values]


def infer(op, inputs, attrs):
    """(output stand-ins, single), static shapes (None: the stand-ins' shapes) and second stand-ins."""
    try:
        result = forward(op, [x._value for x in inputs], attrs)
    except errors.InvalidArgumentError:
        if op.name not in _INDEXED or not any(isinstance(x, SymbolicTensor) for x in inputs):
            raise
        # Out-of-range indices are a run-time error in TensorFlow's graphs, raised only if the op
        # runs (an unused gather never does): shapes come from valid stand-in indices instead.
        stand_ins = [x._value for x in inputs]
        stand_ins[1] = np.zeros_like(stand_ins[1])
        result = forward(op, stand_ins, attrs)
    values = result[0]
    if any(isinstance(x, SymbolicTensor) and x._shape.rank is None for x in inputs):
        return result, (TensorShape(None),) * len(values), None
    rule = DATA_DEPENDENT.get(op.name)
    alts = None
    if any(_alt(x) is not None for x in inputs):
        try:
            alts = list(forward(op, [x._alt if _alt(x) is not None else x._value for x in inputs], attrs)[0])
            shapes = [TensorShape([a if a == b else None for a, b in zip(v.shape, w.shape)])
                      if v.ndim == w.ndim else TensorShape(None) for v, w in zip(values, alts)]
        except errors.OpError:  # the second stand-ins don't fit together (e.g. (None, 4) + (4, 4))
            shapes = _guessed(values, inputs)
    elif rule is None:
        return result, None, None
    else:
        shapes = [TensorShape(v.shape) for v in values]
    if rule is not None:
        for i, axes in enumerate(rule(attrs, inputs)[:len(shapes)]):
            if axes is None:   # even the rank depends on the values
                shapes[i] = TensorShape(None)
                if alts is not None:
                    alts[i] = None
            elif axes and shapes[i].rank:
                dims = shapes[i].as_list()
                for axis in range(len(dims)) if axes == (_ALL,) else axes:
                    dims[axis] = None
                shapes[i] = TensorShape(dims)
                if alts is not None:
                    alts[i] = None
    if alts is None:
        alts = [None] * len(values)
    alts = tuple(widened(v, s) if a is None and s.rank is not None and not s.is_fully_defined() else a
                 for v, s, a in zip(values, shapes, alts))
    return result, tuple(shapes), alts
