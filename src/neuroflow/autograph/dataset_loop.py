"""`for element in dataset:` inside a tf.function: one graph node that iterates the dataset when it runs.

The loop body is traced once into its own graph, with placeholders shaped by the dataset's
`element_spec`; the `DatasetFor` node then runs the compiled body for each element the
dataset yields on that call (a fresh pass over the data each time the function runs, as in
TensorFlow). Any object with `element_spec` and `__iter__` (TensorFlow's Dataset API) works.
"""
from ..framework import dtypes, nest
from ..framework.tensor_shape import TensorShape
from ..graph import control_flow
from ..ops.registry import as_tensor, op, state
from .operators import Undefined, UndefinedReturnValue, _portable

__all__ = ["dataset_for"]


class _Template:
    """What `_trace_branch` needs to make a placeholder for one element component."""

    def __init__(self, dtype, shape):
        self._dtype, self._shape, self._value = dtypes.as_dtype(dtype), TensorShape(shape), None


class _Loop:
    """The traced body (and break test) of one dataset loop, one trace per element shape.

    Neuroflow's graphs have static shapes, so a batch of a new size (the last, smaller
    batch) traces the body again, with the same captured tensors.
    """

    def __init__(self, dataset, body, test, graph, initial, n_elem):
        self.dataset, self.body, self.test, self.graph = dataset, body, test, graph
        self.initial, self.n_elem = initial, n_elem
        self.captured = None   # the outer tensors the first trace captured: the node's extra inputs
        self.programs = {}     # element shapes -> (body graph, test graph or None, capture positions)

    def trace(self, element_shapes, dtypes_):
        templates = [_Template(d, s) for d, s in zip(dtypes_, element_shapes)] + self.initial
        shapes = [t._shape for t in templates]
        body_graph, _ = control_flow._trace_branch(self.body, "dataset_for_body", self.graph, templates, shapes)
        graphs = [body_graph]
        test_graph = None
        if self.test is not None:
            test_graph, _ = control_flow._trace_branch(self.test, "dataset_for_test", self.graph, templates, shapes)
            graphs.append(test_graph)
        captured, variables = control_flow._captured_inputs(graphs, n_args=len(templates))
        if self.captured is None:
            self.captured = captured
        positions = [_position(t, self.captured) for t in captured]
        self.programs[tuple(map(tuple, element_shapes))] = (body_graph, test_graph, positions)
        return body_graph, captured, variables

    def programs_for(self, element_shapes, dtypes_):
        key = tuple(map(tuple, element_shapes))
        if key not in self.programs:
            saved = state.graph, state.tapes
            try:
                self.trace(element_shapes, dtypes_)
            finally:
                state.graph, state.tapes = saved
        body_graph, test_graph, positions = self.programs[key]
        return (control_flow._executable(body_graph),
                control_flow._executable(test_graph) if test_graph is not None else None, positions)


def _position(tensor, captured):
    for i, t in enumerate(captured):
        if t is tensor:
            return i
    raise ValueError(f"A dataset loop body traced for a new batch shape uses {tensor.name}, which its first trace "
                     "did not: make the body use the same tensors for every batch.")


@op("DatasetFor", stateful=True)
def _dataset_for(xp, *arrays, loop, n_vars, side_effects=True):
    loop_vars, captured = tuple(arrays[:n_vars]), arrays[n_vars:]
    for element in loop.dataset:
        components = [as_tensor(c) for c in nest.flatten(element)]
        body, test, positions = loop.programs_for([c._value.shape for c in components],
                                                  [c._dtype for c in components])
        arrays_in = [c._value for c in components]
        inputs = [captured[i] for i in positions]
        if test is not None and not test.run(*arrays_in, *loop_vars, *inputs)[0]:
            break
        loop_vars = tuple(body.run(*arrays_in, *loop_vars, *inputs))
    return control_flow.fresh(xp, loop_vars, arrays)


def dataset_for(dataset, extra_test, body, state_values, names):
    """Adds the DatasetFor node for `for element in dataset:`; returns the state after the loop."""
    graph = state.graph
    specs = nest.flatten(dataset.element_spec)
    carried = [i for i, v in enumerate(state_values)
               if not isinstance(v, (Undefined, UndefinedReturnValue)) and _portable(v)]
    initial = [graph.capture(as_tensor(state_values[i])) for i in carried]
    n_elem = len(specs)

    def full(carried_values):
        out = list(state_values)
        for i, v in zip(carried, carried_values):
            out[i] = v
        return out

    def traced_body(*args):
        element = nest.pack_sequence_as(dataset.element_spec, list(args[:n_elem]))
        outputs = body(element, *full(args[n_elem:]))
        return [outputs[i] for i in carried]

    test = None if extra_test is None else (lambda *args: extra_test(*full(args[n_elem:])))
    loop = _Loop(dataset, traced_body, test, graph, initial, n_elem)
    shapes = [TensorShape(s.shape) for s in specs]
    if not all(s.is_fully_defined() for s in shapes):   # trace for the first element's shapes
        first = next(iter(dataset), None)
        if first is not None:
            shapes = [TensorShape(as_tensor(c)._value.shape) for c in nest.flatten(first)]
    body_graph, captured, variables = loop.trace([s.as_list() for s in shapes], [s.dtype for s in specs])
    for i, before, after in zip(carried, initial, body_graph.outputs):
        if before._dtype is not after._dtype or not before._shape.is_compatible_with(after._shape):
            raise ValueError(f"'{names[i]}' is {before._dtype.name}{before._shape} before the loop "
                             f"but {after._dtype.name}{after._shape} after one iteration. Loop variables keep "
                             "their dtype and shape: give it its final form before the loop.")
    recorded = initial + captured + variables
    outputs = graph.add_recorded(_dataset_for.op, [graph.capture(t) for t in recorded],
                                 {"loop": loop, "n_vars": len(initial), "side_effects": True},
                                 tuple(t._value for t in initial), False, recorded=recorded)
    return tuple(full(outputs))
