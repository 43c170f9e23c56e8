"""`GradientTape`: records ops on watched tensors and walks them backwards.

While a tape is active, every differentiable op that touches a watched tensor (or a
trainable variable) is appended to the tape. The recording order is already a
topological order, so `gradient()` walks it in reverse, calling each op's registered
gradient (micrograd's backward, at tensor scale).

>>> import neuroflow as tf
>>> x = tf.Variable(3.0)
>>> with tf.GradientTape() as tape:
...     y = x * x
>>> tape.gradient(y, x).numpy()
np.float32(6.0)
"""
import contextlib
import enum
import warnings

from .. import backend
from ..framework import nest
from ..framework.tensor import Tensor
from ..framework.variable import Variable
from ..ops.creation_ops import ones_like, zeros_like
from ..ops.registry import OpCall, as_tensor, state

__all__ = ["GradientTape", "UnconnectedGradients"]


class UnconnectedGradients(enum.Enum):
    """What `gradient()` returns for a source the target does not depend on."""
    NONE = "none"
    ZERO = "zero"


def _differentiable(x):
    kind = x._dtype.kind
    return kind == "f" or kind == "c"


class GradientTape:
    """Records operations for automatic differentiation.

    Args:
        persistent: allow several `gradient()` calls (the tape keeps its records).
        watch_accessed_variables: watch trainable variables automatically when an op reads them.
    """

    def __init__(self, persistent=False, watch_accessed_variables=True):
        self._persistent = persistent
        self._watch_accessed = watch_accessed_variables
        self._watched = {}     # id -> tensor or variable (kept alive so ids stay unique)
        self._variables = {}   # id -> watched variable, in first-watched order
        self._calls = []       # OpCall records, in execution order
        self._used = False

    # --- recording ------------------------------------------------------------------
    def __enter__(self):
        state.tapes.append(self)
        return self

    def __exit__(self, *exc):
        self._pop()
        return False

    def _pop(self):
        for i in range(len(state.tapes) - 1, -1, -1):
            if state.tapes[i] is self:
                del state.tapes[i]
                return True
        return False

    @contextlib.contextmanager
    def stop_recording(self):
        """Context manager in which ops are not recorded on this tape."""
        if not self._pop():
            raise ValueError("Tape.stop_recording() can only be used while the tape is active "
                             "(inside its `with` block).")
        try:
            yield
        finally:
            state.tapes.append(self)

    def reset(self):
        """Forgets everything recorded so far (the tape stays active)."""
        self._watched.clear()
        self._variables.clear()
        self._calls.clear()
        self._used = False

    def watch(self, tensor):
        """Starts recording ops on `tensor` (a tensor, variable, or nested structure of them)."""
        for item in nest.flatten(tensor):
            if not hasattr(item, "_dtype"):
                raise ValueError(f"GradientTape.watch: can only watch tensors and variables, got {item!r}.")
            if not _differentiable(item):
                warnings.warn(f"The dtype of the watched tensor must be floating (e.g. tf.float32), "
                              f"got {item._dtype!r}.", stacklevel=2)
            self._watched[id(item)] = item
            if isinstance(item, Variable):
                self._variables[id(item)] = item

    def watched_variables(self):
        """The variables this tape watched, in the order they were first watched."""
        return tuple(self._variables.values())

    def _record(self, op, inputs, attrs, outputs):
        watched = self._watched
        needs = None
        for i, x in enumerate(inputs):
            key = id(x)
            if key not in watched:
                if (type(x) is Tensor or not self._watch_accessed or not isinstance(x, Variable)
                        or not x.trainable or not _differentiable(x)):
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
            if _differentiable(o):
                watched[id(o)] = o

    # --- differentiating ------------------------------------------------------------
    def gradient(self, target, sources, output_gradients=None,
                 unconnected_gradients=UnconnectedGradients.NONE):
        """Gradients of `target` (summed over its elements) w.r.t. each of `sources`.

        Args:
            target: a tensor or nested structure of tensors.
            sources: a tensor/variable or nested structure (list, dict) of them.
            output_gradients: gradients of `target`, one per target tensor (default: ones).
            unconnected_gradients: `'none'` (None for unconnected sources) or `'zero'`.

        Returns:
            The gradients in the structure of `sources`; None where unconnected.
        """
        if self._used and not self._persistent:
            raise RuntimeError("A non-persistent GradientTape can only be used to compute one "
                               "set of gradients (or jacobians)")
        unconnected = UnconnectedGradients(getattr(unconnected_gradients, "value", unconnected_gradients))
        flat_sources = nest.flatten(sources)
        for s in flat_sources:
            if not hasattr(s, "_dtype"):
                raise ValueError(f"GradientTape.gradient: sources must be tensors or variables, got {s!r}.")
        flat_targets = nest.flatten(target)
        seeds = [None] * len(flat_targets) if output_gradients is None else nest.flatten(output_gradients)
        if len(seeds) != len(flat_targets):
            raise ValueError(f"GradientTape.gradient: got {len(seeds)} output_gradients for "
                             f"{len(flat_targets)} targets.")
        was_recording = self._pop()
        try:
            grads = self._backward(flat_targets, seeds)
        finally:
            if was_recording:
                state.tapes.append(self)
        if not self._persistent:
            self._used = True
            self._calls = []
        results = []
        for s in flat_sources:
            g = grads.get(id(s)) if _differentiable(s) else None
            if g is None and unconnected is UnconnectedGradients.ZERO:
                g = zeros_like(s)
            results.append(g)
        return nest.pack_sequence_as(sources, results)

    def _backward(self, targets, seeds):
        """id(tensor) -> gradient, for every tensor the targets depend on."""
        grads = {}
        for t, seed in zip(targets, seeds):
            if t is None or not hasattr(t, "_dtype") or not _differentiable(t):
                continue
            g = ones_like(t) if seed is None else as_tensor(seed, dtype=t._dtype)
            _accumulate(grads, t, g)
        for call in reversed(self._calls):
            dys = [grads.get(id(o)) for o in call.outputs]
            if all(d is None for d in dys):
                continue
            if len(dys) > 1:
                dys = [zeros_like(o) if d is None else d for d, o in zip(dys, call.outputs)]
            input_grads = call.op.grad(call, *dys)
            if not isinstance(input_grads, (tuple, list)):
                input_grads = (input_grads,)
            for x, need, g in zip(call.inputs, call.needs, input_grads):
                if need and g is not None:
                    _accumulate(grads, x, g)
        return grads

    def jacobian(self, target, sources, unconnected_gradients=UnconnectedGradients.NONE,
                 parallel_iterations=None, experimental_use_pfor=True):
        """The Jacobian of `target` w.r.t. each source: shape `target.shape + source.shape`."""
        from ..ops.array_ops import reshape
        from ..ops.creation_ops import zeros
        from ..ops.array_ops import stack
        if self._used and not self._persistent:
            raise RuntimeError("A non-persistent GradientTape can only be used to compute one "
                               "set of gradients (or jacobians)")
        target = as_tensor(target)
        flat_sources = nest.flatten(sources)
        n = int(target._value.size)
        rows = [[] for _ in flat_sources]
        connected = [False] * len(flat_sources)
        was_recording = self._pop()
        try:
            for i in range(n):
                grads = self._backward([target], [_seed(target, lambda flat: flat.__setitem__(i, 1))])
                for k, s in enumerate(flat_sources):
                    g = grads.get(id(s))
                    connected[k] = connected[k] or g is not None
                    rows[k].append(zeros_like(s) if g is None else g)
        finally:
            if was_recording:
                state.tapes.append(self)
        if not self._persistent:
            self._used = True
        zero = UnconnectedGradients(getattr(unconnected_gradients, "value", unconnected_gradients)) \
            is UnconnectedGradients.ZERO
        results = []
        for s, r, c in zip(flat_sources, rows, connected):
            shape = tuple(target.shape) + tuple(s.shape)
            if not (c or zero):
                results.append(None)
            else:
                results.append(reshape(stack(r), shape) if r else zeros(shape, s._dtype))
        return nest.pack_sequence_as(sources, results)

    def batch_jacobian(self, target, source, unconnected_gradients=UnconnectedGradients.NONE,
                       parallel_iterations=None, experimental_use_pfor=True):
        """Per-example Jacobians: `target[b, ...]` w.r.t. `source[b, ...]`, assuming rows are independent.

        Returns a tensor of shape `target.shape + source.shape[1:]`.
        """
        from ..ops.array_ops import reshape, transpose
        from ..ops.array_ops import stack
        if self._used and not self._persistent:
            raise RuntimeError("A non-persistent GradientTape can only be used to compute one "
                               "set of gradients (or jacobians)")
        target = as_tensor(target)
        tshape, sshape = tuple(target.shape), tuple(source.shape)
        if tshape[0] != sshape[0]:
            raise ValueError(f"batch_jacobian: target and source must have the same first (batch) "
                             f"dimension, got shapes {tshape} and {sshape}.")
        per_row = 1
        for d in tshape[1:]:
            per_row *= d
        columns = []
        was_recording = self._pop()
        try:
            for j in range(per_row):
                seed = _seed(target, lambda flat: flat.reshape(tshape[0], -1).__setitem__((slice(None), j), 1))
                g = self._backward([target], [seed]).get(id(source))
                columns.append(zeros_like(source) if g is None else g)
        finally:
            if was_recording:
                state.tapes.append(self)
        if not self._persistent:
            self._used = True
        stacked = stack(columns)                        # [per_row, b, *source[1:]]
        perm = [1, 0] + list(range(2, len(sshape) + 1))
        return reshape(transpose(stacked, perm), tshape + sshape[1:])


def _seed(target, set_ones):
    """A zero tensor shaped like `target` whose flat view `set_ones` marks with ones."""
    xp = backend.array_module(target._value)
    flat = xp.zeros(target._value.size, dtype=target._value.dtype)
    set_ones(flat)
    return Tensor(flat.reshape(target._value.shape), target._dtype)


def _accumulate(grads, x, g):
    key = id(x)
    previous = grads.get(key)
    grads[key] = g if previous is None else previous + g
