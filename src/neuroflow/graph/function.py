"""`tf.function`: trace a Python function into a graph once per input signature, then run it compiled.

Tensor arguments are traced by shape and dtype; Python values by value, as in
TensorFlow. Each trace is cached as a `ConcreteFunction`; Python side effects such
as `print` happen only while tracing, while `tf.print` prints on every call.

>>> import neuroflow as tf
>>> @tf.function
... def f(x):
...     print("tracing with", x.shape)
...     tf.print("running with", x)
...     return x * x
>>> f(tf.constant([1.0, 2.0])).numpy()
tracing with (2,)
array([1., 4.], dtype=float32)
>>> f(tf.constant([3.0, 4.0])).numpy()    # same signature: no new trace
array([ 9., 16.], dtype=float32)
>>> f.experimental_get_tracing_count()
1

A None dimension in an `input_signature` (or a `get_concrete_function` TensorSpec) stays
unknown in the trace, so one graph serves every size; `tf.shape` reads sizes as it runs:

>>> @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
... def g(x):
...     print("tracing with", x.shape)
...     return tf.concat([x, tf.zeros(tf.shape(x))], axis=0)
>>> g(tf.constant([1.0])).numpy()
tracing with (None,)
array([1., 0.], dtype=float32)
>>> g(tf.constant([1.0, 2.0])).numpy()   # another size, the same trace
array([1., 2., 0., 0.], dtype=float32)
"""
import collections
import functools
import inspect
import weakref

from ..framework import errors, nest
from ..framework.convert import convert_to_tensor
from ..framework.logger import get_logger
from ..ops.registry import state
from .signature import cache_key, bind_tensors
from .tensor_spec import TensorSpec
from .tracing import trace

__all__ = ["function", "Function", "run_functions_eagerly", "functions_run_eagerly"]

_settings = {"run_eagerly": False}
_autograph = {"convert": None}   # filled by neuroflow.autograph (a layer above): converts control flow
_logger = get_logger()
_RETRACE_WINDOW, _RETRACE_THRESHOLD = 10, 5
_histories = weakref.WeakKeyDictionary()  # Python function -> recent calls (True: traced)

_VARIABLE_ERROR = (
    "tf.function only supports singleton tf.Variables created on the first call. Make sure the "
    "tf.Variable is only created once or created outside tf.function. (Function `{name}` created new "
    "variables {variables} on a later trace.) Create variables once, e.g. guarded by "
    "`if self.v is None:`, or outside the function. See "
    "https://www.tensorflow.org/guide/function#creating_tfvariables for more information.")


def run_functions_eagerly(run_eagerly):
    """Runs every `tf.function` as plain Python (no tracing) while True: for debugging."""
    _settings["run_eagerly"] = bool(run_eagerly)


def functions_run_eagerly():
    """Whether `run_functions_eagerly(True)` is in effect."""
    return _settings["run_eagerly"]


def set_autograph_converter(convert):
    """Installs AutoGraph: `convert(python_function)` returns the function with converted control flow."""
    _autograph["convert"] = convert


def _parameter_names(python_function):
    try:
        params = inspect.signature(python_function).parameters.values()
    except (TypeError, ValueError):
        return ()
    return tuple(p.name for p in params if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD))


class Function:
    """A Python function traced into graphs; call it like the Python function.

    Created by `tf.function`. Each new input signature (tensor shapes and dtypes, Python
    argument values) traces a new graph; later calls with a known signature run the
    compiled graph.
    """

    def __init__(self, python_function, name=None, input_signature=None, reduce_retracing=False,
                 autograph=True, jit_compile=None, relax_shapes=None):
        functools.update_wrapper(self, python_function)
        self._python_function = python_function
        self._name = name or getattr(python_function, "__name__", "function")
        if input_signature is not None:
            input_signature = tuple(input_signature)
            for spec in nest.flatten(input_signature):
                if not isinstance(spec, TensorSpec):
                    raise TypeError(
                        f"input_signature must be a possibly nested sequence of TensorSpec objects, "
                        f"got {spec!r}. Write e.g. input_signature=[tf.TensorSpec([None, 3], tf.float32)].")
        self._input_signature = input_signature
        self._reduce_retracing = reduce_retracing
        # With reduce_retracing, a call differing from a trace only in sizes traces with those
        # sizes unknown (TensorFlow's rule). `relax_shapes=False` keeps one trace per shape
        # instead, for code that reads sizes while tracing (Keras layers).
        self._relax_shapes = reduce_retracing if relax_shapes is None else relax_shapes
        self._arg_names = _parameter_names(python_function)
        self._cache = {}
        self._general = []   # (cache key with None dimensions, its trace): they serve every size
        self._stand_ins_fail = False   # whether tracing with unknown sizes failed (see _trace_general)
        self._history = _history_of(python_function)
        self._variables_allowed = True
        self._tracing_count = 0
        self._autograph = autograph

    def _traced_function(self):
        """The Python function as traced: converted by AutoGraph unless autograph=False."""
        convert = _autograph["convert"]
        return convert(self._python_function) if self._autograph and convert is not None else \
            self._python_function

    python_function = property(lambda self: self._python_function)
    input_signature = property(lambda self: self._input_signature)

    # --- calling -------------------------------------------------------------------------
    def __call__(self, *args, **kwargs):
        if _settings["run_eagerly"]:
            return self._python_function(*args, **kwargs)
        if state.graph is not None:   # inlined into the graph being built
            return self._traced_function()(*args, **kwargs)
        if self._input_signature is not None:
            tensors = self._bind_signature(args, kwargs)
            return self._signature_trace(tensors)._call_flat(tensors)
        key = cache_key(args, kwargs)
        concrete = self._cache.get(key)
        if concrete is None:
            concrete = self._general_trace(key)
            if concrete is None:
                relaxed = self._relaxed(key, args, kwargs)
                concrete = self._trace_general(*relaxed) if relaxed[0] is not args else None
                concrete = self._cache[key] = concrete or self._trace(args, kwargs)
                self._note_call(True, key)
            else:
                self._cache[key] = concrete
                self._history.append(False)
        else:
            self._history.append(False)
        return concrete._call_matched(args, kwargs)

    def __get__(self, instance, owner=None):
        """Methods: one Function per instance, with the instance bound as the first argument."""
        if instance is None:
            return self
        bound = _bound_functions.setdefault(self, weakref.WeakKeyDictionary())
        try:
            function_for = bound.get(instance)
        except TypeError:  # not weak-referenceable
            function_for = None
        if function_for is None:
            ref = weakref.ref(instance) if _weakrefable(instance) else (lambda: instance)
            method = functools.wraps(self._python_function)(
                lambda *args, **kwargs: (self._python_function if state.graph is None else
                                         self._traced_function())(ref(), *args, **kwargs))
            method.__signature__ = _drop_first(self._python_function)
            function_for = Function(method, self._name, self._input_signature, self._reduce_retracing,
                                    autograph=False,  # the method itself is converted above
                                    relax_shapes=self._relax_shapes)
            if _weakrefable(instance):
                bound[instance] = function_for
        return function_for

    # --- tracing -------------------------------------------------------------------------
    def _trace(self, args, kwargs):
        """A new ConcreteFunction; variables may be created only by the first trace (TF's rule)."""
        concrete = self._trace_once(args, kwargs)
        created = concrete.graph.created_variables
        if created:
            if not self._variables_allowed:
                raise ValueError(_VARIABLE_ERROR.format(name=self._name, variables=_names(created)))
            self._variables_allowed = False
            concrete = self._trace_once(args, kwargs)  # a second trace must reuse those variables
            if concrete.graph.created_variables:
                raise ValueError(_VARIABLE_ERROR.format(
                    name=self._name, variables=_names(concrete.graph.created_variables)))
        self._variables_allowed = False
        key = cache_key(args, kwargs)
        if _has_unknown_dims(key):
            self._general.append((key, concrete))
        return concrete

    def _trace_once(self, args, kwargs):
        self._tracing_count += 1
        saved_tapes = state.tapes
        state.tapes = []
        try:
            return trace(self._traced_function(), self._name, args, kwargs, self._arg_names)
        finally:
            state.tapes = saved_tapes

    def _note_call(self, traced, key):
        """Logs TensorFlow's warning when many recent calls retraced."""
        history = self._history
        history.append(traced and not (self._reduce_retracing and self._shape_only_retrace(key)))
        count = sum(history)
        if traced and count >= _RETRACE_THRESHOLD:
            _logger.warning(
                f"{count} out of the last {len(history)} calls to {self._python_function} triggered "
                "tf.function retracing. Tracing is expensive and the excessive number of tracings could "
                "be due to (1) creating @tf.function repeatedly in a loop, (2) passing tensors with "
                "different shapes, (3) passing Python objects instead of tensors. For (1), please define "
                "your @tf.function outside of the loop. For (2), @tf.function has reduce_retracing=True "
                "option that can avoid unnecessary retracing. For (3), please refer to "
                "https://www.tensorflow.org/guide/function#controlling_retracing and "
                "https://www.tensorflow.org/api_docs/python/tf/function for  more details.")

    def _shape_only_retrace(self, key):
        """True when `key` differs from an earlier trace only in tensor shapes."""
        skeleton = _without_shapes(key)
        return sum(_without_shapes(k) == skeleton for k in self._cache) > 1

    # --- input signatures ------------------------------------------------------------------
    def _bind_signature(self, args, kwargs):
        """The call's tensors, checked against `input_signature`."""
        if kwargs:
            names = self._arg_names[len(args):]
            extra = set(kwargs) - set(names)
            if extra:
                raise TypeError(f"{self._name}() got unexpected keyword arguments {sorted(extra)}.")
            args = args + tuple(kwargs[n] for n in names if n in kwargs)
        if len(args) != len(self._input_signature):
            raise TypeError(
                f"{self._name}() was given {len(args)} argument(s) but its input_signature has "
                f"{len(self._input_signature)}: {list(self._input_signature)}.")
        specs = nest.flatten(self._input_signature)
        try:
            leaves = [leaf for spec, arg in zip(self._input_signature, args)
                      for leaf in _flatten_like(spec, arg)]
        except (TypeError, ValueError) as error:
            raise TypeError(f"{self._name}(): the arguments do not match input_signature "
                            f"{list(self._input_signature)}: {error}") from None
        placeholders = [_SpecAsPlaceholder(s, n) for s, n in zip(specs, self._spec_names(specs))]
        return bind_tensors(self._name, placeholders, leaves)

    def _spec_names(self, specs):
        names = []
        for i, spec in enumerate(self._input_signature):
            base = self._arg_names[i] if i < len(self._arg_names) else f"args_{i}"
            names += [s.name or base for s in nest.flatten(spec)]
        return names

    def _signature_trace(self, tensors=None):
        """The one trace of `input_signature`: None dimensions stay unknown, so it runs for every size.

        Where an op cannot run on the trace's stand-in values (`tf.linalg.inv` of zeros, a
        number parsed from an empty string), each call's shapes get a trace from its values.
        """
        concrete = self._cache.get(_SIGNATURE)
        if concrete is None and tensors is None:
            concrete = self._cache[_SIGNATURE] = self._trace(self._input_signature, {})
        elif concrete is None:
            concrete = self._trace_general(self._input_signature, {})
            if concrete is not None:
                self._cache[_SIGNATURE] = concrete
            else:
                key = cache_key(tensors, {})
                concrete = self._cache.get(key)
                if concrete is None:
                    args = nest.pack_sequence_as(self._input_signature, list(tensors))
                    concrete = self._cache[key] = self._trace(tuple(args), {})
        return concrete

    def _trace_general(self, args, kwargs):
        """A trace for arguments with unknown sizes, or None where the function's ops cannot run
        on stand-in values (the caller then traces with the actual arguments)."""
        if self._stand_ins_fail:
            return None
        try:
            return self._trace(args, kwargs)
        except errors.OpError:
            self._stand_ins_fail = True
            return None

    # --- shape-general traces ----------------------------------------------------------------
    def _general_trace(self, key):
        """An earlier trace with unknown dimensions that fits the call whose cache key is `key`."""
        for general_key, concrete in self._general:
            if _fits(general_key, key):
                return concrete
        return None

    def _relaxed(self, key, args, kwargs):
        """The arguments to trace: with `reduce_retracing`, tensors whose shapes differ from an earlier
        trace's become TensorSpecs with those dimensions unknown (TensorFlow's shape relaxation)."""
        if not self._relax_shapes:
            return args, kwargs
        skeleton = _without_shapes(key)
        structure = [list(args), kwargs]
        leaves = nest.flatten(structure)
        for earlier_key, earlier in self._cache.items():
            if earlier_key is _SIGNATURE or _without_shapes(earlier_key) != skeleton:
                continue
            shapes = [p.shape.most_specific_compatible_shape(_shape_of(leaves[i]))
                      for p, i in zip(earlier.graph.inputs, earlier._positions)]
            if all(shape.rank is not None for shape in shapes):   # (same ranks)
                break
        else:
            return args, kwargs
        for placeholder, i, shape in zip(earlier.graph.inputs, earlier._positions, shapes):
            leaves[i] = TensorSpec(shape, placeholder.dtype)
        relaxed_args, relaxed_kwargs = nest.pack_sequence_as(structure, leaves)
        return tuple(relaxed_args), relaxed_kwargs

    # --- concrete functions ----------------------------------------------------------------
    def get_concrete_function(self, *args, **kwargs):
        """The ConcreteFunction for these arguments (tensors or TensorSpecs), tracing if needed."""
        if self._input_signature is not None:
            return self._signature_trace()
        key = cache_key(args, kwargs)
        concrete = self._cache.get(key) or self._general_trace(key)
        if concrete is None:
            concrete = self._cache[key] = self._trace(args, kwargs)
        return concrete

    def _list_all_concrete_functions_for_serialization(self):
        """The distinct traces, oldest first, as `tf.saved_model.save` writes them (a function with
        an `input_signature` is traced for it first)."""
        if self._input_signature is not None:
            self._signature_trace()
        return list({id(c): c for c in self._cache.values()}.values())

    def experimental_get_tracing_count(self):
        """How many times the Python function has been traced."""
        return self._tracing_count

    def pretty_printed_concrete_signatures(self, verbose=True):
        traces = {id(c): c for c in self._cache.values()}
        return "\n\n".join(c.pretty_printed_signature() for c in traces.values())

    def __repr__(self):
        return f"<neuroflow.function {self._name}>"


class _SpecAsPlaceholder:
    """A TensorSpec posing as a placeholder for `bind_tensors`."""

    def __init__(self, spec, name):
        self._dtype, self._shape = spec.dtype, spec.shape
        self._node = type("_Named", (), {"name": name})()


def _flatten_like(spec, arg):
    if nest.is_nested(spec):
        nest.assert_same_structure(spec, arg, check_types=False)
        return nest.flatten(arg)
    return [arg]


_SIGNATURE = ("input_signature",)  # the cache key of the input_signature's trace


def _is_tensor_key(key):
    return type(key) is tuple and len(key) == 2 and hasattr(key[0], "is_floating") and \
        (key[1] is None or type(key[1]) is tuple)


def _has_unknown_dims(key):
    if _is_tensor_key(key):
        return key[1] is None or None in key[1]
    return type(key) is tuple and any(_has_unknown_dims(k) for k in key)


def _fits(general, key):
    """Whether a call with cache key `key` fits the trace with (partly unknown) cache key `general`."""
    if _is_tensor_key(general):
        if not _is_tensor_key(key) or general[0] is not key[0]:
            return False
        shape, dims = general[1], key[1]
        return shape is None or (dims is not None and len(shape) == len(dims) and
                                 all(a is None or a == b for a, b in zip(shape, dims)))
    if type(general) is tuple and type(key) is tuple and len(general) == len(key):
        return all(_fits(g, k) for g, k in zip(general, key))
    return general == key


def _shape_of(leaf):
    return leaf.shape if hasattr(leaf, "shape") else convert_to_tensor(leaf).shape


def _without_shapes(key):
    if isinstance(key, tuple):
        if len(key) == 2 and hasattr(key[0], "is_floating") and (key[1] is None or isinstance(key[1], tuple)):
            return key[0]
        return tuple(_without_shapes(k) for k in key)
    return key


def _history_of(python_function):
    """Recent calls (True: traced) of every Function made from `python_function`, shared, so that
    re-creating a tf.function in a loop is noticed too."""
    try:
        return _histories.setdefault(python_function, collections.deque(maxlen=_RETRACE_WINDOW))
    except TypeError:  # not weak-referenceable
        return collections.deque(maxlen=_RETRACE_WINDOW)


def _names(variables):
    return [v.name for v in variables]


def _weakrefable(obj):
    try:
        weakref.ref(obj)
        return True
    except TypeError:
        return False


def _drop_first(python_function):
    try:
        signature = inspect.signature(python_function)
    except (TypeError, ValueError):
        return None
    return signature.replace(parameters=list(signature.parameters.values())[1:])


_bound_functions = weakref.WeakKeyDictionary()


def function(func=None, input_signature=None, autograph=True, jit_compile=None, reduce_retracing=False,
             experimental_implements=None, experimental_autograph_options=None, experimental_attributes=None,
             experimental_relax_shapes=None, experimental_compile=None, experimental_follow_type_hints=None):
    """Compiles `func` into a callable graph (`@tf.function` or `tf.function(f)`).

    Args:
        func: the Python function to trace.
        input_signature: TensorSpecs fixing the tensor arguments' shapes and dtypes. None
            dimensions accept any size: one trace, in which they are unknown, serves them all
            (`tf.shape(x)` reads them when the graph runs).
        reduce_retracing: when a call differs from an earlier trace only in tensor sizes, trace
            once more with those sizes unknown (None), so later sizes reuse that trace.
        autograph: convert Python control flow on tensors (`if`, `while`, `for`, `break`,
            `return`, `and`/`or`/`not`, `assert`) into graph ops (see `tf.autograph`).
        jit_compile: accepted for compatibility.

    Returns:
        A `Function` (or a decorator making one when `func` is None).
    """
    relax = reduce_retracing or bool(experimental_relax_shapes)

    def decorate(f):
        if isinstance(f, Function):
            return f
        return Function(f, input_signature=input_signature, reduce_retracing=relax,
                        autograph=autograph, jit_compile=jit_compile)
    return decorate if func is None else decorate(func)
