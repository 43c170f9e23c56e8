"""The object graph of a checkpoint: which objects a save reaches, by which names.

An object's children are its variables and its trackable attributes, as TensorFlow tracks
them: a `tf.Module`'s attributes (in assignment order), lists/tuples by index, dicts by key,
and whatever an object's `_trackable_children()` returns (Keras layers and optimizers name
theirs as Keras 3 does on TensorFlow). The graph is walked breadth first from the root, so a
variable reached by several paths is stored once, under its shortest path:
`model/_operations/1/_kernel/.ATTRIBUTES/VARIABLE_VALUE`.

>>> import neuroflow as tf
>>> class Net(tf.Module):
...     def __init__(self):
...         super().__init__()
...         self.w = tf.Variable(1.0)
...         self.parts = [tf.Variable(2.0), {"b": tf.Variable(3.0)}]
>>> [key for key, _ in object_graph(Net())[1]]
['w/.ATTRIBUTES/VARIABLE_VALUE', 'parts/0/.ATTRIBUTES/VARIABLE_VALUE', 'parts/1/b/.ATTRIBUTES/VARIABLE_VALUE']
"""
import operator

from ..framework import restore_hooks
from ..framework.module import Module, is_trackable
from ..framework.variable import Variable
from .checkpoint_proto import TrackableObjectGraph

__all__ = ["is_trackable", "trackable_children", "attribute_children", "object_graph", "ObjectGraphCache",
           "escape", "VARIABLE_VALUE", "OBJECT_GRAPH_KEY"]

VARIABLE_VALUE = "VARIABLE_VALUE"
OBJECT_GRAPH_KEY = "_CHECKPOINTABLE_OBJECT_GRAPH"


def attribute_children(obj, skip=(), rename=None):
    """`(name, value)` for `obj`'s trackable attributes in assignment order (names in `skip` left out)."""
    rename = rename or {}
    return [(rename.get(name, name), value) for name, value in vars(obj).items()
            if name not in skip and is_trackable(value)]


def trackable_children(obj):
    """The `(local_name, child)` pairs a checkpoint records for `obj`, in order."""
    method = getattr(obj, "_trackable_children", None)
    if method is not None:
        return method()
    if isinstance(obj, Variable):
        return []
    if isinstance(obj, (list, tuple)):
        return [(str(i), v) for i, v in enumerate(obj) if is_trackable(v)]
    if isinstance(obj, dict):
        return [(str(k), v) for k, v in obj.items() if is_trackable(v)]
    if isinstance(obj, Module):
        return attribute_children(obj)
    return []


def escape(local_name):
    """A child name as it appears in checkpoint keys ('/' and '.' escaped as TensorFlow does)."""
    return local_name.replace(".", "..").replace("/", ".S")


def _variable_name(variable):
    return getattr(variable, "path", None) or variable.name.split(":")[0]


def object_graph(root, with_objects=False):
    """The `TrackableObjectGraph` reachable from `root`, and `[(checkpoint_key, variable)]`
    (and, `with_objects`, the live object of each node)."""
    ids, objects, paths, children = {id(root): 0}, [root], [""], []
    for obj, path in zip(objects, paths):  # breadth first: both lists grow while the loop walks them
        refs = []
        for name, child in trackable_children(obj):
            child_id = ids.get(id(child))
            if child_id is None:
                child_id = ids[id(child)] = len(objects)
                objects.append(child)
                paths.append(path + escape(name) + "/")
            refs.append((child_id, name))
        children.append(refs)
    has_values = [isinstance(obj, Variable) for obj in objects]
    changed = True
    while changed:  # a node has values when any node below it has
        changed = False
        for node_id in reversed(range(len(objects))):  # children mostly come later: one pass usually settles
            if not has_values[node_id] and any(has_values[child_id] for child_id, _ in children[node_id]):
                has_values[node_id] = changed = True
    proto, values = TrackableObjectGraph(), []
    for node_id, obj in enumerate(objects):
        node = proto.nodes.add()
        for child_id, name in children[node_id]:
            node.children.add(node_id=child_id, local_name=name)
        if isinstance(obj, Variable):
            key = paths[node_id] + ".ATTRIBUTES/" + VARIABLE_VALUE
            node.attributes.add(name=VARIABLE_VALUE, full_name=_variable_name(obj), checkpoint_key=key)
            values.append((key, obj))
        node.has_checkpoint_values.value = has_values[node_id]
    return (proto, values, objects) if with_objects else (proto, values)


class ObjectGraphCache:
    """`object_graph(root)`, walked again only when the graph may have changed.

    The walk visits every attribute of every object (a Keras model's layers have dozens); an
    asynchronous save, which must cost the training loop little, keeps its result while it
    still holds: while no object reported a change (`restore_hooks.generation`: `tf.Module`s,
    Keras layers and `tf.train.Checkpoint`s report every attribute set, optimizers the building
    of their slots, and every new variable counts) and every other object in the graph (lists,
    dicts, optimizers, ...) still has the same children, compared by identity at each call.
    A change the cache does not see: an object that already existed, put in place (not by an
    attribute set) into a list or dict that was empty at the last walk.

    >>> import neuroflow as tf
    >>> net = tf.Module()
    >>> net.parts = [tf.Variable(1.0)]
    >>> graph = ObjectGraphCache(net)
    >>> [key for key, _ in graph.get()[1]]
    ['parts/0/.ATTRIBUTES/VARIABLE_VALUE']
    >>> net.parts.append(net.parts[0])  # in place, no new variable: still seen
    >>> net.parts.append(tf.Variable(2.0))
    >>> [key for key, _ in graph.get()[1]]
    ['parts/0/.ATTRIBUTES/VARIABLE_VALUE', 'parts/2/.ATTRIBUTES/VARIABLE_VALUE']
    """

    def __init__(self, root):
        self._root = root
        self._generation = None
        self._unreported = []  # (object, its children) of the objects that do not report changes
        self._graph = None  # (serialized TrackableObjectGraph, [(checkpoint key, variable)])

    def get(self):
        """`(serialized TrackableObjectGraph, [(checkpoint key, variable)])`, as `object_graph` gives them."""
        if self._generation != restore_hooks.generation or not all(
                _same_contents(_contents(obj), contents) for obj, contents in self._unreported):
            self._generation = restore_hooks.generation
            proto, values, objects = object_graph(self._root, with_objects=True)
            self._graph = proto.SerializeToString(), values
            self._unreported = [(obj, _contents(obj)) for obj in objects
                                if not isinstance(obj, Variable) and not getattr(obj, "_reports_tracking", False)]
        return self._graph


def _contents(obj):
    """`(names, objects)` that make up `obj`'s children: a list's or tuple's items, a dict's keys and
    values (any change of them counts, trackable or not), else its trackable children."""
    if type(obj) in (list, tuple):
        return (), tuple(obj)
    if type(obj) is dict:
        return tuple(obj), tuple(obj.values())
    children = trackable_children(obj)
    return tuple(name for name, _ in children), tuple(child for _, child in children)


def _same_contents(now, before):
    """Whether `_contents` are the same: equal names, the very same objects."""
    return now[0] == before[0] and len(now[1]) == len(before[1]) and all(map(operator.is_, now[1], before[1]))
