"""Nadam: Adam with Nesterov momentum (Dozat, 2016).

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> w = tf.Variable(1.0)
>>> _ = keras.optimizers.Nadam(learning_rate=0.1).apply_gradients([(tf.constant(1.0), w)])
>>> float(w) < 0.9
True
"""
import neuroflow as tf
from .optimizer import Optimizer

__all__ = ["Nadam"]


class Nadam(Optimizer):
    """Nadam: Adam whose momentum looks one step ahead, with a warming-up momentum schedule.

        mu_t = beta_1 * (1 - 0.5 * 0.96^t)              (and mu_{t+1} likewise)
        m = beta_1 * m + (1 - beta_1) * g;  v = beta_2 * v + (1 - beta_2) * g^2
        m_hat = mu_{t+1} * m / (1 - prod(mu_1..mu_{t+1})) + (1 - mu_t) * g / (1 - prod(mu_1..mu_t))
        w -= lr * m_hat / (sqrt(v / (1 - beta_2^t)) + epsilon)

    Args:
        learning_rate: float or schedule (default 0.001).
        beta_1, beta_2: decay rates of the first and second moment estimates.
        epsilon: keeps the denominator away from zero.
        **kwargs: the `Optimizer` arguments.
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, name="nadam", **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.beta_1, self.beta_2, self.epsilon = beta_1, beta_2, epsilon

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self.momentums, self.velocities = self.add_optimizer_variables(var_list, ["momentum", "velocity"])
        self._u_product = self.add_variable((), initializer="ones", name="u_product")  # last, as in Keras

    def _momentum_schedule(self, step):
        return self.beta_1 * (1.0 - 0.5 * tf.pow(0.96, step))

    def _backend_update_step(self, grads, trainable_variables, learning_rate):
        # The momentum schedule and the bias corrections depend only on the step: compute them once.
        t = tf.cast(self.iterations + 1, "float32")
        mu_t, mu_next = self._momentum_schedule(t), self._momentum_schedule(t + 1.0)
        self._u_product.assign(self._u_product * mu_t)
        momentum_weight = mu_next / (1.0 - self._u_product * mu_next)
        gradient_weight = (1.0 - mu_t) / (1.0 - self._u_product)
        self._coefficients = (momentum_weight, gradient_weight, 1.0 - tf.pow(self.beta_2, t))
        super()._backend_update_step(grads, trainable_variables, learning_rate)

    def update_step(self, gradient, variable, learning_rate):
        i = self._get_variable_index(variable)
        m, v = self.momentums[i], self.velocities[i]
        lr = tf.cast(learning_rate, variable.dtype)
        momentum_weight, gradient_weight, v_correction = (tf.cast(c, variable.dtype) for c in self._coefficients)
        m.assign_add((gradient - m) * (1.0 - self.beta_1))
        v.assign_add((tf.square(gradient) - v) * (1.0 - self.beta_2))
        m_hat = momentum_weight * m + gradient_weight * gradient
        variable.assign_sub(m_hat * lr / (tf.sqrt(v / v_correction) + self.epsilon))

    def get_config(self):
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2,
                "epsilon": self.epsilon}
