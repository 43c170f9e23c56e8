"""`name_scope`: prefixes for the names of variables and modules created inside it.

>>> import neuroflow as tf
>>> with tf.name_scope("dense"):
...     tf.Variable(1.0, name="kernel").name
'dense/kernel:0'
"""
from _thread import _local as _thread_local  # threading.local, without importing all of `threading`

__all__ = ["name_scope", "scoped_name", "current_scope"]

_local = _thread_local()


def current_scope():
    """The active scope prefix, e.g. 'outer/inner/' or ''."""
    return getattr(_local, "prefix", "")


def scoped_name(name):
    return current_scope() + name


class name_scope:
    """Context manager that prefixes names with `name/`; a name ending in '/' is absolute.

    Entering it returns the full scope prefix. Names are not made unique (as in eager
    TensorFlow): two scopes of the same name give the same prefix.

    >>> import neuroflow as tf
    >>> with tf.name_scope("outer") as outer:
    ...     with tf.name_scope("inner") as inner:
    ...         with tf.name_scope("top/"):
    ...             v = tf.Variable(1.0, name="v")
    >>> outer, inner, v.name
    ('outer/', 'outer/inner/', 'top/v:0')
    """

    def __init__(self, name, default_name=None, values=None):
        name = name if name is not None else default_name or ""
        if not isinstance(name, str):
            raise ValueError(f"name for name_scope must be a string. Received: {name!r}.")
        self._name = name

    @property
    def name(self):
        return self._name

    def __enter__(self):
        self._saved = current_scope()
        if not self._name:
            _local.prefix = ""
        elif self._name.endswith("/"):
            _local.prefix = self._name
        else:
            _local.prefix = self._saved + self._name + "/"
        return _local.prefix

    def __exit__(self, *exc):
        _local.prefix = self._saved
        return False
