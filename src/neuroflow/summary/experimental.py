"""`tf.summary.experimental`: the default step and summary scopes.

>>> import neuroflow as tf
>>> tf.summary.experimental.set_step(5)
>>> tf.summary.experimental.get_step()
5
>>> tf.summary.experimental.set_step(None)
"""
from .writer import get_step, set_step, summary_scope

__all__ = ["get_step", "set_step", "summary_scope"]
