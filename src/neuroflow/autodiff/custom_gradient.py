"""`custom_gradient`: a function whose gradient you write yourself.

The decorated `f(*x)` returns `(y, grad_fn)`. `f` runs as usual (its ops are recorded,
so `grad_fn` may use tensors `f` computed and still be differentiated again); then the
call is recorded as one op from `x` to `y` whose gradient is `grad_fn`. Gradients never
flow through `f`'s own ops.

>>> import neuroflow as tf
>>> @tf.custom_gradient
... def half_gradient(x):
...     def grad(upstream):
...         return upstream * 0.5
...     return tf.identity(x), grad
>>> x = tf.constant(2.0)
>>> with tf.GradientTape() as tape:
...     tape.watch(x)
...     y = half_gradient(x * x)
>>> print(y.numpy(), tape.gradient(y, x).numpy())   # d(x*x)/dx = 4, halved
4.0 2.0
"""
import functools
import inspect

from ..framework import nest
from ..ops.registry import Op, as_tensor, state
from .tape import GradientTape

__all__ = ["custom_gradient"]


def custom_gradient(f=None):
    """Decorator: `f(*x)` returns `(y, grad_fn)`; `grad_fn(*dy)` returns the gradients for `x`.

    `y` may be a tensor or a nested structure of tensors; `grad_fn` receives one upstream
    gradient per tensor of `y` and returns one gradient per argument of `f` (a tensor,
    or a list for several arguments). When `f` reads trainable variables other than its
    arguments, `grad_fn` must accept the keyword argument `variables` (the list of those
    variables) and return `(input_grads, variable_grads)`.

    Args:
        f: the function; `custom_gradient()` with no argument returns the decorator.

    Returns:
        The decorated function (also usable on methods).

    >>> import neuroflow as tf
    >>> @tf.custom_gradient
    ... def log1pexp(x):
    ...     e = tf.exp(x)
    ...     def grad(upstream):
    ...         return upstream * (1 - 1 / (1 + e))
    ...     return tf.math.log(1 + e), grad
    >>> x = tf.constant(0.0)
    >>> with tf.GradientTape() as tape:
    ...     tape.watch(x)
    ...     y = log1pexp(x)
    >>> tape.gradient(y, x).numpy()                 # 1 - 1 / (1 + e^0)
    np.float32(0.5)
    """
    if f is None:
        return custom_gradient
    return _CustomGradient(f)


class _CustomGradient:
    """The decorated function; binds like a function when used as a method."""

    def __init__(self, f):
        self._f = f
        self._op = Op(getattr(f, "__name__", "CustomGradient"), _forward, view=True)
        self._op.gradient(_gradient)
        functools.update_wrapper(self, f)

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        bound = _CustomGradient.__new__(_CustomGradient)
        bound._f, bound._op = self._f.__get__(instance, owner), self._op
        functools.update_wrapper(bound, self._f)
        return bound

    def __call__(self, *args, **kwargs):
        if not state.tapes and state.graph is None:
            result, _ = self._f(*args, **kwargs)    # nothing records: the gradient is never asked
            return result
        with GradientTape() as watcher:             # finds the trainable variables `f` reads
            result, grad_fn = self._f(*args, **kwargs)
        inputs = [as_tensor(x) for x in nest.flatten(args)]
        passed = [id(x) for x in inputs + nest.flatten(kwargs)]
        variables = [v for v in watcher.watched_variables() if id(v) not in passed]
        if variables and not _accepts_variables(grad_fn):
            raise TypeError("@tf.custom_gradient grad_fn must accept keyword argument 'variables', "
                            f"since function uses variables: {variables}")
        flat_result = [as_tensor(y) for y in nest.flatten(result)]
        call = _Call(result, grad_fn, len(flat_result), len(inputs), variables)
        outputs = self._op(*flat_result, *inputs, *variables, call=call)
        if not isinstance(outputs, tuple):
            outputs = (outputs,)
        return nest.pack_sequence_as(result, list(outputs))


def _accepts_variables(fn):
    spec = inspect.getfullargspec(fn)
    return "variables" in spec.args or "variables" in spec.kwonlyargs or spec.varkw is not None


class _Call:
    """What one call of a custom-gradient function hands to its recorded op."""

    __slots__ = ("result", "grad_fn", "n_results", "n_inputs", "variables")

    def __init__(self, result, grad_fn, n_results, n_inputs, variables):
        self.result, self.grad_fn, self.variables = result, grad_fn, variables
        self.n_results, self.n_inputs = n_results, n_inputs


def _forward(xp, *arrays, call):
    """The recorded op's inputs are `(*results, *inputs, *variables)`; it outputs the results."""
    return arrays[0] if call.n_results == 1 else tuple(arrays[:call.n_results])


def _gradient(ctx, *dys):
    call = ctx.attrs["call"]
    upstream = nest.pack_sequence_as(call.result, list(dys))
    if not isinstance(upstream, (list, tuple)):
        upstream = [upstream]
    if call.variables:
        input_grads, variable_grads = call.grad_fn(*upstream, variables=call.variables)
        if len(variable_grads) != len(call.variables):
            raise ValueError("Must return gradient for each variable from @custom_gradient grad_fn.")
    else:
        input_grads, variable_grads = call.grad_fn(*upstream), []
    flat = nest.flatten(input_grads)
    if len(flat) != call.n_inputs:
        raise ValueError(f"custom_gradient function expected to return {call.n_inputs} gradients, "
                         f"but returned {len(flat)} instead.")
    grads = [None if g is None else as_tensor(g) for g in flat + list(variable_grads)]
    return (None,) * call.n_results + tuple(grads)
