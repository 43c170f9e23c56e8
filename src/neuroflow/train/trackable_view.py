"""`tf.train.TrackableView`: the objects a checkpoint of `root` reaches, and by which names.

>>> import neuroflow as tf
>>> root = tf.Module()
>>> root.a_var = tf.Variable(5.0)
>>> root.leaf = tf.Module()
>>> root.leaf.b_var = tf.Variable(4.0)
>>> view = tf.train.TrackableView(root)
>>> list(view.children(root))
['a_var', 'leaf']
>>> len(view.descendants())   # root, a_var, leaf, leaf.b_var
4
"""
import collections
import weakref

from .trackable import trackable_children

__all__ = ["TrackableView"]


class TrackableView:
    """A view of the trackable objects below `root` (held by a weak reference where possible)."""

    def __init__(self, root):
        try:
            self._root_ref = root if isinstance(root, weakref.ref) else weakref.ref(root)
        except TypeError:  # lists and dicts cannot be weakly referenced
            self._root_ref = lambda: root

    @classmethod
    def children(cls, obj, save_type="checkpoint", **kwargs):
        """`{name: child}` of the trackable objects `obj` links to directly."""
        return dict(trackable_children(obj))

    @property
    def root(self):
        return self._root_ref()

    def descendants(self):
        """Every object reachable from `root`, breadth first (root first, each once)."""
        order, seen = [], set()
        to_visit = collections.deque([self.root])
        seen.add(id(self.root))
        while to_visit:
            current = to_visit.popleft()
            order.append(current)
            for child in self.children(current).values():
                if id(child) not in seen:
                    seen.add(id(child))
                    to_visit.append(child)
        return order
