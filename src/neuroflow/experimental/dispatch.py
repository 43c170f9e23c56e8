"""Type-based API dispatch (`tf.experimental.dispatch_for_api` and friends).

A dispatch target registered for an API (`tf.math.add`) is called instead of the API when the
arguments match one of its type signatures, so types such as `ExtensionType`s can support
TensorFlow's functions. An API becomes dispatchable when the first target is registered for it:
its public names (`tf.add`, `tf.math.add`, ...) are then rebound to a checking wrapper, so
programs that never register a target pay nothing.

>>> import neuroflow as tf
>>> class Box(tf.experimental.ExtensionType):
...     value: tf.Tensor
>>> @tf.experimental.dispatch_for_unary_elementwise_apis(Box)
... def box_handler(api_func, x):
...     return Box(api_func(x.value))
>>> tf.abs(Box([-1, 2])).value.numpy()
array([1, 2], dtype=int32)
>>> tf.experimental.unregister_dispatch_for(box_handler)
"""
import collections.abc
import functools
import inspect
import sys
import typing

__all__ = ["dispatch_for_api", "dispatch_for_unary_elementwise_apis", "dispatch_for_binary_elementwise_apis",
           "dispatch_for_binary_elementwise_assert_apis", "unregister_dispatch_for"]

# Public names (under `tf.`) of the elementwise APIs the elementwise handlers apply to.
UNARY_ELEMENTWISE_APIS = [
    "math.abs", "math.acos", "math.acosh", "math.angle", "math.asin", "math.asinh", "math.atan", "math.atanh",
    "math.bessel_i0", "math.bessel_i0e", "math.bessel_i1", "math.bessel_i1e", "cast", "math.ceil", "math.conj",
    "math.cos", "math.cosh", "math.digamma", "math.erf", "math.erfc", "math.erfinv", "math.exp", "math.expm1",
    "math.floor", "identity", "math.imag", "math.is_finite", "math.is_inf", "math.is_nan", "math.lgamma",
    "math.log", "math.log1p", "math.log_sigmoid", "math.logical_not", "math.ndtri", "math.negative", "ones_like",
    "math.real", "math.reciprocal", "math.rint", "math.round", "math.rsqrt", "saturate_cast", "math.sigmoid",
    "math.sign", "math.sin", "math.sinh", "math.softplus", "math.softsign", "math.sqrt", "math.square",
    "math.tan", "math.tanh", "zeros_like", "nn.relu", "nn.relu6", "nn.elu", "nn.selu", "nn.gelu", "nn.silu",
    "math.invert_permutation", "bitwise.invert", "strings.length", "strings.lower", "strings.upper",
    "strings.strip", "strings.to_number", "strings.as_string"]
BINARY_ELEMENTWISE_APIS = [
    "math.add", "math.subtract", "math.multiply", "math.divide", "math.truediv", "math.floordiv",
    "math.floormod", "math.maximum", "math.minimum", "math.pow", "math.squared_difference", "math.atan2",
    "math.logical_and", "math.logical_or", "math.logical_xor", "math.equal", "math.not_equal", "math.greater",
    "math.greater_equal", "math.less", "math.less_equal", "math.divide_no_nan", "math.multiply_no_nan",
    "math.xdivy", "math.xlogy", "math.xlog1py", "math.zeta", "math.polygamma", "math.igamma", "math.igammac",
    "math.truncatediv", "math.truncatemod", "bitwise.bitwise_and", "bitwise.bitwise_or", "bitwise.bitwise_xor",
    "bitwise.left_shift", "bitwise.right_shift", "strings.join", "math.nextafter", "math.scalar_mul"]
BINARY_ASSERT_APIS = ["debugging.assert_equal", "debugging.assert_none_equal", "debugging.assert_greater",
                      "debugging.assert_greater_equal", "debugging.assert_less", "debugging.assert_less_equal"]

_TARGETS = {}   # the original API -> [(target, matcher)], tried in registration order
_WRAPPED = {}   # the original API -> its dispatching wrapper


def _resolve(path):
    import neuroflow  # the public namespaces, which import this module lazily
    obj = neuroflow
    for part in path.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return _original(obj)


def _original(api):
    return getattr(api, "_dispatch_original", api)


def _is_instance(value, annotation):
    """`isinstance` for type annotations: classes, Union/Optional and List/Sequence/Tuple of them."""
    origin = typing.get_origin(annotation)
    if origin is typing.Union:
        return any(_is_instance(value, a) for a in typing.get_args(annotation))
    if origin in (list, tuple, collections.abc.Sequence):
        args = typing.get_args(annotation)
        return isinstance(value, (list, tuple)) and all(_is_instance(v, args[0]) for v in value) if args else \
            isinstance(value, (list, tuple))
    if annotation is None or annotation is type(None):
        return value is None
    return isinstance(annotation, type) and isinstance(value, annotation)


def _make_wrapper(api):
    """Rebinds `api`'s public names to a wrapper that first tries the registered targets."""
    if api in _WRAPPED:
        return
    signature = inspect.signature(api)

    @functools.wraps(api)
    def dispatching(*args, **kwargs):
        targets = _TARGETS.get(api)
        if targets:
            try:
                arguments = signature.bind(*args, **kwargs).arguments
            except TypeError:
                arguments = None
            if arguments is not None:
                for target, matches in targets:
                    if matches(arguments):
                        return target(*args, **kwargs) if not isinstance(matches, _Handler) else \
                            matches.call(target, api, arguments)
        return api(*args, **kwargs)
    dispatching._dispatch_original = api
    _WRAPPED[api] = dispatching
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "neuroflow" or name.startswith("neuroflow.")):
            continue
        for attr, value in list(vars(module).items()):
            if value is api:
                setattr(module, attr, dispatching)


def _register(api, target, matcher):
    api = _original(api)
    _make_wrapper(api)
    _TARGETS.setdefault(api, []).append((target, matcher))


def dispatch_for_api(api, *signatures):
    """Decorator: `api` calls the decorated target when its arguments match any of `signatures`
    (dicts from parameter name to type annotation); with none given, the target's own parameter
    annotations are the signature. The target takes the API's parameters.
    """
    def decorator(target):
        api_params = inspect.signature(_original(api)).parameters
        sigs = signatures or ({name: p.annotation for name, p in inspect.signature(target).parameters.items()
                               if p.annotation is not inspect.Parameter.empty},)
        for signature in sigs:
            unknown = [name for name in signature if name not in api_params]
            if unknown:
                raise ValueError(f"dispatch_for_api: {api.__name__} has no parameter(s) {unknown}; its "
                                 f"parameters are {list(api_params)}.")
            if not signature:
                raise ValueError("dispatch_for_api: a type signature must constrain at least one parameter.")

        def matches(arguments):
            return any(all(name in arguments and _is_instance(arguments[name], annotation)
                           for name, annotation in signature.items()) for signature in sigs)
        _register(api, target, matches)
        return target
    return decorator


class _Handler:
    """Matches elementwise APIs on their first `len(types)` arguments; calls the handler with the
    API (its other arguments bound) and those arguments."""

    def __init__(self, types):
        self.types = types

    def __call__(self, arguments):
        values = list(arguments.values())[:len(self.types)]
        return len(values) == len(self.types) and all(_is_instance(v, t) for v, t in zip(values, self.types))

    def call(self, handler, api, arguments):
        names = list(arguments)
        operands = [arguments[n] for n in names[:len(self.types)]]
        rest = {n: arguments[n] for n in names[len(self.types):]}
        return handler(functools.partial(_call_with, api, names[:len(self.types)], rest), *operands)


def _call_with(api, names, rest, *operands):
    return api(**dict(zip(names, operands)), **rest)


def _register_elementwise(paths, handler, types):
    matcher = _Handler(types)
    for path in paths:
        api = _resolve(path)
        if api is not None:
            _register(api, handler, matcher)
    return handler


def dispatch_for_unary_elementwise_apis(x_type):
    """Decorator: `handler(api_func, x)` runs for every unary elementwise API (`tf.abs`, `tf.exp`,
    `tf.ones_like`, ...) called with an `x` of `x_type`; `api_func(v)` applies the API with its
    other arguments."""
    return lambda handler: _register_elementwise(UNARY_ELEMENTWISE_APIS, handler, (x_type,))


def dispatch_for_binary_elementwise_apis(x_type, y_type):
    """Decorator: `handler(api_func, x, y)` runs for every binary elementwise API (`tf.add`,
    `tf.maximum`, `tf.equal`, ...) called with `x` of `x_type` and `y` of `y_type`."""
    return lambda handler: _register_elementwise(BINARY_ELEMENTWISE_APIS, handler, (x_type, y_type))


def dispatch_for_binary_elementwise_assert_apis(x_type, y_type):
    """Decorator: `handler(assert_func, x, y)` runs for the elementwise asserts
    (`tf.debugging.assert_equal`, `assert_greater`, ...) called with `x` of `x_type` and `y` of `y_type`."""
    return lambda handler: _register_elementwise(BINARY_ASSERT_APIS, handler, (x_type, y_type))


def unregister_dispatch_for(dispatch_target):
    """Removes every registration of `dispatch_target`."""
    found = False
    for api, targets in _TARGETS.items():
        kept = [(t, m) for t, m in targets if t is not dispatch_target]
        found = found or len(kept) != len(targets)
        _TARGETS[api] = kept
    if not found:
        raise ValueError(f"Function {dispatch_target} was not registered using a `@dispatch` decorator.")
