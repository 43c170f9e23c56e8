"""Stochastic gradient descent, with optional (Nesterov) momentum.

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> w = tf.Variable(1.0)
>>> opt = keras.optimizers.SGD(learning_rate=0.1, momentum=0.9)
>>> for _ in range(2):
...     _ = opt.apply_gradients([(tf.constant(1.0), w)])
>>> round(float(w), 4)  # steps of 0.1, then 0.1 + 0.9 * 0.1
0.71
"""
import neuroflow as tf
from .optimizer import Optimizer

__all__ = ["SGD"]


class SGD(Optimizer):
    """Gradient descent: `w -= lr * g`, or with momentum `v = momentum * v - lr * g; w += v`.

    With `nesterov=True` the step looks ahead: `w += momentum * v - lr * g`.

    Args:
        learning_rate: float or schedule (default 0.01).
        momentum: in [0, 1]; 0 (default) is plain gradient descent.
        nesterov: use Nesterov momentum.
        **kwargs: the `Optimizer` arguments (clipnorm, weight_decay, ...).
    """

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, name="sgd", **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        if not isinstance(momentum, (int, float)) or not 0 <= momentum <= 1:
            raise ValueError(f"`momentum` must be a float between [0, 1]. Received: momentum={momentum!r}")
        self.momentum, self.nesterov = momentum, nesterov

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        if self.momentum:
            self.momentums = [self.add_variable_from_reference(v, "momentum") for v in var_list]

    def update_step(self, gradient, variable, learning_rate):
        lr = tf.cast(learning_rate, variable.dtype)
        if not self.momentum:
            variable.assign_sub(gradient * lr)
            return
        v = self.momentums[self._get_variable_index(variable)]
        v.assign(self.momentum * v - lr * gradient)
        if self.nesterov:
            variable.assign_add(self.momentum * v - lr * gradient)
        else:
            variable.assign_add(v)

    def get_config(self):
        return {**super().get_config(), "momentum": self.momentum, "nesterov": self.nesterov}
