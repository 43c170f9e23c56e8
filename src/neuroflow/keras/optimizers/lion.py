"""Lion: evolved sign momentum (Chen et al., 2023).

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> w = tf.Variable([1.0, 1.0])
>>> _ = keras.optimizers.Lion(learning_rate=0.1).apply_gradients([(tf.constant([2.0, -0.5]), w)])
>>> w.numpy()  # every step has size lr: only the gradient's sign matters
array([0.9, 1.1], dtype=float32)
"""
import neuroflow as tf
from .optimizer import Optimizer

__all__ = ["Lion"]


class Lion(Optimizer):
    """Lion: `w -= lr * sign(beta_1 * m + (1 - beta_1) * g)`, then `m = beta_2 * m + (1 - beta_2) * g`.

    Args:
        learning_rate: float or schedule (default 0.001; Lion wants 3-10x smaller rates than Adam).
        beta_1: interpolation between momentum and gradient for the step, in (0, 1].
        beta_2: decay rate of the momentum.
        **kwargs: the `Optimizer` arguments.
    """

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.99, name="lion", **kwargs):
        super().__init__(learning_rate=learning_rate, name=name, **kwargs)
        if not 0 < beta_1 <= 1:
            raise ValueError("Argument `beta_1` must be in the [0, 1] range. Otherwise, the optimizer "
                             f"degenerates to SignSGD. Received: beta_1={beta_1}.")
        self.beta_1, self.beta_2 = beta_1, beta_2

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self.momentums = [self.add_variable_from_reference(v, "momentum") for v in var_list]

    def update_step(self, gradient, variable, learning_rate):
        m = self.momentums[self._get_variable_index(variable)]
        lr = tf.cast(learning_rate, variable.dtype)
        variable.assign_sub(lr * tf.sign(self.beta_1 * m + (1.0 - self.beta_1) * gradient))
        m.assign(self.beta_2 * m + (1.0 - self.beta_2) * gradient)

    def get_config(self):
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2}
