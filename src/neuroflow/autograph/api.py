"""AutoGraph's public functions, and the hook that makes `tf.function` convert what it traces.

>>> import neuroflow as tf
>>> def absolute(x):
...     if x < 0:
...         x = -x
...     return x
>>> print(tf.autograph.to_code(absolute))
def tf__absolute(x):
    def if_true_1(x):
        x = -x
        return (x,)
<BLANKLINE>
    def if_false_2(x):
        pass
        return (x,)
    x, = ag__.if_stmt(x < 0, if_true_1, if_false_2, (x,), ('x',))
    return x
<BLANKLINE>
"""
import functools

from ..graph.function import function, set_autograph_converter
from . import conversion
from .conversion import set_verbosity
from .user_errors import with_user_frames

__all__ = ["to_code", "to_graph", "set_verbosity", "trace", "function"]


def _convert_for_function(python_function):
    """What tf.function traces: the converted function, its errors shown "in user code"."""
    converted = conversion.convert(python_function)
    if converted is python_function:
        return python_function

    @functools.wraps(python_function)
    def traced(*args, **kwargs):
        try:
            return converted(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - re-raised, with the user's frames in the message
            raise with_user_frames(error, conversion.LIBRARY_ROOTS) from error.__cause__
    return traced


set_autograph_converter(_convert_for_function)


def to_code(entity, recursive=True, experimental_optional_features=None):
    """The Python source AutoGraph generates for `entity` (a function or tf.function), as a string."""
    return conversion.source_of(entity)


def to_graph(entity, recursive=True, experimental_optional_features=None):
    """The converted Python function: call it inside a tf.function (or a graph) to build graph control flow."""
    return conversion.convert(getattr(entity, "python_function", entity))


def trace(*args):
    """Prints `args` while tracing (once per trace), like `print` in a tf.function."""
    print(*args)
