"""Adam: adaptive moment estimation (Kingma & Ba, 2014), with the AMSGrad variant.

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> w = tf.Variable(1.0)
>>> _ = keras.optimizers.Adam(learning_rate=0.1).apply_gradients([(tf.constant(0.5), w)])
>>> round(float(w), 4)  # the first step is about lr * sign(g)
0.9
"""
import neuroflow as tf
from .optimizer import Optimizer

__all__ = ["Adam"]


class Adam(Optimizer):
    """Adam: steps along a running mean of gradients, scaled by a running mean of their squares.

        m = beta_1 * m + (1 - beta_1) * g
        v = beta_2 * v + (1 - beta_2) * g^2
        w -= lr * sqrt(1 - beta_2^t) / (1 - beta_1^t) * m / (sqrt(v) + epsilon)

    Args:
        learning_rate: float or schedule (default 0.001).
        beta_1, beta_2: decay rates of the first and second moment estimates.
        epsilon: keeps the denominator away from zero (1e-7, Keras' default).
        amsgrad: divide by the largest `v` seen so far (AMSGrad).
        **kwargs: the `Optimizer` arguments (clipnorm, weight_decay, ...).
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False,
                 name="adam", **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        self.beta_1, self.beta_2, self.epsilon, self.amsgrad = beta_1, beta_2, epsilon, amsgrad

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self.momentums, self.velocities = self.add_optimizer_variables(var_list, ["momentum", "velocity"])
        if self.amsgrad:
            self.velocity_hats = [self.add_variable_from_reference(v, "velocity_hat") for v in var_list]

    def _backend_update_step(self, grads, trainable_variables, learning_rate):
        # The bias corrections depend only on the step: fold them into the rate once per step.
        # (in float64, so that float64 variables lose nothing; update_step casts it back.)
        t = tf.cast(self.iterations + 1, "float64")
        correction = tf.sqrt(1.0 - tf.pow(self.beta_2, t)) / (1.0 - tf.pow(self.beta_1, t))
        super()._backend_update_step(grads, trainable_variables,
                                     tf.cast(learning_rate, "float64") * correction)

    def update_step(self, gradient, variable, learning_rate):
        """One Adam step; `learning_rate` arrives bias-corrected: lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)."""
        i = self._get_variable_index(variable)
        m, v = self.momentums[i], self.velocities[i]
        alpha = tf.cast(learning_rate, variable.dtype)
        m.assign_add((gradient - m) * (1.0 - self.beta_1))
        v.assign_add((tf.square(gradient) - v) * (1.0 - self.beta_2))
        if self.amsgrad:
            v_hat = self.velocity_hats[i]
            v_hat.assign(tf.maximum(v_hat, v))
            v = v_hat
        variable.assign_sub(m * alpha / (tf.sqrt(v) + self.epsilon))

    def get_config(self):
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2,
                "epsilon": self.epsilon, "amsgrad": self.amsgrad}
