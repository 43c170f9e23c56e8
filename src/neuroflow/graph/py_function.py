"""`tf.py_function` and `tf.numpy_function`: arbitrary Python inside a graph.

The function runs eagerly, on tensors (`py_function`) or NumPy arrays (`numpy_function`), each time
the op runs, also when it is a node of a traced `tf.function` or `Dataset.map`. Tracing does not
call it, so there its outputs' shapes are unknown, as in TensorFlow (`tf.ensure_shape` states
them). `py_function` is differentiable: its gradient re-runs the function under a `GradientTape`.

>>> import neuroflow as tf
>>> tf.py_function(func=lambda x: x * 2, inp=[tf.constant(3.0)], Tout=tf.float32).numpy()
np.float32(6.0)
>>> tf.numpy_function(lambda x: x + 1, [tf.constant([1, 2])], tf.int32).numpy()
array([2, 3], dtype=int32)
"""
import numpy as np

from ..autodiff.tape import GradientTape
from ..framework import dtypes, nest
from ..framework.dtypes import from_numpy
from ..framework.tensor import Tensor
from ..framework.tensor_shape import TensorShape
from ..ops.registry import op, as_tensor, state
from .symbolic import stand_in

__all__ = ["py_function", "numpy_function"]


class _Eagerly:
    """Runs the code inside eagerly, even while a graph is being traced or run."""

    def __enter__(self):
        self.graph, state.graph = state.graph, None

    def __exit__(self, *exc):
        state.graph = self.graph


def _as_array(value, dtype, xp):
    value = value.numpy() if hasattr(value, "numpy") else value
    if dtype == dtypes.string:  # Python str results become UTF-8 bytes, as TensorFlow's strings are
        array = np.asarray(value, dtype=object)
        return np.vectorize(lambda v: v.encode() if isinstance(v, str) else v, otypes=[object])(array)
    return xp.asarray(np.asarray(value, dtype=dtype.as_numpy_dtype))


def _call(xp, arrays, func, tout, tensors):
    with _Eagerly():
        args = [Tensor(a, from_numpy(a.dtype)) for a in arrays] if tensors else \
            [a if np.ndim(a) == 0 and not isinstance(a, np.ndarray) else np.asarray(a) for a in arrays]
        out = func(*args)
    if isinstance(tout, (list, tuple)):
        return tuple(_as_array(o, t, xp) for o, t in zip(nest.flatten(out), tout))
    return _as_array(out, tout, xp)


@op("EagerPyFunc", stateful=True)
def _eager_py_func(xp, *arrays, func, tout):
    return _call(xp, arrays, func, tout, tensors=True)


@op("EagerPyFuncGrad", stateful=True)
def _eager_py_func_grad(xp, *arrays, func, n_inputs):
    """Gradients of `func` at the first `n_inputs` arrays, for the output gradients that follow."""
    with _Eagerly():
        inputs = [Tensor(a, from_numpy(a.dtype)) for a in arrays[:n_inputs]]
        seeds = [Tensor(a, from_numpy(a.dtype)) for a in arrays[n_inputs:]]
        with GradientTape() as tape:
            for x in inputs:
                tape.watch(x)
            out = func(*inputs)
        grads = tape.gradient(nest.flatten(out), inputs, output_gradients=seeds)
    return tuple(xp.zeros_like(a) if g is None else xp.asarray(g.numpy()) for a, g in zip(arrays, grads))


@_eager_py_func.gradient
def _(ctx, *dys):
    grads = _eager_py_func_grad(*ctx.inputs, *dys, func=ctx.attrs["func"], n_inputs=len(ctx.inputs))
    grads = grads if isinstance(grads, tuple) else (grads,)
    return tuple(g if x.dtype.is_floating or x.dtype.is_complex else None for g, x in zip(grads, ctx.inputs))


@op("PyFunc", stateful=True)
def _numpy_func(xp, *arrays, func, tout, in_graph=False):
    """In a graph, as in TensorFlow's, 0-d inputs arrive as NumPy scalars (`bytes` for strings)."""
    if in_graph:
        arrays = [np.asarray(a)[()] if np.ndim(a) == 0 else a for a in arrays]
    return _call(xp, arrays, func, tout, tensors=False)


def _tout(Tout):
    if isinstance(Tout, (list, tuple)):
        return [dtypes.as_dtype(t) for t in Tout]
    return dtypes.as_dtype(Tout)


def _run(kernel, inp, func, tout, **attrs):
    """Eagerly: `func`'s results now. While a graph is built: a node that will call `func` when the
    graph runs; `func` does not run at trace time, so its outputs' shapes are unknown (TensorFlow's)."""
    inputs = [as_tensor(x) for x in inp or []]
    graph = state.graph
    if graph is None:
        return kernel(*inputs, func=func, tout=tout)
    touts = tout if isinstance(tout, list) else [tout]
    values = tuple(stand_in([], t) for t in touts)
    return graph.add_recorded(kernel.op, [graph.capture(x) for x in inputs], {"func": func, "tout": tout, **attrs},
                              values, not isinstance(tout, list), (TensorShape(None),) * len(touts), recorded=inputs)


def py_function(func=None, inp=None, Tout=None, name=None):
    """Runs `func` eagerly on the tensors `inp`; returns its result(s) as `Tout` (a dtype or a list)."""
    if func is None:  # used as a decorator: @tf.py_function(Tout=...)
        return lambda f: lambda *args: py_function(f, list(args), Tout)
    return _run(_eager_py_func, inp, func, _tout(Tout))


def numpy_function(func=None, inp=None, Tout=None, stateful=True, name=None):
    """Runs `func` on NumPy arrays of `inp`; returns its result(s) as `Tout`. Not differentiable."""
    if func is None:
        return lambda f: lambda *args: numpy_function(f, list(args), Tout, stateful)
    return _run(_numpy_func, inp, func, _tout(Tout), in_graph=True)
