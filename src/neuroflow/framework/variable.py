"""`Variable`: a mutable tensor that holds state such as model weights.

>>> import neuroflow as tf
>>> v = tf.Variable([1.0, 2.0])
>>> v
<tf.Variable 'Variable:0' shape=(2,) dtype=float32, numpy=array([1., 2.], dtype=float32)>
>>> _ = v.assign_add([1.0, 1.0])
>>> v.numpy()
array([2., 3.], dtype=float32)
"""
import weakref

import numpy as np

from .. import backend
from .context import state
from . import replicas, restore_hooks
from .convert import convert_to_tensor, register_tensor_type
from .name_scope import scoped_name
from .tensor import Tensor, Reference, numpy_text, _host
from .tensor_shape import TensorShape

__all__ = ["Variable", "VariableSynchronization", "VariableAggregation"]


def _graph():
    """The graph being built (a tf.function trace or a compat.v1 graph), or None when eager."""
    return state.graph


class VariableSynchronization:
    AUTO, NONE, ON_WRITE, ON_READ = 0, 1, 2, 3


class VariableAggregation:
    NONE, SUM, MEAN, ONLY_FIRST_REPLICA = 0, 1, 2, 3


class Variable:
    """A tensor whose value can change: `assign`, `assign_add`, `assign_sub`.

    Ops accept variables wherever they accept tensors. Trainable variables are
    watched by `GradientTape` automatically. Updates happen in place, so a training
    step allocates no new weight arrays.

    Args:
        initial_value: a tensor, array, Python value, or a callable returning one.
        trainable: whether `GradientTape` watches it automatically (default True).
        name: the variable's name; `.name` adds the enclosing name scopes and ':0'.
        dtype: the dtype to convert `initial_value` to.
        constraint: a function applied by optimizers after each update.
        shape: unused; the shape comes from `initial_value`.
    """

    __array_priority__ = 100
    _graph_ref = None       # the compat.v1 graph it was created in (weakly), see `initializer`
    _initializer_op = None

    def __init__(self, initial_value=None, trainable=None, validate_shape=True, caching_device=None,
                 name=None, variable_def=None, dtype=None, import_scope=None, constraint=None,
                 synchronization=VariableSynchronization.AUTO,
                 aggregation=VariableAggregation.NONE, shape=None, **kwargs):
        if initial_value is None:
            raise ValueError("Variable: `initial_value` must be given, e.g. tf.Variable(tf.zeros([3])).")
        graph = _graph()
        if graph is not None:  # created while a graph is built: compute the initial value now
            initial_value, initializer = graph.initial_value(initial_value)
        elif callable(initial_value):
            initial_value = initial_value()
        if constraint is not None and not callable(constraint):
            raise ValueError(f"Variable: `constraint` must be callable. Received: {constraint!r}.")
        initial = convert_to_tensor(initial_value, dtype=dtype) if not isinstance(initial_value, Variable) \
            else convert_to_tensor(initial_value.read_value(), dtype=dtype)
        self._value = backend.array_module(initial._value).array(initial._value)  # own, writable copy
        self._dtype = initial._dtype
        if trainable is None:
            trainable = synchronization != VariableSynchronization.ON_READ
        self._trainable = bool(trainable)
        self._name = scoped_name(name or "Variable") + ":0"
        self._constraint = constraint
        restore_hooks.variable_created()
        self._synchronization = synchronization
        self._aggregation = aggregation
        if graph is not None:
            graph.variable_created(self, initializer)
            if not graph.building_function:
                self._graph_ref = weakref.ref(graph)
        replicas.variable_created(self)  # in a tf.distribute strategy's scope: mirrored

    # --- what it is ---------------------------------------------------------------
    name = property(lambda self: self._name)
    dtype = property(lambda self: self._dtype)
    trainable = property(lambda self: self._trainable)
    constraint = property(lambda self: self._constraint)
    synchronization = property(lambda self: self._synchronization)
    aggregation = property(lambda self: self._aggregation)

    @property
    def shape(self):
        return TensorShape(self._value.shape)

    def get_shape(self):
        return self.shape

    @property
    def ndim(self):
        return self._value.ndim

    @property
    def device(self):
        return Tensor(self._value, self._dtype).device

    @property
    def initial_value(self):
        return self.read_value()

    @property
    def graph(self):
        """The compat.v1 graph the variable was created in; None for variables created eagerly."""
        return self._graph_ref() if self._graph_ref is not None else None

    @property
    def initializer(self):
        """The operation giving the variable its initial value in a compat.v1 graph (None eagerly).

        >>> import neuroflow as tf
        >>> with tf.Graph().as_default():
        ...     with tf.compat.v1.Session() as sess:
        ...         v = tf.Variable([1.0, 2.0])
        ...         sess.run(v.initializer)
        ...         print(v.eval())
        [1. 2.]
        """
        graph = self.graph
        if graph is None:
            return None
        if self._initializer_op is None:
            with graph.as_default():
                self.assign(graph.initializers[id(self)])
                self._initializer_op = graph.nodes[-1]
        return self._initializer_op

    def eval(self, session=None):
        """The value in `session` (default: the default compat.v1 session), as a NumPy value."""
        graph = self.graph
        if graph is None:
            raise NotImplementedError(
                f"eval() evaluates variables of compat.v1 graphs in a Session; variable '{self._name}' was "
                "created eagerly: use .numpy().")
        return graph.run_in_session(self, session=session)

    # --- reading ------------------------------------------------------------------
    def read_value(self):
        """The current value as a Tensor (a snapshot: later assignments don't change it)."""
        graph = _graph()
        if graph is not None:
            return graph.read_variable(self)
        return Tensor(self._value.copy(), self._dtype)

    value = read_value

    def numpy(self):
        if _graph() is not None:
            raise NotImplementedError(
                f"numpy() is only available when eager execution is enabled: variable '{self._name}' "
                "is being read inside a graph. Return its value from the tf.function instead.")
        value = _host(self._value)
        return value[()] if value.ndim == 0 else value.copy()

    def __array__(self, dtype=None, copy=None):
        value = np.array(_host(self._value))
        return value if dtype is None else value.astype(dtype, copy=False)

    # --- writing ------------------------------------------------------------------
    def _new_value(self, value, op):
        value = convert_to_tensor(value, dtype=self._dtype) if not isinstance(value, Tensor) else value
        if value._dtype is not self._dtype:
            raise ValueError(
                f"{op}: cannot assign a {value._dtype.name} value to variable '{self._name}' of dtype "
                f"{self._dtype.name}. Use tf.cast(value, tf.{self._dtype.name}) first.")
        if value._value.shape != self._value.shape:
            raise ValueError(
                f"{op}: cannot assign a value of shape {value.shape} to variable '{self._name}' "
                f"of shape {self.shape}. The shapes must match.")
        return value._value

    def assign(self, value, use_locking=None, name=None, read_value=True):
        """Sets the variable's value in place; returns the variable."""
        graph = _graph()
        if graph is not None:
            return graph.assign_variable(self, value, "assign")
        self._value[...] = self._new_value(value, "assign")
        return self

    def assign_add(self, delta, use_locking=None, name=None, read_value=True):
        """Adds `delta` to the variable in place; returns the variable."""
        graph = _graph()
        if graph is not None:
            return graph.assign_variable(self, delta, "assign_add")
        self._value += self._new_value(delta, "assign_add")
        return self

    def assign_sub(self, delta, use_locking=None, name=None, read_value=True):
        """Subtracts `delta` from the variable in place; returns the variable."""
        graph = _graph()
        if graph is not None:
            return graph.assign_variable(self, delta, "assign_sub")
        self._value -= self._new_value(delta, "assign_sub")
        return self

    # --- Python protocols -----------------------------------------------------------
    def __bool__(self):
        return bool(self.read_value())

    def __float__(self):
        return float(self.read_value())

    def __int__(self):
        return int(self.read_value())

    def __index__(self):
        return self.read_value().__index__()

    def __len__(self):
        return len(self.read_value())

    def __iter__(self):
        return iter(self.read_value())

    def __hash__(self):
        raise TypeError("Variable is unhashable. Instead, use variable.ref() as the key.")

    def ref(self):
        return Reference(self)

    def __repr__(self):
        return (f"<tf.Variable '{self._name}' shape={self.shape} dtype={self._dtype.name}, "
                f"numpy={numpy_text(self._value, is_repr=True)}>")

    __str__ = __repr__

    def __deepcopy__(self, memo):
        copy = Variable.__new__(type(self))
        copy.__dict__.update(self.__dict__)
        copy._value = self._value.copy()
        return copy

    def __reduce__(self):
        return _rebuild, (np.asarray(_host(self._value)), self._name[:-2], self._trainable)


def _rebuild(value, name, trainable):
    return Variable(value, name=name, trainable=trainable)


register_tensor_type(Variable)
