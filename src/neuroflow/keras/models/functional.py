"""`Functional`: a model that is a graph of layer calls, from `keras.Input`s to outputs.

>>> from neuroflow import keras
>>> keras.backend.clear_session()
>>> a, b = keras.Input(shape=(3,), name="a"), keras.Input(shape=(2,), name="b")
>>> merged = keras.layers.Concatenate()([a, b])
>>> model = keras.Model(inputs=[a, b], outputs=keras.layers.Dense(1)(merged))
>>> [layer.name for layer in model.layers]
['a', 'b', 'concatenate', 'dense']
>>> import numpy as np
>>> model({"a": np.ones((4, 3)), "b": np.ones((4, 2))}).shape
TensorShape([4, 1])
"""
from ...framework import nest
from ...framework.convert import convert_to_tensor, is_tensor_like
from ...framework.tensor import Tensor
from ...ops.array_ops import expand_dims, squeeze
from ...ops.math_ops import cast
from ..layers import serialization
from ..layers.input_layer import InputLayer
from ..layers.input_spec import InputSpec, shape_of
from ..layers.keras_tensor import KerasTensor
from ..layers.layer import Layer
from ..layers.symbolic_ops import Operation
from ..saving.serialization_lib import deserialize_keras_object, serialize_keras_object
from ..trainers.trainer import Trainer
from .model import Model

__all__ = ["Functional"]


def _map_graph(inputs, outputs):
    """The nodes between `inputs` and `outputs` in execution order, the layers in Keras' order, and
    each node's depth (its distance from the outputs, InputLayer nodes included)."""
    input_ids = {id(x) for x in inputs}
    order, seen, first_seen, depth = [], set(), {}, {}

    def visit(tensor, consumer):
        if tensor._keras_history is None:
            raise ValueError(f"Output tensors of a Functional model must be the outputs of Keras layers. "
                             f"Received: {tensor!r}, which no layer produced.")
        layer, node_index, _ = tensor._keras_history
        node = layer._inbound_nodes[node_index]
        first_seen.setdefault(id(layer), (len(first_seen), layer))
        if id(node) in seen:
            return node
        if id(tensor) not in input_ids:
            if not node.input_tensors:
                raise ValueError(
                    f"Graph disconnected: cannot obtain value for tensor {tensor!r} at layer '{consumer}'. "
                    f"The following inputs were given: {[x.name for x in inputs]}. Pass every keras.Input "
                    "the outputs depend on in `inputs`.")
            for parent in node.input_tensors:
                visit(parent, layer.name)
            order.append(node)
        seen.add(id(node))
        return node

    for tensor in outputs:
        visit(tensor, "the model's outputs")
    missing = [x for x in inputs if id(x._keras_history[0]._inbound_nodes[x._keras_history[1]]) not in seen]
    if missing:
        raise ValueError(f"The inputs {[x.name for x in missing]} are not connected to the outputs. "
                         "Remove them from `inputs` or use them to compute the outputs.")
    for node in reversed(order):  # a node is deeper than every node that consumes its outputs
        depth.setdefault(id(node), 0)
        for parent in node.parent_nodes:
            depth[id(parent)] = max(depth.get(id(parent), 0), depth[id(node)] + 1)
    layer_depth = {}
    for x in inputs:
        node = x._keras_history[0]._inbound_nodes[x._keras_history[1]]
        depth.setdefault(id(node), 0)
        layer_depth[id(node.layer)] = max(layer_depth.get(id(node.layer), 0), depth[id(node)])
    for node in order:
        layer_depth[id(node.layer)] = max(layer_depth.get(id(node.layer), 0), depth[id(node)])
    layers = sorted((entry for key, entry in first_seen.items() if key in layer_depth),
                    key=lambda entry: (-layer_depth[id(entry[1])], entry[0]))
    return order, [layer for _, layer in layers], depth


class Functional(Model):
    """A model defined by calling layers on `keras.Input`s: `Model(inputs, outputs)`.

    Args:
        inputs: a KerasTensor from `keras.Input`, or a list or dict of them.
        outputs: the KerasTensor(s) computed from `inputs`, as a tensor, list or dict.
        name: the model's name (default 'functional', made unique).
    """

    _UNTRACKED = frozenset({"_inputs", "_outputs", "_nodes", "_steps", "_inputs_struct", "_outputs_struct",
                            "_input_names", "_node_depths"})

    def __init__(self, inputs, outputs, name=None, **kwargs):
        Trainer.__init__(self)
        Layer.__init__(self, name=name, **kwargs)
        for kind, structure in (("inputs", inputs), ("outputs", outputs)):
            for x in nest.flatten(structure):
                if not isinstance(x, KerasTensor):
                    raise ValueError(f"All `{kind}` values must be KerasTensors (from keras.Input or a layer "
                                     f"called on one). Received: {kind}={structure!r}, including {x!r}.")
        self._inputs_struct, self._outputs_struct = inputs, outputs
        self._inputs, self._outputs = nest.flatten(inputs), nest.flatten(outputs)
        self._nodes, self._operations, self._node_depths = _map_graph(self._inputs, self._outputs)
        # Tensors, not their ids: a deep copy of the model copies them consistently.
        self._steps = [(node.layer, node, node.input_tensors[0] if _is_simple(node) else None,
                        list(node.output_tensors), dying)
                       for node, dying in zip(self._nodes, _last_reads(self._nodes, self._outputs))]
        self._input_names = sorted(inputs, key=str) if isinstance(inputs, dict) else \
            [x._keras_history[0].name for x in self._inputs]
        self.input_spec = [InputSpec(shape=x.shape, allow_last_axis_squeeze=True, name=name)
                           for x, name in zip(self._inputs, self._input_names)]
        self.built = True

    # --- structure ------------------------------------------------------------------------
    @property
    def layers(self):
        """The layers of the graph, the InputLayers first, ordered by depth (operations such as `x + y` left out)."""
        return [op for op in self._operations if not isinstance(op, Operation)]

    @property
    def operations(self):
        """Every layer and operation (`x + y`, `x[:, 0]`) of the graph, in the order of `layers`."""
        return list(self._operations)

    inputs = property(lambda self: list(self._inputs))
    outputs = property(lambda self: list(self._outputs))

    @property
    def output_names(self):
        """The names of the layers that produce the outputs (compile's per-output keys)."""
        return [x._keras_history[0].name for x in self._outputs]

    input = property(lambda self: self._inputs_struct)
    output = property(lambda self: self._outputs_struct)

    @property
    def input_shape(self):
        shapes = [x.shape for x in self._inputs]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def output_shape(self):
        shapes = [x.shape for x in self._outputs]
        return shapes[0] if len(shapes) == 1 else shapes

    # --- running ----------------------------------------------------------------------------
    def _convert_inputs(self, inputs):
        """Data as tensors of each Input's dtype and rank, in the structure of the model's inputs."""
        if len(self._inputs) == 1 and not isinstance(inputs, dict):
            if isinstance(inputs, (list, tuple)) and len(inputs) == 1 and hasattr(inputs[0], "shape"):
                inputs = inputs[0]
            flat = [inputs]
        elif isinstance(inputs, dict):
            missing = [name for name in self._input_names if name not in inputs]
            if missing:
                raise ValueError(f"Missing data for input \"{missing[0]}\". You passed a data dictionary with keys "
                                 f"{list(inputs)}. Expected the following keys: {self._input_names}")
            flat = [inputs[name] for name in self._input_names]
        else:
            flat = nest.flatten(inputs) if nest.is_nested(inputs) else [inputs]
            if len(flat) != len(self._inputs):
                raise ValueError(f'Layer "{self.name}" expects {len(self._inputs)} input(s), but it received '
                                 f"{len(flat)} input tensors. Pass one array per keras.Input, as a list or a "
                                 f"dict keyed by input name.")
        converted = [_conform(x, ref) for x, ref in zip(flat, self._inputs)]
        return nest.pack_sequence_as(self._inputs_struct, converted) if nest.is_nested(self._inputs_struct) \
            else converted[0]

    def call(self, inputs, training=None, mask=None):
        values = dict(zip(map(id, self._inputs), nest.flatten(inputs) if nest.is_nested(inputs) else [inputs]))
        for layer, node, simple_input, output_tensors, dying in self._steps:
            if simple_input is not None:
                outputs = layer(values[id(simple_input)])
            else:
                args, kwargs = node.arguments(values)
                outputs = layer(*args, **kwargs)
                del args, kwargs
            for tensor in dying:  # read for the last time: free its memory now, not at the end
                del values[id(tensor)]
            if len(output_tensors) == 1:
                values[id(output_tensors[0])] = outputs
            else:
                values.update(zip(map(id, output_tensors), nest.flatten(outputs)))
            del outputs
        if not nest.is_nested(self._outputs_struct):
            return values[id(self._outputs_struct)]
        return nest.pack_sequence_as(self._outputs_struct, [values[id(x)] for x in self._outputs])

    # --- configuration ---------------------------------------------------------------------------
    def get_config(self):
        """The graph in Keras 3's format: each layer's config and the nodes feeding it."""
        node_index = {}
        for layer in self._operations:
            kept = [node for node in layer._inbound_nodes if node in self._nodes or isinstance(layer, InputLayer)]
            node_index.update({id(node): i for i, node in enumerate(kept)})

        def history(tensor):
            layer, index, tensor_index = tensor._keras_history
            return [layer.name, node_index.get(id(layer._inbound_nodes[index]), 0), tensor_index]

        def serialize_argument(x):
            if not isinstance(x, KerasTensor):
                return x
            return {"class_name": "__keras_tensor__",
                    "config": {"shape": list(x.shape), "dtype": x.dtype, "keras_history": history(x)}}

        def serialize_arguments(structure):  # then slices, Ellipsis, arrays... as Keras writes them
            return serialize_keras_object(nest.map_structure(serialize_argument, structure))

        layers = []
        for layer in self._operations:
            config = serialization.serialize(layer)
            config["name"] = layer.name
            config["inbound_nodes"] = [
                {"args": serialize_arguments(list(node.call_args)), "kwargs": serialize_arguments(node.call_kwargs)}
                for node in layer._inbound_nodes if node in self._nodes]
            layers.append(config)

        # A single tensor is one [name, node, index] triple, as Keras 3.15 writes it.
        return {"name": self.name, "trainable": self.trainable, "layers": layers,
                "input_layers": nest.map_structure(history, self._inputs_struct),
                "output_layers": nest.map_structure(history, self._outputs_struct)}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Rebuilds the graph: recreates each layer and replays its calls in dependency order."""
        made, pending = {}, []  # made: (layer name, node index) -> output tensors
        layers = {}
        for layer_config in config["layers"]:
            layer = serialization.deserialize(layer_config, custom_objects)
            layers[layer_config["name"]] = layer
            if isinstance(layer, InputLayer):
                made[(layer.name, 0)] = [layer.output]
            pending.extend((layer, i, node) for i, node in enumerate(layer_config.get("inbound_nodes", [])))

        def is_tensor_config(x):
            return isinstance(x, dict) and x.get("class_name") == "__keras_tensor__"

        def resolve(x):
            name, index, tensor_index = x["config"]["keras_history"]
            return made[(name, index)][tensor_index]

        def ready(structure):
            if is_tensor_config(structure):
                name, index, _ = structure["config"]["keras_history"]
                return (name, index) in made
            if isinstance(structure, dict):
                return all(ready(v) for v in structure.values())
            if isinstance(structure, (list, tuple)):
                return all(ready(v) for v in structure)
            return True

        def rebuild(structure):
            if is_tensor_config(structure):
                return resolve(structure)
            if isinstance(structure, dict) and "class_name" in structure and "config" in structure:
                return deserialize_keras_object(structure)  # a slice, Ellipsis, array... (never code)
            if isinstance(structure, dict):
                return {k: rebuild(v) for k, v in structure.items()}
            if isinstance(structure, (list, tuple)):
                return type(structure)(rebuild(v) for v in structure)
            return structure

        while pending:
            runnable = [item for item in pending if ready(item[2])]
            if not runnable:
                raise ValueError(f"Cannot rebuild Functional model '{config.get('name')}': the nodes of layers "
                                 f"{sorted({layer.name for layer, _, _ in pending})} depend on tensors that no "
                                 "layer in the config produces.")
            for item in runnable:
                layer, index, node = item
                outputs = layer(*rebuild(node["args"]), **rebuild(node["kwargs"]))
                made[(layer.name, index)] = nest.flatten(outputs)
                pending.remove(item)

        def tensors(structure):
            if isinstance(structure, list) and len(structure) == 3 and isinstance(structure[0], str):
                return made[(structure[0], structure[1])][structure[2]]
            if isinstance(structure, dict):
                return {k: tensors(v) for k, v in structure.items()}
            return [tensors(v) for v in structure]

        inputs, outputs = tensors(config["input_layers"]), tensors(config["output_layers"])
        return cls(inputs=_unwrap_single(inputs, config["input_layers"]),
                   outputs=_unwrap_single(outputs, config["output_layers"]),
                   name=config.get("name"), trainable=config.get("trainable", True))


def _unwrap_single(tensors, config):
    """A single tensor written as a one-element list of [name, node, index] (Keras 2's form) is that tensor."""
    return tensors[0] if isinstance(config, list) and len(config) == 1 and isinstance(config[0], list) \
        and len(config[0]) == 3 and isinstance(config[0][0], str) else tensors


def _last_reads(nodes, outputs):
    """Per node, the tensors it reads for the last time (never the model's outputs): `call` drops their
    values after that step, so a deep model holds only the activations still to be read, not all of them."""
    last = {id(x): (i, x) for i, node in enumerate(nodes) for x in node.input_tensors}
    kept = {id(x) for x in outputs}
    dying = [[] for _ in nodes]
    for key, (i, x) in last.items():
        if key not in kept:
            dying[i].append(x)
    return dying


def _is_simple(node):
    return (len(node.call_args) == 1 and isinstance(node.call_args[0], KerasTensor) and not node.call_kwargs)


def _conform(x, ref):
    """`x` as a tensor of the Input `ref`'s dtype, with a trailing axis of size 1 added or dropped to match its rank."""
    if type(x) is Tensor and x._dtype.name == ref.dtype and x._value.ndim == len(ref.shape):
        return x
    if not is_tensor_like(x):
        x = convert_to_tensor(x)
    if x.dtype != ref.dtype and x.dtype.is_numeric:
        x = cast(x, ref.dtype)
    rank, expected = len(shape_of(x)), len(ref.shape)
    if rank == expected + 1 and shape_of(x)[-1] == 1:
        return squeeze(x, axis=-1)
    if rank == expected - 1 and ref.shape[-1] == 1:
        return expand_dims(x, -1)
    return x
