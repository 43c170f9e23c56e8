"""Python functions as Keras stores them in configs: marshal'd bytecode in base64.

This is how Keras 3 saves a `Lambda` layer's lambda, so files interchange. Loading such
a function runs code from the file, so only `safe_mode=False` ever calls `load_function`.
Bytecode is specific to the Python version that wrote it.

>>> code, defaults, closure = dump_function(lambda x, k=2: x * k)
>>> load_function(code, defaults, closure)(5)
10
"""
import base64
import binascii
import marshal
import types

__all__ = ["dump_function", "load_function"]


def dump_function(func):
    """`(code, defaults, closure)`: the bytecode in base64 and the default and closure values."""
    code = base64.encodebytes(marshal.dumps(func.__code__)).decode("ascii")
    closure = tuple(cell.cell_contents for cell in func.__closure__) if func.__closure__ else None
    return code, func.__defaults__, closure


def _cell(value):
    return (lambda: value).__closure__[0]


def load_function(code, defaults=None, closure=None):
    """The function `dump_function` described (runs code from the file: trusted files only)."""
    if isinstance(code, (list, tuple)):  # Keras' older layout: one [code, defaults, closure] value
        code, defaults, closure = code
    try:
        raw = base64.decodebytes(code.encode("ascii"))
        compiled = marshal.loads(raw)
    except (binascii.Error, ValueError, EOFError, TypeError) as error:
        raise ValueError(f"Could not load a Python function from the config: the bytecode is invalid or was "
                         f"written by another Python version ({error}).") from error
    if not isinstance(compiled, types.CodeType):
        raise ValueError("Could not load a Python function from the config: the value is not Python bytecode.")
    cells = tuple(_cell(value) for value in closure) if closure is not None else None
    import builtins
    import numpy
    import neuroflow
    namespace = {"__builtins__": builtins, "tf": neuroflow, "keras": neuroflow.keras, "np": numpy}
    return types.FunctionType(compiled, namespace, compiled.co_name,
                              tuple(defaults) if isinstance(defaults, list) else defaults, cells)
