"""Converting functions: parse, transform, compile (cached per code object) and call.

`convert(f)` returns the converted function (or `f` itself for library code, builtins,
lambdas and functions marked `do_not_convert`). Converted code calls other functions
through `converted_call`, so the user functions it calls are converted in turn.
"""
import ast
import builtins
import functools
import inspect
import os
import sysconfig
import textwrap
import types

from ..framework.logger import get_logger
from . import operators
from .transformer import ConversionError, convert_function_def

__all__ = ["convert", "converted_call", "source_of", "do_not_convert", "set_verbosity", "get_verbosity",
           "is_convertible"]

_DO_NOT_CONVERT = "__neuroflow_do_not_convert__"
_settings = {"verbosity": int(os.environ.get("AUTOGRAPH_VERBOSITY", 0))}
_cache = {}           # user code object -> converted code object, or None (run as it is)
LIBRARY_ROOTS = tuple(os.path.join(os.path.abspath(p), "") for p in {   # neuroflow, the stdlib, installed packages
    os.path.dirname(os.path.dirname(__file__)), sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["purelib"],
    sysconfig.get_paths()["platlib"], os.path.dirname(os.__file__)})



def set_verbosity(level, alsologtostdout=False):
    """Sets AutoGraph's log level (0: silent; higher: log which functions are converted and why not)."""
    _settings["verbosity"] = int(level)
    _settings["stdout"] = bool(alsologtostdout)


def get_verbosity():
    return _settings["verbosity"]


def _log(level, message):
    if _settings["verbosity"] >= level:
        get_logger().info(message)
        if _settings.get("stdout"):
            print(message)


def do_not_convert(func=None):
    """Decorator: AutoGraph calls `func` as it is (plain Python while tracing), never converting it."""
    if func is None:
        return do_not_convert

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)
    setattr(wrapper, _DO_NOT_CONVERT, True)
    return wrapper


def is_convertible(f):
    """Whether `f` is user code AutoGraph converts (not library code, builtins, lambdas or do_not_convert)."""
    if getattr(f, _DO_NOT_CONVERT, False) or not inspect.isfunction(f) or f.__name__ == "<lambda>":
        return False
    filename = f.__code__.co_filename
    return filename.startswith("<") or not os.path.abspath(filename).startswith(LIBRARY_ROOTS)


def _parse(f):
    """The function's definition as an AST with the user's line numbers, and its source text."""
    source = textwrap.dedent(inspect.getsource(f))
    tree = ast.parse(source)
    node = tree.body[0]
    if not isinstance(node, ast.FunctionDef):
        raise TypeError(f"{f.__qualname__} is not a plain `def` function (async or unparsable source).")
    ast.increment_lineno(tree, f.__code__.co_firstlineno - 1)
    return node, source


def _compile(f):
    """The converted function's code object, compiled under the user's file name.

    It is compiled inside a factory whose parameters are `ag__` and `f`'s free variables, so
    that those are free variables of the converted code too; `convert` then gives it `f`'s own
    closure cells (assignments to `nonlocal` names reach the user's variables)."""
    node, _ = _parse(f)
    converted = convert_function_def(node, f.__code__.co_filename)
    parameters = ["ag__"] + list(f.__code__.co_freevars)
    factory = ast.FunctionDef("autograph_factory", ast.arguments([], [ast.arg(n) for n in parameters], None, [], [],
                                                                 None, []),
                              [converted, ast.Return(ast.Name(converted.name, ast.Load()))], [], None)
    if "type_params" in ast.FunctionDef._fields:
        factory.type_params = []
    ast.copy_location(factory, converted)
    module = ast.fix_missing_locations(ast.Module([factory], []))
    code = compile(module, f.__code__.co_filename, "exec")
    factory_code = next(c for c in code.co_consts if isinstance(c, types.CodeType))
    return next(c for c in factory_code.co_consts if isinstance(c, types.CodeType) and c.co_name == converted.name)


_AG_CELL = None   # the closure cell holding `ag__` (set below, once `ag__` exists)


def convert(f):
    """The converted version of `f` (cached by code object), or `f` when it is not converted.

    A bound method's function is converted and bound to the same object."""
    if inspect.ismethod(f):
        function = convert(f.__func__)
        return f if function is f.__func__ else types.MethodType(function, f.__self__)
    if not is_convertible(f):
        return f
    code = _cache.get(f.__code__, ())
    if code == ():
        try:
            code = _compile(f)
            _log(1, f"AutoGraph converted {f.__qualname__}")
        except ConversionError:
            raise
        except (OSError, TypeError, SyntaxError) as error:   # no source (interactive, C), or unparsable
            _log(1, f"AutoGraph could not convert {f.__qualname__} and will run it as-is: {error}")
            code = None
        _cache[f.__code__] = code
    if code is None:
        return f
    cells = dict(zip(f.__code__.co_freevars, f.__closure__ or ()), ag__=_AG_CELL)
    converted = types.FunctionType(code, f.__globals__, code.co_name, f.__defaults__,
                                   tuple(cells[name] for name in code.co_freevars))
    converted.__kwdefaults__ = f.__kwdefaults__
    converted.__wrapped__ = f
    return converted


def source_of(f):
    """The converted source of `f` (what `tf.autograph.to_code` prints)."""
    target = inspect.unwrap(getattr(f, "python_function", f))
    if not inspect.isfunction(target):
        raise TypeError(f"to_code expects a Python function or tf.function, got {f!r}.")
    node, _ = _parse(target)
    return ast.unparse(convert_function_def(node, target.__code__.co_filename)) + "\n"


_active = []   # functions being converted-and-called, innermost last (for the recursion message)


def converted_call(f, args, kwargs, iterated=False):
    """Calls `f(*args, **kwargs)` from converted code, converting `f` first when it is user code."""
    kwargs = kwargs or {}
    if f is builtins.len:
        return operators.len_(*args)
    if f is builtins.range or f is _tf("range"):
        return operators.range_(*args, iterated=iterated, function=f, **kwargs)
    if f is _tf("stack") and args and hasattr(args[0], "_dtype") and kwargs.get("axis", 0) == 0 and len(args) == 1:
        return args[0]   # a list appended to in a tensor loop is already stacked
    if inspect.ismethod(f) and is_convertible(f.__func__):
        target, args = f.__func__, (f.__self__,) + tuple(args)
    elif is_convertible(f):
        target = f
    else:
        return f(*args, **kwargs)
    converted = convert(target)
    _active.append(target)
    try:
        return converted(*args, **kwargs)
    except RecursionError:
        if _active.count(target) > 1:
            raise RecursionError(
                f"{target.__code__.co_filename}:{target.__code__.co_firstlineno}: {target.__qualname__} calls "
                "itself without end while tracing: a recursion that stops on a tensor condition cannot "
                "become a graph (the graph would be infinite). Write it as a loop instead (a `while` on the "
                "tensor condition, or `for i in tf.range(n):`), which AutoGraph turns into a "
                "tf.while_loop.") from None
        raise
    finally:
        _active.pop()


def _tf(name):
    """The neuroflow op `name` that converted calls treat specially (as TensorFlow's list conversion does)."""
    from ..ops import array_ops, creation_ops
    return getattr(creation_ops, name, None) or getattr(array_ops, name)


class _Runtime(types.SimpleNamespace):
    """The `ag__` module converted code sees."""


ag__ = _Runtime(converted_call=converted_call, **{name: getattr(operators, name) for name in operators.__all__})
_AG_CELL = types.CellType(ag__)
