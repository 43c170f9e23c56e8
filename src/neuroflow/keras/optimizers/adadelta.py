"""Adadelta: step sizes from running averages of squared gradients and squared updates.

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> w = tf.Variable(1.0)
>>> _ = keras.optimizers.Adadelta(learning_rate=1.0).apply_gradients([(tf.constant(1.0), w)])
>>> float(w) < 1.0
True
"""
import neuroflow as tf
from .optimizer import Optimizer

__all__ = ["Adadelta"]


class Adadelta(Optimizer):
    """Adadelta (Zeiler, 2012):

        E[g^2] = rho * E[g^2] + (1 - rho) * g^2
        delta = -sqrt(E[dx^2] + epsilon) / sqrt(E[g^2] + epsilon) * g
        E[dx^2] = rho * E[dx^2] + (1 - rho) * delta^2
        w += lr * delta

    Args:
        learning_rate: float or schedule (default 0.001; the paper's rule is lr = 1).
        rho: decay rate of the running averages.
        epsilon: keeps the ratio defined at the start.
        **kwargs: the `Optimizer` arguments.
    """

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-7, name="adadelta", **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.rho, self.epsilon = rho, epsilon

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self.accumulated_grads, self.accumulated_delta_vars = self.add_optimizer_variables(
            var_list, ["accumulated_grad", "accumulated_delta_var"])

    def update_step(self, gradient, variable, learning_rate):
        i = self._get_variable_index(variable)
        lr = tf.cast(learning_rate, variable.dtype)
        mean_square_grad, mean_square_delta = self.accumulated_grads[i], self.accumulated_delta_vars[i]
        mean_square_grad.assign(self.rho * mean_square_grad + (1.0 - self.rho) * tf.square(gradient))
        delta = -tf.sqrt(mean_square_delta + self.epsilon) / tf.sqrt(mean_square_grad + self.epsilon) * gradient
        mean_square_delta.assign(self.rho * mean_square_delta + (1.0 - self.rho) * tf.square(delta))
        variable.assign_add(lr * delta)

    def get_config(self):
        return {**super().get_config(), "rho": self.rho, "epsilon": self.epsilon}
