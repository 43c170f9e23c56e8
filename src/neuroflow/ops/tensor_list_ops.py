"""Tensor lists: the ops behind `tf.TensorArray`, forward and gradient side by side.

A tensor list is the value of a `variant` tensor: a Python list of arrays (None where
nothing was written yet). Ops never change a list in place (and keep copies of what is written; compiled graphs
reuse their buffers); each returns a new one, so a
list can be a loop variable of `tf.while_loop` and a graph can replay it. Writing the
next element appends to the shared storage when no other value has grown it (one
amortised O(1) append per loop iteration, as TensorFlow's in-place TensorList updates).

The gradient of a list is a list of the same length holding each element's gradient
(None: zero), so a read's gradient is a list with one element set, and a stack's is
the rows of the output gradient.

>>> import numpy as np, neuroflow as tf
>>> from neuroflow.ops import tensor_list_ops as tl
>>> h = tl.reserve(tf.constant(0))
>>> h = tl.set_item(h, tf.constant(0), tf.constant([1.0, 2.0]), resize=True)
>>> tl.stack(h, element_dtype=np.float32, element_shape=(2,)).numpy()
array([[1., 2.]], dtype=float32)
"""
import numpy as np

from .. import backend
from ..framework import dtypes, errors
from .registry import op

__all__ = ["TensorList", "StandIn", "reserve", "set_item", "get_item", "length", "stack", "from_tensor", "gather",
           "scatter", "concat", "split"]


class TensorList:
    """The list of arrays a `variant` tensor holds: `items[:length]` of (possibly shared) storage."""

    dtype = dtypes.variant.as_numpy_dtype   # what makes the registry tag results as variant
    shape, ndim, size, strides = (), 0, 1, ()
    __slots__ = ("items", "length")

    def __init__(self, items, length=None):
        self.items = items
        self.length = len(items) if length is None else length

    def elements(self):
        return self.items[:self.length]

    def appended(self, value):
        """This list plus `value` at its end (in place on the storage when nobody else grew it)."""
        if len(self.items) == self.length:
            self.items.append(value)
            return TensorList(self.items, self.length + 1)
        return TensorList(self.elements() + [value])

    def __add__(self, other):
        """Sums gradient lists element by element (None is zero)."""
        a, b = _elements(self), _elements(other)
        if len(a) < len(b):
            a, b = b, a
        return TensorList([x if y is None else y if x is None else x + y
                           for x, y in zip(a, b + [None] * (len(a) - len(b)))])

    __radd__ = __add__

    def __repr__(self):
        return f"TensorList(length={self.length})"


class StandIn(TensorList):
    """What a list looks like while a graph is built: its contents are known only when it runs.

    Ops given a stand-in return stand-ins (and zeros of the element shape), so tracing code
    that replays list ops (gradients, nested functions) never fails on contents it cannot know.
    """

    __slots__ = ()

    def __init__(self):
        super().__init__([])

    def appended(self, value):
        return self

    def __add__(self, other):
        return self

    __radd__ = __add__


def _module(elements):
    """The array module (NumPy or CuPy) of the list's elements."""
    present = next((e for e in elements if e is not None), None)
    return backend.current_module() if present is None else backend.array_module(present)


def _host(values):
    """Indices or lengths as Python ints (they may live on a GPU)."""
    return [int(i) for i in (values.tolist() if hasattr(values, "tolist") else values)] if np.ndim(values) \
        else [int(values)]


def _zeros(element_dtype, element_shape, leading=()):
    return backend.current_module().zeros(tuple(leading) + tuple(1 if d is None else d for d in element_shape or ()), element_dtype)


def _elements(handle):
    """The elements of a list; a zero gradient (the tape's zeros_like of a variant) is empty."""
    return handle.elements() if isinstance(handle, TensorList) else []


def _fill(elements, element_dtype, element_shape, what):
    """Elements with zeros in the holes (their shape taken from a written element or `element_shape`)."""
    present = next((e for e in elements if e is not None), None)
    if present is not None:
        element_shape, element_dtype = present.shape, present.dtype
    if any(e is None for e in elements):
        if element_shape is None or None in element_shape:
            raise errors.InvalidArgumentError(
                None, what, f"{what}: an element was never written and the element shape "
                f"{element_shape} is not fully known, so it cannot be filled with zeros. Write every "
                "element first, or give the TensorArray a full element_shape.")
        zero = _module(elements).zeros(element_shape, element_dtype)
        elements = [zero if e is None else e for e in elements]
    return elements, element_dtype, element_shape


def _index(value, size, what, verb):
    i = int(value)
    if i < 0:
        raise errors.OutOfRangeError(None, what, f"{verb.capitalize()} negative indices (index {i}) is not allowed.")
    if size is not None and i >= size:
        raise errors.OutOfRangeError(None, what, f"Tried to {verb} index {i} but array size is: {size}")
    return i


# --- creating and sizing -------------------------------------------------------------------------
@op("TensorListReserve", stateful=True)   # each run makes a new list: never folded into a constant
def reserve(xp, num_elements):
    return TensorList([None] * int(num_elements))


@op("TensorListLength")
def length(xp, handle):
    return np.int32(len(_elements(handle)))


# --- one element -----------------------------------------------------------------------------------
@op("TensorListSetItem")
def set_item(xp, handle, index, item, resize=False):
    if isinstance(handle, StandIn):
        return handle
    item = item.copy()   # compiled graphs reuse their buffers: the list keeps its own copy
    size = len(_elements(handle))
    i = _index(index, None, "TensorListSetItem", "write to")
    if not resize and i >= size:
        raise errors.OutOfRangeError(
            None, "TensorListSetItem",
            f"Tried to write to index {i} but array is not resizeable and size is: {size}")
    if i == size and isinstance(handle, TensorList):
        return handle.appended(item)
    elements = _elements(handle) + [None] * max(0, i + 1 - size)
    elements[i] = item
    return TensorList(elements)


@set_item.gradient
def _(ctx, dhandle):
    handle, index, item = ctx.inputs
    from .creation_ops import zeros_like
    return (set_item(dhandle, index, zeros_like(item), resize=True), None,
            get_item(dhandle, index, element_dtype=item._dtype.as_numpy_dtype,
                     element_shape=tuple(item._value.shape), allow_missing=True))


@op("TensorListGetItem")
def get_item(xp, handle, index, element_dtype, element_shape, allow_missing=False):
    if isinstance(handle, StandIn):
        return _zeros(element_dtype, element_shape)
    elements = _elements(handle)
    i = _index(index, None if allow_missing else len(elements), "TensorListGetItem", "read from")
    item = elements[i] if i < len(elements) else None
    return _fill([item], element_dtype, element_shape, "TensorArray.read")[0][0]


@get_item.gradient
def _(ctx, dy):
    handle, index = ctx.inputs
    return set_item(reserve(length(handle)), index, dy, resize=True), None


# --- the whole list ---------------------------------------------------------------------------------
@op("TensorListStack")
def stack(xp, handle, element_dtype, element_shape, num_elements=-1):
    if isinstance(handle, StandIn):
        return _zeros(element_dtype, element_shape, [max(num_elements, 1)])
    elements = _elements(handle)
    if num_elements > len(elements):
        elements = elements + [None] * (num_elements - len(elements))
    elements, element_dtype, element_shape = _fill(elements, element_dtype, element_shape, "TensorArray.stack")
    if not elements:
        return _module(elements).zeros((0,) + tuple(0 if d is None else d for d in element_shape or ()),
                                       element_dtype)
    return _module(elements).stack(elements)


@stack.gradient
def _(ctx, dy):
    return from_tensor(dy)


@op("TensorListFromTensor")
def from_tensor(xp, tensor):
    if tensor.ndim == 0:
        raise errors.InvalidArgumentError(None, "TensorListFromTensor",
                                          "TensorArray.unstack: the value must be at least a vector, got a scalar.")
    return TensorList(list(tensor.copy()))


@from_tensor.gradient
def _(ctx, dhandle):
    tensor = ctx.inputs[0]
    shape = tuple(tensor._value.shape)
    return stack(dhandle, element_dtype=tensor._dtype.as_numpy_dtype, element_shape=shape[1:],
                 num_elements=shape[0])


@op("TensorListGather")
def gather(xp, handle, indices, element_dtype, element_shape, allow_missing=False):
    if isinstance(handle, StandIn):
        return _zeros(element_dtype, element_shape, [len(_host(indices))])
    elements = _elements(handle)
    size = None if allow_missing else len(elements)
    picked = [elements[i] if i < len(elements) else None
              for i in (_index(i, size, "TensorListGather", "read from") for i in _host(indices))]
    picked, element_dtype, element_shape = _fill(picked, element_dtype, element_shape, "TensorArray.gather")
    xp = _module(picked)
    return xp.stack(picked) if picked else xp.zeros((0,) + tuple(element_shape or ()), element_dtype)


@gather.gradient
def _(ctx, dy):
    handle, indices = ctx.inputs
    return scatter(reserve(length(handle)), indices, dy, resize=True, accumulate=True), None


@op("TensorListScatter")
def scatter(xp, handle, indices, tensor, resize=False, accumulate=False):
    if isinstance(handle, StandIn):
        return handle
    elements = _elements(handle)
    indices = _host(indices)
    if len(indices) != len(tensor):
        raise errors.InvalidArgumentError(
            None, "TensorListScatter", f"TensorArray.scatter: {len(indices)} indices but the value has "
            f"{len(tensor)} rows; give one index per row.")
    top = max(indices, default=-1) + 1
    if top > len(elements):
        if not resize:
            raise errors.OutOfRangeError(
                None, "TensorListScatter", f"Tried to write to index {top - 1} but array is not resizeable "
                f"and size is: {len(elements)}")
        elements = elements + [None] * (top - len(elements))
    elements = list(elements)
    for i, row in zip(indices, tensor.copy()):
        i = _index(i, None, "TensorListScatter", "write to")
        elements[i] = row if not accumulate or elements[i] is None else elements[i] + row   # (gradients add up)
    return TensorList(elements)


@scatter.gradient
def _(ctx, dhandle):
    handle, indices, tensor = ctx.inputs
    from .creation_ops import zeros_like
    shape = tuple(tensor._value.shape)
    return (scatter(dhandle, indices, zeros_like(tensor), resize=True), None,
            gather(dhandle, indices, element_dtype=tensor._dtype.as_numpy_dtype, element_shape=shape[1:],
                   allow_missing=True))


@op("TensorListConcat")
def concat(xp, handle, element_dtype, element_shape, lengths=None):
    """All elements joined along their first axis; `lengths` sizes the zero rows of holes."""
    if isinstance(handle, StandIn):
        return _zeros(element_dtype, (element_shape or (None,))[1:], [1]), backend.current_module().ones([1], np.int32)
    elements = _elements(handle)
    if lengths is not None:
        elements = elements + [None] * (len(lengths) - len(elements))
        rest = tuple(element_shape[1:]) if element_shape else None
        present = next((e for e in elements if e is not None), None)
        rest = present.shape[1:] if present is not None else rest
        dtype = present.dtype if present is not None else element_dtype
        zeros = _module(elements).zeros
        elements = [zeros((n,) + tuple(rest), dtype) if e is None else e for e, n in zip(elements, lengths)]
    elements, element_dtype, element_shape = _fill(elements, element_dtype, element_shape, "TensorArray.concat")
    for i, e in enumerate(elements):
        if e.ndim == 0:
            raise errors.InvalidArgumentError(
                None, "TensorListConcat", f"Concat saw a scalar shape at index {i} but requires at least vectors.")
    xp = _module(elements)
    if not elements:
        return xp.zeros((0,) + tuple(0 if d is None else d for d in (element_shape or (0,))[1:]), element_dtype), \
            xp.zeros([0], np.int32)
    return xp.concatenate(elements), xp.asarray([len(e) for e in elements], np.int32)


@concat.gradient
def _(ctx, dy, dlengths):
    return split(dy, ctx.outputs[1])


@op("TensorListSplit")
def split(xp, tensor, lengths):
    lengths = _host(lengths)
    if tensor.ndim == 0:
        raise errors.InvalidArgumentError(None, "TensorListSplit",
                                          "Expected value to be at least a vector, but received shape: []")
    if sum(lengths) != len(tensor):
        raise errors.InvalidArgumentError(
            None, "TensorListSplit", f"Expected sum of lengths to be equal to values.shape[0], but sum of "
            f"lengths is {sum(lengths)} and value's shape is: {list(tensor.shape)}")
    bounds = np.cumsum([0] + lengths).tolist()
    tensor = tensor.copy()
    return TensorList([tensor[a:b] for a, b in zip(bounds[:-1], bounds[1:])])


@split.gradient
def _(ctx, dhandle):
    tensor, lengths = ctx.inputs
    shape = tuple(tensor._value.shape)
    return concat(dhandle, element_dtype=tensor._dtype.as_numpy_dtype, element_shape=shape,
                  lengths=tuple(_host(lengths._value)))[0], None
