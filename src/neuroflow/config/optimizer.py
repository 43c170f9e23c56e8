"""`tf.config.optimizer`: switch graph-compiler passes on or off (TensorFlow's Grappler options).

TensorFlow's option names map to neuroflow's passes: `constant_folding`,
`arithmetic_optimization` (common-subexpression elimination), `remapping` (fusion),
`memory_optimization` (buffer planning) and `disable_model_pruning` (dead-code elimination).

>>> import neuroflow as tf
>>> tf.config.optimizer.set_experimental_options({"constant_folding": False})
>>> tf.config.optimizer.get_experimental_options()["constant_folding"]
False
>>> tf.config.optimizer.set_experimental_options({"constant_folding": True})
"""
from ..graph import compiler

__all__ = ["set_experimental_options", "get_experimental_options", "get_jit", "set_jit"]

# TensorFlow option -> (neuroflow pass, whether True means "on")
_OPTIONS = {"constant_folding": ("constant_folding", True), "arithmetic_optimization": ("cse", True),
            "remapping": ("fusion", True), "memory_optimization": ("buffers", True),
            "disable_model_pruning": ("dead_code", False)}


def set_experimental_options(options):
    """Turns passes on or off, e.g. `{"remapping": False}` compiles graphs without fusion."""
    switches = {}
    for key, value in options.items():
        if key in _OPTIONS:
            name, positive = _OPTIONS[key]
            switches[name] = bool(value) == positive
        elif key in compiler.PASSES:
            switches[key] = bool(value)
    compiler.set_options(**switches)


def get_experimental_options():
    """The current switches, under TensorFlow's option names."""
    return {key: compiler.enabled(name) == positive for key, (name, positive) in _OPTIONS.items()}


def get_jit():
    return ""


def set_jit(enabled):
    """Accepted for compatibility: every tf.function is compiled by neuroflow's own compiler."""
