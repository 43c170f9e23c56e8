"""`tf.queue`: bounded queues of tensor tuples shared by producers and consumers.

A queue holds elements, each a fixed-length tuple of tensors of the queue's `dtypes`
(and `shapes`, when given). `enqueue` blocks while the queue is full and `dequeue`
while it is empty, so threads can feed and drain it; `close()` ends the stream:
later enqueues raise `CancelledError`, and dequeues that cannot be served raise
`OutOfRangeError`. Queues run eagerly (TensorFlow 2's way of using them).

>>> import neuroflow as tf
>>> q = tf.queue.FIFOQueue(capacity=3, dtypes=[tf.int32, tf.float32], shapes=[[2], []])
>>> q.enqueue(([1, 2], 0.5))
>>> q.enqueue_many(([[3, 4], [5, 6]], [1.5, 2.5]))
>>> q.size()
<tf.Tensor: shape=(), dtype=int32, numpy=3>
>>> q.dequeue()
[<tf.Tensor: shape=(2,), dtype=int32, numpy=array([1, 2], dtype=int32)>, <tf.Tensor: shape=(), dtype=float32, numpy=0.5>]
>>> q.close()
>>> q.dequeue_up_to(5)[1]
<tf.Tensor: shape=(2,), dtype=float32, numpy=array([1.5, 2.5], dtype=float32)>
>>> q.dequeue()
Traceback (most recent call last):
...
neuroflow.framework.errors.OutOfRangeError: FIFOQueue '...' is closed and has insufficient elements (requested 1, current size 0)
"""
import collections
import heapq
import itertools
import threading

import numpy as np

from ..framework import dtypes as dtypes_lib
from ..framework import errors
from ..framework.convert import convert_to_tensor
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from ..ops.registry import state

__all__ = ["QueueBase", "FIFOQueue", "PaddingFIFOQueue", "RandomShuffleQueue", "PriorityQueue"]

_names = collections.Counter()


def _unique(name):
    count = _names[name]
    _names[name] += 1
    return name if count == 0 else f"{name}_{count}"


class QueueBase:
    """The interface of every queue: enqueue/dequeue elements (tuples of tensors), close, size.

    Args:
        dtypes: the dtype of each component of an element.
        shapes: the shape of each component (a `TensorShape`), or None for any shape.
        names: a name for each component, or None; with names, elements are dicts.
        name: the queue's name.
    """

    _kind = "Queue"

    def __init__(self, dtypes, shapes, names, name):
        self._dtypes = [dtypes_lib.as_dtype(d) for d in _as_list(dtypes)]
        self._shapes = _component_shapes(shapes, len(self._dtypes), self._kind)
        if names is not None:
            names = _as_list(names)
            if len(names) != len(self._dtypes):
                raise ValueError(f"{self._kind}: names {names!r} must have one entry per dtype "
                                 f"({len(self._dtypes)}).")
        self._names = names
        self._name = _unique(name)
        self._closed = False
        self._lock = threading.Condition()

    # --- what it is ----------------------------------------------------------------------
    @property
    def name(self):
        """The name of the queue."""
        return self._name

    @property
    def dtypes(self):
        """The dtypes of the components of an element."""
        return list(self._dtypes)

    @property
    def shapes(self):
        """The shapes of the components of an element (unknown shapes where none were given)."""
        return list(self._shapes)

    @property
    def names(self):
        """The names of the components, or None."""
        return self._names

    @property
    def queue_ref(self):
        """The queue itself (TensorFlow's resource handle)."""
        return self

    # --- adding ----------------------------------------------------------------------------
    def enqueue(self, vals, name=None):
        """Adds one element (a tensor, a tuple/list of tensors, or a dict by component name).

        Blocks while the queue is full; raises `CancelledError` if the queue is closed.
        """
        self._insert([self._component(i, v, batched=False) for i, v in enumerate(self._components(vals))])

    def enqueue_many(self, vals, name=None):
        """Adds the elements sliced from `vals` along its first dimension (one per row)."""
        columns = [self._component(i, v, batched=True) for i, v in enumerate(self._components(vals))]
        sizes = {c.shape[0] for c in columns}
        if len(sizes) > 1:
            raise ValueError(f"{self._kind}.enqueue_many: the components have different first dimensions "
                             f"{[c.shape[0] for c in columns]}; each row is one element, so they must agree.")
        for row in range(sizes.pop() if sizes else 0):
            self._insert([c[row] for c in columns])

    def _insert(self, element):
        with self._lock:
            while True:
                if self._closed:
                    raise errors.CancelledError(None, "QueueEnqueueV2", f"{self._kind} '{self._name}' is closed.")
                if self._has_room():
                    break
                self._lock.wait()
            self._push(element)
            self._lock.notify_all()

    # --- taking ------------------------------------------------------------------------------
    def dequeue(self, name=None):
        """Removes and returns one element (a tensor, a list of tensors, or a dict by name).

        Blocks while the queue is empty; raises `OutOfRangeError` once it is closed and empty.
        """
        return self._result(self._take(1, exact=True)[0], batched=False)

    def dequeue_many(self, n, name=None):
        """Removes `n` elements and returns them stacked along a new first dimension.

        Needs fully defined component shapes. Raises `OutOfRangeError` if the queue is closed
        with fewer than `n` elements left.
        """
        return self._stack(self._take(self._count(n, "dequeue_many"), exact=True))

    def dequeue_up_to(self, n, name=None):
        """As `dequeue_many`, but a closed queue returns the 1 to `n` elements it has left."""
        return self._stack(self._take(self._count(n, "dequeue_up_to"), exact=False))

    def _count(self, n, method):
        n = int(convert_to_tensor(n))
        if n < 0:
            raise errors.InvalidArgumentError(None, method, f"{self._kind}.{method}: n must be >= 0, got {n}.")
        if any(s.rank is None for s in self._shapes):
            raise errors.InvalidArgumentError(
                None, method, f"{self._kind}'s DequeueMany and DequeueUpTo require the components to have "
                "specified shapes. Create the queue with shapes=[...] for every component.")
        return n

    def _dequeue_shapes(self):
        return self._shapes

    def _take(self, n, exact):
        with self._lock:
            while True:
                size = self._size()
                if size >= max(n, 1) and self._can_take(n):
                    break
                if self._closed:
                    if not exact and size > 0:
                        n = size
                        break
                    raise errors.OutOfRangeError(
                        None, "QueueDequeueV2", f"{self._kind} '{self._name}' is closed and has insufficient "
                        f"elements (requested {max(n, 1) if exact else n}, current size {size})")
                self._lock.wait()
            taken = [self._pop() for _ in range(n)]
            self._lock.notify_all()
            return taken

    def _can_take(self, n):
        return True

    def _stack(self, elements):
        columns = [np.stack([e[i] for e in elements]) if elements else
                   np.zeros((0, *shape.as_list()), dtype.as_numpy_dtype)
                   for i, (dtype, shape) in enumerate(zip(self._dtypes, self._dequeue_shapes()))]
        return self._result(columns, batched=True)

    def _result(self, arrays, batched):
        tensors = [Tensor(a, d) for a, d in zip(arrays, self._dtypes)]
        if self._names is not None:
            return dict(zip(self._names, tensors))
        return tensors[0] if len(tensors) == 1 else tensors

    # --- state -----------------------------------------------------------------------------
    def close(self, cancel_pending_enqueues=False, name=None):
        """Closes the queue: no more enqueues; dequeues drain what is left, then fail."""
        with self._lock:
            if self._closed:
                raise errors.CancelledError(None, "QueueCloseV2", f"Queue '{self._name}' is already closed.")
            self._closed = True
            self._lock.notify_all()

    def is_closed(self, name=None):
        """A bool scalar tensor: whether `close()` was called."""
        return Tensor(np.asarray(self._closed), dtypes_lib.bool)

    def size(self, name=None):
        """An int32 scalar tensor: the number of elements in the queue."""
        with self._lock:
            return Tensor(np.asarray(self._size(), np.int32), dtypes_lib.int32)

    # --- checking elements ---------------------------------------------------------------------
    def _components(self, vals):
        if state.graph is not None:
            raise NotImplementedError(
                f"{self._kind} runs eagerly: its enqueue and dequeue cannot be part of a tf.function or "
                "compat.v1 graph. Use the queue outside the traced function (or tf.data for input pipelines).")
        if self._names is not None:
            if not isinstance(vals, dict):
                raise ValueError("You must enqueue a dictionary in a Queue with names")
            if set(vals) != set(self._names):
                raise ValueError(f"Keys in dictionary to enqueue {sorted(vals)} do not match names of Queue "
                                 f"{sorted(self._names)}.")
            return [vals[n] for n in self._names]
        if isinstance(vals, dict):
            raise ValueError("Queue must have names to enqueue a dictionary")
        vals = list(vals) if isinstance(vals, (list, tuple)) else [vals]
        if len(vals) != len(self._dtypes):
            raise ValueError(f"{self._kind}: an element has {len(self._dtypes)} components "
                             f"({[d.name for d in self._dtypes]}), but {len(vals)} values were given.")
        return vals

    def _component(self, i, value, batched):
        dtype, shape = self._dtypes[i], self._shapes[i]
        tensor = convert_to_tensor(value, dtype=dtype)
        actual = tensor.shape[1:] if batched else tensor.shape
        if batched and tensor.shape.rank == 0:
            raise ValueError(f"{self._kind}.enqueue_many: component {i} is a scalar; each component needs a "
                             "first dimension that indexes the elements.")
        if not actual.is_compatible_with(shape):
            raise ValueError(f"Shapes {actual} and {shape} are incompatible")
        return np.asarray(tensor.numpy())


class FIFOQueue(QueueBase):
    """A queue that dequeues elements in the order they were enqueued.

    Args:
        capacity: the most elements the queue holds; `enqueue` blocks beyond it.
        dtypes: a dtype, or a list with one dtype per component.
        shapes: (optional) one fully defined shape per component; needed by `dequeue_many`.
        names: (optional) component names: elements are then dicts.
        shared_name: accepted for compatibility.
        name: the queue's name.

    >>> import neuroflow as tf
    >>> q = tf.queue.FIFOQueue(capacity=2, dtypes=tf.int32)
    >>> q.enqueue(1)
    >>> q.enqueue(2)
    >>> q.dequeue()
    <tf.Tensor: shape=(), dtype=int32, numpy=1>
    """

    _kind = "FIFOQueue"

    def __init__(self, capacity, dtypes, shapes=None, names=None, shared_name=None, name="fifo_queue"):
        super().__init__(dtypes, shapes, names, name)
        self._capacity = int(capacity)
        self._items = collections.deque()

    def _has_room(self):
        return self._capacity < 0 or len(self._items) < self._capacity

    def _push(self, element):
        self._items.append(element)

    def _pop(self):
        return self._items.popleft()

    def _size(self):
        return len(self._items)


class PaddingFIFOQueue(FIFOQueue):
    """A FIFOQueue whose components may have unknown dimensions: `dequeue_many` pads with zeros.

    >>> import neuroflow as tf
    >>> q = tf.queue.PaddingFIFOQueue(5, tf.int32, shapes=[[None]])
    >>> q.enqueue([[1, 2]])
    >>> q.enqueue([[3]])
    >>> q.dequeue_many(2)
    <tf.Tensor: shape=(2, 2), dtype=int32, numpy=
    array([[1, 2],
           [3, 0]], dtype=int32)>
    """

    _kind = "PaddingFIFOQueue"

    def __init__(self, capacity, dtypes, shapes, names=None, shared_name=None, name="padding_fifo_queue"):
        if shapes is None:
            raise ValueError("PaddingFIFOQueue needs shapes: one shape per component (None for a dimension "
                             "that varies and is padded).")
        super().__init__(capacity, dtypes, shapes, names, shared_name, name)

    def _dequeue_shapes(self):
        return [TensorShape([0 if d is None else d for d in s.as_list()]) if s.rank is not None else s
                for s in self._shapes]

    def _stack(self, elements):
        if not elements:
            return super()._stack(elements)
        columns = []
        for i, dtype in enumerate(self._dtypes):
            parts = [e[i] for e in elements]
            target = np.max([p.shape for p in parts], axis=0) if parts[0].ndim else ()
            padded = np.zeros((len(parts), *target), dtype.as_numpy_dtype)
            for row, p in enumerate(parts):
                padded[(row, *(slice(0, d) for d in p.shape))] = p
            columns.append(padded)
        return self._result(columns, batched=True)


class RandomShuffleQueue(QueueBase):
    """A queue that dequeues its elements in random order.

    Args:
        capacity: the most elements the queue holds.
        min_after_dequeue: a dequeue waits until this many elements would remain (while the
            queue is open), so the elements it picks from stay well mixed.
        dtypes, shapes, names, name: as for `FIFOQueue`.
        seed: makes the order reproducible.

    >>> import neuroflow as tf
    >>> q = tf.queue.RandomShuffleQueue(10, 2, tf.int32, seed=1)
    >>> q.enqueue_many([[1, 2, 3, 4, 5]])
    >>> sorted(int(q.dequeue()) for _ in range(3))  # three of them, in random order
    [...]
    >>> q.size()
    <tf.Tensor: shape=(), dtype=int32, numpy=2>
    """

    _kind = "RandomShuffleQueue"

    def __init__(self, capacity, min_after_dequeue, dtypes, shapes=None, names=None, seed=None,
                 shared_name=None, name="random_shuffle_queue"):
        super().__init__(dtypes, shapes, names, name)
        self._capacity, self._min_after = int(capacity), int(min_after_dequeue)
        self._items = []
        self._rng = np.random.default_rng(seed)

    def _has_room(self):
        return len(self._items) < self._capacity

    def _can_take(self, n):
        return self._closed or len(self._items) - n >= self._min_after

    def _push(self, element):
        self._items.append(element)

    def _pop(self):
        i = int(self._rng.integers(len(self._items)))
        self._items[i], self._items[-1] = self._items[-1], self._items[i]
        return self._items.pop()

    def _size(self):
        return len(self._items)


class PriorityQueue(QueueBase):
    """A queue that dequeues the element of smallest priority first.

    Each element starts with an int64 scalar priority, followed by components of `types`.

    >>> import neuroflow as tf
    >>> q = tf.queue.PriorityQueue(5, [tf.string], shapes=[[]])
    >>> q.enqueue((3, "c"))
    >>> q.enqueue((1, "a"))
    >>> q.dequeue()
    [<tf.Tensor: shape=(), dtype=int64, numpy=1>, <tf.Tensor: shape=(), dtype=string, numpy=b'a'>]
    """

    _kind = "PriorityQueue"

    def __init__(self, capacity, types, shapes=None, names=None, shared_name=None, name="priority_queue"):
        types = _as_list(types)
        shapes = None if shapes is None else [TensorShape([])] + [TensorShape(s) for s in _as_list(shapes, shape=True)]
        names = None if names is None else ["priority"] + _as_list(names)
        super().__init__([dtypes_lib.int64] + types, shapes, names, name)
        self._capacity = int(capacity)
        self._heap, self._order = [], itertools.count()

    def _component(self, i, value, batched):
        array = super()._component(i, value, batched)
        if i == 0 and (array.ndim != int(batched)):
            raise ValueError(f"PriorityQueue: the priority must be an int64 scalar per element, got shape "
                             f"{array.shape}.")
        return array

    def _has_room(self):
        return len(self._heap) < self._capacity

    def _push(self, element):
        heapq.heappush(self._heap, (int(element[0]), next(self._order), element))

    def _pop(self):
        return heapq.heappop(self._heap)[2]

    def _size(self):
        return len(self._heap)


def _as_list(value, shape=False):
    """`value` as a list of items; with `shape`, a list of ints/None counts as one shape (TF's rule)."""
    if isinstance(value, TensorShape) or shape and isinstance(value, (list, tuple)) and \
            all(d is None or isinstance(d, int) for d in value):
        return [value]
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _component_shapes(shapes, n, kind):
    if shapes is None:
        return [TensorShape(None)] * n
    shapes = [TensorShape(s) for s in _as_list(shapes, shape=True)]
    if len(shapes) != n:
        raise ValueError(f"{kind}: shapes {shapes} must have one shape per dtype ({n}).")
    if kind != "PaddingFIFOQueue" and not all(s.is_fully_defined() for s in shapes):
        raise ValueError(f"All shapes must be fully defined: {shapes}. Use PaddingFIFOQueue for components "
                         "whose sizes vary.")
    if kind == "PaddingFIFOQueue" and any(s.rank is None for s in shapes):
        raise ValueError(f"PaddingFIFOQueue needs the rank of every component: got shapes {shapes}.")
    return shapes
