"""AdamW: Adam with decoupled weight decay (Loshchilov & Hutter, 2019).

>>> from neuroflow import keras
>>> keras.optimizers.AdamW().weight_decay
0.004
"""
from .adam import Adam

__all__ = ["AdamW"]


class AdamW(Adam):
    """Adam whose steps also shrink each variable: `w -= lr * weight_decay * w` before the Adam step.

    Args:
        weight_decay: the decay rate (default 0.004); required.
        Other arguments as `Adam`.
    """

    def __init__(self, learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 amsgrad=False, name="adam_w", **kwargs):
        if weight_decay is None:
            raise ValueError("Argument `weight_decay` must be a float. Received: weight_decay=None")
        super().__init__(learning_rate=learning_rate, beta_1=beta_1, beta_2=beta_2, epsilon=epsilon,
                         amsgrad=amsgrad, name=name, weight_decay=weight_decay, **kwargs)
