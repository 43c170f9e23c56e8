"""Learning-rate schedules: the learning rate as a function of the optimizer's step.

Pass a schedule as an optimizer's `learning_rate`; the optimizer calls it with its
`iterations` counter at every step. Schedules are written with tensor ops, so they
also work inside `tf.function`.

>>> from neuroflow import keras
>>> schedule = keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)
>>> round(float(schedule(20)), 6)
0.025
>>> opt = keras.optimizers.SGD(learning_rate=schedule)
>>> round(float(opt.learning_rate), 6)
0.1
"""
import math

import neuroflow as tf

__all__ = ["LearningRateSchedule", "ExponentialDecay", "PiecewiseConstantDecay", "PolynomialDecay",
           "InverseTimeDecay", "CosineDecay"]


def _step(step):
    return tf.cast(step, "float32")


def _check_decay_steps(decay_steps):
    if decay_steps <= 0:
        raise ValueError(f"Argument `decay_steps` must be > 0, received: {decay_steps}")


class LearningRateSchedule:
    """Base class: subclasses implement `__call__(step)` and `get_config()`."""

    def __call__(self, step):
        raise NotImplementedError(f"Learning rate schedule '{type(self).__name__}' must override `__call__(self, step)`.")

    def get_config(self):
        raise NotImplementedError(f"Learning rate schedule '{type(self).__name__}' must override `get_config()` "
                                  "in order to be serializable.")

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class _RateDecay(LearningRateSchedule):
    """What `ExponentialDecay` and `InverseTimeDecay` share: their arguments, and the progress
    `step / decay_steps` (rounded down when `staircase`) that `decay_rate` applies to."""

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase, name):
        _check_decay_steps(decay_steps)
        self.initial_learning_rate, self.decay_steps = initial_learning_rate, decay_steps
        self.decay_rate, self.staircase, self.name = decay_rate, staircase, name

    def _progress(self, step):
        p = _step(step) / self.decay_steps
        return tf.floor(p) if self.staircase else p

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "decay_rate": self.decay_rate, "staircase": self.staircase, "name": self.name}


class ExponentialDecay(_RateDecay):
    """`initial_learning_rate * decay_rate ** (step / decay_steps)` (integer division when `staircase`)."""

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False,
                 name="ExponentialDecay"):
        super().__init__(initial_learning_rate, decay_steps, decay_rate, staircase, name)

    def __call__(self, step):
        return self.initial_learning_rate * tf.pow(float(self.decay_rate), self._progress(step))


class PiecewiseConstantDecay(LearningRateSchedule):
    """`values[0]` up to `boundaries[0]` (inclusive), `values[1]` up to `boundaries[1]`, ...

    Args:
        boundaries: increasing step numbers.
        values: one more value than boundaries.
    """

    def __init__(self, boundaries, values, name="PiecewiseConstant"):
        if len(boundaries) != len(values) - 1:
            raise ValueError(
                "The length of boundaries should be 1 less than the length of values. Received: "
                f"boundaries={boundaries} of length {len(boundaries)}, and values={values} of length {len(values)}.")
        self.boundaries, self.values, self.name = list(boundaries), list(values), name

    def __call__(self, step):
        step = _step(step)
        rate = tf.constant(float(self.values[-1]))
        for boundary, value in reversed(list(zip(self.boundaries, self.values))):
            rate = tf.where(step <= boundary, tf.constant(float(value)), rate)
        return rate

    def get_config(self):
        return {"boundaries": self.boundaries, "values": self.values, "name": self.name}


class PolynomialDecay(LearningRateSchedule):
    """Decays from `initial_learning_rate` to `end_learning_rate` over `decay_steps` as `(1 - t) ** power`.

    With `cycle`, the decay restarts with a longer horizon (the next multiple of
    `decay_steps`) instead of staying at `end_learning_rate`.
    """

    def __init__(self, initial_learning_rate, decay_steps, end_learning_rate=0.0001, power=1.0,
                 cycle=False, name="PolynomialDecay"):
        _check_decay_steps(decay_steps)
        self.initial_learning_rate, self.decay_steps = initial_learning_rate, decay_steps
        self.end_learning_rate, self.power, self.cycle, self.name = end_learning_rate, power, cycle, name

    def __call__(self, step):
        step = _step(step)
        if self.cycle:
            horizon = self.decay_steps * tf.maximum(tf.math.ceil(step / self.decay_steps), 1.0)
        else:
            horizon, step = tf.constant(float(self.decay_steps)), tf.minimum(step, float(self.decay_steps))
        fraction = tf.pow(1.0 - step / horizon, tf.constant(float(self.power)))
        return (self.initial_learning_rate - self.end_learning_rate) * fraction + self.end_learning_rate

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "end_learning_rate": self.end_learning_rate, "power": self.power, "cycle": self.cycle,
                "name": self.name}


class InverseTimeDecay(_RateDecay):
    """`initial_learning_rate / (1 + decay_rate * step / decay_steps)` (integer division when `staircase`)."""

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False,
                 name="InverseTimeDecay"):
        super().__init__(initial_learning_rate, decay_steps, decay_rate, staircase, name)

    def __call__(self, step):
        return self.initial_learning_rate / (1.0 + self.decay_rate * self._progress(step))


class CosineDecay(LearningRateSchedule):
    """Cosine decay from the initial (or warmup target) rate down to `alpha` times it.

    Without warmup: `lr * ((1 - alpha) * 0.5 * (1 + cos(pi * t)) + alpha)` with
    `t = min(step, decay_steps) / decay_steps`. With `warmup_target`, the rate first rises
    linearly from `initial_learning_rate` to `warmup_target` over `warmup_steps`, then
    decays from `warmup_target` over the next `decay_steps`.
    """

    def __init__(self, initial_learning_rate, decay_steps, alpha=0.0, name="CosineDecay",
                 warmup_target=None, warmup_steps=0):
        _check_decay_steps(decay_steps)
        self.initial_learning_rate, self.decay_steps, self.alpha = initial_learning_rate, decay_steps, alpha
        self.name, self.warmup_target, self.warmup_steps = name, warmup_target, warmup_steps

    def _decay(self, step, start):
        fraction = tf.minimum(step, float(self.decay_steps)) / self.decay_steps
        cosine = 0.5 * (1.0 + tf.cos(math.pi * fraction))
        return start * ((1.0 - self.alpha) * cosine + self.alpha)

    def __call__(self, step):
        step = _step(step)
        if self.warmup_target is None:
            return self._decay(step, self.initial_learning_rate)
        warmup = self.initial_learning_rate + (self.warmup_target - self.initial_learning_rate) * \
            (step / max(self.warmup_steps, 1))
        decayed = self._decay(tf.maximum(step - self.warmup_steps, 0.0), self.warmup_target)
        return tf.where(step < self.warmup_steps, warmup, decayed)

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "alpha": self.alpha, "name": self.name, "warmup_target": self.warmup_target,
                "warmup_steps": self.warmup_steps}
