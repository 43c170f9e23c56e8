"""`tf.TensorArray`: a list of same-dtype tensors that graphs and loops can carry.

The array's contents live in one `variant` tensor, its `flow` (a tensor list, see
`tensor_list_ops`). Writing returns a TensorArray with a new flow; eagerly the array
is also updated in place, as in TensorFlow. Inside `tf.while_loop` (and the loops
AutoGraph makes from `for`), a TensorArray is an ordinary loop variable, and gradients
flow through reads, writes, stacks and the loop.

>>> import neuroflow as tf
>>> ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
>>> for i in range(3):
...     ta = ta.write(i, tf.fill([2], float(i)))
>>> ta.stack().numpy()
array([[0., 0.],
       [1., 1.],
       [2., 2.]], dtype=float32)
>>> @tf.function
... def squares(n):
...     ta = tf.TensorArray(tf.int32, size=n)
...     for i in tf.range(n):
...         ta = ta.write(i, i * i)
...     return ta.stack()
>>> squares(tf.constant(4)).numpy()
array([0, 1, 4, 9], dtype=int32)
"""
import numpy as np

from ..framework import dtypes, errors
from ..framework.context import state
from ..framework.convert import convert_to_tensor
from ..framework.tensor_shape import TensorShape
from . import tensor_list_ops as tl
from .registry import as_tensor

__all__ = ["TensorArray"]


def _symbolic(runner, inputs, attrs, dtype, shape):
    """Runs a list op; while a graph is built, the node's result gets `dtype` and static `shape`.

    Tensor lists are values only when the graph runs, so their ops are given their result
    shapes here (from the array's element shape) instead of by running them on stand-ins.
    """
    graph = state.graph
    if graph is None:
        return runner(*inputs, **attrs)
    shape = TensorShape(shape)
    if dtype is dtypes.variant:
        value, alt = tl.StandIn(), None
    else:
        dims = shape.as_list() if shape.rank is not None else []
        zero = np.zeros((), dtype.as_numpy_dtype)
        value = np.broadcast_to(zero, [1 if d is None else d for d in dims])
        alt = np.broadcast_to(zero, [2 if d is None else d for d in dims]) if None in dims else None
    return graph.add_recorded(runner.op, [graph.capture(x) for x in inputs], attrs, (value,), True,
                              (shape,), (alt,), recorded=inputs)


def _int32(value):
    return as_tensor(value, dtypes.int32)


class TensorArray:
    """A list of tensors of one dtype, writable by index, that loops can carry.

    Args:
        dtype: the elements' dtype.
        size: the initial number of elements (int or int32 tensor).
        dynamic_size: whether writes past the end grow the array (default False).
        clear_after_read: eagerly, whether reading an element frees it, so reading it twice is
            an error (default True; graphs ignore it, as TensorFlow's do).
        element_shape: the elements' shape, if known; otherwise learned from the first write.
        infer_shape: whether writes refine `element_shape`.
    """

    def __init__(self, dtype, size=None, dynamic_size=None, clear_after_read=None, tensor_array_name=None,
                 handle=None, flow=None, infer_shape=True, element_shape=None, colocate_with_first_write_call=True,
                 name=None):
        if handle is not None:
            raise ValueError("TensorArray handles are not supported; pass `size` (or `flow`).")
        if flow is None and size is None:
            raise ValueError("Size must be declared for TensorArrays: pass size=0 with dynamic_size=True "
                             "for an array that grows.")
        self._dtype = dtypes.as_dtype(dtype)
        self._dynamic_size = bool(dynamic_size)
        self._clear_after_read = True if clear_after_read is None else bool(clear_after_read)
        self._infer_shape = infer_shape
        self._element_shape = TensorShape(element_shape)
        self._read_indices = set()
        self._static_size = None if dynamic_size or size is None or hasattr(size, "_node") else \
            int(size.numpy() if hasattr(size, "numpy") else size)   # the stacked length, when fixed
        self._flow = flow if flow is not None else _symbolic(tl.reserve, [_int32(size)], {}, dtypes.variant, [])

    # --- what it is ----------------------------------------------------------------------
    flow = property(lambda self: self._flow, doc="The variant tensor holding the elements.")
    dtype = property(lambda self: self._dtype)
    dynamic_size = property(lambda self: self._dynamic_size)
    element_shape = property(lambda self: self._element_shape)
    handle = property(lambda self: None)

    def _from_flow(self, flow):
        """A new array like this one holding `flow` (how loops and branches rebuild arrays)."""
        array = TensorArray(self._dtype, dynamic_size=self._dynamic_size, clear_after_read=self._clear_after_read,
                            flow=flow, infer_shape=self._infer_shape, element_shape=self._element_shape)
        array._static_size = self._static_size
        return array

    def _with_flow(self, flow, element_shape=None):
        """The array after an update: this one, updated, when eager (TensorFlow mutates eager arrays)."""
        target = self if state.graph is None else self._from_flow(flow)
        target._flow = flow
        if element_shape is not None:
            target._element_shape = element_shape
        return target

    def _merged_shape(self, shape):
        if not self._element_shape.is_compatible_with(shape):
            raise ValueError(f"Incompatible shape for value ({shape}), expected ({self._element_shape})")
        return self._element_shape.merge_with(shape) if self._infer_shape else self._element_shape

    def _value(self, value):
        value = value if hasattr(value, "_dtype") else convert_to_tensor(value, dtype=self._dtype)
        if value._dtype is not self._dtype:
            raise errors.InvalidArgumentError(
                None, "TensorArrayWrite", f"TensorArray dtype is {self._dtype.name} but Op is trying to write "
                f"dtype {value._dtype.name}. Cast the value with tf.cast(value, tf.{self._dtype.name}).")
        return value

    def _attrs(self):
        dims = self._element_shape.as_list() if self._element_shape.rank is not None else None
        return {"element_dtype": self._dtype.as_numpy_dtype, "element_shape": None if dims is None else tuple(dims)}

    # --- elements --------------------------------------------------------------------------
    def read(self, index, name=None):
        """The element at `index` (zeros if never written and the element shape is known)."""
        index = _int32(index)
        if state.graph is None and self._clear_after_read:
            i = int(index.numpy())
            if i in self._read_indices:
                raise errors.InvalidArgumentError(
                    None, "TensorArrayRead", f"Could not read index {i} twice because it was cleared after a "
                    "previous read (perhaps try setting clear_after_read = false?)")
            self._read_indices.add(i)
        return _symbolic(tl.get_item, [self._flow, index], self._attrs(), self._dtype, self._element_shape)

    def write(self, index, value, name=None):
        """Writes `value` at `index`; returns the updated array (use the result)."""
        value = self._value(value)
        shape = self._merged_shape(value.shape)
        flow = _symbolic(tl.set_item, [self._flow, _int32(index), value], {"resize": self._dynamic_size},
                         dtypes.variant, [])
        return self._with_flow(flow, shape)

    def stack(self, name=None):
        """All elements stacked into one tensor of shape `[size, *element_shape]`."""
        return _symbolic(tl.stack, [self._flow], self._attrs(), self._dtype,
                         TensorShape([self._static_size]).concatenate(self._element_shape))

    def gather(self, indices, name=None):
        """The elements at `indices`, stacked."""
        indices = _int32(indices)
        return _symbolic(tl.gather, [self._flow, indices], self._attrs(), self._dtype,
                         TensorShape([indices.shape.num_elements()]).concatenate(self._element_shape))

    def concat(self, name=None):
        """All elements joined along their first axis."""
        if state.graph is None:
            return tl.concat(self._flow, **self._attrs())[0]
        return _graph_concat(self, self._element_shape[1:] if self._element_shape.rank else TensorShape(None))

    def unstack(self, value, name=None):
        """The rows of `value` as the elements."""
        value = self._value(value)
        if state.graph is None and not self._dynamic_size and value.shape[0] > int(self.size().numpy()):
            raise ValueError(f"Cannot unstack {value.shape[0]} tensors into a TensorArray of static size "
                             f"{int(self.size().numpy())}")
        flow = _symbolic(tl.from_tensor, [value], {}, dtypes.variant, [])
        array = self._with_flow(flow, self._merged_shape(value.shape[1:]))
        if array._static_size is not None:
            array._static_size = value.shape[0]
        return array

    def scatter(self, indices, value, name=None):
        """Writes the rows of `value` at `indices`."""
        value = self._value(value)
        flow = _symbolic(tl.scatter, [self._flow, _int32(indices), value], {"resize": self._dynamic_size},
                         dtypes.variant, [])
        return self._with_flow(flow, self._merged_shape(value.shape[1:]))

    def split(self, value, lengths, name=None):
        """Splits `value` along its first axis into elements of `lengths` rows."""
        value = self._value(value)
        flow = _symbolic(tl.split, [value, _int32(lengths)], {}, dtypes.variant, [])
        return self._with_flow(flow, self._merged_shape(TensorShape([None]).concatenate(value.shape[1:])))

    def size(self, name=None):
        """The number of elements, an int32 scalar."""
        return _symbolic(tl.length, [self._flow], {}, dtypes.int32, [])

    def identity(self):
        return self._with_flow(self._flow)

    def close(self, name=None):
        """Does nothing (kept for TensorFlow compatibility)."""

    def __repr__(self):
        return f"<TensorArray dtype={self._dtype.name} element_shape={self._element_shape}>"


def _graph_concat(array, rest):
    graph = state.graph
    value = np.zeros([1] + [1 if d is None else d for d in (rest.as_list() if rest.rank is not None else [])],
                     array._dtype.as_numpy_dtype)
    outputs = graph.add_recorded(tl.concat.op, [graph.capture(array._flow)], array._attrs(),
                                 (value, np.zeros([1], np.int32)), False,
                                 (TensorShape([None]).concatenate(rest), TensorShape([None])), (None, None),
                                 recorded=[array._flow])
    return outputs[0]
