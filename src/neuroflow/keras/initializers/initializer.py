"""`Initializer`: the base class of weight initializers.

An initializer is called with a shape and a dtype and returns a tensor of initial
values: `initializer(shape=(784, 128), dtype="float32")`.
"""
__all__ = ["Initializer"]


class Initializer:
    """Base class: subclasses implement `__call__(shape, dtype=None)` and `get_config()`."""

    def __call__(self, shape, dtype=None):
        raise NotImplementedError(f"Initializer {type(self).__name__} does not implement `__call__()`.")

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def clone(self):
        return type(self).from_config(self.get_config())

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"
