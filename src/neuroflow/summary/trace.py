"""Graphs for TensorBoard's graph dashboard: `tf.summary.graph` and `trace_on`/`trace_export`.

`graph(g)` writes a graph (or a `GraphDef`) as the run's graph. `trace_on()` starts
collecting the graph of every `tf.function` that runs; `trace_export(name, step)` writes
them under the tag `name` (TensorBoard lists it in the graph dashboard's "Tag" menu)
and stops collecting. Graphs keep TensorFlow op names and name scopes (see
`neuroflow.graph.graph_def`), so Keras layers appear as boxes.

>>> import tempfile
>>> import neuroflow as tf
>>> @tf.function
... def f(x):
...     with tf.name_scope("square"):
...         return x * x
>>> tf.summary.trace_on(graph=True)
>>> _ = f(tf.constant(3.0))
>>> with tf.summary.create_file_writer(tempfile.mkdtemp()).as_default():
...     tf.summary.trace_export("f_trace", step=0)
True
"""
import threading

import numpy as np

from ..framework.logger import get_logger
from ..graph import concrete_function
from ..graph.graph import Graph
from ..graph.graph_def import to_graph_def
from ..ops.registry import state
from .tensorboard_protos import tensorboard
from .write_op import write_lazy
from .writer import condition_holds, summary_scope, summary_state

__all__ = ["graph", "trace_on", "trace_off", "trace_export"]

_lock = threading.Lock()
_trace = {"collected": None}  # while tracing: id -> ConcreteFunction that ran


def _as_graph_def(graph_data):
    tb = tensorboard()
    if isinstance(graph_data, Graph):
        return to_graph_def(graph_data, tb.graph_pb2.GraphDef)
    if isinstance(graph_data, tb.graph_pb2.GraphDef) or type(graph_data).__name__ == "GraphDef" \
            and hasattr(graph_data, "SerializeToString"):
        return graph_data
    raise ValueError(f"Argument 'graph_data' is not tf.Graph or tf.compat.v1.GraphDef. Received "
                     f"graph_data={graph_data!r} of type {type(graph_data).__name__}. Pass e.g. "
                     "f.get_concrete_function(...).graph.")


def graph(graph_data):
    """Writes a graph (a `tf.Graph` or a `GraphDef`) for TensorBoard's graph dashboard.

    Returns:
        True if written; False without a default writer or when `record_if` is off.

    Raises:
        ValueError: called inside a `tf.function`, or `graph_data` is not a graph.
    """
    if state.graph is not None:
        raise ValueError("graph() cannot be invoked inside a graph context.")
    writer = summary_state.writer
    graph_def = _as_graph_def(graph_data)
    if writer is None or not writer.writes or not condition_holds(summary_state.condition):
        return False
    event = tensorboard().event_pb2.Event(step=0, graph_def=graph_def.SerializeToString())
    writer.add_event(event)
    return True


def trace_on(graph=True, profiler=False, profiler_outdir=None):  # noqa: A002 - TensorFlow's name
    """Starts collecting the graphs of the `tf.function`s that run, for `trace_export`.

    Args:
        graph: collect graphs (the only kind of trace neuroflow records).
        profiler, profiler_outdir: accepted; neuroflow has no profiler, so no profile is written.
    """
    if profiler:
        get_logger().warning("tf.summary.trace_on: neuroflow has no profiler; only graphs are collected.")
    with _lock:
        if _trace["collected"] is not None:
            get_logger().warning("Trace already enabled")
            return
        collected = _trace["collected"] = {}

    def observe(function):
        collected.setdefault(id(function), function)
    _trace["observer"] = observe
    if graph:
        concrete_function.call_observers.append(observe)


def trace_off():
    """Stops collecting graphs and discards what was collected."""
    with _lock:
        if _trace["collected"] is None:
            return
        _trace["collected"] = None
        observer = _trace.pop("observer")
        if observer in concrete_function.call_observers:
            concrete_function.call_observers.remove(observer)


def trace_export(name, step=None, profiler_outdir=None):
    """Writes the graphs collected since `trace_on()` under the tag `name`, and stops collecting.

    Returns:
        True if written; False without a default writer or when `record_if` is off.

    Raises:
        ValueError: tracing was not started, or no step is known.
    """
    if state.graph is not None:
        get_logger().warning("Cannot export trace inside a tf.function.")
        return False
    with _lock:
        collected = _trace["collected"]
    if collected is None:
        raise ValueError("Must enable trace before export through tf.summary.trace_on.")
    try:
        tb = tensorboard()
        run_metadata = tb.config_pb2.RunMetadata()
        for function in collected.values():
            run_metadata.function_graphs.add().pre_optimization_graph.CopyFrom(
                to_graph_def(function.graph, tb.graph_pb2.GraphDef))
        metadata = tb.summary_pb2.SummaryMetadata()
        metadata.plugin_data.plugin_name = tb.graph_metadata.PLUGIN_NAME_RUN_METADATA_WITH_GRAPH
        metadata.plugin_data.content = b"1"
        serialized = run_metadata.SerializeToString()
        with summary_scope(name, "graph_run_metadata_graph_summary") as (tag, _):
            return write_lazy(tag, None, lambda _: _string_scalar(serialized), step, metadata)
    finally:
        trace_off()


def _string_scalar(data):
    array = np.empty((), dtype=object)
    array[()] = data
    return array
