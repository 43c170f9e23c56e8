"""`tf.print`: prints tensors' values, eagerly or every time a graph runs.

Tensors print as TensorFlow prints them: the first and last `summarize` entries of
each dimension, floats in their shortest exact form; to stderr by default.

>>> import sys
>>> import neuroflow as tf
>>> tf.print("x:", tf.range(10), {"a": tf.constant(1.5)}, output_stream=sys.stdout)
x: [0 1 2 ... 7 8 9] {'a': 1.5}
>>> tf.print(tf.constant([[1, 2], [3, 4]]), output_stream=sys.stdout)
[[1 2]
 [3 4]]
"""
import sys

import numpy as np

from ..framework import nest
from ..framework.tensor import Tensor, _host
from ..framework.variable import Variable
from ..ops.registry import op, state

__all__ = ["print", "format_value"]


def _number(x):
    """TensorFlow's shortest text for one element: 6 (float32) or 15 (float64) digits if exact."""
    if isinstance(x, (np.bool_, bool)):
        return "1" if x else "0"
    if isinstance(x, np.floating):
        short = "%.6g" if x.dtype.itemsize <= 4 else "%.15g"
        text = short % x
        if x.dtype.type(text) != x and np.isfinite(x):
            text = ("%.9g" if x.dtype.itemsize <= 4 else "%.17g") % x
        return text
    if isinstance(x, bytes):
        return x.decode("utf-8", "replace")
    return str(x)


def _summarize(array, summarize, depth=0):
    if array.ndim == 0:
        return _number(array[()])
    n = array.shape[0]
    if 0 <= summarize and 2 * summarize < n:
        items = [_summarize(array[i], summarize, depth + 1) for i in range(summarize)] + ["..."] + \
                [_summarize(array[i], summarize, depth + 1) for i in range(n - summarize, n)]
    else:
        items = [_summarize(array[i], summarize, depth + 1) for i in range(n)]
    separator = " " if array.ndim == 1 else "\n" + " " * (depth + 1)
    return "[" + separator.join(items) + "]"


def format_value(value, summarize=3):
    """Text for one `tf.print` argument: tensors summarized, structures recursively, else str()."""
    if isinstance(value, (Tensor, Variable, np.ndarray)):
        return _summarize(np.asarray(_host(value._value if hasattr(value, "_value") else value)), summarize)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {format_value(v, summarize)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        text = ", ".join(format_value(v, summarize) for v in value)
        return f"[{text}]" if isinstance(value, list) else f"({text}{',' if len(value) == 1 else ''})"
    return str(value)


def _write(stream, text):
    if stream is None:
        stream = sys.stderr
    if isinstance(stream, str):
        if not stream.startswith("file://"):
            raise ValueError(f"tf.print: output_stream {stream!r} must be sys.stdout, sys.stderr or "
                             "'file://<path>'.")
        with open(stream[len("file://"):], "a") as f:
            f.write(text)
    elif callable(getattr(stream, "write", None)):
        stream.write(text)
    else:
        stream(text.rstrip("\n"))  # a logging function such as logging.info


@op("PrintV2")
def _print_op(xp, *arrays, structure, output_stream, summarize, sep, end):
    values = iter(arrays)
    filled = nest.map_structure(lambda leaf: Tensor(next(values)) if leaf is _TENSOR else leaf, structure)
    _write(output_stream, sep.join(format_value(v, summarize) for v in filled) + end)
    return ()


class _TensorSlot:
    def __repr__(self):
        return "<tensor>"


_TENSOR = _TensorSlot()


def print(*inputs, output_stream=None, summarize=3, sep=" ", end="\n", name=None):  # noqa: A001
    """Prints `inputs` (tensors, Python values, nested structures) when the code runs.

    Inside a `tf.function` it prints on every call of the function, in program order
    with variable assignments, unlike Python's `print`, which runs only while tracing.

    Args:
        *inputs: what to print, separated by `sep`.
        output_stream: `sys.stderr` (default), `sys.stdout`, `'file://<path>'` or a logging function.
        summarize: entries printed from each end of each dimension (-1: all).
        sep, end: as in Python's `print`.
    """
    summarize = -1 if summarize is None else summarize
    if state.graph is None:
        _write(output_stream, sep.join(format_value(v, summarize) for v in inputs) + end)
        return None
    leaves = nest.flatten(list(inputs))
    tensors = [x for x in leaves if isinstance(x, (Tensor, Variable))]
    structure = nest.pack_sequence_as(list(inputs), [_TENSOR if isinstance(x, (Tensor, Variable)) else x
                                                     for x in leaves])
    return _print_op(*tensors, structure=structure, output_stream=output_stream, summarize=summarize,
                     sep=sep, end=end)

