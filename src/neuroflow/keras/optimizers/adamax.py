"""Adamax: Adam with the infinity norm in place of the second moment.

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> w = tf.Variable(1.0)
>>> _ = keras.optimizers.Adamax(learning_rate=0.1).apply_gradients([(tf.constant(3.0), w)])
>>> round(float(w), 4)
0.9
"""
import neuroflow as tf
from .optimizer import Optimizer

__all__ = ["Adamax"]


class Adamax(Optimizer):
    """Adamax (Kingma & Ba, section 7):

        m = beta_1 * m + (1 - beta_1) * g
        u = max(beta_2 * u, |g|)
        w -= lr / (1 - beta_1^t) * m / (u + epsilon)

    Args:
        learning_rate: float or schedule (default 0.001).
        beta_1, beta_2: decay rates of the first moment and of the infinity norm.
        epsilon: keeps the denominator away from zero.
        **kwargs: the `Optimizer` arguments.
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, name="adamax",
                 **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.beta_1, self.beta_2, self.epsilon = beta_1, beta_2, epsilon

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self.ms, self.us = self.add_optimizer_variables(var_list, ["momentum", "norm"])

    def _backend_update_step(self, grads, trainable_variables, learning_rate):
        # The bias correction depends only on the step: fold it into the rate once per step.
        # (in float64, so that float64 variables lose nothing; update_step casts it back.)
        t = tf.cast(self.iterations + 1, "float64")
        corrected = tf.cast(learning_rate, "float64") / (1.0 - tf.pow(self.beta_1, t))
        super()._backend_update_step(grads, trainable_variables, corrected)

    def update_step(self, gradient, variable, learning_rate):
        """One Adamax step; `learning_rate` arrives bias-corrected: lr / (1 - beta_1^t)."""
        i = self._get_variable_index(variable)
        m, u = self.ms[i], self.us[i]
        lr = tf.cast(learning_rate, variable.dtype)
        m.assign_add((gradient - m) * (1.0 - self.beta_1))
        u.assign(tf.maximum(self.beta_2 * u, tf.abs(gradient)))
        variable.assign_sub(lr * m / (u + self.epsilon))

    def get_config(self):
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2,
                "epsilon": self.epsilon}
