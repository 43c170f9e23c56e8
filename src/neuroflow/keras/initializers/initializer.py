"""`Initializer`: the base class of weight initializers.

An initializer is called with a shape and a dtype and returns a tensor of initial
values: `initializer(shape=(784, 128), dtype="float32")`.
"""
from ..backend.serialization import Configurable

__all__ = ["Initializer"]


class Initializer(Configurable):
    """Base class: subclasses implement `__call__(shape, dtype=None)` and `get_config()`."""

    def __call__(self, shape, dtype=None):
        raise NotImplementedError(f"Initializer {type(self).__name__} does not implement `__call__()`.")

    def get_config(self):
        return {}

    def clone(self):
        return type(self).from_config(self.get_config())
