"""`tf.summary.write`: one summary value to the default writer, now or each time a graph runs.

Eagerly it writes at once. While a `tf.function` is traced it adds a `WriteSummary`
node, a stateful op like `tf.print`'s: the compiler keeps it, in program order, and
each run of the function checks the recording condition, reads the step (a
`tf.Variable` step is read when the graph runs) and writes the data's value then.

>>> import tempfile
>>> import neuroflow as tf
>>> writer = tf.summary.create_file_writer(tempfile.mkdtemp())
>>> step = tf.Variable(0, dtype=tf.int64)
>>> @tf.function
... def train_step(x):
...     step.assign_add(1)
...     tf.summary.scalar("x", x, step=step)
>>> with writer.as_default():
...     for value in (1.0, 2.0, 3.0):
...         train_step(tf.constant(value))
>>> tf.summary.write("x", 1.0, step=0)   # no default writer here: nothing written
False
"""
import numpy as np

from ..framework.convert import convert_to_tensor
from ..framework.name_scope import current_scope
from ..framework.tensor import Tensor, _host
from ..framework.variable import Variable
from ..graph.graph import STATEFUL_OPS
from ..ops.registry import op, state
from .writer import condition_holds, summary_scope, summary_state

__all__ = ["write", "write_lazy", "write_named", "is_writing"]

STATEFUL_OPS.add("WriteSummary")  # never folded, merged or removed by the compiler

_NO_STEP = ("No step set. Please specify one either through the `step` argument or through "
            "tf.summary.experimental.set_step()")


class _Input:
    """Marks an attribute whose value is the next tensor input of the node."""

    def __repr__(self):
        return "<input>"


_INPUT = _Input()


def _numpy(value):
    if isinstance(value, (Tensor, Variable)):
        return np.asarray(_host(value._value if hasattr(value, "_value") else value))
    return np.asarray(_host(value)) if hasattr(value, "shape") else np.asarray(value)


@op("WriteSummary")
def _write_summary(xp, *arrays, writer, tag, metadata, to_array, step, condition, constant):
    arrays = iter(arrays)
    data = constant if constant is not None else next(arrays)
    step = next(arrays) if step is _INPUT else step
    condition = next(arrays) if condition is _INPUT else condition
    if condition_holds(condition if not hasattr(condition, "shape") else bool(_numpy(condition))):
        writer.write_array(tag, to_array(_numpy(data)), _step_number(step), metadata)
    return ()


def _step_number(step):
    """The int a step stands for now: an int, a tensor or variable, or any object with `__int__`."""
    return int(_numpy(step)) if isinstance(step, (Tensor, Variable)) else int(step)


def _is_tensor(value):
    return isinstance(value, (Tensor, Variable))


def write_lazy(tag, data, to_array, step=None, metadata=None):
    """Writes `to_array(data as a NumPy array)` under `tag`; `to_array` runs only when recording.

    Summaries (scalar, histogram, image...) call this with their conversion to the
    tensor TensorBoard's plugin reads, so nothing is converted when nothing is written.
    Returns True when written (or, in a graph, when a write node was added), else False.
    """
    writer = summary_state.writer
    if writer is None or not writer.writes:
        return False
    writer._check_open()
    step = summary_state.step if step is None else step
    if metadata is not None and not isinstance(metadata, bytes):
        metadata = metadata.SerializeToString()
    condition = summary_state.condition
    if state.graph is None:
        if not condition_holds(condition):
            return False
        if step is None:
            raise ValueError(_NO_STEP)
        writer.write_array(tag, to_array(_numpy(data)), _step_number(step), metadata)
        return True
    if condition is False:
        return False
    if step is None:
        raise ValueError(_NO_STEP)
    inputs, constant = [], None
    if _is_tensor(data):
        inputs.append(data)
    else:
        constant = data if isinstance(data, np.ndarray) else np.asarray(data)
    if _is_tensor(step):
        inputs.append(step)
        step = _INPUT
    if _is_tensor(condition):
        inputs.append(condition)
        condition = _INPUT
    _write_summary(*inputs, writer=writer, tag=tag, metadata=metadata, to_array=to_array, step=step,
                   condition=condition, constant=constant)
    return True


def is_writing():
    """Whether a writer that writes is the default (summaries skip all work otherwise)."""
    writer = summary_state.writer
    return writer is not None and writer.writes


def write_named(name, default_name, data, to_array, step, metadata):
    """`write_lazy` under the tag of summary `name`; in a graph, its node gets the summary's name scope."""
    if state.graph is None:  # eagerly no op is created: only the tag needs the enclosing scopes
        return write_lazy(current_scope() + (name or default_name), data, to_array, step, metadata)
    with summary_scope(name, default_name) as (tag, _):
        return write_lazy(tag, data, to_array, step, metadata)


def write(tag, tensor, step=None, metadata=None, name=None):
    """Writes `tensor` under `tag` to the default writer, if there is one and recording is on.

    Args:
        tag: the summary's tag (see `tf.summary.experimental.summary_scope`).
        tensor: the value to write, or a callable returning it (called only when recording).
        step: the step (an int, tensor or variable); default `tf.summary.experimental.get_step()`.
        metadata: a `SummaryMetadata` message or its serialized bytes (which plugin reads it).
        name: accepted for compatibility.

    Returns:
        True if a summary was written, False when there is no default writer or the
        `record_if` condition is False.

    Raises:
        ValueError: a default writer exists but no step was given or set.
    """
    if callable(tensor):
        return write_lazy(tag, None, lambda _: _numpy(tensor()), step, metadata) \
            if state.graph is None else write_lazy(tag, convert_to_tensor(tensor()), lambda a: a, step, metadata)
    return write_lazy(tag, tensor, lambda a: a, step, metadata)
