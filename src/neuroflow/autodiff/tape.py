"""`GradientTape`: records ops on watched tensors and walks them backwards.

While a tape is active, every differentiable op that touches a watched tensor (or a
trainable variable) is appended to the tape. The recording order is already a
topological order, so `gradient()` walks it in reverse, calling each op's registered
gradient (micrograd's backward, at tensor scale). Gradients are computed with ops too,
so an outer tape records them: nested tapes give second derivatives.

>>> import neuroflow as tf
>>> x = tf.Variable(3.0)
>>> with tf.GradientTape() as outer:
...     with tf.GradientTape() as inner:
...         y = x * x * x
...     dy_dx = inner.gradient(y, x)            # 3x^2, recorded by `outer`
>>> print(dy_dx.numpy(), outer.gradient(dy_dx, x).numpy())
27.0 18.0
"""
import contextlib
import enum

from .. import backend
from ..framework import nest
from ..framework.name_scope import name_scope
from ..framework.tensor import Tensor
from ..framework.variable import Variable
from ..ops.array_ops import reshape, stack, transpose
from ..ops.creation_ops import ones_like, zeros, zeros_like
from ..framework.logger import get_logger
from ..ops.registry import OpCall, as_tensor, state

__all__ = ["GradientTape", "UnconnectedGradients"]

_warned = {"watch": 0, "persistent": 0}   # TensorFlow logs these warnings only a few times


class UnconnectedGradients(enum.Enum):
    """What `gradient()` returns for a source the target does not depend on."""
    NONE = "none"
    ZERO = "zero"


def _unconnected(value):
    if type(value) is UnconnectedGradients:   # the default: skip the ~1 us Enum lookup
        return value
    try:
        return UnconnectedGradients(getattr(value, "value", value))
    except ValueError:
        raise ValueError(f"Unknown value for unconnected_gradients: {value!r}") from None


def _differentiable(x):
    kind = x._dtype.kind
    return kind == "f" or kind == "c" or kind == "v"  # variant: a TensorArray's list of tensors


def _warn_first(key, limit, message, *args):
    if _warned[key] < limit:
        _warned[key] += 1
        get_logger().warning(message, *args)


_SPENT = ("A non-persistent GradientTape can only be used to compute one set of gradients "
          "(or jacobians)")


class GradientTape:
    """Records operations for automatic differentiation.

    Args:
        persistent: allow several `gradient()`/`jacobian()` calls (the tape keeps its records).
        watch_accessed_variables: watch trainable variables automatically when an op reads them.

    >>> import neuroflow as tf
    >>> x = tf.constant([1.0, 2.0])
    >>> with tf.GradientTape(persistent=True) as tape:
    ...     tape.watch(x)
    ...     y = x * x
    ...     z = tf.reduce_sum(y)
    >>> tape.gradient(z, x).numpy(), tape.gradient(z, y).numpy()
    (array([2., 4.], dtype=float32), array([1., 1.], dtype=float32))
    """

    _gradient_ready = None  # callback(i, gradient) as each source's gradient completes (see _backward)

    def __init__(self, persistent=False, watch_accessed_variables=True):
        self._persistent = persistent
        self._watch_accessed_variables = watch_accessed_variables
        self._recording = False
        self._spent = False     # a non-persistent tape that has computed its gradients
        self._clear()

    def _clear(self):
        self._watched = {}      # id -> tensor or variable (kept alive so ids stay unique)
        self._variables = {}    # id -> watched variable, in first-watched order
        self._calls = []        # OpCall records, in execution order

    # --- recording ------------------------------------------------------------------
    def __enter__(self):
        self._push()
        return self

    def __exit__(self, *exc):
        if self._recording:
            self._pop()
        return False

    def _push(self):
        if self._recording:
            raise ValueError("Tape is still recording, This can happen if you try to re-enter an "
                             "already-active tape.")
        if self._spent:          # re-entering a used non-persistent tape starts a new one
            self._spent = False
            self._clear()
        state.tapes.append(self)
        self._recording = True

    def _pop(self):
        if not self._recording:
            raise ValueError("Tape is not recording.")
        for i in range(len(state.tapes) - 1, -1, -1):
            if state.tapes[i] is self:
                del state.tapes[i]
                break
        self._recording = False

    @contextlib.contextmanager
    def stop_recording(self):
        """Context manager in which ops are not recorded on this tape.

        >>> import neuroflow as tf
        >>> x = tf.Variable(2.0)
        >>> with tf.GradientTape() as tape:
        ...     y = x * x
        ...     with tape.stop_recording():
        ...         z = y * x                 # not recorded
        >>> print(tape.gradient(z, x))
        None
        """
        if self._spent:
            raise RuntimeError("Trying to stop recording a tape which is not recording.")
        self._pop()
        try:
            yield
        finally:
            self._push()

    def reset(self):
        """Forgets everything recorded so far, as if the `with` block had just been entered."""
        self._pop()
        self._spent = False
        self._clear()
        self._push()

    def watch(self, tensor):
        """Starts recording ops on `tensor` (a tensor, variable, or nested structure of them)."""
        for item in nest.flatten(tensor):
            if not hasattr(item, "_dtype"):
                raise ValueError(f"Passed in object {item!r} of type {type(item).__name__!r}, not "
                                 "tf.Tensor or tf.Variable.")
            if not _differentiable(item):
                _warn_first("watch", 5, "The dtype of the watched tensor must be floating "
                            "(e.g. tf.float32), got %r", item._dtype)
            self._watched[id(item)] = item
            if isinstance(item, Variable):
                self._variables[id(item)] = item

    def watched_variables(self):
        """The variables this tape watched, in the order they were first watched."""
        return tuple(self._variables.values())

    def _record(self, op, inputs, attrs, outputs):
        """Appends the call if any input is watched (trainable variables watch themselves)."""
        watched = self._watched
        needs = None
        for i, x in enumerate(inputs):
            key = id(x)
            if key not in watched:
                if (type(x) is Tensor or not self._watch_accessed_variables
                        or not isinstance(x, Variable) or not x.trainable or not _differentiable(x)):
                    continue
                watched[key] = x
                self._variables[key] = x
            if needs is None:
                needs = [False] * len(inputs)
            needs[i] = True
        if needs is None:
            return
        self._calls.append(OpCall(op, inputs, attrs, outputs, tuple(needs)))
        for o in outputs:
            if o._dtype.kind in "fcv":   # _differentiable(o), inlined on this hot path
                watched[id(o)] = o

    # --- differentiating ------------------------------------------------------------
    @contextlib.contextmanager
    def _differentiating(self):
        """Guards one gradient/jacobian computation, with TensorFlow's rules on reuse.

        A non-persistent tape stops recording for good and forgets its records afterwards.
        A persistent tape used inside its `with` block keeps recording, so the gradient
        computation itself is on the tape (for higher derivatives).
        """
        if self._spent:
            raise RuntimeError(_SPENT)
        if self._recording:
            if not self._persistent:
                self._pop()
            else:
                _warn_first("persistent", 1, "Calling GradientTape.gradient on a persistent tape "
                            "inside its context is significantly less efficient than calling it "
                            "outside the context (it causes the gradient ops to be recorded on the "
                            "tape, leading to increased CPU and memory usage). Only call "
                            "GradientTape.gradient inside the context if you actually want to trace "
                            "the gradient in order to compute higher order derivatives.")
        yield
        if not self._persistent:
            self._spent = True
            self._watched, self._calls = {}, []

    def gradient(self, target, sources, output_gradients=None,
                 unconnected_gradients=UnconnectedGradients.NONE):
        """Gradients of `target` (summed over its elements) w.r.t. each of `sources`.

        Args:
            target: a tensor or nested structure of tensors.
            sources: a tensor/variable or nested structure (list, dict) of them.
            output_gradients: gradients of `target`, one per target tensor (default: ones).
            unconnected_gradients: `'none'` (None for unconnected sources) or `'zero'`.

        Returns:
            The gradients in the structure of `sources`; None where unconnected
            (and for integer sources, which have no gradient).

        >>> import neuroflow as tf
        >>> w = tf.Variable([[1.0, 2.0]])
        >>> b = tf.Variable([0.5])
        >>> with tf.GradientTape() as tape:
        ...     loss = tf.reduce_sum(tf.matmul(w, [[3.0], [4.0]]) + b)
        >>> grads = tape.gradient(loss, {"w": w, "b": b, "other": tf.Variable(1.0)})
        >>> grads["w"].numpy(), grads["b"].numpy(), grads["other"]
        (array([[3., 4.]], dtype=float32), array([1.], dtype=float32), None)
        """
        if target is None:
            raise TypeError("Argument `target` should be a list or nested structure of Tensors, "
                            "Variables or CompositeTensors to be differentiated, but received None.")
        unconnected = _unconnected(unconnected_gradients)
        flat_sources = _checked_sources(sources)
        flat_targets = nest.flatten(target)
        if output_gradients is None:
            seeds = [None] * len(flat_targets)
        else:
            seeds = nest.flatten(output_gradients)
            if len(seeds) != len(flat_targets):
                raise ValueError(f"GradientTape.gradient: got {len(seeds)} output_gradients for "
                                 f"{len(flat_targets)} targets; pass one per target tensor.")
        ready = (flat_sources, self._gradient_ready) if self._gradient_ready is not None else None
        if state.graph is None:
            with self._differentiating():
                grads = self._backward(flat_targets, seeds, ready)
        else:  # traced: the gradient's ops go under TensorFlow's "gradient_tape" name scope
            with self._differentiating(), name_scope("gradient_tape"):
                grads = self._backward(flat_targets, seeds, ready)
        results = [_result(grads.get(id(s)), s, unconnected) for s in flat_sources]
        return nest.pack_sequence_as(sources, results)

    def _backward(self, targets, seeds, ready=None):
        """id(tensor) -> gradient, for every tensor the targets depend on.

        `ready`: `(sources, callback)`: `callback(i, gradient)` as soon as the gradient of
        `sources[i]` is complete (backprop has passed the first op that used it), last-used first.
        """
        grads = {}
        ready_before = _first_uses(self._calls, *ready) if ready is not None else None
        for t, seed in zip(targets, seeds):
            if not hasattr(t, "_dtype"):
                raise ValueError(f"GradientTape.gradient: targets must be tensors or variables, "
                                 f"got {t!r}.")
            if _differentiable(t):
                _accumulate(grads, t, ones_like(t) if seed is None else as_tensor(seed, dtype=t._dtype))
        calls = list(self._calls)   # a copy: this walk may itself be recorded
        for n in range(len(calls) - 1, -1, -1):
            if ready_before and n + 1 in ready_before:
                ready_before.pop(n + 1)(grads)
            call = calls[n]
            outputs = call.outputs
            if len(outputs) == 1:
                dy = grads.get(id(outputs[0]))
                if dy is None:
                    continue
                input_grads = call.op.grad(call, dy)
            else:
                dys = [grads.get(id(o)) for o in outputs]
                if all(d is None for d in dys):
                    continue
                input_grads = call.op.grad(call, *[zeros_like(o) if d is None else d for d, o in zip(dys, outputs)])
            if not isinstance(input_grads, (tuple, list)):
                input_grads = (input_grads,)
            for x, need, g in zip(call.inputs, call.needs, input_grads):
                if need and g is not None:   # _accumulate(grads, x, g), inlined on this hot path
                    previous = grads.get(id(x))
                    grads[id(x)] = g if previous is None else previous + g
        if ready_before and 0 in ready_before:
            ready_before.pop(0)(grads)
        return grads

    def _check_pfor(self, experimental_use_pfor, method):
        """Without pfor TensorFlow loops over the tape, which only a persistent tape allows."""
        if not experimental_use_pfor and not self._persistent:
            raise RuntimeError("GradientTape must be created with persistent=True to compute the "
                               f"{method} with eager execution enabled and with "
                               "experimental_use_pfor set to False.")

    def jacobian(self, target, sources, unconnected_gradients=UnconnectedGradients.NONE,
                 parallel_iterations=None, experimental_use_pfor=True):
        """The Jacobian of `target` w.r.t. each source: shape `target.shape + source.shape`.

        >>> import neuroflow as tf
        >>> x = tf.constant([1.0, 2.0])
        >>> with tf.GradientTape() as tape:
        ...     tape.watch(x)
        ...     y = x * x
        >>> tape.jacobian(y, x).numpy()
        array([[2., 0.],
               [0., 4.]], dtype=float32)
        """
        self._check_pfor(experimental_use_pfor, "jacobian")
        unconnected = _unconnected(unconnected_gradients)
        target = as_tensor(target)
        flat_sources = _checked_sources(sources)
        size = int(target._value.size)
        with self._differentiating():
            rows = [self._backward([target], [_one_hot_seed(target, i)]) for i in range(size)]
        results = []
        for s in flat_sources:
            shape = tuple(target.shape) + tuple(s.shape)
            grads = [row.get(id(s)) for row in rows] if _differentiable(s) else [None]
            if all(g is None for g in grads):
                results.append(zeros(shape, s._dtype) if unconnected is UnconnectedGradients.ZERO
                               else None)
            else:
                results.append(_stacked([zeros_like(s) if g is None else g for g in grads], shape))
        return nest.pack_sequence_as(sources, results)

    def batch_jacobian(self, target, source, unconnected_gradients=UnconnectedGradients.NONE,
                       parallel_iterations=None, experimental_use_pfor=True):
        """Per-example Jacobians: `target[b, ...]` w.r.t. `source[b, ...]`.

        Assumes row `b` of `target` depends only on row `b` of `source`. Returns a tensor of
        shape `target.shape + source.shape[1:]`.

        >>> import neuroflow as tf
        >>> x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
        >>> with tf.GradientTape() as tape:
        ...     tape.watch(x)
        ...     y = x * x
        >>> tape.batch_jacobian(y, x).numpy()[1]
        array([[6., 0.],
               [0., 8.]], dtype=float32)
        """
        self._check_pfor(experimental_use_pfor, "batch_jacobian")
        unconnected = _unconnected(unconnected_gradients)
        target = as_tensor(target)
        (source,) = _checked_sources([source])
        tshape, sshape = tuple(target.shape), tuple(source.shape)
        for shape in (tshape, sshape):
            if len(shape) < 2:
                raise ValueError(f"Shape {shape} must have rank at least 2")
        if tshape[0] != sshape[0]:
            raise ValueError(f"Need first dimension of target shape ({target.shape}) and source "
                             f"shape ({source.shape}) to match.")
        per_row = int(target._value.size) // max(tshape[0], 1)
        with self._differentiating():
            columns = [self._backward([target], [_column_seed(target, j)]).get(id(source))
                       for j in range(per_row)]
        out_shape = tshape + sshape[1:]
        if not _differentiable(source) or all(g is None for g in columns):
            return zeros(out_shape, source._dtype) if unconnected is UnconnectedGradients.ZERO else None
        stacked = _stacked([zeros_like(source) if g is None else g for g in columns],
                           (per_row,) + sshape)                      # [per_row, b, *source[1:]]
        return reshape(transpose(stacked, [1, 0] + list(range(2, len(sshape) + 1))), out_shape)


def _first_uses(calls, sources, callback):
    """{n: notify(grads)}: `notify` hands `callback` the gradients of the sources whose first use is
    `calls[n]`, which are complete once the backward walk has processed that call."""
    index = {}
    for i, s in enumerate(sources):
        index.setdefault(id(s), []).append(i)
    first = {}
    for n, call in enumerate(calls):
        for x, need in zip(call.inputs, call.needs):
            if need and id(x) in index and id(x) not in first:
                first[id(x)] = n
    by_call = {}
    for key, n in first.items():
        by_call.setdefault(n, []).append(key)

    def notifier(keys):
        def notify(grads):
            for key in keys:
                if grads.get(key) is not None:
                    for i in index[key]:
                        callback(i, grads[key])
        return notify
    return {n: notifier(keys) for n, keys in by_call.items()}


def _checked_sources(sources):
    flat = nest.flatten(sources)
    for s in flat:
        if not hasattr(s, "_dtype"):
            raise ValueError(f"GradientTape: sources must be tensors or variables, got {s!r} of type "
                             f"{type(s).__name__}. Watch a tensor with tape.watch(t), or use a "
                             "tf.Variable.")
    return flat


def _result(grad, source, unconnected):
    if grad is None or not _differentiable(source):
        return zeros_like(source) if unconnected is UnconnectedGradients.ZERO else None
    return grad


def _seed(target, mark):
    """A zero tensor shaped like `target` with ones where `mark(flat_2d_view)` puts them."""
    xp = backend.array_module(target._value)
    seed = xp.zeros(target._value.shape, dtype=target._value.dtype)
    mark(seed.reshape(seed.shape[0] if seed.ndim else 1, -1))
    return Tensor(seed, target._dtype)


def _one_hot_seed(target, i):
    def mark(rows):
        rows.reshape(-1)[i] = 1
    return _seed(target, mark)


def _column_seed(target, j):
    def mark(rows):
        rows[:, j] = 1
    return _seed(target, mark)


def _stacked(tensors, shape):
    return reshape(stack(tensors), list(shape))


def _accumulate(grads, x, g):
    key = id(x)
    previous = grads.get(key)
    grads[key] = g if previous is None else previous + g
