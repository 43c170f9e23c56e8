"""`tf.train.CheckpointView`: the object graph stored in a checkpoint, and how it matches live objects.

>>> import os, tempfile
>>> import neuroflow as tf
>>> root = tf.Module()
>>> root.a_var = tf.Variable(5.0)
>>> root.vars = [tf.Variable(1.0), tf.Variable(2.0)]
>>> path = tf.train.Checkpoint(root).save(os.path.join(tempfile.mkdtemp(), "ckpt"))
>>> view = tf.train.CheckpointView(path)
>>> view.children(0)
{'a_var': 1, 'vars': 2, 'root': 0, 'save_counter': 3}
>>> other = tf.Module()
>>> other.a_var = tf.Variable(0.0)
>>> matched, only_in_checkpoint, only_in_object = view.diff(other)
>>> sorted(matched), only_in_checkpoint, only_in_object
([0, 1], [2, 3, 4, 5], [])
"""
import collections

from ..framework.errors import NotFoundError
from .checkpoint_proto import TrackableObjectGraph
from .tensor_bundle import BundleReader
from .trackable import OBJECT_GRAPH_KEY
from .trackable_view import TrackableView

__all__ = ["CheckpointView"]


class CheckpointView:
    """The object graph of the checkpoint `save_path`: its nodes by id, their children by name.

    Raises:
        ValueError: when the checkpoint has no object graph (a TF1 name-based checkpoint).
    """

    def __init__(self, save_path):
        reader = BundleReader(save_path)
        try:
            data = bytes(reader.tensor(OBJECT_GRAPH_KEY).item())
        except NotFoundError:
            raise ValueError(f'The specified checkpoint "{save_path}" does not appear to be object-based (saved '
                             f'with TF2) since it is missing the key "{OBJECT_GRAPH_KEY}". Likely it was created '
                             "with the TF1 name-based saver and does not contain an object dependency graph.") from None
        self._object_graph_proto = TrackableObjectGraph.FromString(data)

    def children(self, node_id):
        """`{local name: node id}` of the children of node `node_id`."""
        return {child.local_name: child.node_id for child in self._object_graph_proto.nodes[node_id].children}

    def descendants(self):
        """The node ids reachable from the root (node 0), breadth first."""
        order, seen = [0], {0}
        to_visit = collections.deque([0])
        while to_visit:
            for child in self._object_graph_proto.nodes[to_visit.popleft()].children:
                if child.node_id not in seen:
                    seen.add(child.node_id)
                    order.append(child.node_id)
                    to_visit.append(child.node_id)
        return order

    def match(self, obj):
        """`{node id: live object}` of the checkpoint's nodes found at the same names below `obj`."""
        matched = {0: obj}
        to_visit = collections.deque([(0, obj)])
        visited = set()
        while to_visit:
            node_id, live = to_visit.popleft()
            children = TrackableView.children(live)
            for name, child_id in self.children(node_id).items():
                if child_id in visited or child_id == 0 or name not in children:
                    continue
                if child_id not in matched:
                    matched[child_id] = children[name]
                    to_visit.append((child_id, children[name]))
            visited.add(node_id)
        return matched

    def diff(self, obj):
        """`(match(obj), node ids only in the checkpoint, objects only below obj)`."""
        matched = self.match(obj)
        only_in_checkpoint = [node_id for node_id in self.descendants() if node_id not in matched]
        found = {id(live) for live in matched.values()}
        only_in_object = [live for live in TrackableView(obj).descendants() if id(live) not in found]
        return matched, only_in_checkpoint, only_in_object
