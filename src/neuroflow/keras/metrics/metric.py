"""`Metric`: the base class of Keras metrics, whose state lives in variables.

A metric accumulates over batches: `update_state(...)` adds a batch to its state
variables, `result()` reads the value, `reset_state()` starts over. Calling a metric
does both an update and a read. The state is updated with tensor ops and
`Variable.assign*`, so metrics also work inside `tf.function`.

>>> from neuroflow import keras
>>> m = keras.metrics.Mean()
>>> m.update_state([1.0, 2.0]); m.update_state([6.0])
>>> float(m.result())
3.0
>>> m.reset_state(); float(m.result())
0.0
"""
import neuroflow as tf
from ...framework.variable import Variable
from .. import initializers
from ..backend.config import floatx
from ..backend.naming import to_snake_case, unique_name

__all__ = ["Metric"]


class Metric:
    """Base class: subclasses create state in `__init__` with `add_variable`, and implement
    `update_state(...)` and `result()`.

    Args:
        name: the metric's name (default: from the class name, e.g. "mean", "mean_1").
        dtype: the dtype of the state and result (default floatx).
    """

    def __init__(self, dtype=None, name=None):
        self.name = name or unique_name(to_snake_case(type(self).__name__))
        self._dtype = tf.as_dtype(dtype or floatx()).name
        self._variables = []

    @property
    def dtype(self):
        return self._dtype

    @property
    def variables(self):
        """The state variables (non-trainable)."""
        return list(self._variables)

    def add_variable(self, shape, initializer="zeros", dtype=None, aggregation="sum", name=None):
        """Creates a state variable that `reset_state` sets back to zero."""
        value = initializers.get(initializer)(tuple(shape), dtype=dtype or self._dtype)
        variable = Variable(value, trainable=False, name=name or "variable")
        self._variables.append(variable)
        return variable

    def add_weight(self, shape=(), initializer=None, dtype=None, name=None):
        return self.add_variable(shape, initializer or "zeros", dtype, name=name)

    def update_state(self, *args, **kwargs):
        raise NotImplementedError(f"{type(self).__name__} must implement `update_state()`.")

    def result(self):
        raise NotImplementedError(f"{type(self).__name__} must implement `result()`.")

    def reset_state(self):
        """Sets every state variable back to zero."""
        for variable in self._variables:
            variable.assign(tf.zeros(variable.shape, variable.dtype))

    def __call__(self, *args, **kwargs):
        """Updates the state with one batch and returns the new result."""
        self.update_state(*args, **kwargs)
        return self.result()

    def get_config(self):
        return {"name": self.name, "dtype": self._dtype}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}>"
