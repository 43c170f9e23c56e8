"""Your own classes and functions, known by name when a model is loaded.

A config names each object by its class (and, for registered objects, a
`"package>name"` key). Loading finds built-in Keras objects by name; yours are found
through the global registry (`register_keras_serializable`), a `custom_object_scope`, or
the `custom_objects` argument of the loading function.

>>> from neuroflow import keras
>>> @keras.saving.register_keras_serializable(package="demo")
... def doubled(x):
...     return 2 * x
>>> keras.saving.get_registered_name(doubled)
'demo>doubled'
>>> keras.saving.get_registered_object("demo>doubled") is doubled
True
>>> with keras.saving.custom_object_scope({"triple": lambda x: 3 * x}):
...     keras.saving.get_registered_object("triple")(1)
3
"""
import inspect

__all__ = ["CustomObjectScope", "custom_object_scope", "get_custom_objects", "get_registered_name",
           "get_registered_object", "register_keras_serializable", "active_custom_objects"]

GLOBAL_CUSTOM_OBJECTS = {}   # registered name ("package>name") -> class or function
GLOBAL_CUSTOM_NAMES = {}     # id(class or function) -> registered name
_scopes = []                 # the dicts of the open `custom_object_scope`s, innermost last


class CustomObjectScope:
    """Makes `custom_objects` (a dict name -> class/function) known to loading code inside a `with`.

    Args:
        custom_objects: a dict, or several dicts (later ones win).
    """

    def __init__(self, *custom_objects):
        self.custom_objects = {}
        for objects in custom_objects:
            self.custom_objects.update(objects or {})

    def __enter__(self):
        _scopes.append(self.custom_objects)
        return self

    def __exit__(self, *exc_info):
        _scopes.remove(self.custom_objects)


custom_object_scope = CustomObjectScope


def get_custom_objects():
    """The global registry, a dict you may edit: `get_custom_objects()["MyLayer"] = MyLayer`."""
    return GLOBAL_CUSTOM_OBJECTS


def active_custom_objects(custom_objects=None):
    """`custom_objects` merged with the open scopes and the global registry (the argument wins)."""
    merged = dict(GLOBAL_CUSTOM_OBJECTS)
    for scope in _scopes:
        merged.update(scope)
    merged.update(custom_objects or {})
    return merged


def register_keras_serializable(package="Custom", name=None):
    """A decorator registering a class or function as `"package>name"` (name defaults to its own).

    A registered class must have a `get_config` method, so that it can be saved.
    """
    def decorator(arg):
        class_name = name if name is not None else arg.__name__
        registered_name = f"{package}>{class_name}"
        if inspect.isclass(arg) and not hasattr(arg, "get_config"):
            raise ValueError("Cannot register a class that does not have a get_config() method.")
        GLOBAL_CUSTOM_OBJECTS[registered_name] = arg
        GLOBAL_CUSTOM_NAMES[id(arg)] = registered_name
        return arg
    return decorator


def get_registered_name(obj):
    """The name `obj` is registered under, else its `__name__`."""
    return GLOBAL_CUSTOM_NAMES.get(id(obj), getattr(obj, "__name__", None))


def get_registered_object(name, custom_objects=None, module_objects=None):
    """The class or function registered (or in scope, or in `custom_objects`/`module_objects`) as `name`."""
    found = active_custom_objects(custom_objects).get(name)
    if found is None and module_objects:
        found = module_objects.get(name)
    return found
