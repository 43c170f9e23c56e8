"""`Catalog`: the names one Keras namespace knows, and its `get`, `serialize`, `deserialize`.

Every Keras namespace of configurable objects (losses, optimizers, metrics, activations,
initializers, regularizers, constraints) resolves the same kinds of identifiers: a name
('mse', 'Adam', 'glorot_uniform'), a config dict as `serialize` writes it (Keras 3's
format: `{"module", "class_name", "config", "registered_name"}`), a class, or an object
that is already usable. Each namespace builds one `Catalog` and re-exports its methods.

>>> from neuroflow import keras
>>> keras.losses.serialize(keras.losses.get("mse"))
{'module': 'keras.losses', 'class_name': 'function', 'config': 'mean_squared_error', 'registered_name': 'mean_squared_error'}
"""
import inspect

__all__ = ["Catalog", "Configurable"]


def _squash(name):
    """'GlorotUniform', 'glorot_uniform' and 'glorotuniform' all squash to 'glorotuniform'."""
    return name.replace("_", "").lower()


class Configurable:
    """A base for objects that `from_config(get_config())` recreates, and whose repr is that
    config: `L2(l2=0.01)`. Initializers, regularizers and constraints build on it."""

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


class Catalog:
    """Identifier resolution for one Keras namespace.

    Args:
        kind: what the objects are, for messages ("loss", "optimizer").
        module: the public module written into configs ("keras.losses").
        objects: the classes and functions the namespace exports, found by their own names.
        aliases: extra names, e.g. `{"mse": mean_squared_error}`.
    """

    def __init__(self, kind, module, objects, aliases=None):
        self.kind, self.module = kind, module
        self.names = {obj.__name__: obj for obj in objects}
        self.names.update(aliases or {})
        self._squashed = {}
        for name, obj in self.names.items():
            self._squashed.setdefault(_squash(name), obj)
        self._public = {id(obj): name for name, obj in self.names.items() if obj.__name__ == name}

    def _unknown(self, identifier):
        valid = ", ".join(sorted(self.names))
        return ValueError(
            f"Could not interpret {self.kind} identifier: {identifier}. Pass the name of a "
            f"built-in {self.kind}, a config dict from `serialize`, or an object. "
            f"Valid names: {valid}.")

    def lookup(self, name, custom_objects=None):
        """The class or function called `name` (exact name first, then ignoring case and '_')."""
        if custom_objects and name in custom_objects:
            return custom_objects[name]
        found = self.names.get(name) or self._squashed.get(_squash(name))
        if found is None:
            raise self._unknown(name)
        return found

    def deserialize(self, config, custom_objects=None):
        """The object a config (a name or a dict from `serialize`) describes; classes are instantiated."""
        if config is None:
            return None
        if isinstance(config, str):
            obj = self.lookup(config, custom_objects)
            return obj() if inspect.isclass(obj) else obj
        if not isinstance(config, dict) or "class_name" not in config:
            raise ValueError(
                f"Could not deserialize a {self.kind} from {config!r}: expected a name or a dict "
                "with 'class_name' and 'config' keys, as `serialize` returns.")
        if config["class_name"] == "function":
            return self.lookup(config.get("registered_name") or config["config"], custom_objects)
        cls = self.lookup(config["class_name"], custom_objects)
        inner = dict(config.get("config") or {})
        return cls.from_config(inner) if hasattr(cls, "from_config") else cls(**inner)

    def serialize(self, obj):
        """`obj` as a JSON-ready dict in Keras 3's format (a built-in function by its name)."""
        if obj is None:
            return None
        if inspect.isfunction(obj):
            name = self._public.get(id(obj), obj.__name__)
            module = self.module if id(obj) in self._public else obj.__module__
            return {"module": module, "class_name": "function", "config": name, "registered_name": name}
        cls = type(obj)
        builtin = self._public.get(id(cls)) == cls.__name__
        return {"module": self.module if builtin else cls.__module__, "class_name": cls.__name__,
                "config": obj.get_config(), "registered_name": None if builtin else cls.__name__}

    def get(self, identifier):
        """Resolves a name, config dict, class or object; classes and names of classes are instantiated."""
        if identifier is None:
            return None
        if isinstance(identifier, (str, dict)):
            return self.deserialize(identifier)
        if inspect.isclass(identifier):
            return identifier()
        if callable(identifier):
            return identifier
        raise self._unknown(identifier)
