"""RMSprop: divide the gradient by a running root-mean-square of recent gradients.

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> w = tf.Variable(1.0)
>>> _ = keras.optimizers.RMSprop(learning_rate=0.01).apply_gradients([(tf.constant(2.0), w)])
>>> round(float(w), 4)  # 1 - 0.01 * 2 / sqrt(0.1 * 4)
0.9684
"""
import neuroflow as tf
from .optimizer import Optimizer

__all__ = ["RMSprop"]


class RMSprop(Optimizer):
    """RMSprop (Hinton): `v = rho * v + (1 - rho) * g^2; w -= lr * g / sqrt(v + epsilon)`.

    Args:
        learning_rate: float or schedule (default 0.001).
        rho: decay of the running mean of squared gradients.
        momentum: if > 0, steps accumulate as momentum.
        epsilon: keeps the denominator away from zero.
        centered: divide by the estimated variance (`v - mean(g)^2`) instead of `v`.
        **kwargs: the `Optimizer` arguments.
    """

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False,
                 name="rm_sprop", **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.rho, self.momentum, self.epsilon, self.centered = rho, momentum, epsilon, centered

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self.velocities = [self.add_variable_from_reference(v, "velocity") for v in var_list]
        if self.momentum > 0:
            self.momentums = [self.add_variable_from_reference(v, "momentum") for v in var_list]
        if self.centered:
            self.average_gradients = [self.add_variable_from_reference(v, "average_gradient")
                                      for v in var_list]

    def update_step(self, gradient, variable, learning_rate):
        i = self._get_variable_index(variable)
        lr = tf.cast(learning_rate, variable.dtype)
        v = self.velocities[i]
        v.assign(self.rho * v + (1.0 - self.rho) * tf.square(gradient))
        denominator = v + self.epsilon
        if self.centered:
            mean_g = self.average_gradients[i]
            mean_g.assign(self.rho * mean_g + (1.0 - self.rho) * gradient)
            denominator = denominator - tf.square(mean_g)
        step = lr * gradient / tf.sqrt(denominator)
        if self.momentum > 0:
            m = self.momentums[i]
            m.assign(self.momentum * m + step)
            step = m
        variable.assign_sub(step)

    def get_config(self):
        return {**super().get_config(), "rho": self.rho, "momentum": self.momentum,
                "epsilon": self.epsilon, "centered": self.centered}
